"""What the worker does with one record, free of Faust and of the broker.

The agents (:mod:`streams.agents`) are thin loops: they turn Faust events into
:class:`SourceRecord` values, hand them to :class:`RawProcessor` / :class:`RouteProcessor`, and
deliver the :class:`Outgoing` records these return. Everything that can go wrong with one record
(bad JSON, a record that breaks the NewsItem contract, an exception inside the analysis or the
incident engine) becomes a :class:`~monitor.models.DeadLetter` here, so a bad record never stops
the stream.

The wall clock is read only where the contract asks for it (``DeadLetter.failed_at``) and through
an injected ``now`` callable, so tests pin it.

>>> from datetime import UTC, datetime
>>> record = SourceRecord("marsad.news.raw", 0, 7, b"k", b"{not json")
>>> dl = build_dead_letter(record, reason="bad_json", error="unexpected character",
...                        stage="worker.analyse", failed_at=datetime(2024, 2, 3, tzinfo=UTC))
>>> (dl.source_topic, dl.offset, dl.original, dl.original_encoding)
('marsad.news.raw', 7, '{not json', 'utf-8')
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple, Protocol

from monitor.metrics import Metrics
from monitor.models import (
    REPLAY_HEADER,
    Alert,
    AnalysedItem,
    Analysis,
    DeadLetter,
    NewsItem,
    RecordError,
    dumps,
    loads_analysed_item,
    loads_news_item,
)
from monitor.settings import Topics

__all__ = [
    "MAX_ORIGINAL_BYTES",
    "NOT_ARABIC_FLAG",
    "REPLAY_HEADER",
    "AnalyserLike",
    "IncidentEngineLike",
    "Outgoing",
    "RawProcessor",
    "RouteProcessor",
    "RouteResult",
    "SourceRecord",
    "Verdict",
    "build_dead_letter",
    "dead_letter_output",
    "encode_original",
    "is_replay",
    "record_alert_metrics",
    "skipped_language_analysis",
    "undeliverable_letter",
    "verdict_of",
]

log = logging.getLogger(__name__)


#: Flag of the Analysis the language gate emits for items that are not Arabic.
NOT_ARABIC_FLAG = "not_arabic"

#: A dead letter keeps at most this much of the original value. Base64 grows it by a third and the
#: producer refuses records above ~1 MiB, so an oversized original would make the dead letter
#: itself undeliverable.
MAX_ORIGINAL_BYTES = 256 * 1024

#: How much text the language gate looks at: enough to tell the script, cheap on long bodies.
_GATE_SAMPLE_CHARS = 600

Verdict = Literal["relevant", "irrelevant", "skipped_language"]
Headers = tuple[tuple[str, bytes], ...]


class AnalyserLike(Protocol):
    """What the worker needs of :class:`monitor.analysis.Analyzer`."""

    def analyse(self, item: NewsItem) -> Analysis: ...


class IncidentEngineLike(Protocol):
    """What the worker needs of :class:`monitor.incidents.IncidentEngine`."""

    def cluster_key(self, item: NewsItem, analysis: Analysis) -> str: ...

    def observe(
        self, state: bytes | None, item: NewsItem, analysis: Analysis
    ) -> tuple[bytes, list[Alert]]: ...


class SourceRecord(NamedTuple):
    """One consumed record, as the processors see it."""

    topic: str
    """Topic it was read from."""
    partition: int
    """Partition it was read from."""
    offset: int
    """Its offset in that partition."""
    key: bytes | None
    """Raw key bytes (``None`` when the producer sent none)."""
    value: bytes | None
    """Raw value bytes (``None`` for a tombstone)."""
    headers: Headers = ()
    """Record headers, passed along to the incident stage."""


class Outgoing(NamedTuple):
    """One record to produce."""

    topic: str
    """Destination topic."""
    key: bytes | None
    """Key bytes; the default partitioner hashes it."""
    value: bytes
    """Value bytes (JSON)."""
    headers: Headers = ()
    """Headers to attach."""
    partition: int | None = None
    """Explicit partition (table changelogs); ``None`` lets the partitioner choose."""


def utc_now() -> datetime:
    """The wall clock, for ``failed_at`` (the default ``now`` of the processors)."""
    return datetime.now(UTC)


# --- dead letters -----------------------------------------------------------------------------


def encode_original(value: bytes | None) -> tuple[str, Literal["utf-8", "base64"], bool]:
    """The original value as dead-letter text: ``(text, encoding, truncated)``.

    UTF-8 values are kept readable; anything else is base64. Values above
    :data:`MAX_ORIGINAL_BYTES` are cut (at a character boundary when the value is UTF-8).
    """
    if value is None:
        return "", "utf-8", False
    truncated = len(value) > MAX_ORIGINAL_BYTES
    data = value[:MAX_ORIGINAL_BYTES] if truncated else value
    # A cut can split the last UTF-8 character (up to 3 bytes of it): drop those, keep it text.
    for trim in range(4 if truncated else 1):
        try:
            return data[: len(data) - trim].decode("utf-8"), "utf-8", truncated
        except UnicodeDecodeError:
            continue
    return base64.b64encode(data).decode("ascii"), "base64", truncated


def _noting_truncation(error: str, truncated: bool) -> str:
    if not truncated:
        return error
    return f"{error} (original truncated to its first {MAX_ORIGINAL_BYTES} bytes)"


def _key_text(key: bytes | None) -> str | None:
    return None if key is None else key.decode("utf-8", errors="backslashreplace")


def build_dead_letter(
    record: SourceRecord,
    *,
    reason: str,
    error: str,
    stage: str,
    failed_at: datetime,
) -> DeadLetter:
    """A DeadLetter naming where ``record`` came from, why it failed, and its original bytes."""
    original, encoding, truncated = encode_original(record.value)
    return DeadLetter(
        reason=reason,
        error=_noting_truncation(error, truncated),
        stage=stage,
        source_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=_key_text(record.key),
        original=original,
        original_encoding=encoding,
        failed_at=failed_at,
    )


def dead_letter_output(topics: Topics, letter: DeadLetter, key: bytes | None) -> Outgoing:
    """The dead letter as a record on the namespace's dead-letter topic (same key as the input)."""
    return Outgoing(topics.deadletter, key, dumps(letter))


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def undeliverable_letter(
    output: Outgoing, exc: BaseException, *, failed_at: datetime
) -> DeadLetter:
    """A dead letter for an output the broker refused for good (e.g. a record too large).

    It describes an output, not a consumed record: ``error`` names the destination topic and there
    is no source position.
    """
    original, encoding, truncated = encode_original(output.value)
    error = f"could not produce to {output.topic}: {_error_text(exc)}"
    return DeadLetter(
        reason="produce_failed",
        error=_noting_truncation(error, truncated),
        stage="worker.produce",
        key=_key_text(output.key),
        original=original,
        original_encoding=encoding,
        failed_at=failed_at,
    )


