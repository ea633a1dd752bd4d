"""Scheduling math for one feed: poll intervals, exponential backoff with jitter, Retry-After.

Pure functions: the clock (``now``) and the random source (``rand`` in [0, 1)) are arguments, so the
tests pin them.

>>> backoff_delay(failures=3, interval_s=60.0, rand=0.5)  # 60 * 2**3 = 480, jitter x1.0
480.0
>>> parse_retry_after("120", now=datetime(2024, 1, 1, tzinfo=UTC))
120.0
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "MAX_BACKOFF_S",
    "MAX_RETRY_AFTER_S",
    "backoff_delay",
    "jittered_interval",
    "next_delay",
    "parse_retry_after",
]

MAX_BACKOFF_S = 3600.0
"""Ceiling of the error backoff (unless the feed's own interval is longer)."""
MAX_RETRY_AFTER_S = 24 * 3600.0
"""A hostile or broken Retry-After never parks a feed for more than a day."""
_JITTER = 0.2
"""Every delay is spread by +-20 %, so feeds that start together do not stay in lockstep."""


def _spread(delay: float, rand: float) -> float:
    return delay * (1.0 - _JITTER + 2.0 * _JITTER * min(max(rand, 0.0), 1.0))


def jittered_interval(interval_s: float, rand: float) -> float:
    """The delay after a successful poll: the interval, spread by +-20 %."""
    return _spread(interval_s, rand)


def backoff_delay(failures: int, interval_s: float, rand: float) -> float:
    """The delay after the ``failures``-th consecutive failure (``failures >= 1``).

    Doubles from the feed's interval (a failing feed is polled less often, never more), up to
    ``max(interval_s, MAX_BACKOFF_S)``, then spread by +-20 %.
    """
    if failures < 1:
        return jittered_interval(interval_s, rand)
    ceiling = max(interval_s, MAX_BACKOFF_S)
    # Cap the exponent first: 2**5000 would overflow a float.
    base = min(ceiling, interval_s * 2.0 ** min(failures, 32))
    return min(_spread(base, rand), ceiling * (1.0 + _JITTER))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None.

    Unparseable values give None; a date in the past gives 0; values are capped at one day.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    seconds: float
    if text.isdigit():
        seconds = float(int(text))
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:  # RFC 7231 dates are GMT
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def next_delay(
    *,
    ok: bool,
    failures: int,
    interval_s: float,
    retry_after_s: float | None,
    rand: float,
) -> float:
    """When to poll the feed next, in seconds from now.

    ``ok``: the last poll succeeded (``failures`` is then ignored). Otherwise ``failures`` is the
    number of consecutive failures including this one. A server's Retry-After is a floor: we never
    come back earlier than it asked, even after a success (e.g. a 200 with Retry-After).
    """
    delay = jittered_interval(interval_s, rand) if ok else backoff_delay(failures, interval_s, rand)
    if retry_after_s is not None:
        delay = max(delay, retry_after_s)
    return delay
