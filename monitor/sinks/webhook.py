"""The webhook sink: POST every alert to an HTTP endpoint (generic JSON or Slack-compatible).

Reads the alerts topic in its own consumer group (``<worker_group>.webhook`` unless given), in
partition order, and commits an offset only after the alert was delivered or dead-lettered, so a
crash re-delivers rather than loses (at least once; the ``Idempotency-Key`` header and the body's
``alert_id`` let the receiver drop a repeat). A fresh group starts at the end of the topic (it does
not replay history into a chat channel) unless ``from_beginning``.

Delivery: a 2xx response is success. Network errors, timeouts, 408, 429 and 5xx are retried with
exponential backoff and full jitter (``backoff_base_s * 2**n`` capped at ``backoff_max_s``); a 429
or 503 ``Retry-After`` (seconds or an HTTP date) is honoured up to ``retry_after_max_s``. After
``max_attempts`` attempts, or at once for another 4xx (the request itself is wrong), a
:class:`~monitor.models.DeadLetter` (stage ``webhook``) goes to the dead-letter topic with the
alert as its original. Metric ``marsad_webhook_deliveries_total{outcome=ok|retry|failed}``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from monitor.metrics import Metrics, default_metrics
from monitor.models import Alert, DeadLetter, RecordError, dumps, loads_alert
from monitor.settings import Settings
from monitor.sinks.render import slack_payload
from monitor.sinks.tail import SeenIds

__all__ = ["DeliveryFailed", "WebhookSink", "retry_after_s"]

log = logging.getLogger(__name__)

_RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


class _Interrupted(Exception):
    """The sink is stopping in the middle of a delivery."""


class DeliveryFailed(Exception):
    """An alert could not be delivered; ``reason`` is the dead letter's reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def retry_after_s(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class WebhookSink:
    """Consume alerts and POST them to ``url``; ``await run()``, ``await stop()``."""

    def __init__(
        self,
        settings: Settings,
        *,
        url: str | None = None,
        fmt: str | None = None,
        metrics: Metrics | None = None,
        group_id: str | None = None,
        from_beginning: bool = False,
        max_attempts: int = 5,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 30.0,
        retry_after_max_s: float = 300.0,
        timeout_s: float = 10.0,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.url = url or settings.webhook_url
        if not self.url or not self.url.startswith(("http://", "https://")):
            raise ValueError(
                f"webhook URL must be http(s)://... (MARSAD_WEBHOOK_URL or --url), got {self.url!r}"
            )
        self.fmt = fmt or settings.webhook_format
        if self.fmt not in ("json", "slack"):
            raise ValueError(f"webhook format must be 'json' or 'slack', got {self.fmt!r}")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.metrics = metrics if metrics is not None else default_metrics()
        self.group_id = group_id or f"{settings.worker_group}.webhook"
        self.from_beginning = from_beginning
        self.max_attempts = max_attempts
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.retry_after_max_s = retry_after_max_s
        self.timeout_s = timeout_s
        self._rng = rng or random.Random()
        self._stop = asyncio.Event()
        self._seen = SeenIds()
        self.delivered = 0
        self.dead_lettered = 0
        self.processed = 0
        """Records handled and committed (delivered, skipped as repeats or dead-lettered)."""
        self.assigned = asyncio.Event()
        """Set once the consumer holds its partitions and knows where it starts: alerts produced
        after this are delivered even by a new group that starts at the end of the topic."""

    async def stop(self) -> None:
        """Finish the alert in hand (delivery or dead letter, then commit) and return."""
        self._stop.set()

    def payload(self, alert: Alert) -> bytes:
        if self.fmt == "slack":
            import orjson

            return orjson.dumps(slack_payload(alert))
        return dumps(alert)

    async def run(self) -> None:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        from monitor.kafka import client_kwargs, ensure_topics, start_reliable_producer

        topics = self.settings.topics
        await ensure_topics(self.settings, [topics.alerts, topics.deadletter])
        consumer = AIOKafkaConsumer(
            topics.alerts,
            **client_kwargs(self.settings),
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest" if self.from_beginning else "latest",
            session_timeout_ms=int(self.settings.worker_session_timeout_s * 1000),
            heartbeat_interval_ms=int(self.settings.worker_session_timeout_s * 1000 / 3),
        )
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        producer = await start_reliable_producer(self.settings)
        try:
            await consumer.start()
            await self._wait_assigned(consumer)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                while not self._stop.is_set():
                    batch = await consumer.getmany(timeout_ms=500)
                    for tp, records in batch.items():
                        for rec in records:
                            if self._stop.is_set():
                                return  # uncommitted: redelivered on the next start
                            try:
                                await self._handle(session, producer, rec)
                            except _Interrupted:
                                return
                            await consumer.commit(
                                {TopicPartition(tp.topic, tp.partition): rec.offset + 1}
                            )
                            self.processed += 1
        finally:
            await consumer.stop()
            await producer.stop()

    async def _wait_assigned(self, consumer: Any) -> None:
        # aiokafka joins the group in the background and resolves "latest" lazily; asking for
        # each position now pins the starting point before anyone relies on `assigned`.
        while not consumer.assignment():
            # aiokafka has no "assigned" event to await outside a rebalance listener.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=0.05)
            if self._stop.is_set():
                return
        for tp in consumer.assignment():
            await consumer.position(tp)
        self.assigned.set()

    async def _handle(self, session: aiohttp.ClientSession, producer: Any, rec: Any) -> None:
        where = (rec.topic, rec.partition, rec.offset)
        try:
            alert = loads_alert(rec.value or b"")
        except RecordError as exc:
            await self._dead_letter(producer, rec, exc.reason, exc.detail)
            return
        if not self._seen.add(alert.alert_id):
            log.debug("alert %s already delivered, skipped (%s[%d]@%d)", alert.alert_id, *where)
            return
        try:
            await self.deliver(session, alert)
        except DeliveryFailed as exc:
            await self._dead_letter(producer, rec, exc.reason, exc.detail)
        else:
            self.delivered += 1

    async def deliver(self, session: aiohttp.ClientSession, alert: Alert) -> None:
        """POST one alert with retries; raises :class:`DeliveryFailed` when it gives up."""
        body = self.payload(alert)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": alert.alert_id,
            "User-Agent": "marsad-webhook",
        }
        assert self.url is not None
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            try:
                async with session.post(self.url, data=body, headers=headers) as resp:
                    await resp.read()
                    if 200 <= resp.status < 300:
                        self.metrics.webhook_deliveries.labels("ok").inc()
                        return
                    last = f"HTTP {resp.status} from {self.url}"
                    if resp.status not in _RETRYABLE:
                        self.metrics.webhook_deliveries.labels("failed").inc()
                        raise DeliveryFailed("webhook_rejected", f"{last} (not retryable)")
                    wait = retry_after_s(resp.headers.get("Retry-After"), datetime.now(UTC))
            except (aiohttp.ClientError, TimeoutError) as exc:
                last = f"{type(exc).__name__}: {exc or 'timeout'} ({self.url})"
            if attempt == self.max_attempts:
                break
            self.metrics.webhook_deliveries.labels("retry").inc()
            delay = self._backoff(attempt) if wait is None else min(wait, self.retry_after_max_s)
            log.warning(
                "webhook %s attempt %d/%d failed (%s); retrying in %.2fs",
                alert.alert_id,
                attempt,
                self.max_attempts,
                last,
                delay,
            )
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=delay)
            except TimeoutError:
                continue
            raise _Interrupted  # stopping: leave it uncommitted, the next start delivers it
        self.metrics.webhook_deliveries.labels("failed").inc()
        raise DeliveryFailed("webhook_failed", f"gave up after {attempt} attempt(s): {last}")

    def _backoff(self, attempt: int) -> float:
        cap = min(self.backoff_max_s, self.backoff_base_s * 2 ** (attempt - 1))
        return self._rng.uniform(0, cap)  # full jitter: receivers see no synchronised bursts

    async def _dead_letter(self, producer: Any, rec: Any, reason: str, detail: str) -> None:
        value: bytes = rec.value or b""
        try:
            original, encoding = value.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            original, encoding = base64.b64encode(value).decode(), "base64"
        letter = DeadLetter(
            reason=reason,
            error=detail,
            stage="webhook",
            source_topic=rec.topic,
            partition=rec.partition,
            offset=rec.offset,
            key=rec.key.decode("utf-8", "replace") if rec.key else None,
            original=original,
            original_encoding=encoding,  # type: ignore[arg-type]
            failed_at=datetime.now(UTC),
        )
        await producer.send_and_wait(self.settings.topics.deadletter, dumps(letter), key=rec.key)
        self.metrics.dead_letters.labels("webhook", reason).inc()
        self.dead_lettered += 1
        log.error(
            "webhook: dead-lettered %s[%d]@%d: %s: %s",
            rec.topic,
            rec.partition,
            rec.offset,
            reason,
            detail,
        )
