"""When each replayed item is due: as fast as possible, ``--rate N`` items/s, or ``--speed X``.

:class:`Schedule` is pure: it turns items' timestamps into due offsets (seconds after the replay
started) and reads no clock. :class:`Pacer` applies a schedule with an injected clock and sleep.

>>> s = Schedule(Pace.at_rate(4))
>>> [s.due(None) for _ in range(3)]
[0.0, 0.25, 0.5]
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = ["Pace", "Pacer", "Schedule"]


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast to replay."""

    mode: Literal["fast", "rate", "speed"] = "fast"
    rate: float = 0.0
    """Items per second (mode ``rate``)."""
    speed: float = 0.0
    """Factor applied to the original spacing (mode ``speed``): 2 = twice as fast."""
    max_gap_s: float | None = None
    """Mode ``speed``: cap on one original gap (seconds, before scaling), so a quiet night does
    not stall a replay for hours. None: keep every gap."""

    @classmethod
    def fast(cls) -> Pace:
        return cls()

    @classmethod
    def at_rate(cls, rate: float) -> Pace:
        if not rate > 0:
            raise ValueError(f"--rate must be a positive number of items per second (got {rate})")
        return cls(mode="rate", rate=rate)

    @classmethod
    def at_speed(cls, speed: float, max_gap_s: float | None = None) -> Pace:
        if not speed > 0:
            raise ValueError(f"--speed must be a positive factor, e.g. 60 (got {speed})")
        if max_gap_s is not None and max_gap_s < 0:
            raise ValueError(f"--max-gap must be >= 0 seconds (got {max_gap_s})")
        return cls(mode="speed", speed=speed, max_gap_s=max_gap_s)

    def describe(self) -> str:
        if self.mode == "rate":
            return f"{self.rate:g} items/s"
        if self.mode == "speed":
            gap = f", gaps capped at {self.max_gap_s:g}s" if self.max_gap_s is not None else ""
            return f"original spacing / {self.speed:g}{gap}"
        return "as fast as possible"


class Schedule:
    """Due offsets, in seconds after the start, one item at a time in replay order.

    ``speed`` keeps the spacing of the items' timestamps (the poller's ``fetched_at``: the order
    and rhythm the live pipeline saw) divided by the factor. A timestamp earlier than one already
    seen (archives of several feeds interleave) is due at once, and the spacing resumes from the
    latest time seen, so out-of-order items never make the replay longer than the original span.
    """

    def __init__(self, pace: Pace) -> None:
        self.pace = pace
        self._count = 0
        self._due = 0.0
        self._latest: datetime | None = None

    def due(self, item_time: datetime | None) -> float:
        """Offset (s) at which the next item should be sent; ``item_time`` matters for speed."""
        index = self._count
        self._count += 1
        if self.pace.mode == "rate":
            return index / self.pace.rate
        if self.pace.mode == "speed" and item_time is not None:
            if self._latest is None:
                self._latest = item_time
            elif item_time > self._latest:
                gap = (item_time - self._latest).total_seconds()
                if self.pace.max_gap_s is not None:
                    gap = min(gap, self.pace.max_gap_s)
                self._due += gap / self.pace.speed
                self._latest = item_time
            return self._due
        return 0.0


class Pacer:
    """Sleeps until each item is due. ``clock`` and ``sleep`` are injectable for tests."""

    def __init__(
        self,
        pace: Pace,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.schedule = Schedule(pace)
        self._clock = clock
        self._sleep = sleep
        self._start: float | None = None

    async def wait(self, item_time: datetime | None) -> float:
        """Wait until the next item is due; returns the seconds slept (0 when late or fast)."""
        due = self.schedule.due(item_time)
        if self.schedule.pace.mode == "fast":
            return 0.0
        now = self._clock()
        if self._start is None:
            self._start = now
        delay = self._start + due - now
        if delay <= 0:
            return 0.0  # behind schedule: catch up without sleeping
        await self._sleep(delay)
        return delay
