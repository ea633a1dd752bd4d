"""The worker's two agents and the runtime they share.

Agent ``analyse`` reads ``news.raw``; agent ``incidents`` reads the incident route with the
incident table (key = cluster key, value = the engine's state bytes). Both are thin loops over
batches (``stream.take_events``): Faust's per-event machinery costs about 0.5 ms here, so records
are processed one by one through :mod:`streams.processing` but their outputs are produced and
acknowledged per batch.

Delivery order inside one incident batch (why it is safe to SIGKILL the worker anywhere):

1. alerts (and dead letters) are produced and acknowledged;
2. then the new states go to the changelog, also acknowledged;
3. then the in-memory table is updated and the agent asks for the next batch, which acks the
   inputs; Faust commits acked offsets later.

A crash after 1 and before 2 replays the inputs against the old state: the engine emits the same
alerts again (same ``alert_id``: a harmless duplicate). Writing the state first would instead lose
the alerts for good: the recovered state would already know the report and stay silent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import faust
from aiokafka import AIOKafkaProducer

from monitor.kafka import start_reliable_producer
from monitor.metrics import Metrics
from monitor.settings import Settings
from streams.delivery import Delivery
from streams.processing import (
    Outgoing,
    RawProcessor,
    RouteProcessor,
    RouteResult,
    SourceRecord,
    dead_letter_output,
    headers_of,
    record_alert_metrics,
    undeliverable_letter,
    utc_now,
)
from streams.topics import WorkerTopics

__all__ = [
    "BATCH_MAX",
    "BATCH_WITHIN_S",
    "CHANGELOG_BUFFER",
    "WorkerRuntime",
    "handle_until_done",
    "register_agents",
    "source_record",
]

log = logging.getLogger(__name__)

#: Records per batch, and how long a batch waits to fill. 0.1 s adds at most that much latency to
#: one alert and lets a replay move thousands of records per second.
BATCH_MAX = 500
BATCH_WITHIN_S = 0.1

#: Changelog records Faust buffers per partition before applying them to the table, when it
#: recovers the table at start-up or follows another worker's partitions as a standby. Faust's
#: default (1000) times a state of up to 900 KB is 900 MB; Tansu never compacts the changelog, so
#: a long-lived namespace has that many records to read back.
CHANGELOG_BUFFER = 8


def source_record(event: Any) -> SourceRecord:
    """The consumed record of a Faust event (raw bytes: the topics use the raw serializer)."""
    m = event.message
    return SourceRecord(m.topic, m.partition, m.offset, m.key, m.value, headers_of(m.headers))


class WorkerRuntime:
    """The worker's processors, output producer and incident table, shared by both agents."""

    def __init__(
        self,
        settings: Settings,
        topics: WorkerTopics,
        raw: RawProcessor,
        route: RouteProcessor,
        metrics: Metrics,
    ) -> None:
        self.settings = settings
        self.topics = topics
        self.raw = raw
        self.route = route
        self.metrics = metrics
        self.table: Any = None  # set by register_agents
        self._producer: AIOKafkaProducer | None = None
        self._delivery: Delivery | None = None

    async def start(self) -> None:
        """Start the output producer (idempotent, acks=all); called as the app starts."""
        if self._producer is None:
            # Idempotent where the broker allows it (Tansu does not: acks=all without it).
            producer = await start_reliable_producer(self.settings)
            # aiokafka starts with the metadata of every topic, but the first send to a topic it
            # did not know narrows what it tracks to that topic: concurrent sends to the others
            # then chase metadata, and on Tansu one stalled for the full request timeout (40 s).
            # Tracking all output topics from the start avoids that.
            await producer.client.set_topics(self.topics.produced)
            self._producer = producer
            self._delivery = Delivery(producer)

    async def stop(self) -> None:
        """Stop the producer; called once the app has drained and committed its streams."""
        producer, self._producer, self._delivery = self._producer, None, None
        if producer is not None:
            await producer.stop()

    @property
    def delivery(self) -> Delivery:
        if self._delivery is None:
            raise RuntimeError("worker runtime not started (WorkerRuntime.start)")
        return self._delivery

    async def deliver(self, outputs: Sequence[Outgoing]) -> None:
        """Produce ``outputs`` and wait for all acks; dead-letter what the broker refuses."""
        if not outputs:
            return
        refused = await self.delivery.send_all(outputs)
        letters: list[Outgoing] = []
        for output, exc in refused:
            if output.topic == self.topics.names.deadletter:
                self._lost(output, exc)
                continue
            log.error("broker refused a record for %s: %r", output.topic, exc)
            self.metrics.dead_letters.labels("worker.produce", "produce_failed").inc()
            letter = undeliverable_letter(output, exc, failed_at=utc_now())
            letters.append(dead_letter_output(self.topics.names, letter, output.key))
        if letters:
            for output, exc in await self.delivery.send_all(letters):
                self._lost(output, exc)

    def _lost(self, output: Outgoing, exc: BaseException) -> None:
        # Nothing is left to hand the record to: say it loudly and count it.
        log.error("could not even dead-letter a record (key %r): %r", output.key, exc)
        self.metrics.dead_letters.labels("worker.produce", "deadletter_refused").inc()

    async def handle_raw(self, events: Sequence[Any]) -> None:
        """One batch of ``news.raw``: analyse each record, then deliver all outputs."""
        outputs: list[Outgoing] = []
        for event in events:
            outputs.extend(self.raw.process(source_record(event)))
        await self.deliver(outputs)

    async def handle_route(self, events: Sequence[Any]) -> None:
        """One batch of the incident route (see the module docstring for the delivery order)."""
        table_data = self.table.data
        changed: dict[bytes, tuple[int, bytes]] = {}
        results: list[RouteResult] = []
        for event in events:
            record = source_record(event)
            key = record.key if record.key is not None else b""
            state = changed[key][1] if key in changed else table_data.get(key)
            result = self.route.process(record, state)
            if result.state is not None and result.state != state:
                # The changelog partition must be the input's: Faust recovers partition p of
                # the table from partition p of its changelog.
                changed[key] = (record.partition, result.state)
            # Keep the result without its state: a key's state is up to the engine's
            # max_state_bytes (900 KB), and holding one copy per record of a 500-record batch
            # made the worker's RSS jump by hundreds of MB (docs/performance.md).
            results.append(dataclasses.replace(result, state=None))

        await self.deliver([o for r in results for o in r.outputs])
        record_alert_metrics(self.metrics, results, time.time())

        changelog = self.topics.changelog.get_topic_name()
        await self.deliver(
            [Outgoing(changelog, key, state, partition=p) for key, (p, state) in changed.items()]
        )
        for key, (_, state) in changed.items():
            table_data[key] = state


