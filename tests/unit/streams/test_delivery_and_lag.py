"""Which produce failures the worker retries, and the lag arithmetic (no broker needed)."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotLeaderForPartitionError,
    UnknownTopicOrPartitionError,
)

from streams.delivery import is_retriable
from streams.lag import compute_lag


@pytest.mark.parametrize(
    "exc",
    [
        KafkaTimeoutError(),
        KafkaConnectionError("broker went away"),
        NotLeaderForPartitionError(),
        UnknownTopicOrPartitionError(),
        asyncio.CancelledError(),
    ],
)
def test_transient_failures_are_retried(exc: BaseException) -> None:
    assert is_retriable(exc)


@pytest.mark.parametrize("exc", [MessageSizeTooLargeError(), ValueError("bad value")])
def test_permanent_failures_are_not_retried(exc: BaseException) -> None:
    assert not is_retriable(exc)


def test_lag_is_end_minus_committed_never_negative() -> None:
    a, b, c = ("t", 0), ("t", 1), ("t", 2)
    lag = compute_lag(
        committed={a: 10, b: None, c: 50},
        beginning={a: 0, b: 3, c: 0},
        # c: Tansu's high watermark can read below the committed offset (start of last batch)
        end={a: 25, b: 7, c: 48},
    )
    assert lag == {a: 15, b: 4, c: 0}
