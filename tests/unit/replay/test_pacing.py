"""Pacing: pure schedules, and the pacer with an injected clock (no real sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.replay.pacing import Pace, Pacer, Schedule

T0 = datetime(2024, 2, 3, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_fast_everything_due_at_once() -> None:
    s = Schedule(Pace.fast())
    assert [s.due(at(x)) for x in (0, 60, 3600)] == [0.0, 0.0, 0.0]


def test_rate_spaces_items_evenly_regardless_of_timestamps() -> None:
    s = Schedule(Pace.at_rate(10))
    assert [s.due(at(x)) for x in (0, 5000, 1, 2)] == pytest.approx([0.0, 0.1, 0.2, 0.3])


def test_speed_scales_original_spacing() -> None:
    s = Schedule(Pace.at_speed(60))
    assert [s.due(at(x)) for x in (0, 60, 180, 180, 240)] == pytest.approx(
        [0.0, 1.0, 3.0, 3.0, 4.0]
    )


def test_speed_out_of_order_items_are_due_at_once_and_span_is_kept() -> None:
    s = Schedule(Pace.at_speed(1))
    # 0, 100, then an older item (50), then 150: total span stays 150 s, not 100+50+100.
    assert [s.due(at(x)) for x in (0, 100, 50, 150)] == pytest.approx([0.0, 100.0, 100.0, 150.0])


def test_speed_max_gap_caps_quiet_periods() -> None:
    s = Schedule(Pace.at_speed(2, max_gap_s=10))
    assert [s.due(at(x)) for x in (0, 4, 10_000, 10_006)] == pytest.approx([0.0, 2.0, 7.0, 10.0])


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: Pace.at_rate(0), "--rate"),
        (lambda: Pace.at_rate(-3), "--rate"),
        (lambda: Pace.at_speed(0), "--speed"),
        (lambda: Pace.at_speed(2, max_gap_s=-1), "--max-gap"),
    ],
)
def test_bad_pace_values_are_refused_with_the_flag_named(factory: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        factory()  # type: ignore[operator]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_pacer_sleeps_until_each_item_is_due() -> None:
    clock = FakeClock()
    pacer = Pacer(Pace.at_rate(4), clock=clock, sleep=clock.sleep)
    for _ in range(3):
        await pacer.wait(None)
    assert clock.slept == pytest.approx([0.25, 0.25])
    assert clock.now == pytest.approx(1000.5)


async def test_pacer_catches_up_without_sleeping_when_behind() -> None:
    clock = FakeClock()
    pacer = Pacer(Pace.at_speed(1), clock=clock, sleep=clock.sleep)
    await pacer.wait(at(0))
    clock.now += 30  # sending took longer than the original spacing
    assert await pacer.wait(at(10)) == 0.0
    assert await pacer.wait(at(40)) == pytest.approx(10.0)
    assert clock.slept == pytest.approx([10.0])


async def test_pacer_fast_never_reads_the_clock() -> None:
    def clock() -> float:
        raise AssertionError("fast mode must not read the clock")

    pacer = Pacer(Pace.fast(), clock=clock)
    assert [await pacer.wait(at(x)) for x in (0, 100)] == [0.0, 0.0]
