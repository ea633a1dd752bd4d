"""The poller on the real broker, fetching our own Arabic feeds from a real HTTP server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import jsonschema
import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from prometheus_client import CollectorRegistry

from monitor import schemas
from monitor.broker import EmbeddedBroker, free_port
from monitor.kafka import client_kwargs
from monitor.metrics import Metrics
from monitor.models import NewsItem, loads_news_item
from monitor.poll.archive import iter_archive
from monitor.poll.feeds import Feed
from monitor.poll.service import Poller
from monitor.settings import Settings
from tests.feed_server import FeedServer, Route

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
# One validator: jsonschema.validate() re-checks the schema itself on every call (~0.2 s).
NEWS_ITEM_SCHEMA = jsonschema.Draft202012Validator(schemas.load("news_item"))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


async def read_raw(
    settings: Settings, idle_s: float = 2.0, timeout_s: float = 20.0
) -> list[NewsItem]:
    """Everything on the raw topic: read until nothing new arrives for ``idle_s``."""
    consumer = AIOKafkaConsumer(
        settings.topics.raw,
        **client_kwargs(settings),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        # Tansu answers a fetch with one record batch; do not wait 500 ms between rounds.
        fetch_max_wait_ms=20,
    )
    await consumer.start()
    items: list[NewsItem] = []
    try:
        deadline = time.monotonic() + timeout_s
        last_new = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - last_new < idle_s:
            batch = await consumer.getmany(timeout_ms=300)
            for records in batch.values():
                for rec in records:
                    NEWS_ITEM_SCHEMA.validate(orjson.loads(rec.value))
                    item = loads_news_item(rec.value)
                    assert rec.key == item.item_id.encode()
                    items.append(item)
                    last_new = time.monotonic()
    finally:
        await consumer.stop()
    return items


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def server() -> FeedServer:
    async with FeedServer() as srv:
        yield srv  # type: ignore[misc]


async def test_items_land_dedupe_and_survive_restart(
    server: FeedServer, settings: Settings
) -> None:
    settings = settings.with_overrides(archive_raw_documents=True)
    rss = server.add(
        "/rss.xml",
        Route(fixture("rss20_arabic.xml"), headers={"Content-Type": "application/rss+xml"}),
    )
    atom = server.add(
        "/atom.xml",
        Route(fixture("atom10_arabic.xml"), headers={"Content-Type": "application/atom+xml"}),
    )
    feeds = [
        Feed(id="rss", url=rss, outlet="أخبار المثال", interval_s=60),
        Feed(id="atom", url=atom, outlet="نشرة المثال"),
    ]
    registry = CollectorRegistry()
    poller = Poller(settings, feeds, Metrics(registry))
    try:
        reports = {r.feed_id: r for r in await poller.poll_once()}
        assert (reports["rss"].outcome, reports["rss"].new) == ("ok", 3)
        assert (reports["atom"].outcome, reports["atom"].new) == ("ok", 2)
        items = await read_raw(settings)
        assert len(items) == 5
        by_title = {i.title: i for i in items}
        strike = by_title["قصف بطائرات مسيّرة قرب قاعدة في ريف دير الزور الشرقي"]
        assert strike.url == "https://news.example.org/syria/2024/02/drone-strike?id=101"
        assert strike.lang == "ar" and strike.outlet == "أخبار المثال"
        assert "alert(1)" not in strike.summary and "<" not in strike.body
        relative = by_title["مهرجان للكتاب في بيروت يستقبل آلاف الزوار"]
        assert relative.url == server.url("/articles/8")  # resolved against the feed URL
        assert value(registry, "marsad_feed_fetches_total", feed="rss", outcome="ok") == 1
        assert value(registry, "marsad_feed_items_total", feed="rss", status="new") == 3
        assert value(registry, "marsad_feed_fetched_bytes_total", feed="rss") == len(
            fixture("rss20_arabic.xml")
        )
        assert value(registry, "marsad_feed_last_success_timestamp_seconds", feed="rss") > 0
        assert value(registry, "marsad_feed_poll_interval_seconds", feed="rss") == 60
        assert (
            value(registry, "marsad_feed_poll_interval_seconds", feed="atom")
            == settings.default_interval_s
        )

        raw = sorted((settings.archive_path / "raw").rglob("*.xml"))
        assert sorted(p.read_bytes() for p in raw) == sorted(
            [fixture("rss20_arabic.xml"), fixture("atom10_arabic.xml")]
        )

        # Second poll: the server answers 304 to our conditional GET; nothing is produced.
        again = await poller.poll_once()
        assert [r.outcome for r in again] == ["not_modified", "not_modified"]
        assert value(registry, "marsad_feed_fetches_total", feed="rss", outcome="not_modified") == 1
    finally:
        await poller.close()

    # Restart (new instance, same state_dir) against a server that ignores validators: every
    # entry is a duplicate. A story added meanwhile is the only new item.
    server.routes["/rss.xml"].etag = False
    server.routes["/atom.xml"].etag = False
    extra = b"""<item><title>\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf</title>
      <guid>news-example-104</guid><link>https://news.example.org/new</link></item>"""
    server.routes["/rss.xml"].body = fixture("rss20_arabic.xml").replace(
        b"</channel>", extra + b"</channel>"
    )
    registry2 = CollectorRegistry()
    async with Poller(settings, feeds, Metrics(registry2)) as restarted:
        reports = {r.feed_id: r for r in await restarted.poll_once()}
    assert (reports["rss"].outcome, reports["rss"].new, reports["rss"].duplicate) == ("ok", 1, 3)
    assert (reports["atom"].new, reports["atom"].duplicate) == (0, 2)
    assert value(registry2, "marsad_feed_items_total", feed="atom", status="duplicate") == 2
    items = await read_raw(settings)
    assert len(items) == 6
    assert len({i.item_id for i in items}) == 6
    assert "خبر جديد" in {i.title for i in items}
    # Everything published is in the archive, and only that.
    archived = list(iter_archive(settings.archive_path))
    assert sorted(i.item_id for i in archived) == sorted(i.item_id for i in items)


