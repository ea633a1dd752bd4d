"""Where replayed items come from: archives, JSON Lines, recorded feed documents, Kafka topics.

Every source is an async iterator of :data:`Record`: a :class:`~monitor.models.NewsItem` or a
:class:`SourceError` that names the place (``file:line``, ``topic[partition]@offset``) and the
reason. Bad input never raises out of a source and never stops a replay: the runner counts and
reports it.

>>> src = open_source("archive/")                       # doctest: +SKIP
>>> async for record in src.records(): ...              # doctest: +SKIP

Source kinds (``kind="auto"`` picks by the SOURCE string):

- ``kafka:TOPIC`` -> :class:`KafkaTopicSource` (``since``/``until`` select by record timestamp);
- ``-`` or a ``.jsonl``/``.jsonl.gz``/``.ndjson`` file -> :class:`JsonLinesSource`;
- a directory holding ``*.jsonl[.gz]`` files (the poller's archive, ``news-YYYY-MM-DD.jsonl.gz``)
  -> :class:`JsonLinesSource` over those files in name (= date) order; its ``raw/`` folder of
  feed documents is not read (replay that folder itself to re-parse the documents);
- any other directory, or ``.xml``/``.rss``/``.atom`` files -> :class:`FeedDocumentsSource`.
"""

from __future__ import annotations

import gzip
import logging
import re
import sys
import zlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, Protocol

from monitor.models import NewsItem, RecordError, loads_news_item, loads_news_item_lenient

if TYPE_CHECKING:
    from monitor.settings import Settings

__all__ = [
    "FeedDocumentsSource",
    "JsonLinesSource",
    "KafkaTopicSource",
    "Record",
    "Source",
    "SourceError",
    "SourceKind",
    "TimeSpecError",
    "feed_id_from_name",
    "open_source",
    "parse_time_spec",
]

SourceKind = Literal["auto", "jsonl", "feeds", "kafka"]

_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".feed", ".html", ".htm", ".txt")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceError:
    """One piece of input that could not become a NewsItem."""

    location: str
    """Where: ``path:line``, ``path`` (whole file) or ``topic[partition]@offset``."""
    reason: str
    """Short machine-readable reason: bad_json, invalid_record, unreadable, parse_error, ..."""
    detail: str
    """Human-readable explanation."""

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}: {self.detail}"


Record = NewsItem | SourceError


class Source(Protocol):
    """What the runner needs from a source."""

    description: str

    def estimate_total(self) -> int | None:
        """How many records to expect (for the ETA), or None when unknown. May read the input."""
        ...

    def records(self) -> AsyncIterator[Record]:
        """The records in replay order."""
        ...


class SourceOpenError(ValueError):
    """The SOURCE argument itself is unusable (missing path, unknown kind...)."""


# --- JSON Lines and the archive --------------------------------------------------------------


def _is_jsonl(path: Path) -> bool:
    return path.name.endswith(_JSONL_SUFFIXES)


def _open_binary(path: Path) -> BinaryIO:
    raw = path.open("rb")
    if path.name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


class JsonLinesSource:
    """NewsItem JSON Lines from files (plain or gzip) or stdin (``-``), in the order given.

    Blank lines are skipped; a line that is not a valid NewsItem becomes a :class:`SourceError`
    with ``file:line``; a truncated gzip stream ends that file with an error, and the next file
    is read.
    """

    def __init__(self, paths: Sequence[Path | str], *, stdin: BinaryIO | None = None) -> None:
        self.paths = [p if p == "-" else Path(p) for p in paths]
        self._stdin = stdin
        self._total: int | None = None
        shown = ", ".join(str(p) for p in self.paths[:3])
        more = f" (+{len(self.paths) - 3} more)" if len(self.paths) > 3 else ""
        self.description = f"JSON Lines {shown}{more}"

    def estimate_total(self) -> int | None:
        """Lines in the files (one decompressing pass, cached); None when reading stdin."""
        if self._total is None:
            self._total = self._count_lines()
        return self._total if self._total >= 0 else None

    def _count_lines(self) -> int:
        total = 0
        for path in self.paths:
            if path == "-":
                return -1
            assert isinstance(path, Path)
            try:
                with _open_binary(path) as fh:
                    total += sum(
                        chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")
                    )
            except (OSError, EOFError, zlib.error):
                continue  # records() reports the unreadable file
        return total

    async def records(self) -> AsyncIterator[Record]:
        for record in self.iter_records():
            yield record

    def iter_records(self) -> Iterator[Record]:
        """The same records, synchronously (``marsad replay`` uses :meth:`records`)."""
        for path in self.paths:
            if path == "-":
                stream = self._stdin if self._stdin is not None else sys.stdin.buffer
                yield from _lines(stream, "<stdin>")
                continue
            assert isinstance(path, Path)
            try:
                fh = _open_binary(path)
            except OSError as exc:
                yield SourceError(str(path), "unreadable", exc.strerror or str(exc))
                continue
            with fh:
                yield from _lines(fh, str(path))


