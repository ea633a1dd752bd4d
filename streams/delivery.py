"""Produce a batch of records and wait until the broker has acknowledged every one.

Why the worker does not simply rely on Faust here. Faust commits the offset of an event once the
agent has *acked* it (the ``take_events`` buffer acks a batch when the agent asks for the next one),
and before committing it calls ``producer.flush()`` (``Consumer._commit_offsets`` in
``faust/transport/consumer.py``). That flush is not a delivery guarantee:

- ``ProducerBuffer.flush`` (``faust/transport/producer.py``) gives up as soon as no buffered
  message went out for 0.1 s, so records queued with ``send_soon`` (table changelogs) can still be
  waiting when the offset is committed;
- aiokafka's ``flush()`` waits for in-flight batches but does not raise when one *failed*: a record
  that ran out of retries is dropped while the input offset is committed anyway.

So the agents produce through :class:`Delivery`, which awaits the delivery future of every record
of a batch (retrying the ones that failed with a retriable error) *before* the agent moves on to
the next batch, i.e. before Faust can ack, let alone commit, the inputs. A crash at any point
therefore replays inputs whose outputs may already exist: duplicates, which stable ids make
harmless (``alert_id = incident_id:vN``; analyses keyed by ``item_id``) — never a loss.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, KafkaTimeoutError

from streams.processing import Outgoing

__all__ = ["Delivery", "is_retriable"]

log = logging.getLogger(__name__)


def is_retriable(exc: BaseException) -> bool:
    """Failures worth sending again: the broker is away or slow, not the record at fault."""
    if isinstance(exc, KafkaTimeoutError | asyncio.CancelledError):
        # aiokafka fails a batch with KafkaTimeoutError once its delivery timeout expires (the
        # broker was unreachable that long); a future is cancelled when its connection dropped.
        return True
    return isinstance(exc, KafkaError) and bool(getattr(exc, "retriable", False))


class Delivery:
    """Send records with an idempotent producer and wait for all their acknowledgements.

    Retriable failures are retried with exponential backoff for as long as it takes: the stream
    stalls (and consumer lag grows, which the alert rules watch) rather than losing records.
    Records the broker refuses for good are returned to the caller, which dead-letters them.
    """

    def __init__(
        self,
        producer: AIOKafkaProducer,
        *,
        backoff_s: float = 0.2,
        max_backoff_s: float = 10.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.producer = producer
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._sleep = sleep

    async def _send_once(
        self, records: Sequence[Outgoing]
    ) -> list[tuple[Outgoing, BaseException | None]]:
        futures: list[asyncio.Future[object]] = []
        for rec in records:
            try:
                fut = await self.producer.send(
                    rec.topic,
                    rec.value,
                    key=rec.key,
                    partition=rec.partition,
                    headers=list(rec.headers) if rec.headers else None,
                )
            except KafkaError as exc:  # refused before queueing, e.g. MessageSizeTooLargeError
                fut = asyncio.get_running_loop().create_future()
                fut.set_exception(exc)
            futures.append(fut)
        results = await asyncio.gather(*futures, return_exceptions=True)
        return [
            (rec, res if isinstance(res, BaseException) else None)
            for rec, res in zip(records, results, strict=True)
        ]

    async def send_all(self, records: Sequence[Outgoing]) -> list[tuple[Outgoing, BaseException]]:
        """Deliver ``records``; return those refused for good, with the reason.

        Returns only when every record is either acknowledged by the broker or refused with a
        non-retriable error. Cancellation propagates (the caller's inputs are then not acked).
        """
        pending = list(records)
        refused: list[tuple[Outgoing, BaseException]] = []
        backoff = self.backoff_s
        while pending:
            retry: list[Outgoing] = []
            for rec, exc in await self._send_once(pending):
                if exc is None:
                    continue
                if is_retriable(exc):
                    retry.append(rec)
                else:
                    refused.append((rec, exc))
            if retry:
                log.warning(
                    "%d record(s) not acknowledged (e.g. to %s); retrying in %.1f s",
                    len(retry),
                    retry[0].topic,
                    backoff,
                )
                await self._sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
            pending = retry
        return refused
