"""``marsad replay`` on the real broker: namespaces, headers, sources, live de-duplication, CLI.

These tests send without a worker (``run_worker=False``) and read the topics back with a plain
consumer; ``test_replay_worker.py`` runs the real worker and proves determinism.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from prometheus_client import CollectorRegistry

from monitor.kafka import client_kwargs, ensure_topics
from monitor.metrics import Metrics
from monitor.models import NewsItem, dumps, loads_news_item
from monitor.replay.pacing import Pace
from monitor.replay.progress import PlainProgress
from monitor.replay.runner import REPLAY_HEADER, ReplayOptions, replay_settings, run_replay
from monitor.replay.sources import KafkaTopicSource, open_source
from monitor.settings import Settings

T0 = datetime(2024, 2, 3, 6, 0, tzinfo=UTC)

_TITLES = (
    "استهداف قاعدة للتحالف الدولي بطائرة مسيرة في ريف دير الزور الشرقي",
    "غارات أمريكية على مواقع لفصائل موالية لإيران قرب مدينة البوكمال",
    "افتتاح سوق شعبي جديد وسط مدينة حمص بحضور الأهالي",
    "ارتفاع أسعار الخبز في ريف دمشق مع بداية الشهر",
)


def make_item(n: int, feed: str = "sham") -> NewsItem:
    """My own synthetic Arabic items: a mix of security news and daily life."""
    return NewsItem(
        item_id=f"{feed}:{n:05d}",
        feed_id=feed,
        outlet="شبكة الشام" if feed == "sham" else "وكالة الفرات",
        url=f"https://example.org/{feed}/{n}",
        title=f"{_TITLES[n % len(_TITLES)]} ({n})",
        summary="أفاد مراسلنا بأن الأوضاع بقيت متوترة حتى ساعات المساء.",
        lang="ar",
        published_at=T0 + timedelta(minutes=n),
        fetched_at=T0 + timedelta(minutes=n, seconds=30),
    )


def write_archive(path: Path, items: list[NewsItem], bad_lines: tuple[bytes, ...] = ()) -> Path:
    lines = [dumps(i) for i in items]
    for offset, bad in enumerate(bad_lines):
        lines.insert(1 + offset * 3, bad)
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    return path


async def read_topic(
    settings: Settings, topic: str, *, want: int | None = None, idle_s: float = 2.0
) -> list[Any]:
    """Every record of ``topic`` (all partitions, from the beginning) with a plain consumer."""
    consumer = AIOKafkaConsumer(**client_kwargs(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        out: list[Any] = []
        while want is None or len(out) < want:
            batch = await consumer.getmany(timeout_ms=int(idle_s * 1000))
            if not batch:
                break
            for messages in batch.values():
                out.extend(messages)
        return out
    finally:
        await consumer.stop()


def options(name: str, **kw: Any) -> ReplayOptions:
    return ReplayOptions(name=name, run_worker=False, **kw)


async def test_archive_replay_lands_in_its_own_namespace_with_header(
    settings: Settings, tmp_path: Path
) -> None:
    items = [make_item(n) for n in range(40)]
    archive = tmp_path / "archive"
    archive.mkdir()
    write_archive(archive / "news-2024-02-03.jsonl.gz", items[:25], (b"{broken", b'{"a": 1}'))
    write_archive(archive / "news-2024-02-04.jsonl.gz", items[25:])
    await ensure_topics(settings)  # the live namespace exists and must stay untouched
    metrics = Metrics(registry=CollectorRegistry())

    summary = await run_replay(
        settings,
        open_source(str(archive)),
        options("feb"),
        reporter=PlainProgress(interval_s=60),
        metrics=metrics,
    )

    assert (summary.sent, summary.duplicates, summary.errors) == (40, 0, 2)
    assert dict(summary.reasons) == {"bad_json": 1, "invalid_record": 1}
    assert summary.samples[0].location == f"{archive / 'news-2024-02-03.jsonl.gz'}:2"
    assert summary.prefix == f"{settings.topic_prefix}replay.feb."
    assert metrics.registry.get_sample_value("marsad_replay_items_total", {"status": "sent"}) == 40
    assert metrics.registry.get_sample_value("marsad_replay_items_total", {"status": "error"}) == 2

    ns = replay_settings(settings, "feb")
    records = await read_topic(ns, ns.topics.raw, want=40)
    assert len(records) == 40
    by_id = {r.key.decode(): r for r in records}
    assert set(by_id) == {i.item_id for i in items}
    for item in items:
        record = by_id[item.item_id]
        assert loads_news_item(record.value) == item  # published_at / fetched_at kept
        assert (REPLAY_HEADER, b"feb") in list(record.headers)
    # One partition: the worker sees exactly the archive's order (files by date, then lines).
    assert {r.partition for r in records} == {0}
    assert [r.key.decode() for r in sorted(records, key=lambda r: r.offset)] == [
        i.item_id for i in items
    ]
    assert await read_topic(settings, settings.topics.raw, idle_s=1.0) == []


async def test_kafka_time_range_replays_exactly_the_range(settings: Settings) -> None:
    source_topic = f"{settings.topic_prefix}history"
    await ensure_topics(settings, [source_topic])
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for n in range(30):
            stamp = int((T0 + timedelta(minutes=n)).timestamp() * 1000)
            key, value = f"sham:{n:05d}".encode(), dumps(make_item(n))
            await producer.send(source_topic, key=key, value=value, timestamp_ms=stamp)
            if n == 15:  # a bad record inside the range is reported, not fatal
                await producer.send(source_topic, key=b"bad", value=b"{", timestamp_ms=stamp + 1)
        await producer.flush()
    finally:
        await producer.stop()

    source = open_source(
        f"kafka:{source_topic}",
        settings=settings,
        since=T0 + timedelta(minutes=10),
        until=T0 + timedelta(minutes=20),
        started_at=datetime.now(UTC),
    )
    assert isinstance(source, KafkaTopicSource)
    summary = await run_replay(settings, source, options("range"), reporter=PlainProgress())

    assert (summary.sent, summary.errors) == (10, 1)
    assert summary.samples[0].location.startswith(f"{source_topic}[")
    assert summary.samples[0].reason == "bad_json"
    ns = replay_settings(settings, "range")
    records = await read_topic(ns, ns.topics.raw, want=10)
    # One partition in the replay namespace, in time order merged across the source partitions.
    assert {r.partition for r in records} == {0}
    got = [r.key.decode() for r in sorted(records, key=lambda r: r.offset)]
    assert got == [f"sham:{n:05d}" for n in range(10, 20)]


async def test_kafka_source_without_range_stops_at_records_written_after_start(
    settings: Settings,
) -> None:
    topic = f"{settings.topic_prefix}ongoing"
    await ensure_topics(settings, [topic])
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for n in range(5):
            await producer.send(topic, key=f"k{n}".encode(), value=dumps(make_item(n)))
        await producer.flush()
        started = datetime.now(UTC)
        later = int((started + timedelta(seconds=5)).timestamp() * 1000)
        await producer.send(topic, key=b"late", value=dumps(make_item(99)), timestamp_ms=later)
        await producer.flush()
    finally:
        await producer.stop()
    source = KafkaTopicSource(settings, topic, started_at=started, idle_ms=800)
    ids = [r.item_id async for r in source.records() if isinstance(r, NewsItem)]
    assert sorted(ids) == [f"sham:{n:05d}" for n in range(5)]


async def test_live_replay_skips_items_already_live(settings: Settings, tmp_path: Path) -> None:
    await ensure_topics(settings)
    live_items = [make_item(n) for n in range(3)]
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for item in live_items:
            await producer.send(settings.topics.raw, key=item.item_id.encode(), value=dumps(item))
        await producer.flush()
    finally:
        await producer.stop()
    archive = write_archive(
        tmp_path / "news.jsonl.gz", [make_item(n) for n in range(5)] + [make_item(4)]
    )

    summary = await run_replay(settings, open_source(str(archive)), options("backfill", live=True))

    assert (summary.sent, summary.duplicates) == (2, 4)  # 3 already live, 1 twice in the file
    records = await read_topic(settings, settings.topics.raw, want=5)
    assert sorted(r.key.decode() for r in records) == [f"sham:{n:05d}" for n in range(5)]
    replayed = [r for r in records if (REPLAY_HEADER, b"backfill") in list(r.headers or ())]
    assert sorted(r.key.decode() for r in replayed) == ["sham:00003", "sham:00004"]


async def test_rate_is_respected(settings: Settings, tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "a.jsonl.gz", [make_item(n) for n in range(11)])
    summary = await run_replay(
        settings, open_source(str(archive)), options("slow", pace=Pace.at_rate(20))
    )
    assert summary.sent == 11
    assert summary.elapsed_s >= 0.5  # 10 intervals of 50 ms


def test_cli_replay_reports_bad_lines_and_exit_status(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from monitor.cli import main

    archive = write_archive(tmp_path / "x.jsonl.gz", [make_item(n) for n in range(4)], (b"{{",))
    for key, value in {
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
        "MARSAD_TOPIC_PARTITIONS": "2",
        "MARSAD_METRICS_PORT": "0",
    }.items():
        monkeypatch.setenv(key, str(value))
    summary_file = tmp_path / "summary.json"
    code = main(
        [
            "replay",
            str(archive),
            "--into",
            "cli",
            "--no-worker",
            "--summary-json",
            str(summary_file),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1  # bad input was reported, the rest replayed
    assert "items sent:          4" in out
    assert f"{archive}:2: bad_json" in out
    assert f"replay cli: JSON Lines {archive}" in err
    assert '"sent": 4' in summary_file.read_text()

    code = main(["replay", str(tmp_path / "nope.jsonl"), "--into", "cli", "--no-worker"])
    assert code == 2
    assert "no such file" in capsys.readouterr().err


RSS_DOC = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>نشرة تجريبية</title><language>ar</language>
<item><title>قصف مدفعي على أطراف بلدة في ريف دير الزور</title><link>https://example.org/x/1</link>
<guid>x-1</guid><pubDate>Sat, 03 Feb 2024 07:00:00 GMT</pubDate>
<description>تحدث سكان عن سقوط قذائف قرب المدرسة دون إصابات.</description></item>
<item><title>حملة لتنظيف الحدائق العامة في الحسكة</title><link>https://example.org/x/2</link>
<guid>x-2</guid><pubDate>Sat, 03 Feb 2024 07:30:00 GMT</pubDate></item>
</channel></rss>
"""