async def handle_until_done(
    handler: Callable[[Sequence[Any]], Awaitable[None]],
    events: Sequence[Any],
    *,
    first_delay_s: float = 1.0,
    max_delay_s: float = 60.0,
) -> None:
    """Run ``handler`` on a batch until it succeeds.

    Bad records never get here (the processors turn them into dead letters), so a failure is the
    worker's own (a bug, a resource gone). Letting it escape would crash the agent, and Faust's
    answer to a crashed agent is to close the batch -- which acks it -- and commit: the batch
    would be lost. Retrying stalls the partition instead (consumer lag grows, the alert rules
    page) and loses nothing; outputs already produced by a failed attempt are duplicates with
    stable ids.
    """
    delay = first_delay_s
    while True:
        try:
            await handler(events)
            return
        except Exception:
            log.exception(
                "batch of %d record(s) failed; retrying in %.0f s (its offsets stay uncommitted)",
                len(events),
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay_s)


def register_agents(app: faust.App, runtime: WorkerRuntime) -> None:
    """Define the table and the two agents on ``app``."""
    topics = runtime.topics
    runtime.table = app.Table(
        "incidents",
        default=None,
        key_type=bytes,
        value_type=bytes,
        partitions=runtime.settings.topic_partitions,
        # Raw-bytes changelog; the agent writes it itself (see WorkerRuntime.handle_route).
        changelog_topic=topics.changelog,
        recovery_buffer_size=CHANGELOG_BUFFER,
        standby_buffer_size=CHANGELOG_BUFFER,
    )

    async def analyse(stream: Any) -> None:
        async for events in stream.take_events(BATCH_MAX, within=BATCH_WITHIN_S):
            await handle_until_done(runtime.handle_raw, events)

    async def incidents(stream: Any) -> None:
        async for events in stream.take_events(BATCH_MAX, within=BATCH_WITHIN_S):
            await handle_until_done(runtime.handle_route, events)

    app.agent(topics.raw, name="marsad.analyse")(analyse)
    app.agent(topics.incident_route, name="marsad.incidents")(incidents)
