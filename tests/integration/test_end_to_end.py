"""The whole pipeline as a user runs it: `marsad run` against a configured broker, a feed served on
127.0.0.1, and the alert read back by a librdkafka client (confluent-kafka) and validated against
the published Alert schema.

The article is written for this test (not taken from any outlet).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import jsonschema
import orjson
import pytest

from monitor import schemas
from monitor.broker import free_port
from tests.feed_server import FeedServer, Route

confluent_kafka = pytest.importorskip("confluent_kafka")

ARTICLE_TITLE = "غارات أمريكية تستهدف مواقع لميليشيات موالية لإيران قرب البوكمال"
ARTICLE_BODY = (
    "شنّت مقاتلات أمريكية فجر اليوم الأحد غارات جوية على مواقع تابعة لفصائل مدعومة من إيران "
    "في ريف دير الزور الشرقي، ما أسفر عن مقتل سبعة عناصر وإصابة آخرين بحسب مصادر محلية. "
    "وقالت القيادة المركزية الأمريكية (سنتكوم) في بيان إن الضربات جاءت ردًا على هجوم بطائرة "
    "مسيّرة استهدف قاعدة للتحالف الدولي في حقل العمر النفطي."
)
IRRELEVANT_TITLE = "افتتاح معرض للكتاب في عمّان بمشاركة مئات دور النشر"
IRRELEVANT_BODY = "افتُتح اليوم معرض الكتاب السنوي بمشاركة ناشرين من عشرين دولة عربية."


def _rss(published: datetime) -> bytes:
    date = format_datetime(published)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>وكالة الاختبار</title><link>http://127.0.0.1/</link><language>ar</language>
<item><title>{ARTICLE_TITLE}</title><link>http://127.0.0.1/news/1?utm_source=rss</link>
<guid>e2e-1</guid><pubDate>{date}</pubDate><description>{ARTICLE_BODY}</description></item>
<item><title>{IRRELEVANT_TITLE}</title><link>http://127.0.0.1/news/2</link>
<guid>e2e-2</guid><pubDate>{date}</pubDate><description>{IRRELEVANT_BODY}</description></item>
</channel></rss>""".encode()


def _read_all(bootstrap: str, topic: str) -> list[bytes]:
    """Every record of ``topic`` (all partitions), without a consumer group."""
    consumer = confluent_kafka.Consumer(
        {"bootstrap.servers": bootstrap, "group.id": "diag", "enable.auto.commit": False}
    )
    meta = consumer.list_topics(topic, timeout=10)
    parts = [
        confluent_kafka.TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING)
        for p in meta.topics[topic].partitions
    ]
    consumer.assign(parts)
    out: list[bytes] = []
    idle_until = time.monotonic() + 3
    while time.monotonic() < idle_until:
        msg = consumer.poll(0.3)
        if msg is not None and not msg.error():
            out.append(msg.value())
            idle_until = time.monotonic() + 1
    consumer.close()
    return out


def _read_alerts(bootstrap: str, topic: str, group: str, want: int, timeout_s: float) -> list[dict]:
    consumer = confluent_kafka.Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            # The reader subscribes before `marsad run` has created the topic: without a short
            # metadata refresh librdkafka would only notice the topic after five minutes.
            "topic.metadata.refresh.interval.ms": 500,
            # Tansu holds a JoinGroup for half the session timeout (librdkafka's default: 45 s).
            "session.timeout.ms": 6000,
        }
    )
    consumer.subscribe([topic])
    out: list[dict] = []
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and len(out) < want:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            out.append({"key": msg.key(), "value": orjson.loads(msg.value())})
    finally:
        consumer.close()
    return out


async def test_feed_to_alert_read_by_librdkafka(
    kafka_bootstrap: str, unique: str, tmp_path: Path
) -> None:
    async with FeedServer() as server:
        feed_url = server.add("/feed.xml", Route(body=_rss(datetime.now(UTC))))
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(
            f"feeds:\n  - id: e2e\n    url: {feed_url}\n    outlet: وكالة الاختبار\n",
            encoding="utf-8",
        )
        output, returncode, alerts = await asyncio.to_thread(
            _run_until_alert, kafka_bootstrap, unique, tmp_path, feeds
        )
    if not alerts:
        seen = {
            name: len(_read_all(kafka_bootstrap, f"e2e.{unique}.{name}"))
            for name in ("news.raw", "news.analysed", "incidents.route", "deadletter")
        }
        pytest.fail(f"no alert in time; records per topic {seen}; marsad run said:\n{output}")
    validator = jsonschema.Draft202012Validator(
        schemas.load("alert"), format_checker=jsonschema.FormatChecker()
    )
    alert = alerts[0]["value"]
    validator.validate(alert)
    assert alerts[0]["key"] == alert["incident_id"].encode()
    assert alert["status"] == "new" and alert["version"] == 1
    assert "SY-DY" in alert["facts"]["admin1"]
    assert any(r["url"] == "http://127.0.0.1/news/1" for r in alert["reports"])
    assert returncode in (0, 130), output
    assert "stopped" in output


def _run_until_alert(
    kafka_bootstrap: str, unique: str, tmp_path: Path, feeds: Path
) -> tuple[str, int, list[dict]]:
    prefix = f"e2e.{unique}."
    env = {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "MARSAD_TOPIC_PREFIX": prefix,
        "MARSAD_TOPIC_PARTITIONS": "2",
        "MARSAD_WORKER_GROUP": f"e2e-{unique}",
        "MARSAD_STATE_DIR": str(tmp_path / "state"),
        "MARSAD_METRICS_PORT": str(free_port()),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "run", "--feeds", str(feeds)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        alerts = _read_alerts(kafka_bootstrap, f"{prefix}alerts", f"reader-{unique}", 1, 90)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    return output, proc.returncode, alerts
