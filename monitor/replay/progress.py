"""Replay progress: counters, a rich bar on a terminal, plain periodic lines elsewhere, a summary.

Formatting is pure (:func:`format_progress_line`, :func:`format_summary`, :func:`eta_seconds`);
the reporters only decide when to print.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from monitor.replay.sources import SourceError

__all__ = [
    "PlainProgress",
    "ProgressReporter",
    "ReplayStats",
    "ReplaySummary",
    "RichProgress",
    "WorkerOutcome",
    "eta_seconds",
    "format_progress_line",
    "format_summary",
    "format_worker_line",
    "make_reporter",
]

MAX_ERROR_SAMPLES = 20


@dataclass(slots=True)
class ReplayStats:
    """Running counters of one replay (mutable; the runner owns it)."""

    sent: int = 0
    duplicates: int = 0
    errors: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    samples: list[SourceError] = field(default_factory=list)

    def add_error(self, error: SourceError) -> None:
        self.errors += 1
        self.reasons[error.reason] += 1
        if len(self.samples) < MAX_ERROR_SAMPLES:
            self.samples.append(error)


@dataclass(frozen=True, slots=True)
class WorkerOutcome:
    """What the worker made of the replayed items (``--wait``)."""

    analysed: int
    """Distinct replayed items with a verdict on the analysed topic."""
    relevant: int
    dead_letters: int
    incidents: int
    alerts: int
    complete: bool
    """False when ``--wait`` timed out before every item was analysed."""
    waited_s: float


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    """The closing numbers of one replay."""

    name: str
    prefix: str
    source: str
    sent: int
    duplicates: int
    errors: int
    reasons: tuple[tuple[str, int], ...]
    samples: tuple[SourceError, ...]
    elapsed_s: float
    worker: WorkerOutcome | None = None

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain values (``--summary-json``)."""
        out: dict[str, Any] = {
            "name": self.name,
            "prefix": self.prefix,
            "source": self.source,
            "sent": self.sent,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "error_reasons": dict(self.reasons),
            "error_samples": [str(e) for e in self.samples],
            "elapsed_s": round(self.elapsed_s, 3),
            "items_per_s": round(self.rate, 1),
        }
        if self.worker is not None:
            w = self.worker
            out["worker"] = {
                "analysed": w.analysed,
                "relevant": w.relevant,
                "dead_letters": w.dead_letters,
                "incidents": w.incidents,
                "alerts": w.alerts,
                "complete": w.complete,
                "waited_s": round(w.waited_s, 3),
            }
        return out


def eta_seconds(done: int, total: int | None, elapsed_s: float) -> float | None:
    """Seconds left at the average rate so far; None when unknown.

    >>> eta_seconds(250, 1000, 5.0)
    15.0
    """
    if total is None or done <= 0 or elapsed_s <= 0:
        return None
    return max(0.0, (total - done) * elapsed_s / done)