# --- language gate and verdicts ----------------------------------------------------------------


def skipped_language_analysis(item: NewsItem, engine_version: str) -> Analysis:
    """The Analysis of an item the language gate keeps out of the Arabic engine."""
    return Analysis(
        item_id=item.item_id,
        relevant=False,
        score=0.0,
        flags=(NOT_ARABIC_FLAG,),
        engine_version=engine_version,
    )


def gate_sample(item: NewsItem) -> str:
    """The text the language gate judges: title, summary and the start of the body.

    The script of the text decides, not the declared ``lang``: feeds of Arabic outlets often
    declare their CMS default (``en-us``), and the poller already derived ``lang`` from it.
    """
    return f"{item.title}\n{item.summary}\n{item.body[:_GATE_SAMPLE_CHARS]}"


def verdict_of(analysis: Analysis) -> Verdict:
    """The metric label of an Analysis."""
    if NOT_ARABIC_FLAG in analysis.flags:
        return "skipped_language"
    return "relevant" if analysis.relevant else "irrelevant"


def is_replay(headers: Iterable[tuple[str, bytes]]) -> bool:
    """True when the record was sent by ``marsad replay``."""
    return any(name == REPLAY_HEADER for name, _ in headers)


# --- stage 1: news.raw -> news.analysed (+ incident route) -------------------------------------


