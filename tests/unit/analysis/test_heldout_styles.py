"""The outlet-styles held-out set (tests/data/heldout_styles): authored articles in the registers
and formats the first held-out set does not cover (Syrian state media, Axis and Iraqi faction
media, monitors, Gulf channels; feed items of a title and one sentence; breaking one-liners).

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_styles/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_styles" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25). Floors never go under the
#: bars of this set: relevance 0.80, admin1 0.75, casualties 0.70, sides 0.80, event types 0.70.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.933),
    "admin1": (0.95, 1.0),
    "casualties": (0.93, 0.875),
    "sides": (0.95, 0.969),
    "event_types": (0.93, 0.926),
}
#: Measured after the quality pass of issue 3 (engine marsad-ar-1.1): relevance 1.0, admin1 1.0,
#: casualties 1.0, sides 0.991, event types 1.0; the floors above were raised to keep those gains.
#: Metrics measured under their bar: xfail (non-strict) with the measured value as the reason.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_styles_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_styles", minimum=45)


def test_styles_set_mixes_formats_and_verdicts() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    breaking = [row for row in rows if row["title"].startswith("عاجل")]
    one_sentence = [row for row in rows if "\n" not in row["text"] and "." in row["text"][-1:]]
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert any(row["gold"]["ambiguous"] for row in rows)
    assert len(breaking) >= 4 and len(one_sentence) >= 10, "feed and breaking formats"


def test_styles_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_styles_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (styles)", result, metric, floor, measured)
