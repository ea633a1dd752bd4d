"""Consumer lag per partition: committed offset of the worker's group vs the end of the partition.

A periodic task of :func:`streams.worker.run_worker`. It reports the partitions assigned to this
worker only (with several replicas each reports its own share, so Prometheus can sum them) and
drops the series of partitions that went elsewhere.

Caveat on the embedded broker: Tansu's high watermark is the start offset of the last batch, not
one past the last record, so lag reads low there (by up to a batch). Apache Kafka reports it
exactly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from monitor.kafka import client_kwargs
from monitor.metrics import Metrics
from monitor.settings import Settings

__all__ = ["LagMonitor", "compute_lag"]

log = logging.getLogger(__name__)

Partition = tuple[str, int]


def compute_lag(
    committed: Mapping[Partition, int | None],
    beginning: Mapping[Partition, int],
    end: Mapping[Partition, int],
) -> dict[Partition, int]:
    """Records between the committed offset and the end, per partition (never negative).

    A partition without a committed offset will be read from its beginning (the worker's offset
    reset is ``earliest``), so all of it is lag.
    """
    lag: dict[Partition, int] = {}
    for tp, end_offset in end.items():
        position = committed.get(tp)
        if position is None or position < 0:
            position = beginning.get(tp, 0)
        lag[tp] = max(0, end_offset - position)
    return lag


class LagMonitor:
    """Sample the lag of ``assignment()`` every ``interval_s`` into ``metrics.consumer_lag``."""

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        assignment: Callable[[], Iterable[Partition]],
        *,
        interval_s: float = 10.0,
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.assignment = assignment
        self.interval_s = interval_s
        self._reported: set[Partition] = set()

    async def sample(self, admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer) -> None:
        """Read offsets once and update the gauges."""
        wanted = sorted(set(self.assignment()))
        tps = [TopicPartition(t, p) for t, p in wanted]
        if tps:
            offsets = await admin.list_consumer_group_offsets(
                self.settings.worker_group, partitions=tps
            )
            committed = {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}
            last = await consumer.end_offsets(tps)
            end = {(tp.topic, tp.partition): o for tp, o in last.items()}
            first = await consumer.beginning_offsets(tps)
            beginning = {(tp.topic, tp.partition): o for tp, o in first.items()}
            for (topic, partition), value in compute_lag(committed, beginning, end).items():
                self.metrics.consumer_lag.labels(topic, str(partition)).set(value)
        for topic, partition in self._reported - set(wanted):
            with contextlib.suppress(KeyError):
                self.metrics.consumer_lag.remove(topic, str(partition))
        self._reported = set(wanted)

    async def run(self) -> None:
        """Sample until cancelled; a failed sample is logged and retried next interval."""
        admin = AIOKafkaAdminClient(**client_kwargs(self.settings))
        consumer = AIOKafkaConsumer(**client_kwargs(self.settings), enable_auto_commit=False)
        try:  # cancelled at any point (even while starting): both clients are closed
            await admin.start()
            await consumer.start()
            while True:
                try:
                    await self.sample(admin, consumer)
                except Exception as exc:  # a metrics hiccup must not touch the worker
                    log.warning("consumer lag sample failed: %r", exc)
                await asyncio.sleep(self.interval_s)
        finally:
            await consumer.stop()
            await admin.close()