def _lines(stream: BinaryIO, name: str) -> Iterator[Record]:
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                item, note = loads_news_item_lenient(line)
            except RecordError as exc:
                yield SourceError(f"{name}:{lineno}", exc.reason, exc.detail)
                continue
            if note:
                log.warning("%s:%d: %s", name, lineno, note)
            yield item
    except (OSError, EOFError, zlib.error) as exc:
        # gzip.BadGzipFile is an OSError; a truncated member raises EOFError.
        yield SourceError(
            f"{name}:{lineno + 1}", "unreadable", f"stopped reading this file: {exc or 'truncated'}"
        )


def _archive_files(directory: Path) -> list[Path]:
    """The JSON Lines files of an archive directory, oldest first (names carry the date)."""
    return sorted(p for p in directory.iterdir() if p.is_file() and _is_jsonl(p))


# --- recorded feed documents -----------------------------------------------------------------

_STAMP_RE = re.compile(r"^(?P<feed>.+?)(?:--|@)(?P<stamp>\d{8}T\d{6}(?:\.\d+)?Z?)$")
# The poller's raw archive: raw/2024-02-03/<feed>-101500123456.xml (HHMMSS + microseconds).
_POLLER_RE = re.compile(r"^(?P<feed>.+)-(?P<clock>\d{12})$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def feed_id_from_name(path: Path) -> tuple[str, datetime | None]:
    """The feed id and fetch time a recorded document's file name carries.

    - ``aljazeera.xml`` -> ``("aljazeera", None)``;
    - ``aljazeera--20240203T101500Z.xml`` (or ``@`` for ``--``) -> ``("aljazeera", 10:15 UTC)``;
    - the poller's raw archive, ``raw/2024-02-03/aljazeera-101500123456.xml`` ->
      ``("aljazeera", 2024-02-03 10:15:00.123456 UTC)``.

    Known document extensions (``.xml``, ``.rss``, ``.atom``, ``.gz``...) are removed; other dots
    stay part of the id.
    """
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in _FEED_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    match = _STAMP_RE.match(name)
    if match is not None:
        stamp = match["stamp"].rstrip("Z")
        fmt = "%Y%m%dT%H%M%S.%f" if "." in stamp else "%Y%m%dT%H%M%S"
        return match["feed"], datetime.strptime(stamp, fmt).replace(tzinfo=UTC)
    match = _POLLER_RE.match(name)
    if match is not None and _DAY_RE.match(path.parent.name):
        stamp = f"{path.parent.name}T{match['clock']}"
        return match["feed"], datetime.strptime(stamp, "%Y-%m-%dT%H%M%S%f").replace(tzinfo=UTC)
    return name, None


FeedParser = Callable[[bytes, str, datetime], tuple[list[NewsItem], list[str]]]
"""(document bytes, feed id, fetch time) -> (the document's NewsItems, why each unusable entry
was left out); raises ValueError when the document is no feed at all."""


@dataclass(frozen=True, slots=True)
class FeedDocument:
    path: Path
    feed_id: str
    fetched_at: datetime | None
    """From the file name; None: use the file's modification time."""


class FeedDocumentsSource:
    """Recorded RSS/Atom documents re-parsed into NewsItems by the poller's own code.

    The feed id comes from the file name (:func:`feed_id_from_name`), or from the folder when
    documents sit in ``<dir>/<feed_id>/``; ``feed_id`` overrides both. The fetch time is the
    one in the file name, else the file's modification time, so replaying the same files gives
    the same items. Documents are replayed in fetch-time order (then path), as the poller saw
    them. A document that cannot be parsed becomes one :class:`SourceError`, and so does every
    entry the normaliser rejects.
    """

    def __init__(
        self,
        paths: Sequence[Path | str],
        *,
        parse: FeedParser,
        feed_id: str | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self._parse = parse
        self._feed_id = feed_id
        self.description = "feed documents " + ", ".join(str(p) for p in self.paths[:3])

    def documents(self) -> list[FeedDocument]:
        """Every document, in replay order."""
        docs: list[tuple[float, str, FeedDocument]] = []
        for path in self.paths:
            is_dir = path.is_dir()
            for file in sorted(path.rglob("*")) if is_dir else [path]:
                if not file.is_file() or file.name.startswith(".") or file.name.endswith(".tmp"):
                    continue  # hidden files and the poller's half-written documents
                name_id, stamp = feed_id_from_name(file)
                folder = file.parent.name
                in_sub = is_dir and file.parent != path
                folder_id = folder if in_sub and not _DAY_RE.match(folder) else None
                doc = FeedDocument(file, self._feed_id or folder_id or name_id, stamp)
                try:
                    when = stamp.timestamp() if stamp else file.stat().st_mtime
                except OSError:
                    when = 0.0  # iter_records reports it
                docs.append((when, str(file), doc))
        docs.sort(key=lambda d: (d[0], d[1]))
        return [d[2] for d in docs]

    def estimate_total(self) -> int | None:
        return None  # items per document are unknown until parsed

    async def records(self) -> AsyncIterator[Record]:
        for record in self.iter_records():
            yield record

    def iter_records(self) -> Iterator[Record]:
        for doc in self.documents():
            path = doc.path
            try:
                body = path.read_bytes()
                if path.name.endswith(".gz"):
                    body = gzip.decompress(body)
                fetched_at = doc.fetched_at or datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except (OSError, EOFError, zlib.error) as exc:
                yield SourceError(str(path), "unreadable", str(exc))
                continue
            try:
                items, rejected = self._parse(body, doc.feed_id, fetched_at)
            except ValueError as exc:
                yield SourceError(str(path), "parse_error", str(exc) or type(exc).__name__)
                continue
            yield from items
            for problem in rejected:
                yield SourceError(str(path), "entry_rejected", problem)


# --- Kafka topic time range ------------------------------------------------------------------


class TimeSpecError(ValueError):
    """A --since/--until value is neither ISO 8601 nor a relative duration."""


_RELATIVE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*(?:ago)?\s*$", re.IGNORECASE)
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_time_spec(text: str, now: datetime) -> datetime:
    """``--since``/``--until`` value -> aware UTC datetime.

    Accepts ISO 8601 (``2024-02-03T10:00:00Z``, ``2024-02-03`` = midnight UTC; no zone = UTC)
    or a duration before ``now`` (``90s``, ``30m``, ``24h``, ``7d``, ``2w``).

    >>> now = datetime(2024, 2, 3, 12, 0, tzinfo=UTC)
    >>> parse_time_spec("24h", now).isoformat()
    '2024-02-02T12:00:00+00:00'
    >>> parse_time_spec("2024-02-01T08:00:00+03:00", now).isoformat()
    '2024-02-01T05:00:00+00:00'
    """
    match = _RELATIVE_RE.match(text)
    if match:
        return now - timedelta(seconds=float(match[1]) * _UNIT_S[match[2].lower()])
    try:
        value = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise TimeSpecError(
            f"{text!r} is not a time: use ISO 8601 (2024-02-03T10:00:00Z, 2024-02-03) "
            "or a duration before now (30m, 24h, 7d)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


class KafkaTopicSource:
    """NewsItems of a topic whose record timestamps lie in ``[since, until)``.

    Offsets come from ``offsets_for_times`` (start: first record at or after ``since``; end:
    first record at or after ``until``, else the end offsets captured at start). Records are
    also filtered by timestamp and a partition ends at the first record stamped after the
    replay started, or when the partition has nothing more: brokers that answer timestamp
    lookups or high watermarks loosely (Tansu) still give the exact range, and records
    appended while the replay runs are not replayed.
    """

    def __init__(
        self,
        settings: Settings,
        topic: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        started_at: datetime,
        idle_ms: int = 1500,
    ) -> None:
        if since is not None and until is not None and until <= since:
            raise SourceOpenError(f"--until ({until:%Y-%m-%dT%H:%M:%SZ}) is not after --since")
        self.settings = settings
        self.topic = topic
        self.since = since
        self.until = until
        self.started_at = started_at
        self._idle_ms = idle_ms
        self._total: int | None = None
        self._read = 0
        self.description = (
            f"kafka:{topic}"
            + (f" since {since:%Y-%m-%dT%H:%M:%SZ}" if since else "")
            + (f" until {until:%Y-%m-%dT%H:%M:%SZ}" if until else "")
        )

    def estimate_total(self) -> int | None:
        # Known once records() has resolved offsets; brokers with loose high watermarks (Tansu)
        # under-report it, and an estimate already passed is no estimate.
        if self._total is None or self._total < self._read:
            return None
        return self._total

    async def records(self) -> AsyncIterator[Record]:
        async for _key, value, where in self.raw_records():
            self._read += 1
            if value is None:
                yield SourceError(where, "empty_record", "record has no value (tombstone)")
                continue
            try:
                yield loads_news_item(value)
            except RecordError as exc:
                yield SourceError(where, exc.reason, exc.detail)

    async def raw_records(self) -> AsyncIterator[tuple[bytes | None, bytes | None, str]]:
        """(key, value, ``topic[partition]@offset``) of every record in the range."""
        from aiokafka import AIOKafkaConsumer, TopicPartition

        from monitor.kafka import client_kwargs

        consumer = AIOKafkaConsumer(
            **client_kwargs(self.settings),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=2000,
        )
        await consumer.start()
        try:
            parts = consumer.partitions_for_topic(self.topic)
            if parts is None:
                parts = await _partitions(consumer, self.topic)
            tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
            if not tps:
                return
            consumer.assign(tps)
            ends = await self._end_offsets(consumer, tps)
            starts = await self._start_offsets(consumer, tps)
            self._total = sum(max(0, ends[tp] - starts.get(tp, 0)) for tp in tps) or None
            lo = _ms(self.since) if self.since else None
            hi = min(_ms(self.until) if self.until else 2**62, _ms(self.started_at))
            for tp in tps:
                consumer.seek(tp, starts[tp])
            async for tp, msg in self._merged(consumer, tps, ends, lo, hi):
                yield msg.key, msg.value, f"{tp.topic}[{tp.partition}]@{msg.offset}"
        finally:
            await consumer.stop()

    async def _merged(
        self, consumer: Any, tps: list[Any], ends: dict[Any, int], lo: int | None, hi: int
    ) -> AsyncIterator[tuple[Any, Any]]:
        """The partitions' in-range records merged by (timestamp, partition, offset).

        Fetch timing decides which partition's records arrive first; the merge makes the order
        a function of the topic's content only, so replaying a topic range twice feeds the
        worker the same sequence. A partition is exhausted when it yields nothing for the idle
        timeout or reaches a record past the range.
        """
        buffers: dict[Any, deque[Any]] = {tp: deque() for tp in tps}
        active = set(tps)
        while True:
            needed = [tp for tp in active if not buffers[tp]]
            if needed:
                batch = await consumer.getmany(*needed, timeout_ms=self._idle_ms)
                if not any(batch.values()):
                    active.difference_update(needed)  # caught up with the log
                for tp, messages in batch.items():
                    for msg in messages:
                        if msg.offset >= ends[tp] and msg.timestamp >= hi:
                            active.discard(tp)  # past the range (or written after the start)
                            consumer.pause(tp)
                            break
                        if (lo is None or msg.timestamp >= lo) and msg.timestamp < hi:
                            buffers[tp].append(msg)
                continue
            ready = [tp for tp in tps if buffers[tp]]
            if not ready:
                return
            tp = min(
                ready, key=lambda t: (buffers[t][0].timestamp, t.partition, buffers[t][0].offset)
            )
            yield tp, buffers[tp].popleft()

    async def _start_offsets(self, consumer: Any, tps: list[Any]) -> dict[Any, int]:
        begin: dict[Any, int] = await consumer.beginning_offsets(tps)
        if self.since is None:
            return begin
        found = await consumer.offsets_for_times({tp: _ms(self.since) for tp in tps})
        # None: no record at or after `since`; start at the end (still reading what arrives).
        return {tp: (found[tp].offset if found.get(tp) else begin[tp]) for tp in tps}

    async def _end_offsets(self, consumer: Any, tps: list[Any]) -> dict[Any, int]:
        ends: dict[Any, int] = await consumer.end_offsets(tps)
        if self.until is None:
            return ends
        found = await consumer.offsets_for_times({tp: _ms(self.until) for tp in tps})
        return {tp: (found[tp].offset if found.get(tp) else ends[tp]) for tp in tps}


async def _partitions(consumer: Any, topic: str) -> set[int]:
    await consumer._client.force_metadata_update()  # first use of the topic in this client
    parts = consumer.partitions_for_topic(topic)
    if parts is None:
        raise SourceOpenError(f"topic {topic!r} does not exist on the broker")
    return set(parts)


# --- choosing a source -------------------------------------------------------------------------


def open_source(
    spec: str | Sequence[str],
    *,
    kind: SourceKind = "auto",
    settings: Settings | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    started_at: datetime | None = None,
    feed_id: str | None = None,
    feed_parser: FeedParser | None = None,
    feeds_file: Path | None = None,
) -> Source:
    """The source for the SOURCE argument(s) of ``marsad replay``; raises SourceOpenError."""
    specs = [spec] if isinstance(spec, str) else list(spec)
    if not specs:
        raise SourceOpenError("no SOURCE given")
    if kind == "kafka" or (kind == "auto" and specs[0].startswith("kafka:")):
        if len(specs) != 1:
            raise SourceOpenError("a kafka:TOPIC source cannot be combined with other sources")
        topic = specs[0].removeprefix("kafka:")
        if not topic:
            raise SourceOpenError("kafka: source needs a topic name, e.g. kafka:marsad.news.raw")
        if settings is None:
            raise SourceOpenError("a kafka:TOPIC source needs broker settings")
        return KafkaTopicSource(
            settings, topic, since=since, until=until, started_at=started_at or datetime.now(UTC)
        )
    if since is not None or until is not None:
        raise SourceOpenError("--since/--until apply to kafka:TOPIC sources only")
    paths: list[Path] = []
    for s in specs:
        if s == "-":
            continue
        path = Path(s)
        if not path.exists():
            raise SourceOpenError(f"{s}: no such file or directory")
        paths.append(path)
    if kind == "auto":
        kind = _guess_kind(specs, paths)
    if kind == "jsonl":
        files: list[Path | str] = []
        for s in specs:
            if s != "-" and Path(s).is_dir():
                found = _archive_files(Path(s))
                if not found:
                    raise SourceOpenError(f"{s}: no *.jsonl or *.jsonl.gz files in this directory")
                files.extend(found)
            else:
                files.append(s)
        return JsonLinesSource(files)
    if "-" in specs:
        raise SourceOpenError("'-' (stdin) reads JSON Lines only")
    if feed_parser is None:
        feed_parser = default_feed_parser(feeds_file)
    return FeedDocumentsSource(paths, parse=feed_parser, feed_id=feed_id)


def _guess_kind(specs: Iterable[str], paths: Iterable[Path]) -> SourceKind:
    if "-" in specs:
        return "jsonl"
    for path in paths:
        if path.is_dir():
            if _archive_files(path):
                return "jsonl"
        elif _is_jsonl(path):
            return "jsonl"
    return "feeds"


def default_feed_parser(feeds_file: Path | None = None) -> FeedParser:
    """The poller's own parser and normaliser, so replayed items get the ids live ones got.

    ``feeds_file`` (the poller's feeds YAML) supplies each feed's outlet name and language;
    without it the outlet is the feed id.
    """
    from monitor.poll.feeds import load_feeds
    from monitor.poll.parse import normalise_document

    feeds = {f.id: f for f in load_feeds(feeds_file)} if feeds_file is not None else {}

    def parse(body: bytes, feed_id: str, fetched_at: datetime) -> tuple[list[NewsItem], list[str]]:
        feed = feeds.get(feed_id)
        doc = normalise_document(
            body,
            {},
            feed_id=feed_id,
            outlet=feed.outlet if feed is not None else feed_id,
            fetched_at=fetched_at,
            configured_lang=feed.lang if feed is not None else None,
        )
        return [n.item for n in doc.items], list(doc.rejected)

    return parse