class RawProcessor:
    """Stage 1: decode a NewsItem, gate by language, analyse, route relevant items.

    Outputs per record: its Analysis on ``news.analysed`` (key = item_id) and, when relevant, an
    :class:`~monitor.models.AnalysedItem` on the incident route keyed by the engine's cluster key
    (so all reports of one incident meet in one partition and one table key). A record that cannot
    be decoded or analysed yields only a dead letter.
    """

    def __init__(
        self,
        topics: Topics,
        analyser: AnalyserLike,
        engine: IncidentEngineLike,
        *,
        is_arabic: Callable[[str], bool],
        engine_version: str,
        metrics: Metrics | None = None,
        now: Callable[[], datetime] = utc_now,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.topics = topics
        self.analyser = analyser
        self.engine = engine
        self.is_arabic = is_arabic
        self.engine_version = engine_version
        self.metrics = metrics
        self.now = now
        self.timer = timer

    def _dead(self, record: SourceRecord, reason: str, error: str, stage: str) -> Outgoing:
        letter = build_dead_letter(
            record, reason=reason, error=error, stage=stage, failed_at=self.now()
        )
        if self.metrics is not None:
            self.metrics.dead_letters.labels(stage, reason).inc()
        log.warning(
            "dead letter (%s/%s) for %s[%d]@%d: %s",
            stage,
            reason,
            record.topic,
            record.partition,
            record.offset,
            error,
        )
        return dead_letter_output(self.topics, letter, record.key)

    def process(self, record: SourceRecord) -> list[Outgoing]:
        """The records to produce for one ``news.raw`` record (never raises on bad input)."""
        if self.metrics is not None:
            self.metrics.records_consumed.labels(record.topic).inc()
        if record.value is None:
            return [self._dead(record, "empty_record", "record has no value", "worker.analyse")]
        try:
            item = loads_news_item(record.value)
        except RecordError as exc:
            return [self._dead(record, exc.reason, exc.detail, "worker.analyse")]

        try:
            if self.is_arabic(gate_sample(item)):
                started = self.timer()
                analysis = self.analyser.analyse(item)
                if self.metrics is not None:
                    self.metrics.analysis_duration.observe(self.timer() - started)
            else:
                analysis = skipped_language_analysis(item, self.engine_version)
        except Exception as exc:  # one item's failure must not stop the stream
            log.exception("analysis failed for item %s", item.item_id)
            return [self._dead(record, "analysis_error", _error_text(exc), "worker.analyse")]
        if self.metrics is not None:
            self.metrics.items_analysed.labels(verdict_of(analysis)).inc()

        key = item.item_id.encode("utf-8")
        out = [Outgoing(self.topics.analysed, key, dumps(analysis))]
        if analysis.relevant:
            try:
                cluster_key = self.engine.cluster_key(item, analysis)
            except Exception as exc:
                log.exception("cluster_key failed for item %s", item.item_id)
                out.append(
                    self._dead(record, "cluster_key_error", _error_text(exc), "worker.incidents")
                )
            else:
                envelope = AnalysedItem(item=item, analysis=analysis)
                out.append(
                    Outgoing(
                        self.topics.incident_route,
                        cluster_key.encode("utf-8"),
                        dumps(envelope),
                        headers=record.headers,
                    )
                )
        return out


# --- stage 2: incident route -> alerts --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RouteResult:
    """What observing one routed report produced."""

    state: bytes | None
    """The key's new state (``None``: unchanged, e.g. the record was dead-lettered)."""
    alerts: tuple[Alert, ...]
    """Alerts to publish (0..n)."""
    outputs: tuple[Outgoing, ...]
    """Records to produce: the alerts (key = incident_id) or a dead letter."""
    item: NewsItem | None
    """The report (for end-to-end latency), when it could be decoded."""
    replay: bool = False
    """The report came from ``marsad replay``."""


class RouteProcessor:
    """Stage 2: feed one routed report and its key's state to the incident engine."""

    def __init__(
        self,
        topics: Topics,
        engine: IncidentEngineLike,
        *,
        metrics: Metrics | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.topics = topics
        self.engine = engine
        self.metrics = metrics
        self.now = now

    def _dead(self, record: SourceRecord, reason: str, error: str) -> RouteResult:
        letter = build_dead_letter(
            record, reason=reason, error=error, stage="worker.incidents", failed_at=self.now()
        )
        if self.metrics is not None:
            self.metrics.dead_letters.labels("worker.incidents", reason).inc()
        log.warning(
            "dead letter (worker.incidents/%s) for %s[%d]@%d: %s",
            reason,
            record.topic,
            record.partition,
            record.offset,
            error,
        )
        return RouteResult(None, (), (dead_letter_output(self.topics, letter, record.key),), None)

    def process(self, record: SourceRecord, state: bytes | None) -> RouteResult:
        """Observe one routed report given its key's current state (never raises on bad input)."""
        if self.metrics is not None:
            self.metrics.records_consumed.labels(record.topic).inc()
        if record.value is None:
            return self._dead(record, "empty_record", "record has no value")
        try:
            envelope = loads_analysed_item(record.value)
        except RecordError as exc:
            return self._dead(record, exc.reason, exc.detail)
        try:
            new_state, alerts = self.engine.observe(state, envelope.item, envelope.analysis)
        except Exception as exc:
            log.exception("incident engine failed on item %s", envelope.item.item_id)
            return self._dead(record, "incident_error", _error_text(exc))
        outputs = tuple(
            Outgoing(self.topics.alerts, alert.incident_id.encode("utf-8"), dumps(alert))
            for alert in alerts
        )
        return RouteResult(
            new_state, tuple(alerts), outputs, envelope.item, is_replay(record.headers)
        )


def record_alert_metrics(
    metrics: Metrics, results: Sequence[RouteResult], produced_at: float
) -> None:
    """Count alerts once the broker has acknowledged them.

    ``produced_at`` is the wall clock (Unix seconds) after delivery: end-to-end latency runs from
    the report's ``fetched_at`` to that moment. Replayed reports carry historical ``fetched_at``
    values and are left out of the latency histogram.
    """
    for result in results:
        for alert in result.alerts:
            metrics.alerts.labels(alert.severity, alert.status).inc()
            for admin1 in alert.facts.admin1 or ("unknown",):
                metrics.alerts_by_admin1.labels(admin1).inc()
            if alert.status == "new":
                metrics.incidents.inc()
            if result.item is not None and not result.replay:
                latency = produced_at - result.item.fetched_at.timestamp()
                metrics.end_to_end_latency.observe(max(0.0, latency))


def headers_of(raw: Any) -> Headers:
    """Normalise Faust/aiokafka headers (list, tuple or mapping) to a tuple of pairs."""
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, dict) else raw
    return tuple((str(k), bytes(v) if v is not None else b"") for k, v in items)
