"""The second near-miss held-out set (tests/data/heldout_nearmiss2): authored minimal pairs.

Twenty pairs of items share the place, the actors and nearly every word; in each pair ``rNN`` is a
relevant report and ``nNN`` is not (the jets are Israeli, the base is in Erbil, it is a threat, a
fire, a drill, a medal ceremony, a scenario, a denial, the SDF or ISIS fired, the drone was
Turkish...), plus four hedged items. Scored with the shared corpus scorer through
``heldout_scoring``. The floors sit a little below what the engine measured when the set was
written; do not tune rules per item: fix the phenomenon behind a miss with a fixture of your own
elsewhere. See tests/data/heldout_nearmiss2/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_nearmiss2" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 6faafbe). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.952),
    "admin1": (0.95, 1.0),
    "casualties": (0.93, 0.963),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.976, admin1 1.0, casualties 0.963, sides 1.0, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_nearmiss2_lines_follow_the_corpus_format() -> None:
    rows = hs.read_rows(HELDOUT)
    hs.check_lines(HELDOUT, rows, "tests/data/heldout_nearmiss2", minimum=44)
    hs.check_precision_mix(rows, negatives=20, relevant=20, ambiguous=4)


def test_nearmiss2_items_come_in_pairs() -> None:
    rows = {row["id"]: row for row in hs.read_rows(HELDOUT)}
    pairs = sorted(i.removeprefix("nearmiss2-r") for i in rows if i.startswith("nearmiss2-r"))
    assert len(pairs) >= 20
    for n in pairs:
        report, twin = rows[f"nearmiss2-r{n}"], rows.get(f"nearmiss2-n{n}")
        assert twin is not None, f"nearmiss2-r{n} has no twin"
        assert report["gold"]["relevant"] and not report["gold"]["ambiguous"]
        assert not twin["gold"]["relevant"], f"nearmiss2-n{n} must be the negative twin"
        assert f"r{n}" in twin["label_notes"] and f"n{n}" in report["label_notes"]


def test_nearmiss2_weekday_words_agree_with_the_date() -> None:
    hs.check_weekdays(hs.read_rows(HELDOUT))


def test_nearmiss2_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_nearmiss2_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (near misses 2)", result, metric, floor, measured)
