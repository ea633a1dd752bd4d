"""The long-form held-out set (tests/data/heldout_longform): authored articles of 1.5-5 KB in the
shape real outlets print them (a lead, officials' and factions' quotes, background paragraphs that
recount earlier incidents with their own numbers and places, analysts' views, "related news" tails),
weekly roundups mixing in-scope and out-of-scope incidents, analysis pieces and interviews.

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written and never under the
project minimum; a metric under its floor means the rules stopped generalising. Do not tune rules
per article of this set: fix the linguistic phenomenon behind a miss with a fixture of your own
elsewhere. See tests/data/heldout_longform/README.md (it lists every miss measured).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_longform" / "articles.jsonl"

#: metric -> (floor, measured when the set was written: 2026-11-25, commit e27588f). Relevance
#: (0.87), admin1 (0.893) and casualties (0.818) are under the issue's bars (0.95 / 0.90 / 0.90)
#: but above the project minimum (0.85 / 0.8 / 0.75), so their floors sit between the two.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.87),
    "admin1": (0.95, 0.893),
    "casualties": (0.93, 0.818),
    "sides": (0.97, 1.0),
    "event_types": (0.95, 0.903),
}
#: Measured after the rules were generalised against the phenomena this set revealed (datelines,
#: commentary pieces, drills, timelines of dated past incidents, the Iraqi side of the border,
#: superseded preliminary tolls...; each with its own fixture in test_phenomena.py): relevance
#: 1.0, admin1 1.0, casualties 0.955, sides 1.0, event types 0.982. The floors were raised to keep
#: those gains; the set is no longer an independent measure.
#: Metrics measured under the project minimum (relevance 0.85, admin1 0.8, casualties 0.75,
#: sides 0.8, event types 0.75): xfail (non-strict) with the measured value as the reason.
BELOW_MINIMUM: dict[str, str] = {}

#: Real outlets' long pages: nothing shorter than this many UTF-8 bytes.
MIN_BYTES = 1500


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_longform_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_longform", minimum=40)


def test_longform_set_is_long_and_mixed() -> None:
    rows = hs.read_rows(HELDOUT)
    short = [row["id"] for row in rows if len(row["text"].encode("utf-8")) < MIN_BYTES]
    assert not short, f"texts under {MIN_BYTES} bytes: {short}"
    assert all(row["text"].count("\n") >= 4 for row in rows), "several paragraphs per article"
    relevant = [row for row in rows if row["gold"]["relevant"]]
    assert 0.4 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert sum(row["gold"]["ambiguous"] for row in rows) >= 4
    assert all(row["label_notes"] for row in rows)


def test_longform_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_longform_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (long-form)", result, metric, floor, measured)
