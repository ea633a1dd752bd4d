"""The replay run: namespace, worker, paced producer, progress, and following the worker.

>>> summary = await run_replay(settings, source, ReplayOptions(name="audit-feb"))  # doctest: +SKIP

Namespace: ``--into NAME`` -> topic prefix ``f"{settings.topic_prefix}replay.{NAME}."`` and
worker group ``marsad-replay-NAME``; ``live=True`` writes into ``settings.topic_prefix`` with
``settings.worker_group`` instead. Replayed records are keyed by ``item_id`` like the poller's,
carry the original NewsItem unchanged (``published_at``/``fetched_at`` kept) and a
``marsad-replay: NAME`` header. Their Kafka timestamp is the send time: stamping old times would
let a real cluster's time-based retention delete a replay as soon as it is written.

Live replays skip items whose ``item_id`` is already on the live raw topic (one scan of that
topic's keys before sending; memory grows with the live topic, about 100 bytes per item). Items
that slip through are harmless: the incident engine is idempotent per ``item_id``.

Determinism: a new replay namespace gets a single-partition raw topic (``raw_partitions``), so
the worker sees the items in the source's order; sources give a stable order (archive files by
name then line; feed documents by fetch time then path; a topic range merged across partitions
by record timestamp, partition, offset). Replaying into a namespace whose raw topic already
exists with several partitions (e.g. a worker was started for it first) keeps per-partition order
only.

Memory of the replay itself is bounded: records stream from the source one at a time, and at
most ``max_in_flight`` sends are pending; nothing grows with the number of items, except the
set of sent ids a ``--live`` run keeps (to skip repeats and count its own verdicts).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from monitor.models import REPLAY_HEADER, NewsItem, dumps
from monitor.replay.pacing import Pace, Pacer
from monitor.replay.progress import (
    PlainProgress,
    ProgressReporter,
    ReplayStats,
    ReplaySummary,
    WorkerOutcome,
)
from monitor.replay.sources import KafkaTopicSource, Source, SourceError
from monitor.settings import Settings

if TYPE_CHECKING:
    from aiokafka import AIOKafkaProducer

    from monitor.metrics import Metrics

__all__ = [
    "REPLAY_HEADER",
    "ReplayError",
    "ReplayOptions",
    "default_name",
    "live_item_ids",
    "replay_settings",
    "run_replay",
    "validate_name",
]

log = logging.getLogger(__name__)


_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class ReplayError(RuntimeError):
    """The replay cannot run (bad name, worker failed to start, broker unreachable...)."""


@dataclass(frozen=True)
class ReplayOptions:
    """How to replay (the flags of ``marsad replay``)."""

    name: str
    """Replay name: namespace and header value."""
    live: bool = False
    """Write into the live namespace instead of ``<prefix>replay.<name>.``."""
    pace: Pace = field(default_factory=Pace)
    run_worker: bool = True
    """Run the worker for the namespace in this process (implies waiting for it)."""
    wait: bool = False
    """Follow the worker until it has processed every sent item."""
    wait_timeout_s: float = 600.0
    settle_s: float = 3.0
    """After the last verdict, how long the alerts topic must stay quiet to count as done."""
    skip_live_duplicates: bool = True
    raw_partitions: int = 1
    """Partitions of a new replay namespace's raw topic. One keeps the worker's input in
    exactly the source order, which is what makes two replays give the same incidents and
    versions; more lets several worker replicas share a big replay, at that cost."""
    worker_start_timeout_s: float = 120.0
    max_in_flight: int = 5000


def validate_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise ReplayError(
            f"replay name {name!r} must be 1-100 letters, digits, '_', '.', '-' "
            "(it becomes part of topic names)"
        )
    return name


def default_name(now: datetime) -> str:
    """``replay-20240203T101500Z``: unique enough for a person typing commands."""
    return f"replay-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def replay_settings(settings: Settings, name: str, *, live: bool = False) -> Settings:
    """The settings of the namespace a replay writes into (topics and worker group)."""
    if live:
        return settings
    validate_name(name)
    return settings.with_overrides(
        topic_prefix=f"{settings.topic_prefix}replay.{name}.",
        worker_group=f"marsad-replay-{name}",
    )


async def _start_producer(settings: Settings) -> AIOKafkaProducer:
    """Idempotent, acks=all; without idempotence where the broker refuses it (Tansu): records
    are keyed by item_id and the worker is idempotent per item, so a duplicate is harmless."""
    from monitor.kafka import start_reliable_producer

    return await start_reliable_producer(settings, max_batch_size=256 * 1024)


async def live_item_ids(settings: Settings, *, started_at: datetime) -> set[str]:
    """Keys (item ids) already on the namespace's raw topic, read up to ``started_at``."""
    source = KafkaTopicSource(settings, settings.topics.raw, started_at=started_at)
    ids: set[str] = set()
    async for key, _value, _where in source.raw_records():
        if key:
            ids.add(key.decode("utf-8", "replace"))
    return ids


