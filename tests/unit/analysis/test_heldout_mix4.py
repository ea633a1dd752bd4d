"""Held-out set 23 (tests/data/heldout_mix4), written by a fourth independent evaluator: 44
authored items in the proportions of dev.jsonl (20 relevant, 7 of them hedged; 24 negatives that
share its words), from a breaking one-liner to a 3.9 KB long read, with slug titles, cut excerpts
and page noise, dated 2014-2026, in opposition, state, Axis, Gulf and Kurdish registers.

Each metric keeps a floor a little under the figure measured when the set was written (shared
``score.py`` via ``heldout_scoring``). A drop under a floor means the rules generalise less well;
answer it by fixing the phenomenon (README lists each miss with its phenomenon), never the item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_mix4" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit ed9d5a0).
#: Relevance (0.929) is under the issue's bar of 0.95 but above the project minimum of 0.85.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.929),
    "admin1": (0.95, 1.0),
    "casualties": (0.92, 0.957),
    "sides": (0.95, 0.987),
    "event_types": (0.9, 0.927),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.963, admin1 1.0, casualties 0.957, sides 0.987,
#: event types 0.927.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    """The shared scorer's metrics for the engine's answers on this set (scored once)."""
    return hs.analyse_and_score(hs.load_scorer(shared_dir), hs.read_rows(HELDOUT))


def test_mix4_lines_follow_the_corpus_format() -> None:
    rows = hs.read_rows(HELDOUT)
    hs.check_lines(HELDOUT, rows, "tests/data/heldout_mix4", minimum=44)
    hs.check_weekdays(rows)


def test_mix4_set_imitates_the_dev_mix() -> None:
    hs.check_dev_mix(hs.read_rows(HELDOUT), longest_bytes=3000)


def test_mix4_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_mix4_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (mix4)", result, metric, floor, measured)
