"""The agents' batch retry: a failing batch is retried (never dropped), cancellation passes."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from streams.agents import handle_until_done


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
