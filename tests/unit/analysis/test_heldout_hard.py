"""The hard-extraction held-out set (tests/data/heldout_hard): authored articles built around what
is hard for rules — compound and dual number words with clitics, Persian and Arabic-Indic digits,
tolls that rise, bodies and TBI counts, numbers that are not casualties, governorates named by
countryside or desert, the Al-Qaim/Al-Bukamal crossing, Al-Tanf and the 55 km zone, passive voice
with a late agent, denials mid-article — and hard negatives sharing the positives' vocabulary
(Israeli strikes on the same militias in the same towns, "likely Israeli", Russian jets, the SDF,
Jordan, Iraq only, Yemen's Saudi-led coalition, sanctions, threats, opinion).

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
The floors sit a little below what the engine measured when the set was written; a metric under
its floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_hard/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_hard" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25, engine marsad-ar-1.1 at commit
#: 112419e). Floors never go under the project minimum: relevance 0.85, admin1 0.8, casualties
#: 0.75, sides 0.8, event types 0.75. Relevance (0.909) is under the issue's bar of 0.95 but above
#: the project minimum, so it is floored, not xfailed.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.909),
    "admin1": (0.95, 0.943),
    "casualties": (0.95, 0.941),
    "sides": (0.97, 1.0),
    "event_types": (0.97, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (negated
#: attack verbs, characterising relative clauses, denials of a presence, bodies recovered, a
#: pronoun between verb and victim, evacuation places...; each with its own fixture in
#: test_phenomena.py): relevance 1.0, admin1 0.982, casualties 1.0, sides 1.0, event types 1.0.
#: The floors were raised to keep those gains; the set is no longer an independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value as the
#: reason. None when the set was written.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_hard_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_hard", minimum=40)


def test_hard_set_keeps_hard_negatives_and_hedges() -> None:
    rows = hs.read_rows(HELDOUT)
    negatives = [row for row in rows if not row["gold"]["relevant"]]
    ambiguous = [row for row in rows if row["gold"]["ambiguous"]]
    assert len(negatives) >= 18, "the set must keep ~20 confusable negatives"
    assert len(ambiguous) >= 3, "the set must keep hedged attributions"
    for row in rows:
        assert row["label_notes"], f"{row['id']}: every line says what it tests"
        size = len(row["text"].encode("utf-8"))
        assert 500 <= size <= 2600, f"{row['id']}: article of {size} bytes"


def test_hard_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_hard_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (hard)", result, metric, floor, measured)
