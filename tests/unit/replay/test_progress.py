"""Progress lines, ETA, the plain reporter with an injected clock, and the closing summary."""

from __future__ import annotations

import io

import pytest

from monitor.replay.progress import (
    MAX_ERROR_SAMPLES,
    PlainProgress,
    ReplayStats,
    ReplaySummary,
    RichProgress,
    WorkerOutcome,
    eta_seconds,
    format_progress_line,
    format_summary,
    make_reporter,
)
from monitor.replay.sources import SourceError


def test_eta() -> None:
    assert eta_seconds(0, 100, 1.0) is None
    assert eta_seconds(10, None, 1.0) is None
    assert eta_seconds(50, 100, 10.0) == pytest.approx(10.0)
    assert eta_seconds(120, 100, 10.0) == 0.0  # estimate exceeded: never negative


def test_progress_line_without_total() -> None:
    stats = ReplayStats(sent=30, duplicates=2)
    assert format_progress_line("n", stats, None, 3.0) == (
        "replay n: 30 sent, 10 items/s, 2 duplicates, 0 errors"
    )


def test_stats_keep_bounded_samples_but_count_everything() -> None:
    stats = ReplayStats()
    for i in range(MAX_ERROR_SAMPLES + 5):
        stats.add_error(SourceError(f"f.jsonl:{i}", "bad_json" if i % 2 else "invalid_record", "x"))
    assert stats.errors == MAX_ERROR_SAMPLES + 5
    assert len(stats.samples) == MAX_ERROR_SAMPLES
    assert stats.reasons["bad_json"] + stats.reasons["invalid_record"] == stats.errors


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_progress_prints_periodically_and_on_close() -> None:
    out = io.StringIO()
    clock = Clock()
    reporter = PlainProgress(out, interval_s=5.0, clock=clock)
    reporter.start("audit", 100)
    stats = ReplayStats()
    for step in range(1, 13):  # 12 updates, one per second
        clock.now = float(step)
        stats.sent = step * 5
        reporter.update(stats)
    reporter.close(stats)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # at 5 s, at 10 s, and the closing one
    assert lines[0].startswith("replay audit: 25/100 sent (25%), 5 items/s, ETA 0:00:15")
    assert lines[-1].startswith("replay audit: 60/100 sent (60%)")


def test_plain_progress_follows_the_worker_after_sending() -> None:
    out = io.StringIO()
    clock = Clock()
    reporter = PlainProgress(out, interval_s=5.0, clock=clock)
    reporter.start("audit", 10)
    reporter.close(ReplayStats(sent=10))
    for step in range(1, 11):
        clock.now = float(step)
        reporter.worker(step, 10, 1, step // 2)
    reporter.finish()
    lines = out.getvalue().splitlines()
    assert lines[1:] == [
        "replay audit: worker processed 5/10 items, 1 incidents, 2 alerts so far",
        "replay audit: worker processed 10/10 items, 1 incidents, 5 alerts so far",
    ]


def test_make_reporter_plain_when_not_a_tty() -> None:
    assert isinstance(make_reporter(io.StringIO()), PlainProgress)


def test_rich_progress_renders_rate_and_counts() -> None:
    out = io.StringIO()
    reporter = RichProgress(out)
    reporter.start("audit", 10)
    reporter.update(ReplayStats(sent=4, errors=1))
    reporter.close(ReplayStats(sent=9, errors=1))
    reporter.worker(7, 9, 2, 3)
    reporter.finish()
    text = out.getvalue()
    assert "10/10" in text and "audit" in text and "1 err" in text
    assert "audit (worker)" in text and "7/9" in text and "2 incidents, 3 alerts" in text


def test_summary_lists_reasons_samples_and_worker() -> None:
    summary = ReplaySummary(
        name="feb3",
        prefix="marsad.replay.feb3.",
        source="JSON Lines a.jsonl",
        sent=98,
        duplicates=1,
        errors=2,
        reasons=(("bad_json", 1), ("invalid_record", 1)),
        samples=(
            SourceError("a.jsonl:7", "bad_json", "unexpected character"),
            SourceError("a.jsonl:9", "invalid_record", "feed_id: Field required"),
        ),
        elapsed_s=2.0,
        worker=WorkerOutcome(
            analysed=98,
            relevant=12,
            dead_letters=0,
            incidents=4,
            alerts=7,
            complete=True,
            waited_s=1.5,
        ),
    )
    text = format_summary(summary)
    assert "items sent:          98 in 2.0 s (49 items/s)" in text
    assert "skipped duplicates:  1" in text
    assert "bad_json: 1" in text and "a.jsonl:9: invalid_record: feed_id: Field required" in text
    assert "98 analysed (12 relevant), 4 incidents, 7 alerts, 0 dead letters" in text
    assert "INCOMPLETE" not in text
    d = summary.as_dict()
    assert d["worker"]["incidents"] == 4 and d["error_reasons"] == {
        "bad_json": 1,
        "invalid_record": 1,
    }