async def test_recorded_feed_documents_replay_with_the_pollers_ids(
    settings: Settings, tmp_path: Path
) -> None:
    from monitor.poll.parse import normalise_document

    docs = tmp_path / "raw" / "2024-02-03"
    docs.mkdir(parents=True)
    (docs / "furat-081500000000.xml").write_text(RSS_DOC, encoding="utf-8")
    (docs / "furat-091500000000.xml").write_text("not a feed at all", encoding="utf-8")

    summary = await run_replay(settings, open_source(str(tmp_path / "raw")), options("docs"))

    assert (summary.sent, summary.errors) == (2, 1)
    assert summary.samples[0].reason == "parse_error"
    expected = normalise_document(
        RSS_DOC.encode(),
        {},
        feed_id="furat",
        outlet="furat",
        fetched_at=datetime(2024, 2, 3, 8, 15, tzinfo=UTC),
    )
    ns = replay_settings(settings, "docs")
    got = [loads_news_item(r.value) for r in await read_topic(ns, ns.topics.raw, want=2)]
    assert sorted(got, key=lambda i: i.item_id) == sorted(
        (n.item for n in expected.items), key=lambda i: i.item_id
    )


async def test_topic_range_replays_in_the_same_order_every_time(settings: Settings) -> None:
    topic = f"{settings.topic_prefix}mixed"
    await ensure_topics(settings, [topic])  # 2 partitions: fetch timing interleaves them
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for n in range(60):
            stamp = int((T0 + timedelta(seconds=n)).timestamp() * 1000)
            item = make_item(n, feed="sham" if n % 3 else "furat")
            await producer.send(
                topic, key=item.item_id.encode(), value=dumps(item), timestamp_ms=stamp
            )
        await producer.flush()
    finally:
        await producer.stop()

    orders = []
    for name in ("order-a", "order-b"):
        source = open_source(f"kafka:{topic}", settings=settings, started_at=datetime.now(UTC))
        summary = await run_replay(settings, source, options(name))
        assert summary.sent == 60
        ns = replay_settings(settings, name)
        records = await read_topic(ns, ns.topics.raw, want=60)
        orders.append([r.key.decode() for r in sorted(records, key=lambda r: r.offset)])
    assert orders[0] == orders[1]
    assert orders[0] == [make_item(n, "sham" if n % 3 else "furat").item_id for n in range(60)]


def test_cli_reads_stdin(settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import io
    import sys

    from monitor.cli import main

    monkeypatch.setenv("MARSAD_KAFKA_BOOTSTRAP", str(settings.kafka_bootstrap))
    monkeypatch.setenv("MARSAD_TOPIC_PREFIX", settings.topic_prefix)
    data = b"".join(dumps(make_item(n)) + b"\n" for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["replay", "-", "--into", "stdin", "--no-worker"]) == 0
    assert "items sent:          3" in capsys.readouterr().out
