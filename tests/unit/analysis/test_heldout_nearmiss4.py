"""The fourth near-miss held-out set (tests/data/heldout_nearmiss4): authored minimal pairs.

Twenty pairs of items share the place, the actors and nearly every word; in each pair ``rNN`` is a
relevant report and ``nNN`` is not (the jets are Israeli or Russian, the base is in Iraq or Jordan,
the strikes hit the Houthis, the faction's target is Eilat, it is a threat, a denial, a drill, an
accident, an old shell, a traffic accident by the base, last year's strike recalled in parliament,
sanctions, a US comment on an Israeli strike, the SDF or ISIS is the target, the drone was
Turkish...), plus four hedged items. Scored with the shared corpus scorer through
``heldout_scoring``. The floors sit a little below what the engine measured when the set was
written; do not tune rules per item: fix the phenomenon behind a miss with a fixture of your own
elsewhere.
See tests/data/heldout_nearmiss4/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_nearmiss4" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 57d6e9e). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75. Relevance (0.909) is under the issue's bar of 0.95 but above the project minimum.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.909),
    "admin1": (0.95, 1.0),
    "casualties": (0.95, 0.968),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.976, admin1 1.0, casualties 1.0, sides 1.0, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_nearmiss4_lines_follow_the_corpus_format() -> None:
    rows = hs.read_rows(HELDOUT)
    hs.check_lines(HELDOUT, rows, "tests/data/heldout_nearmiss4", minimum=44)
    hs.check_precision_mix(rows, negatives=20, relevant=20, ambiguous=4)


def test_nearmiss4_items_come_in_pairs() -> None:
    hs.check_pairs(hs.read_rows(HELDOUT), "nearmiss4-", minimum=20)


def test_nearmiss4_weekday_words_agree_with_the_date() -> None:
    hs.check_weekdays(hs.read_rows(HELDOUT))


def test_nearmiss4_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_nearmiss4_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (near misses 4)", result, metric, floor, measured)