async def test_feed_failures_become_outcomes(server: FeedServer, settings: Settings) -> None:
    settings = settings.with_overrides(fetch_max_bytes=50_000, fetch_timeout_s=1.0)
    feeds = [
        Feed(id="down", url=f"http://127.0.0.1:{free_port()}/rss.xml", outlet="x"),
        Feed(
            id="html",
            url=server.add(
                "/home",
                Route(
                    fixture("not_a_feed.html"), headers={"Content-Type": "text/html; charset=utf-8"}
                ),
            ),
            outlet="x",
        ),
        Feed(id="garbage", url=server.add("/garbage", Route(fixture("garbage.txt"))), outlet="x"),
        Feed(
            id="gzip",
            url=server.add("/gz", Route(fixture("rss20_windows1256.xml"), gzip=True)),
            outlet="x",
        ),
        Feed(
            id="huge",
            url=server.add("/huge", Route(b"<rss>" + b" " * 200_000, chunked=True)),
            outlet="x",
        ),
        Feed(
            id="busy",
            url=server.add("/busy", Route(b"", status=429, headers={"Retry-After": "900"})),
            outlet="x",
            interval_s=30,
        ),
        Feed(
            id="slow",
            url=server.add("/slow", Route(fixture("rss20_arabic.xml"), delay_s=3)),
            outlet="x",
        ),
        Feed(
            id="broken",
            url=server.add("/broken", Route(fixture("rss20_bozo_entries.xml"))),
            outlet="x",
        ),
    ]
    registry = CollectorRegistry()
    async with Poller(settings, feeds, Metrics(registry)) as poller:
        reports = {r.feed_id: r for r in await poller.poll_once()}
    expected = {
        "down": "unreachable",
        "html": "parse_error",
        "garbage": "parse_error",
        "gzip": "ok",
        "huge": "too_large",
        "busy": "http_error",
        "slow": "timeout",
        "broken": "ok",
    }
    assert {k: r.outcome for k, r in reports.items()} == expected
    for feed_id, outcome in expected.items():
        assert value(registry, "marsad_feed_fetches_total", feed=feed_id, outcome=outcome) == 1
        if outcome != "ok":
            assert reports[feed_id].error, feed_id
            assert value(registry, "marsad_feed_last_success_timestamp_seconds", feed=feed_id) == 0
    assert reports["busy"].status == 429
    assert reports["busy"].next_delay_s >= 900  # Retry-After honoured over the 30 s interval
    assert reports["down"].next_delay_s >= 0.8 * 2 * settings.default_interval_s  # backing off
    assert "50000-byte limit" in (reports["huge"].error or "")
    items = await read_raw(settings)
    assert sorted(i.feed_id for i in items) == ["broken", "broken", "gzip"]
    assert {i.lang for i in items} == {"ar"}


