"""The poller service: every feed on its own schedule -> NewsItems on the raw topic.

>>> poller = Poller(settings, load_feeds("deploy/feeds.yaml"))     # doctest: +SKIP
>>> await poller.run()            # until poller.stop() (or cancellation); state is saved

``run()`` keeps one task per feed: fetch (conditional GET) -> parse -> normalise -> dedupe ->
publish (idempotent producer, acks=all) -> mark seen -> archive, then sleep for the feed's interval
(spread by jitter) or its backoff after failures (never shorter than a server's Retry-After).
``poll_once()`` does one round over every feed and returns a :class:`FeedReport` per feed.

At-least-once: an item is marked seen, and the document's ETag/Last-Modified remembered, only
after the broker acknowledged every new item of it. A broker that is down leaves them unmarked;
the next poll tries again. Nothing here raises for a bad feed or a missing broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType

import aiohttp
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError, KafkaError

from monitor.kafka import KafkaNotConfigured, ensure_topics, start_reliable_producer
from monitor.metrics import Metrics, default_metrics
from monitor.models import NewsItem, dumps
from monitor.poll.archive import ArchiveWriter
from monitor.poll.backoff import next_delay, parse_retry_after
from monitor.poll.feeds import Feed
from monitor.poll.fetch import FetchResult, fetch, new_session
from monitor.poll.parse import DocumentItems, ParseError, normalise_document
from monitor.poll.state import PollerState
from monitor.settings import Settings

__all__ = ["FeedReport", "Poller"]

log = logging.getLogger(__name__)

HEALTHY = ("ok", "not_modified")
PUBLISH_TIMEOUT_S = 30.0
"""Longest wait for the broker to acknowledge one document's items before giving up for now."""
PUBLISH_RETRY_S = 30.0
"""After a failed publish the feed is polled again within this delay (or its interval)."""
STOP_GRACE_S = 5.0
"""On stop, polls in flight get this long to finish publishing before they are cancelled."""


def _describe(exc: BaseException) -> str:
    name, text = type(exc).__name__, str(exc)
    return text if text.startswith(name) else f"{name}: {text}" if text else name


@dataclass(frozen=True)
class FeedReport:
    """What one poll of one feed did."""

    feed_id: str
    outcome: str
    """Fetch outcome: ok, not_modified, http_error, timeout, parse_error, too_large, unreachable."""
    status: int | None = None
    error: str | None = None
    new: int = 0
    """Items published (acknowledged by the broker) for the first time."""
    duplicate: int = 0
    rejected: int = 0
    """Entries that could not become a NewsItem (nothing identifies them)."""
    unpublished: int = 0
    """New items the broker did not acknowledge: they stay unseen and are retried."""
    publish_error: str | None = None
    received_bytes: int = 0
    duration_s: float = 0.0
    next_delay_s: float = 0.0

    @property
    def healthy(self) -> bool:
        return self.outcome in HEALTHY and self.unpublished == 0

    def line(self) -> str:
        """One readable summary line (``marsad poll --once``)."""
        head = f"{self.feed_id}: {self.outcome}"
        if self.status is not None:
            head += f" (HTTP {self.status})"
        parts = [f"{self.new} new", f"{self.duplicate} duplicate"]
        if self.rejected:
            parts.append(f"{self.rejected} rejected")
        if self.unpublished:
            parts.append(f"{self.unpublished} NOT published: {self.publish_error}")
        text = f"{head}, {', '.join(parts)}, {self.received_bytes} bytes in {self.duration_s:.2f} s"
        if self.error:
            text += f" - {self.error}"
        return text