WorkerRunner = Callable[..., Coroutine[Any, Any, None]]


def _import_worker() -> WorkerRunner:
    try:
        from streams.worker import run_worker
    except ImportError as exc:
        raise ReplayError(
            f"the worker is not available in this installation ({exc}); start one for the "
            "namespace yourself and pass --no-worker"
        ) from None
    return run_worker


async def _start_worker(
    ns: Settings, options: ReplayOptions, metrics: Metrics | None, runner: WorkerRunner | None
) -> asyncio.Task[None]:
    run_worker = runner or _import_worker()
    ready = asyncio.Event()
    task: asyncio.Task[None] = asyncio.create_task(
        run_worker(ns, metrics=metrics, ready=ready), name="replay-worker"
    )
    ready_wait = asyncio.create_task(ready.wait())
    done, _ = await asyncio.wait(
        {task, ready_wait},
        timeout=options.worker_start_timeout_s,
        return_when=asyncio.FIRST_COMPLETED,
    )
    if ready_wait not in done:
        ready_wait.cancel()
        if task in done:
            exc = task.exception()
            raise ReplayError(f"the worker stopped during start-up: {exc!r}")
        await _stop_worker(task)
        raise ReplayError(f"the worker was not ready after {options.worker_start_timeout_s:.0f} s")
    return task


