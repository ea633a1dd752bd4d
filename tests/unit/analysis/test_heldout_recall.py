"""The recall held-out set (tests/data/heldout_recall): authored reports of the confrontation in
wordings a rule may not expect (nominal headlines, passive voice with the agent late or implied,
state-media and Axis vocabulary, Kurdish-agency names, CENTCOM calques, 2017-2024 events, a toll
only in the body, a place only in the title), plus hedged items and confusable negatives.

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_recall/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_recall" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at d515414). Floors never go
#: under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event types
#: 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.983),
    "admin1": (0.95, 0.986),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 0.986),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.983, admin1 1.0, casualties 1.0, sides 1.0, event types 0.986.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_recall_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_recall", minimum=40)


def test_recall_set_is_mostly_relevant_with_hedges_and_negatives() -> None:
    rows = hs.read_rows(HELDOUT)
    plain = [row for row in rows if row["gold"]["relevant"] and not row["gold"]["ambiguous"]]
    hedged = [row for row in rows if row["gold"]["ambiguous"]]
    negatives = [row for row in rows if not row["gold"]["relevant"]]
    assert len(plain) >= 28, "the set measures recall: most items are plain relevant reports"
    assert len(hedged) >= 4 and len(negatives) >= 10, "hedged items and negatives keep it honest"


def test_recall_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_recall_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (recall)", result, metric, floor, measured)
