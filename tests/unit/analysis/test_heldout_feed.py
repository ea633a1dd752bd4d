"""The RSS-feed held-out set (tests/data/heldout_feed): authored feed items of a title and a short
summary (1-3 sentences), as the poller really receives them: truncated summaries ("...", "[…]"),
HTML leftovers ("&nbsp;", "&hellip;", "اقرأ المزيد"), summaries that repeat the title, and titles
that carry the key fact while the summary only gives context.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per item of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_feed/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_feed" / "articles.jsonl"

#: metric -> (floor, measured when the set was written: 2026-11-25, commit b1413c8, engine
#: marsad-ar-1.2). Floors never go under the project minimum: relevance 0.85, admin1 0.8,
#: casualties 0.75, sides 0.8, event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.977),
    "admin1": (0.95, 0.98),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.991, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_feed_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_feed", minimum=45)


def test_feed_items_are_short_summaries_with_feed_noise() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    noisy = [
        row for row in rows if any(m in row["text"] for m in ("&nbsp;", "&hellip;", "اقرأ المزيد"))
    ]
    truncated = [
        row for row in rows if row["text"].rstrip().endswith(("...", "[...]", "[&hellip;]"))
    ]
    repeats = [row for row in rows if row["text"].startswith(row["title"])]
    assert all(100 <= len(row["text"]) <= 600 for row in rows), "a feed summary is 100-600 chars"
    assert all(row["text"].count("\n") == 0 for row in rows), "a feed summary is one paragraph"
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert any(row["gold"]["ambiguous"] for row in rows)
    assert len(noisy) >= 4 and len(truncated) >= 3 and repeats, "feed formats"


def test_feed_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_feed_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (feed)", result, metric, floor, measured)
