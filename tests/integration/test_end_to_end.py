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


def _read_alerts(
    bootstrap: str, topic: str, group: str, want: int, timeout_s: float, settle_s: float = 0.0
) -> list[dict]:
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
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and not msg.error():
                out.append({"key": msg.key(), "value": orjson.loads(msg.value())})
            if len(out) >= want:
                # Keep reading a little: an alert beyond the expected ones is a failure too.
                deadline = min(deadline, time.monotonic() + settle_s)
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
    kafka_bootstrap: str,
    unique: str,
    tmp_path: Path,
    feeds: Path,
    want: int = 1,
    settle_s: float = 0.0,
    extra_env: dict[str, str] | None = None,
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
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "run", "--feeds", str(feeds)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        alerts = _read_alerts(
            kafka_bootstrap, f"{prefix}alerts", f"reader-{unique}", want, 90, settle_s
        )
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    return output, proc.returncode, alerts


# --- several outlets, re-worded and repeated reports: one alert per incident -------------------

STRIKE_A = (
    "غارات أمريكية على مواقع لميليشيات موالية لإيران في البوكمال",
    "شنت طائرات حربية أمريكية فجر اليوم غارات استهدفت مواقع تابعة لميليشيات مدعومة من إيران "
    "في مدينة البوكمال بريف دير الزور الشرقي، ما أدى إلى مقتل خمسة عناصر.",
)
STRIKE_B = (
    "مقتل سبعة عناصر من الميليشيات الإيرانية بقصف أمريكي على البوكمال",
    "قُتل سبعة عناصر من فصائل موالية لإيران جراء ضربات جوية نفذتها مقاتلات أمريكية فجر اليوم "
    "على مواقعهم في البوكمال شرقي دير الزور، بحسب مصادر محلية.",
)
BASE_ATTACK = (
    "هجوم بطائرة مسيّرة على قاعدة أمريكية في حقل العمر النفطي",
    "تعرضت قاعدة للقوات الأمريكية في حقل العمر النفطي بريف دير الزور لهجوم بطائرة مسيّرة "
    "أطلقتها فصائل عراقية موالية لإيران، دون ورود معلومات عن إصابات.",
)


def _feed(outlet: str, items: list[tuple[str, tuple[str, str]]], published: datetime) -> bytes:
    date = format_datetime(published)
    entries = "".join(
        f"<item><title>{title}</title><link>http://127.0.0.1/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate><description>{body}</description></item>"
        for guid, (title, body) in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}'
        f"</title><link>http://127.0.0.1/</link><language>ar</language>{entries}</channel></rss>"
    ).encode()


async def test_reworded_reports_make_one_alert_per_incident_and_reach_the_webhook(
    kafka_bootstrap: str, unique: str, tmp_path: Path
) -> None:
    from aiohttp import web

    received: list[dict] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    hook_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", hook_port).start()
    now = datetime.now(UTC)
    try:
        async with FeedServer() as server:
            a = server.add(
                "/a.xml",
                Route(body=_feed("وكالة أ", [("a-1", STRIKE_A), ("a-2", BASE_ATTACK)], now)),
            )
            # Outlet B re-words the strike, and repeats its own story under a second link.
            b = server.add(
                "/b.xml",
                Route(body=_feed("وكالة ب", [("b-1", STRIKE_B), ("b-1-copy", STRIKE_B)], now)),
            )
            feeds = tmp_path / "feeds.yaml"
            feeds.write_text(
                f"feeds:\n  - {{id: a, url: '{a}', outlet: وكالة أ}}\n"
                f"  - {{id: b, url: '{b}', outlet: وكالة ب}}\n",
                encoding="utf-8",
            )
            output, returncode, alerts = await asyncio.to_thread(
                _run_until_alert,
                kafka_bootstrap,
                unique,
                tmp_path,
                feeds,
                3,
                5.0,
                {"MARSAD_WEBHOOK_URL": f"http://127.0.0.1:{hook_port}/hook"},
            )
    finally:
        await runner.cleanup()
    values = [m["value"] for m in alerts]
    summary = [(v["incident_id"], v["version"], v["status"], v["changes"]) for v in values]
    news = [v for v in values if v["status"] == "new"]
    assert len(news) == 2, f"{summary}\n{output}"
    assert len({v["incident_id"] for v in news}) == 2
    by_incident: dict[str, list[dict]] = {}
    for v in values:
        by_incident.setdefault(v["incident_id"], []).append(v)
    strike = next(
        vs
        for vs in by_incident.values()
        if any("البوكمال" in r["title"] for r in vs[-1]["reports"])
    )
    latest = max(strike, key=lambda v: v["version"])
    assert latest["status"] == "update" and latest["version"] == 2, summary
    assert {r["outlet"] for r in latest["reports"]} == {"وكالة أ", "وكالة ب"}
    killed = [c for c in latest["facts"]["casualties"] if c["kind"] == "killed"]
    assert killed and killed[0]["min"] == 5 and killed[0]["max"] == 7, killed
    assert [v["version"] for v in sorted(strike, key=lambda v: v["version"])] == [1, 2]
    assert returncode in (0, 130), output
    # The webhook got every alert the topic carries (at least once, in the JSON format).
    assert {r["alert_id"] for r in received} == {v["alert_id"] for v in values}, output
