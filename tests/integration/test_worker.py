"""The worker on the real broker, run in-process with ``run_worker``: every verdict on
``news.analysed``, an alert for the relevant story, dead letters for bad records (and the stream
goes on), all read back by a librdkafka client (confluent-kafka) and validated against the
published JSON Schemas. The Arabic sentences are written for this test.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
import orjson
import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from monitor import schemas
from monitor.metrics import Metrics
from monitor.models import NewsItem, dumps
from monitor.settings import Settings
from streams.worker import run_worker

confluent_kafka = pytest.importorskip("confluent_kafka")

NOW = datetime.now(UTC).replace(microsecond=0)


def story(item_id: str, title: str, body: str, outlet: str = "وكالة الاختبار") -> NewsItem:
    return NewsItem(
        item_id=item_id,
        feed_id=item_id.split(":")[0],
        outlet=outlet,
        url=f"https://example.org/{item_id.replace(':', '/')}",
        title=title,
        body=body,
        lang="ar",
        published_at=NOW - timedelta(minutes=20),
        fetched_at=NOW - timedelta(minutes=5),
    )


RELEVANT = story(
    "wt:strike",
    "غارات أمريكية تستهدف مواقع لفصائل موالية لإيران قرب البوكمال",
    "شنت طائرات أمريكية فجر اليوم غارات على مواقع لفصائل مدعومة من إيران قرب البوكمال شرقي "
    "دير الزور، ما أسفر عن مقتل ستة عناصر بحسب مصادر محلية.",
)
IRRELEVANT = story(
    "wt:books",
    "افتتاح معرض للكتاب في عمّان بمشاركة مئات دور النشر",
    "افتتح اليوم معرض الكتاب السنوي بمشاركة ناشرين من عشرين دولة عربية.",
)
ENGLISH = story(
    "wt:english",
    "Theatre festival opens in Damascus",
    "Troupes from ten countries perform at the opera house this week.",
)
BAD_JSON = b'{"item_id": "wt:broken", "title": '
SCHEMA_BREAKING = orjson.dumps({"item_id": "wt:nofetch", "feed_id": "wt", "title": "خبر"})


def read_topics(
    bootstrap: str, topics: list[str], want: dict[str, int], timeout_s: float, partitions: int = 2
) -> dict[str, list[Any]]:
    """Read with librdkafka until ``want`` records per topic arrived (or the timeout)."""
    consumer = confluent_kafka.Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"reader-{time.monotonic_ns()}",
            "enable.auto.commit": False,
        }
    )
    # Assigned, not subscribed: no group join (Tansu holds a JoinGroup for half the session
    # timeout, 22 s with librdkafka's default).
    consumer.assign(
        [
            confluent_kafka.TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING)
            for topic in topics
            for p in range(partitions)
        ]
    )
    got: dict[str, list[Any]] = defaultdict(list)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and any(len(got[t]) < n for t, n in want.items()):
            msg = consumer.poll(0.3)
            if msg is None or msg.error():
                continue
            got[msg.topic()].append(msg)
    finally:
        consumer.close()
    return got


async def produce(bootstrap: str, topic: str, records: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


async def test_worker_end_to_end_with_dead_letters(settings: Settings) -> None:
    bootstrap = settings.kafka_bootstrap
    assert bootstrap is not None
    t = settings.topics
    metrics = Metrics(CollectorRegistry())
    ready = asyncio.Event()
    worker = asyncio.create_task(
        run_worker(settings, metrics=metrics, ready=ready, lag_interval_s=0.5)
    )
    try:
        await asyncio.wait_for(ready.wait(), timeout=60)
        # The bad records come first: the good ones after them prove the stream went on.
        await produce(
            bootstrap,
            t.raw,
            [
                (b"wt:broken", BAD_JSON),
                (b"wt:nofetch", SCHEMA_BREAKING),
                *((i.item_id.encode(), dumps(i)) for i in (RELEVANT, IRRELEVANT, ENGLISH)),
            ],
        )
        got = await asyncio.to_thread(
            read_topics,
            bootstrap,
            [t.analysed, t.alerts, t.deadletter],
            {t.analysed: 3, t.alerts: 1, t.deadletter: 2},
            60.0,
            settings.topic_partitions,
        )
        await asyncio.sleep(1.5)  # let the lag task take a sample after the commit
    finally:
        worker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await worker

    analyses = {m.key().decode(): orjson.loads(m.value()) for m in got[t.analysed]}
    assert set(analyses) == {"wt:strike", "wt:books", "wt:english"}
    for analysis in analyses.values():
        jsonschema.validate(analysis, schemas.load("analysis"))
    assert analyses["wt:strike"]["relevant"] is True
    assert analyses["wt:books"]["relevant"] is False
    assert analyses["wt:english"]["flags"] == ["not_arabic"]

    (alert_msg,) = got[t.alerts]
    alert = orjson.loads(alert_msg.value())
    jsonschema.validate(alert, schemas.load("alert"))
    assert alert_msg.key().decode() == alert["incident_id"]
    assert (alert["status"], alert["version"]) == ("new", 1)
    assert alert["alert_id"] == f"{alert['incident_id']}:v1"
    assert [r["item_id"] for r in alert["reports"]] == ["wt:strike"]

    letters = {m.key().decode(): orjson.loads(m.value()) for m in got[t.deadletter]}
    for letter in letters.values():
        jsonschema.validate(letter, schemas.load("dead_letter"))
        assert letter["source_topic"] == t.raw and letter["stage"] == "worker.analyse"
        assert letter["offset"] is not None and letter["partition"] is not None
    assert letters["wt:broken"]["reason"] == "bad_json"
    assert letters["wt:broken"]["original"] == BAD_JSON.decode()
    assert letters["wt:nofetch"]["reason"] == "invalid_record"
    assert "fetched_at" in letters["wt:nofetch"]["error"]

    assert sample(metrics, "marsad_records_consumed_total", topic=t.raw) == 5
    assert sample(metrics, "marsad_items_analysed_total", verdict="relevant") == 1
    assert sample(metrics, "marsad_items_analysed_total", verdict="irrelevant") == 1
    assert sample(metrics, "marsad_items_analysed_total", verdict="skipped_language") == 1
    assert sample(metrics, "marsad_dead_letters_total", stage="worker.analyse", reason="bad_json")
    assert sample(metrics, "marsad_incidents_total") == 1
    assert sample(metrics, "marsad_alerts_total", severity=alert["severity"], status="new") == 1
    assert sample(metrics, "marsad_alerts_by_admin1_total", admin1="SY-DY") == 1
    # fetched five minutes before NOW (set when this module was imported, possibly minutes ago
    # in a full run) -> the end-to-end latency is 300 s plus the time since NOW
    latency = sample(metrics, "marsad_end_to_end_latency_seconds_sum")
    since_now = (datetime.now(UTC) - NOW).total_seconds()
    assert 300 - 1 < latency < 300 + since_now + 1
    lag_partitions = {
        s.labels["partition"]
        for family in metrics.registry.collect()
        if family.name == "marsad_consumer_lag_messages"
        for s in family.samples
        if s.labels["topic"] == t.raw
    }
    assert lag_partitions == {str(p) for p in range(settings.topic_partitions)}


async def test_output_the_broker_refuses_becomes_a_dead_letter(settings: Settings) -> None:
    from monitor.kafka import ensure_topics
    from streams.app import create_app
    from streams.processing import Outgoing

    bootstrap = settings.kafka_bootstrap
    assert bootstrap is not None
    t = settings.topics
    await ensure_topics(settings)
    metrics = Metrics(CollectorRegistry())
    runtime = create_app(settings, metrics=metrics).runtime
    await runtime.start()
    try:
        huge = orjson.dumps({"headline": "خبر " * 400_000})  # ~3.6 MB: above the 1 MiB cap
        fine = b'{"ok": true}'
        await runtime.deliver(
            [Outgoing(t.alerts, b"inc-huge", huge), Outgoing(t.alerts, b"inc-ok", fine)]
        )
    finally:
        await runtime.stop()

    got = await asyncio.to_thread(
        read_topics, bootstrap, [t.alerts, t.deadletter], {t.alerts: 1, t.deadletter: 1}, 30.0
    )
    assert [m.value() for m in got[t.alerts]] == [fine]
    (letter_msg,) = got[t.deadletter]
    letter = orjson.loads(letter_msg.value())
    jsonschema.validate(letter, schemas.load("dead_letter"))
    assert letter["reason"] == "produce_failed" and letter["stage"] == "worker.produce"
    assert t.alerts in letter["error"] and "truncated" in letter["error"]
    assert letter["key"] == "inc-huge"
    assert huge.decode().startswith(letter["original"][:1000])
    assert (
        sample(
            metrics, "marsad_dead_letters_total", stage="worker.produce", reason="produce_failed"
        )
        == 1
    )
