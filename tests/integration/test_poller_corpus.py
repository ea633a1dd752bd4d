"""feedparser's 2,106 test documents, served over local HTTP with the headers each one asks for,
through one real Poller onto the real broker: every document ends as items or as a clear
per-feed error, and nothing crashes the poller."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from monitor.metrics import Metrics
from monitor.poll.feeds import Feed
from monitor.poll.service import Poller
from monitor.settings import Settings
from tests.feed_server import FeedServer
from tests.integration.test_poller import read_raw


@pytest.fixture
def corpus(shared_dir: Path) -> Path:
    root = shared_dir / "feeds" / "feedparser-corpus"
    if not root.is_dir():
        pytest.skip(f"{root} not found")
    return root


async def test_feedparser_corpus_never_crashes_the_poller(corpus: Path, settings: Settings) -> None:
    settings = settings.with_overrides(poll_concurrency=16, fetch_timeout_s=10.0)
    async with FeedServer() as server:
        served = [
            (url, path) for url, path in server.serve_directory(corpus) if path.suffix == ".xml"
        ]
        assert len(served) == 2106
        feeds = [
            Feed(id=f"doc{n:04d}", url=url, outlet="corpus") for n, (url, _) in enumerate(served)
        ]
        where = {f.id: path.relative_to(corpus) for f, (_, path) in zip(feeds, served, strict=True)}
        registry = CollectorRegistry()
        started = time.perf_counter()
        async with Poller(settings, feeds, Metrics(registry)) as poller:
            reports = await poller.poll_once()
        elapsed = time.perf_counter() - started

    outcomes = Counter(r.outcome for r in reports)
    print(f"\n{len(reports)} documents in {elapsed:.1f} s: {dict(outcomes)}")
    assert len(reports) == 2106
    # Over local HTTP every fetch succeeds; what remains is the parser's verdict.
    assert set(outcomes) <= {"ok", "parse_error"}, outcomes
    assert outcomes["ok"] > 1900
    # One pass over the registry (get_sample_value per feed would be quadratic here).
    fetches = {
        (s.labels["feed"], s.labels["outcome"]): s.value
        for metric in registry.collect()
        if metric.name == "marsad_feed_fetches"
        for s in metric.samples
        if s.name == "marsad_feed_fetches_total"
    }
    for report in reports:
        assert report.unpublished == 0, (where[report.feed_id], report.publish_error)
        if report.outcome == "parse_error":
            assert report.error and "not a usable feed" in report.error, where[report.feed_id]
        assert fetches[(report.feed_id, report.outcome)] == 1, where[report.feed_id]
    assert sum(fetches.values()) == 2106

    # Every published item is on the topic, valid (read_raw validates schema and model).
    items = await read_raw(settings, idle_s=3.0, timeout_s=60.0)
    new, rejected = sum(r.new for r in reports), sum(r.rejected for r in reports)
    print(f"{new} items published, {rejected} entries rejected (nothing identifies them)")
    # Most documents test feed-level elements or anonymous entries; a few hundred carry items.
    assert len(items) == new > 250
    assert len({i.item_id for i in items}) == len(items)