def _clock_text(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def format_progress_line(
    name: str,
    stats: ReplayStats,
    total: int | None,
    elapsed_s: float,
) -> str:
    """One plain progress line.

    >>> format_progress_line("x", ReplayStats(sent=500), 1000, 2.0)
    'replay x: 500/1000 sent (50%), 250 items/s, ETA 0:00:02, 0 duplicates, 0 errors'
    """
    done = stats.sent + stats.duplicates + stats.errors
    rate = stats.sent / elapsed_s if elapsed_s > 0 else 0.0
    if total:
        head = f"{stats.sent}/{total} sent ({min(100, done * 100 // total)}%)"
    else:
        head = f"{stats.sent} sent"
    eta = eta_seconds(done, total, elapsed_s)
    eta_text = f", ETA {_clock_text(eta)}" if eta is not None else ""
    return (
        f"replay {name}: {head}, {rate:.0f} items/s{eta_text}, "
        f"{stats.duplicates} duplicates, {stats.errors} errors"
    )


def format_summary(summary: ReplaySummary) -> str:
    """The closing summary, several lines."""
    lines = [
        f"replay {summary.name}: {summary.source} -> topics {summary.prefix}*",
        f"  items sent:          {summary.sent} in {summary.elapsed_s:.1f} s "
        f"({summary.rate:.0f} items/s)",
        f"  skipped duplicates:  {summary.duplicates}",
        f"  errors:              {summary.errors}",
    ]
    for reason, count in summary.reasons:
        lines.append(f"    {reason}: {count}")
    if summary.samples:
        shown = "first" if summary.errors > len(summary.samples) else "all"
        lines.append(f"  {shown} {len(summary.samples)} errors:")
        lines.extend(f"    {e}" for e in summary.samples)
    w = summary.worker
    if w is not None:
        state = "" if w.complete else f" (INCOMPLETE: --wait timed out after {w.waited_s:.0f} s)"
        lines.append(
            f"  worker:              {w.analysed} analysed ({w.relevant} relevant), "
            f"{w.incidents} incidents, {w.alerts} alerts, {w.dead_letters} dead letters{state}"
        )
    return "\n".join(lines)


class ProgressReporter(Protocol):
    """Sending: start, update..., close; then (when waiting) worker..., and finish at the end."""

    def start(self, name: str, total: int | None) -> None: ...

    def update(self, stats: ReplayStats, total: int | None = None) -> None: ...

    def close(self, stats: ReplayStats) -> None: ...

    def worker(self, processed: int, sent: int, incidents: int, alerts: int) -> None: ...

    def finish(self) -> None: ...


def format_worker_line(name: str, processed: int, sent: int, incidents: int, alerts: int) -> str:
    """One plain line while waiting for the worker.

    >>> format_worker_line("x", 40, 100, 2, 3)
    'replay x: worker processed 40/100 items, 2 incidents, 3 alerts so far'
    """
    return (
        f"replay {name}: worker processed {processed}/{sent} items, "
        f"{incidents} incidents, {alerts} alerts so far"
    )


class PlainProgress:
    """A line every ``interval_s`` (and a last one on close), for logs and pipes."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._interval = interval_s
        self._clock = clock
        self._name = ""
        self._total: int | None = None
        self._t0 = 0.0
        self._next = 0.0

    def start(self, name: str, total: int | None) -> None:
        self._name, self._total = name, total
        self._t0 = self._clock()
        self._next = self._t0 + self._interval

    def update(self, stats: ReplayStats, total: int | None = None) -> None:
        if total is not None:
            self._total = total
        now = self._clock()
        if now >= self._next:
            self._next = now + self._interval
            self._print(stats, now)

    def close(self, stats: ReplayStats) -> None:
        self._print(stats, self._clock())
        self._next = self._clock() + self._interval

    def worker(self, processed: int, sent: int, incidents: int, alerts: int) -> None:
        now = self._clock()
        if now >= self._next:
            self._next = now + self._interval
            line = format_worker_line(self._name, processed, sent, incidents, alerts)
            print(line, file=self._stream, flush=True)

    def finish(self) -> None:
        pass

    def _print(self, stats: ReplayStats, now: float) -> None:
        line = format_progress_line(self._name, stats, self._total, now - self._t0)
        print(line, file=self._stream, flush=True)


class RichProgress:
    """A progress bar with rate and ETA (rich), redrawn a few times a second."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:6.0f} items/s" if speed else "     - items/s")

        self._progress = Progress(
            TextColumn("replay [bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[extra]}"),
            console=Console(file=stream if stream is not None else sys.stderr),
            transient=False,
        )
        self._task: Any = None
        self._worker_task: Any = None
        self._name = ""

    def start(self, name: str, total: int | None) -> None:
        self._name = name
        self._progress.start()
        self._task = self._progress.add_task(name, total=total, extra="")

    def update(self, stats: ReplayStats, total: int | None = None) -> None:
        done = stats.sent + stats.duplicates + stats.errors
        extra = f"{stats.duplicates} dup, {stats.errors} err"
        if total is not None:
            self._progress.update(self._task, completed=done, total=total, extra=extra)
        else:
            self._progress.update(self._task, completed=done, extra=extra)

    def close(self, stats: ReplayStats) -> None:
        self.update(stats)

    def worker(self, processed: int, sent: int, incidents: int, alerts: int) -> None:
        extra = f"{incidents} incidents, {alerts} alerts"
        if self._worker_task is None:
            self._worker_task = self._progress.add_task(
                f"{self._name} (worker)", total=sent, extra=extra
            )
        self._progress.update(self._worker_task, completed=min(processed, sent), extra=extra)

    def finish(self) -> None:
        self._progress.stop()


def make_reporter(stream: TextIO | None = None, *, interval_s: float = 5.0) -> ProgressReporter:
    """Rich bar when ``stream`` (default stderr) is a terminal, plain lines otherwise."""
    out = stream if stream is not None else sys.stderr
    if out.isatty():
        return RichProgress(out)
    return PlainProgress(out, interval_s=interval_s)