async def _stop_worker(task: asyncio.Task[None]) -> None:
    if task.done():
        if not task.cancelled() and task.exception() is not None:
            log.error("the worker had stopped: %r", task.exception())
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def run_replay(
    settings: Settings,
    source: Source,
    options: ReplayOptions,
    *,
    reporter: ProgressReporter | None = None,
    metrics: Metrics | None = None,
    worker: WorkerRunner | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> ReplaySummary:
    """Replay ``source`` into the namespace of ``options``; returns the closing numbers.

    ``worker`` replaces ``streams.worker.run_worker`` (same signature) when given.
    """
    from monitor.kafka import ensure_topics

    ns = replay_settings(settings, options.name, live=options.live)
    reporter = reporter or PlainProgress()
    started_at = datetime.now(UTC)
    if not options.live:  # before the worker creates it with the default partition count
        raw = ns.with_overrides(topic_partitions=options.raw_partitions)
        await ensure_topics(raw, [ns.topics.raw])
    await ensure_topics(ns)
    worker_task = await _start_worker(ns, options, metrics, worker) if options.run_worker else None
    try:
        skip: set[str] = set()
        if options.live and options.skip_live_duplicates:
            skip = await live_item_ids(ns, started_at=started_at)
            log.info("%d items already on %s will be skipped", len(skip), ns.topics.raw)
        t0 = clock()
        sent_ids: set[str] | None = set() if options.live else None
        stats = await _send_all(ns, source, options, reporter, metrics, skip, sent_ids)
        elapsed = clock() - t0
        outcome = None
        if options.wait or worker_task is not None:
            outcome = await follow_worker(
                ns,
                sent=stats.sent,
                sent_ids=sent_ids,
                since=started_at,
                timeout_s=options.wait_timeout_s,
                settle_s=options.settle_s,
                worker_task=worker_task,
                progress=reporter.worker,
            )
    finally:
        reporter.finish()
        if worker_task is not None:
            await _stop_worker(worker_task)
    return ReplaySummary(
        name=options.name,
        prefix=ns.topic_prefix,
        source=source.description,
        sent=stats.sent,
        duplicates=stats.duplicates,
        errors=stats.errors,
        reasons=tuple(stats.reasons.most_common()),
        samples=tuple(stats.samples),
        elapsed_s=elapsed,
        worker=outcome,
    )


async def _send_all(
    ns: Settings,
    source: Source,
    options: ReplayOptions,
    reporter: ProgressReporter,
    metrics: Metrics | None,
    skip: set[str],
    sent_ids: set[str] | None,
) -> ReplayStats:
    stats = ReplayStats()
    pacer = Pacer(options.pace)
    headers = [(REPLAY_HEADER, options.name.encode())]
    topic = ns.topics.raw
    pending: deque[asyncio.Future[Any]] = deque()
    producer = await _start_producer(ns)
    reporter.start(options.name, source.estimate_total())
    counted = 0
    try:
        async for record in source.records():
            counted += 1
            if counted % 256 == 0:
                reporter.update(stats, source.estimate_total())
            if isinstance(record, SourceError):
                stats.add_error(record)
                _count(metrics, "error")
                continue
            if record.item_id in skip:
                stats.duplicates += 1
                _count(metrics, "duplicate")
                continue
            await pacer.wait(record.fetched_at)
            pending.append(await _send(producer, topic, record, headers))
            if len(pending) >= options.max_in_flight:
                await pending.popleft()
            stats.sent += 1
            if sent_ids is not None:  # live: an item twice in the source is sent once
                sent_ids.add(record.item_id)
                skip.add(record.item_id)
            _count(metrics, "sent")
        await producer.flush()
        for fut in pending:
            await fut  # raises if a send failed for good
    finally:
        await producer.stop()
        reporter.close(stats)
    return stats


async def _send(
    producer: AIOKafkaProducer, topic: str, item: NewsItem, headers: list[tuple[str, bytes]]
) -> asyncio.Future[Any]:
    fut: asyncio.Future[Any] = await producer.send(
        topic, key=item.item_id.encode(), value=dumps(item), headers=headers
    )
    return fut


def _count(metrics: Metrics | None, status: str) -> None:
    if metrics is not None:
        metrics.replay_items.labels(status=status).inc()


@dataclass
class _Tally:
    analysed: int = 0
    relevant: int = 0
    dead_letters: int = 0
    alerts: int = 0
    incident_ids: set[str] = field(default_factory=set)
    last_alert_at: float = 0.0


async def follow_worker(
    ns: Settings,
    *,
    sent: int,
    sent_ids: set[str] | None,
    since: datetime,
    timeout_s: float,
    settle_s: float = 3.0,
    worker_task: asyncio.Task[None] | None = None,
    progress: Callable[[int, int, int, int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> WorkerOutcome:
    """Read the namespace's analysed, dead-letter and alerts topics until the worker is done.

    Done: every sent item has a verdict (or a dead letter) and no alert has arrived for
    ``settle_s`` (incident clustering follows the verdicts through its own topic). Only records
    written since ``since`` count; with ``sent_ids`` (live namespace) only those items count.
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from monitor.kafka import client_kwargs

    topics = ns.topics
    consumer = AIOKafkaConsumer(
        **client_kwargs(ns), enable_auto_commit=False, max_poll_records=5000
    )
    await consumer.start()
    t0 = clock()
    tally = _Tally(last_alert_at=t0)
    since_ms = int(since.timestamp() * 1000)
    try:
        await consumer._client.force_metadata_update()
        tps = [
            TopicPartition(t, p)
            for t in (topics.analysed, topics.deadletter, topics.alerts)
            for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        consumer.assign(tps)
        # Start at the first record written since the replay began (a live namespace's topics
        # hold history); records are also filtered by timestamp, for brokers that answer
        # timestamp lookups loosely (Tansu answers offset 0).
        ends = await consumer.end_offsets(tps)  # first: a record after it is never skipped
        found = await consumer.offsets_for_times({tp: since_ms for tp in tps})
        for tp in tps:
            consumer.seek(tp, found[tp].offset if found.get(tp) else ends[tp])
        complete = False
        while clock() - t0 < timeout_s:
            batch = await consumer.getmany(timeout_ms=250)
            for tp, messages in batch.items():
                for msg in messages:
                    if msg.timestamp >= since_ms:
                        _tally(tally, topics, tp.topic, msg.key, msg.value, sent_ids, clock)
            if progress is not None:
                processed = tally.analysed + tally.dead_letters
                progress(processed, sent, len(tally.incident_ids), tally.alerts)
            if tally.analysed + tally.dead_letters >= sent and clock() - tally.last_alert_at >= (
                settle_s
            ):
                complete = True
                break
            if worker_task is not None and worker_task.done():
                log.error("the worker stopped before processing every item")
                break
    finally:
        await consumer.stop()
    return WorkerOutcome(
        analysed=tally.analysed,
        relevant=tally.relevant,
        dead_letters=tally.dead_letters,
        incidents=len(tally.incident_ids),
        alerts=tally.alerts,
        complete=complete,
        waited_s=clock() - t0,
    )


def _tally(
    tally: _Tally,
    topics: Any,
    topic: str,
    key: bytes | None,
    value: bytes | None,
    sent_ids: set[str] | None,
    clock: Callable[[], float],
) -> None:
    if topic == topics.alerts:
        try:
            alert = orjson.loads(value or b"null")
        except orjson.JSONDecodeError:
            return
        if not isinstance(alert, dict):
            return
        if sent_ids is not None and not any(
            r.get("item_id") in sent_ids for r in alert.get("reports") or () if isinstance(r, dict)
        ):
            return  # a live alert that no replayed item touched
        tally.alerts += 1
        tally.incident_ids.add(str(alert.get("incident_id")))
        tally.last_alert_at = clock()
        return
    item_id = key.decode("utf-8", "replace") if key else None
    if sent_ids is not None and item_id not in sent_ids:
        return
    if topic == topics.deadletter:
        tally.dead_letters += 1
        return
    tally.analysed += 1
    try:
        analysis = orjson.loads(value or b"null")
    except orjson.JSONDecodeError:
        return
    if isinstance(analysis, dict) and analysis.get("relevant") is True:
        tally.relevant += 1