async def test_broker_down_then_back(
    server: FeedServer, settings: Settings, tmp_path: Path
) -> None:
    """Items fetched while the broker is away are not lost: unmarked, then published."""
    port = free_port()
    offline = settings.with_overrides(kafka_bootstrap=f"127.0.0.1:{port}")
    url = server.add("/rss.xml", Route(fixture("rss20_arabic.xml")))
    feeds = [Feed(id="rss", url=url, outlet="أخبار")]
    registry = CollectorRegistry()
    async with Poller(offline, feeds, Metrics(registry)) as poller:
        poller.publish_timeout_s = 3.0  # how long the broker may take to acknowledge a record
        first = (await poller.poll_once())[0]
        assert (first.outcome, first.new, first.unpublished) == ("ok", 0, 3)
        assert first.publish_error and not first.healthy
        assert first.next_delay_s <= 36  # retried soon, not after the 300 s interval
        with EmbeddedBroker(port=port, log_file=tmp_path / "tansu2.log"):
            second = (await poller.poll_once())[0]
            # The ETag of the first document was not kept: a 200, not a 304, and all 3 items.
            assert (second.outcome, second.new, second.unpublished) == ("ok", 3, 0)
            items = await read_raw(offline)
            assert len(items) == 3

        # The broker goes away while the producer is connected; a new story arrives meanwhile.
        extra = b"<item><title>\xd8\xae\xd8\xa8\xd8\xb1</title><guid>late-1</guid></item>"
        server.routes["/rss.xml"].body = fixture("rss20_arabic.xml").replace(
            b"</channel>", extra + b"</channel>"
        )
        third = (await poller.poll_once())[0]
        assert (third.outcome, third.new, third.duplicate, third.unpublished) == ("ok", 0, 3, 1)
        # It comes back (empty: Tansu keeps nothing): the topic is created again, the story sent.
        with EmbeddedBroker(port=port, log_file=tmp_path / "tansu3.log"):
            fourth = (await poller.poll_once())[0]
            assert (fourth.new, fourth.duplicate, fourth.unpublished) == (1, 3, 0)
            assert [i.title for i in await read_raw(offline)] == ["خبر"]
            await poller.close()  # before the broker goes away
    assert value(registry, "marsad_feed_items_total", feed="rss", status="new") == 4


async def test_run_until_stopped(server: FeedServer, settings: Settings) -> None:
    route = Route(fixture("rss20_arabic.xml"))
    feeds = [Feed(id="live", url=server.add("/live.xml", route), outlet="مباشر", interval_s=0.3)]
    poller = Poller(settings, feeds, Metrics(CollectorRegistry()))
    task = asyncio.create_task(poller.run())
    try:
        deadline = time.monotonic() + 15
        while server.hits.get("/live.xml", 0) < 3:  # the feed schedules itself again
            assert time.monotonic() < deadline, server.hits
            await asyncio.sleep(0.1)
        extra = b"<item><title>\xd8\xb9\xd8\xa7\xd8\xac\xd9\x84</title><guid>live-9</guid></item>"
        route.body = route.body.replace(b"</channel>", extra + b"</channel>")
        deadline = time.monotonic() + 15
        while poller.reports.get("live") is None or poller.reports["live"].new != 1:
            assert time.monotonic() < deadline, poller.reports
            await asyncio.sleep(0.1)
    finally:
        poller.stop()
        await asyncio.wait_for(task, timeout=10)
    items = await read_raw(settings)
    assert len(items) == 4 and "عاجل" in {i.title for i in items}  # 2 partitions: no order
    async with Poller(settings, feeds, Metrics(CollectorRegistry())) as again:
        route.etag = False
        report = (await again.poll_once())[0]
    assert (report.new, report.duplicate) == (0, 4)
