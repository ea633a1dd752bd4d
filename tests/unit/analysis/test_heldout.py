"""The held-out set (tests/data/heldout): authored articles the rules were never written against.

The analysis engine is scored with the shared corpus scorer (``../shared/corpus/score.py``: the
same NewsItem conversion as ``score.py items``, the same metrics as ``score.py score``) and must
stay above modest floors. The floors sit a little below what the engine measured when the set was
written; a metric that drops under its floor means the rules stopped generalising, not that the
floor should move. Do not tune rules per article of this set: it stays useful only while it is
held out. See tests/data/heldout/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout" / "articles.jsonl"

#: metric -> (floor, measured when the set was written). Floors never go under the project's
#: minimum bars (relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event types 0.75).
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.936),
    "admin1": (0.95, 0.929),
    "casualties": (0.95, 0.923),
    "sides": (0.97, 0.983),
    "event_types": (0.93, 0.906),
}
#: Measured after the quality pass of issue 3 (engine marsad-ar-1.1): relevance 1.0, admin1 0.984,
#: casualties 1.0, sides 1.0, event types 0.984; the floors above were raised to keep those gains.
#: Metrics the engine does not yet reach at their minimum bar: marked xfail (non-strict) with the
#: measured value, so the gap stays visible in the report instead of being hidden by a low floor.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    return hs.analyse_and_score(hs.load_scorer(shared_dir), hs.read_rows(HELDOUT))


def test_heldout_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout", minimum=45)


def test_heldout_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_heldout_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out", result, metric, floor, measured)
