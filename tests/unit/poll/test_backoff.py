from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.poll.backoff import (
    MAX_BACKOFF_S,
    MAX_RETRY_AFTER_S,
    backoff_delay,
    jittered_interval,
    next_delay,
    parse_retry_after,
)

NOW = datetime(2024, 2, 3, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("  7 ", 7.0),
        ("0", 0.0),
        ("Sat, 03 Feb 2024 10:05:00 GMT", 300.0),
        ("Sat, 03 Feb 2024 09:00:00 GMT", 0.0),  # in the past: come back now
        ("999999999", MAX_RETRY_AFTER_S),  # hostile: capped at a day
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_retry_after_date_uses_injected_clock() -> None:
    later = NOW + timedelta(seconds=30)
    assert parse_retry_after("Sat, 03 Feb 2024 10:05:00 GMT", later) == 270.0


def test_backoff_doubles_from_interval_and_caps() -> None:
    delays = [backoff_delay(n, 60.0, rand=0.5) for n in range(1, 9)]
    assert delays[:5] == [120.0, 240.0, 480.0, 960.0, 1920.0]
    assert delays[5:] == [MAX_BACKOFF_S] * 3
    # A feed with a long interval is never polled more often because it fails.
    assert backoff_delay(1, 7200.0, rand=0.5) == 7200.0
    assert backoff_delay(10_000, 60.0, rand=0.5) == MAX_BACKOFF_S  # no float overflow


def test_jitter_bounds() -> None:
    assert jittered_interval(100.0, 0.0) == pytest.approx(80.0)
    assert jittered_interval(100.0, 0.999999) == pytest.approx(120.0, rel=1e-5)
    assert backoff_delay(2, 100.0, rand=0.0) == pytest.approx(320.0)


def test_next_delay_honours_retry_after_as_floor() -> None:
    assert next_delay(ok=True, failures=0, interval_s=60, retry_after_s=None, rand=0.5) == 60.0
    assert next_delay(ok=False, failures=1, interval_s=60, retry_after_s=None, rand=0.5) == 120.0
    assert next_delay(ok=False, failures=1, interval_s=60, retry_after_s=900, rand=0.5) == 900.0
    assert next_delay(ok=False, failures=3, interval_s=60, retry_after_s=5, rand=0.5) == 480.0
    assert next_delay(ok=True, failures=0, interval_s=60, retry_after_s=600, rand=0.5) == 600.0
