"""The agents' batch retry: a failing batch is retried (never dropped), cancellation passes; an
incident batch does not hold one copy of the state per record."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from monitor.metrics import Metrics
from monitor.models import Alert, AnalysedItem, Analysis, NewsItem, dumps
from monitor.settings import Settings
from streams.agents import handle_until_done
from streams.app import create_app
from streams.processing import Outgoing
from tests.unit.streams.test_processing import news, relevant_analysis


async def test_failing_batch_is_retried_until_it_succeeds(caplog: pytest.LogCaptureFixture) -> None:
    attempts: list[Sequence[Any]] = []

    async def flaky(events: Sequence[Any]) -> None:
        attempts.append(events)
        if len(attempts) < 3:
            raise OSError("disk full while writing a metric file")

    await handle_until_done(flaky, ["e1", "e2"], first_delay_s=0.0)
    assert attempts == [["e1", "e2"]] * 3
    assert "batch of 2 record(s) failed" in caplog.text


async def test_cancellation_is_not_swallowed() -> None:
    started = asyncio.Event()

    async def slow(events: Sequence[Any]) -> None:
        started.set()
        await asyncio.sleep(60)

    task = asyncio.create_task(handle_until_done(slow, ["e"]))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


STATE_BYTES = 400_000


class BigStateEngine:
    """An engine whose state is as large as the real one's cap allows (a new value per report)."""

    def __init__(self) -> None:
        self.seen = 0

    def cluster_key(self, item: NewsItem, analysis: Analysis) -> str:
        return "theatre:test"

    def observe(
        self, state: bytes | None, item: NewsItem, analysis: Analysis
    ) -> tuple[bytes, list[Alert]]:
        self.seen += 1
        return self.seen.to_bytes(4, "big") + bytes(STATE_BYTES), []


async def test_incident_batch_memory_does_not_grow_with_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(kafka_bootstrap="k1:9092", state_dir=tmp_path, metrics_port=0)
    engine = BigStateEngine()
    app = create_app(settings, metrics=Metrics(CollectorRegistry()), engine=engine)
    runtime = app.runtime
    runtime.table = SimpleNamespace(data={})
    delivered: list[Outgoing] = []

    async def deliver(outputs: Sequence[Outgoing]) -> None:
        delivered.extend(outputs)

    monkeypatch.setattr(runtime, "deliver", deliver)
    route = runtime.topics.names.incident_route
    item = news()
    value = dumps(AnalysedItem(item=item, analysis=relevant_analysis(item)))
    events = [
        SimpleNamespace(
            message=SimpleNamespace(
                topic=route, partition=0, offset=i, key=b"theatre:test", value=value, headers=None
            )
        )
        for i in range(100)
    ]

    tracemalloc.start()
    try:
        await runtime.handle_route(events)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert engine.seen == 100
    # Only the key's newest state goes to the changelog and the table...
    (changelog,) = delivered
    assert changelog.value == runtime.table.data[b"theatre:test"]
    assert changelog.value[:4] == (100).to_bytes(4, "big")
    # ...and the batch held a few states at a time, not one per record (100 x 400 KB = 40 MB).
    assert peak < 10 * STATE_BYTES, f"peak {peak / 2**20:.1f} MiB"
