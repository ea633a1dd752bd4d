"""The third realistic-mix held-out set (tests/data/heldout_mix3): authored articles in the mix of
the dev corpus itself (about 45 % relevant, a third of those hedged; negatives sharing the
vocabulary; one-line breaking items to a 3 KB long read; slug titles, cut excerpts, page noise;
2014-2026; opposition, state, Iraqi faction, Gulf, pan-Arab and Kurdish outlets).

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_mix3/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_mix3" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 25c4918).
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.96),
    "admin1": (0.95, 1.0),
    "casualties": (0.9, 0.947),
    "sides": (0.93, 0.972),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.96, admin1 1.0, casualties 0.947, sides 0.972, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    """The shared scorer's metrics for the engine's answers on this set (scored once)."""
    return hs.analyse_and_score(hs.load_scorer(shared_dir), hs.read_rows(HELDOUT))


def test_mix3_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_mix3", minimum=44)


def test_mix3_set_imitates_the_dev_mix() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    hedged = [row for row in relevant if row["gold"]["ambiguous"]]
    lengths = [len(row["text"]) for row in rows]
    assert 0.38 <= len(relevant) / len(rows) <= 0.52, "about 45 % relevant, as in dev.jsonl"
    assert 0.25 <= len(hedged) / len(relevant) <= 0.45, "about a third of the relevant hedged"
    assert min(lengths) < 200 and max(lengths) > 2000, "from one line to a ~3 KB long read"
    assert any(row["partial"] for row in rows), "excerpts cut mid-sentence"


def test_mix3_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_mix3_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (mix3)", result, metric, floor, measured)