class Poller:
    """Polls the feeds and publishes their new entries as NewsItems on ``settings.topics.raw``.

    ``feeds``: from :func:`~monitor.poll.feeds.load_feeds` (disabled ones are skipped).
    ``metrics``: default the process-wide :func:`~monitor.metrics.default_metrics`.
    ``clock`` (UTC now, for ``fetched_at``) and ``rand`` (jitter) are injectable for tests.
    State (seen-set, validators) lives in ``settings.state_dir``; the archive in
    ``settings.archive_path``. Use ``run()``/``stop()`` for the service, or ``poll_once()``.
    """

    publish_timeout_s: float = PUBLISH_TIMEOUT_S
    """How long the broker may take to acknowledge a record (an attribute: tests shorten it)."""

    def __init__(
        self,
        settings: Settings,
        feeds: Sequence[Feed],
        metrics: Metrics | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        rand: Callable[[], float] | None = None,
    ) -> None:
        self.settings = settings
        self.feeds = [f for f in feeds if f.enabled]
        self.metrics = metrics if metrics is not None else default_metrics()
        self.archive = ArchiveWriter(
            settings.archive_path,
            retention_days=settings.archive_retention_days,
            raw_documents=settings.archive_raw_documents,
        )
        self.reports: dict[str, FeedReport] = {}
        """The latest report of each feed."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._rand = rand or random.random
        self._state: PollerState | None = None
        self._session: aiohttp.ClientSession | None = None
        self._producer: AIOKafkaProducer | None = None
        self._producer_lock = asyncio.Lock()
        self._topics_ready = False
        self._broker_ok: bool | None = None
        self._fetch_slots = asyncio.Semaphore(settings.poll_concurrency)
        self._stopping = asyncio.Event()
        self._failures: dict[str, int] = {}
        self._last_state: dict[str, str] = {}
        self._warned_rejects: set[str] = set()
        self._scheduled = False  # run() schedules next polls; poll_once() does not

    # --- lifecycle ------------------------------------------------------------------------------

    async def open(self) -> None:
        """Open state, HTTP session; the producer starts on first use (broker may be down)."""
        if self._state is None:
            self._state = PollerState.in_dir(self.settings.state_dir, self.settings.seen_capacity)
        if self._session is None:
            self._session = new_session(self.settings.poll_concurrency)
        for feed in self.feeds:
            self.metrics.feed_interval.labels(feed.id).set(self._interval(feed))

    async def close(self) -> None:
        """Flush and stop the producer, close HTTP and state. Safe to call twice."""
        await self._drop_producer(flush=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._state is not None:
            self._state.close()
            self._state = None

    async def __aenter__(self) -> Poller:
        await self.open()
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def stop(self) -> None:
        """Ask ``run()`` to finish: polls in flight complete (up to a grace period), then it
        closes everything. Callable from a signal handler in the loop's thread."""
        self._stopping.set()

    async def run(self) -> None:
        """Poll every feed on its schedule until :meth:`stop` (or cancellation)."""
        await self.open()
        self._scheduled = True
        log.info(
            "polling %d feed(s) into %s (concurrency %d)",
            len(self.feeds),
            self.settings.topics.raw,
            self.settings.poll_concurrency,
        )
        # Create the raw topic and connect now (consumers may wait for the topic), without
        # delaying the first fetches: the first publish waits for this through the lock.
        warm_up = asyncio.create_task(self._warm_up(), name="marsad-poll:kafka")
        tasks = [
            asyncio.create_task(self._feed_loop(feed), name=f"marsad-poll:{feed.id}")
            for feed in self.feeds
        ]
        tasks.append(warm_up)
        try:
            await self._stopping.wait()
        finally:
            self._stopping.set()
            if tasks:
                _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE_S)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
            await self.close()
            log.info("poller stopped")

    async def poll_once(self) -> list[FeedReport]:
        """Poll every enabled feed once (concurrently, within the limit); one report each."""
        await self.open()
        return list(await asyncio.gather(*(self.poll_feed(feed) for feed in self.feeds)))

    # --- one feed -------------------------------------------------------------------------------

    def _interval(self, feed: Feed) -> float:
        return feed.interval(self.settings.default_interval_s)

    async def _feed_loop(self, feed: Feed) -> None:
        while not self._stopping.is_set():
            try:
                report = await self.poll_feed(feed)
                delay = report.next_delay_s
            except Exception:  # a bug must not end the feed's schedule silently
                log.exception("feed %s: unexpected error while polling", feed.id)
                delay = self._interval(feed)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=delay)

    async def poll_feed(self, feed: Feed) -> FeedReport:
        """Fetch, parse, dedupe and publish one feed once; never raises for feed/broker trouble."""
        if self._state is None or self._session is None:
            await self.open()
        assert self._state is not None and self._session is not None
        started = time.perf_counter()
        doc: DocumentItems | None = None
        async with self._fetch_slots:
            result = await fetch(
                self._session,
                feed.url,
                self._state.validators(feed.id),
                timeout_s=self.settings.fetch_timeout_s,
                max_bytes=self.settings.fetch_max_bytes,
            )
            fetched_at = self._clock()
            outcome, error = result.outcome, result.error
            if outcome == "ok":
                self._keep_raw(feed, fetched_at, result.body)
                try:
                    doc = await asyncio.to_thread(
                        normalise_document,
                        result.body,
                        {"content-location": result.url, **result.headers},
                        feed_id=feed.id,
                        outlet=feed.outlet,
                        fetched_at=fetched_at,
                        configured_lang=feed.lang,
                    )
                except ParseError as exc:
                    outcome, error = "parse_error", str(exc)
                except Exception as exc:  # a parser bug is this feed's problem, not the poller's
                    log.exception("feed %s: unexpected error parsing the document", feed.id)
                    outcome, error = "parse_error", f"unexpected {type(exc).__name__}: {exc}"
        duration = time.perf_counter() - started
        self._count_fetch(feed, result, outcome, duration)
        report = FeedReport(
            feed_id=feed.id,
            outcome=outcome,
            status=result.status,
            error=error,
            received_bytes=result.received_bytes,
            duration_s=duration,
        )
        if doc is not None:
            report = await self._publish_document(feed, result, doc, report)
        report = replace(report, next_delay_s=self._schedule(feed, report, result))
        self._log_transition(feed, report)
        self.reports[feed.id] = report
        return report

    def _count_fetch(self, feed: Feed, result: FetchResult, outcome: str, duration: float) -> None:
        m = self.metrics
        m.fetches.labels(feed.id, outcome).inc()
        m.fetch_duration.labels(feed.id).observe(duration)
        if result.received_bytes:
            m.fetched_bytes.labels(feed.id).inc(result.received_bytes)
        if outcome in HEALTHY:
            m.last_success.labels(feed.id).set(time.time())

    def _keep_raw(self, feed: Feed, fetched_at: datetime, body: bytes) -> None:
        try:
            self.archive.write_raw(feed.id, fetched_at, body)
        except OSError as exc:
            log.error("feed %s: cannot archive the raw document: %s", feed.id, exc)

    async def _publish_document(
        self, feed: Feed, result: FetchResult, doc: DocumentItems, report: FeedReport
    ) -> FeedReport:
        assert self._state is not None
        m = self.metrics
        if doc.rejected:
            m.feed_items.labels(feed.id, "rejected").inc(len(doc.rejected))
            if feed.id not in self._warned_rejects:  # once per feed: it repeats every poll
                self._warned_rejects.add(feed.id)
                log.warning(
                    "feed %s: %d entr%s left out: %s",
                    feed.id,
                    len(doc.rejected),
                    "y" if len(doc.rejected) == 1 else "ies",
                    "; ".join(doc.rejected[:3]),
                )
        unseen, seen = self._state.split_seen([n.item.item_id for n in doc.items])
        fresh = set(unseen)
        new = [n for n in doc.items if n.item.item_id in fresh]
        for norm in new:
            for name in norm.truncated:
                m.truncated_fields.labels(feed.id, name).inc()
        if any(n.truncated for n in new):
            log.warning(
                "feed %s: cut oversized fields of %d item(s) to their limits",
                feed.id,
                sum(1 for n in new if n.truncated),
            )
        acked, publish_error = await self._publish([n.item for n in new])
        self._state.mark_seen(item.item_id for item in acked)
        await self._archive(feed, acked)
        duplicate = len(seen) + doc.repeated
        if acked:
            m.feed_items.labels(feed.id, "new").inc(len(acked))
        if duplicate:
            m.feed_items.labels(feed.id, "duplicate").inc(duplicate)
        unpublished = len(new) - len(acked)
        if not unpublished:
            # Only now is the document fully handled: a 304 next time loses nothing.
            self._state.set_validators(feed.id, result.validators)
        return replace(
            report,
            new=len(acked),
            duplicate=duplicate,
            rejected=len(doc.rejected),
            unpublished=unpublished,
            publish_error=publish_error,
        )

    async def _archive(self, feed: Feed, items: list[NewsItem]) -> None:
        if not items:
            return
        try:
            await asyncio.to_thread(self.archive.append, items)
        except OSError as exc:
            log.error("feed %s: %d published item(s) not archived: %s", feed.id, len(items), exc)

    def _schedule(self, feed: Feed, report: FeedReport, result: FetchResult) -> float:
        interval = self._interval(feed)
        ok = report.outcome in HEALTHY
        failures = 0 if ok else self._failures.get(feed.id, 0) + 1
        self._failures[feed.id] = failures
        delay = next_delay(
            ok=ok,
            failures=failures,
            interval_s=interval,
            retry_after_s=parse_retry_after(result.retry_after, self._clock()),
            rand=self._rand(),
        )
        if report.unpublished:
            delay = min(delay, min(interval, PUBLISH_RETRY_S) * (0.8 + 0.4 * self._rand()))
        return delay

    def _log_transition(self, feed: Feed, report: FeedReport) -> None:
        """Log a feed's trouble once when it starts or changes, and its recovery; not each retry."""
        state = "ok" if report.outcome in HEALTHY else report.outcome
        previous = self._last_state.get(feed.id)
        self._last_state[feed.id] = state
        if state == previous:
            if state != "ok":
                log.debug("feed %s still failing: %s", feed.id, report.error)
            return
        if state == "ok":
            if previous is not None:
                log.info("feed %s recovered (%s)", feed.id, report.outcome)
            return
        level = logging.ERROR if report.outcome != "parse_error" else logging.WARNING
        retry = f"; next attempt in {report.next_delay_s:.0f} s" if self._scheduled else ""
        log.log(
            level, "feed %s (%s): %s: %s%s", feed.id, feed.url, report.outcome, report.error, retry
        )

    # --- Kafka ----------------------------------------------------------------------------------

    async def _warm_up(self) -> None:
        try:
            async with asyncio.timeout(self.publish_timeout_s):
                await self._ensure_topic()
                await self._ensure_producer()
        except (KafkaError, OSError, TimeoutError, KafkaNotConfigured, ValueError) as exc:
            log.warning(
                "Kafka not reachable yet (%s); polling anyway, items are published once it is",
                exc or type(exc).__name__,
            )

    async def _ensure_topic(self) -> None:
        if self._topics_ready:
            return
        try:
            await ensure_topics(self.settings, [self.settings.topics.raw])
        except KafkaConnectionError:
            raise
        except KafkaError as exc:
            # E.g. no CreateTopics permission on a managed cluster: the topic may well exist.
            log.warning("cannot ensure topic %s: %s", self.settings.topics.raw, exc)
        self._topics_ready = True

    async def _ensure_producer(self) -> AIOKafkaProducer:
        async with self._producer_lock:
            if self._producer is None:
                # The producer gives up on a record after request_timeout_ms: a record we report
                # as unpublished (and send again next poll) is not delivered later as well.
                self._producer = await start_reliable_producer(
                    self.settings,
                    request_timeout_ms=int(self.publish_timeout_s * 1000),
                    # aiokafka logs every failed retry; 1 s between them keeps an outage readable.
                    retry_backoff_ms=1000,
                )
            return self._producer

    async def _drop_producer(self, *, flush: bool) -> None:
        producer, self._producer = self._producer, None
        if producer is None:
            return
        try:
            timeout = self.publish_timeout_s if flush else 5.0
            await asyncio.wait_for(producer.stop(), timeout=timeout)
        except (TimeoutError, KafkaError, OSError) as exc:
            log.warning("Kafka producer did not stop cleanly: %s", exc or type(exc).__name__)

    async def _publish(self, items: list[NewsItem]) -> tuple[list[NewsItem], str | None]:
        """Send items keyed by item_id; returns the acknowledged ones and the error, if any.

        A broker that is down makes each record fail after ``publish_timeout_s`` (the producer's
        request timeout); the producer is kept and reconnects by itself when the broker is back.
        """
        if not items:
            return [], None
        topic = self.settings.topics.raw
        acked: list[NewsItem] = []
        error: str | None = None
        stuck = False
        try:
            # Safety net above the producer's own timeouts (metadata wait + delivery).
            async with asyncio.timeout(self.publish_timeout_s * 2 + 5):
                await self._ensure_topic()
                producer = await self._ensure_producer()
                futures = [
                    await producer.send(topic, value=dumps(item), key=item.item_id.encode())
                    for item in items
                ]
                results = await asyncio.gather(*futures, return_exceptions=True)
            for item, res in zip(items, results, strict=True):
                if isinstance(res, BaseException):
                    error = _describe(res)
                else:
                    acked.append(item)
        except TimeoutError:
            error, stuck = "TimeoutError: no answer from the broker", True
        except (KafkaError, OSError, KafkaNotConfigured, ValueError) as exc:
            error = _describe(exc)
        if error is not None:
            if self._broker_ok is not False:
                log.error(
                    "cannot publish to %s (%s): %d item(s) kept unseen, retried on the next poll",
                    topic,
                    error,
                    len(items) - len(acked),
                )
            self._broker_ok = False
            self._topics_ready = False  # a broker that comes back empty needs its topic again
            if stuck:  # the producer did not give up by itself: start afresh next time
                await self._drop_producer(flush=False)
        elif self._broker_ok is False:
            log.info("publishing to %s works again", topic)
            self._broker_ok = True
        else:
            self._broker_ok = True
        return acked, error
