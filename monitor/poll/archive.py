"""The on-disk archive of everything the poller published, and its reader.

Layout under ``settings.archive_path``::

    news-2024-02-03.jsonl.gz          NewsItems fetched that UTC day, one JSON object a line
    raw/2024-02-03/<feed>-101500123456.xml   the fetched feed documents (optional)

Each :meth:`ArchiveWriter.append` writes one complete gzip member and flushes it: a crash loses at
most the batch being written, never the file (a gzip file may hold many members; ``gzip``,
``zcat`` and :func:`iter_archive` read them all). Files older than the retention are deleted.

>>> for item in iter_archive(Path(".marsad/archive")):     # doctest: +SKIP
...     print(item.item_id, item.title)
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from monitor.models import NewsItem, RecordError, dumps, loads_news_item

__all__ = ["ArchiveError", "ArchiveWriter", "archive_files", "iter_archive"]

log = logging.getLogger(__name__)

_NEWS_FILE = re.compile(r"^news-(\d{4}-\d{2}-\d{2})\.jsonl(\.gz)?$")
_RAW_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class ArchiveError(ValueError):
    """A line of an archive file is unreadable; the message names the file and line."""

    def __init__(self, path: Path, line: int, detail: str) -> None:
        super().__init__(f"{path}:{line}: {detail}")
        self.path = path
        self.line = line
        self.detail = detail


class ArchiveWriter:
    """Appends published NewsItems to daily gzip JSON Lines files (by ``fetched_at`` UTC date).

    ``retention_days``: files of days older than that many days before the newest day written are
    deleted (0 keeps everything). ``raw_documents``: also keep fetched feed bodies.
    """

    def __init__(self, root: Path, retention_days: int = 30, raw_documents: bool = False) -> None:
        self.root = root
        self.retention_days = retention_days
        self.raw_documents = raw_documents
        self._newest: date | None = None
        # The poller appends from worker threads (one per feed poll): one writer at a time keeps
        # each gzip member contiguous in the file.
        self._lock = threading.Lock()

    def path_for(self, day: date) -> Path:
        return self.root / f"news-{day.isoformat()}.jsonl.gz"

    def append(self, items: Sequence[NewsItem]) -> None:
        """Write the items, one gzip member per day touched, flushed and fsynced."""
        if not items:
            return
        by_day: dict[date, list[bytes]] = {}
        for item in items:
            by_day.setdefault(item.fetched_at.date(), []).append(dumps(item) + b"\n")
        members = {
            day: gzip.compress(b"".join(lines), compresslevel=6, mtime=0)
            for day, lines in by_day.items()
        }
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            for day, member in sorted(members.items()):
                with self.path_for(day).open("ab") as fh:
                    fh.write(member)
                    fh.flush()
                    os.fsync(fh.fileno())
            self._advance(max(by_day))

    def write_raw(self, feed_id: str, fetched_at: datetime, body: bytes) -> Path | None:
        """Keep a fetched feed document (when enabled); returns its path."""
        if not self.raw_documents:
            return None
        day = fetched_at.date()
        folder = self.root / "raw" / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_SAFE.sub('_', feed_id)}-{fetched_at.strftime('%H%M%S%f')}.xml"
        tmp = path.with_suffix(".xml.tmp")
        tmp.write_bytes(body)
        os.replace(tmp, path)  # a reader never sees half a document
        with self._lock:
            self._advance(day)
        return path

    def _advance(self, day: date) -> None:
        if self._newest is None or day > self._newest:
            self._newest = day
            self.prune(day)

    def prune(self, today: date) -> list[Path]:
        """Delete archive files and raw folders older than the retention; returns what went."""
        if self.retention_days <= 0 or not self.root.is_dir():
            return []
        oldest_kept = today - timedelta(days=self.retention_days)
        removed: list[Path] = []
        for path in self.root.iterdir():
            match = _NEWS_FILE.match(path.name)
            if match and date.fromisoformat(match.group(1)) < oldest_kept:
                path.unlink(missing_ok=True)
                removed.append(path)
        raw = self.root / "raw"
        if raw.is_dir():
            for folder in raw.iterdir():
                if _RAW_DIR.match(folder.name) and date.fromisoformat(folder.name) < oldest_kept:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        if removed:
            log.info(
                "archive retention (%d days): removed %d old file(s)",
                self.retention_days,
                len(removed),
            )
        return removed


def archive_files(source: Path) -> list[Path]:
    """The JSON Lines files of ``source`` (a file, or a directory: ``*.jsonl[.gz]`` in name
    order, which for ``news-YYYY-MM-DD`` files is date order)."""
    if source.is_dir():
        return sorted(
            p
            for p in source.iterdir()
            if p.is_file() and (p.name.endswith(".jsonl") or p.name.endswith(".jsonl.gz"))
        )
    if source.is_file():
        return [source]
    raise FileNotFoundError(f"{source}: no such archive file or directory")


def _gzip_lines(path: Path) -> Iterator[bytes]:
    """Lines of a multi-member gzip file; a truncated last member (crash) yields what it holds
    in complete lines and logs a warning instead of failing the whole file."""
    pending = b""
    decomp = zlib.decompressobj(wbits=31)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            while chunk:
                out = decomp.decompress(chunk)
                pending += out
                if decomp.eof:
                    chunk = decomp.unused_data
                    decomp = zlib.decompressobj(wbits=31)
                else:
                    chunk = b""
                *lines, pending = pending.split(b"\n")
                yield from lines
    if not decomp.eof and (pending or decomp.unconsumed_tail):
        log.warning(
            "%s: the last gzip member is incomplete (interrupted write); skipped its tail", path
        )
    elif pending.strip():
        yield pending


def _plain_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        for line in fh:
            yield line.rstrip(b"\n")


def iter_archive(
    source: Path | str | Iterable[Path | str],
    on_error: Callable[[ArchiveError], None] | None = None,
) -> Iterator[NewsItem]:
    """NewsItems from archive files or directories (``.jsonl`` and ``.jsonl.gz``), in order.

    A bad line raises :class:`ArchiveError` (file and line number), unless ``on_error`` is given:
    then it is called with the error and reading goes on. Blank lines are skipped.
    """
    sources = [Path(source)] if isinstance(source, str | Path) else [Path(s) for s in source]
    for src in sources:
        for path in archive_files(src):
            reader = _gzip_lines(path) if path.name.endswith(".gz") else _plain_lines(path)
            try:
                for number, line in enumerate(reader, start=1):
                    if not line.strip():
                        continue
                    try:
                        yield loads_news_item(line)
                    except RecordError as exc:
                        err = ArchiveError(path, number, str(exc))
                        if on_error is None:
                            raise err from None
                        on_error(err)
            except zlib.error as exc:
                err = ArchiveError(path, 0, f"corrupt gzip data: {exc}")
                if on_error is None:
                    raise err from None
                on_error(err)
