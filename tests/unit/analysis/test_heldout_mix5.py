"""The fifth realistic-mix held-out set (tests/data/heldout_mix5): authored articles in the mix of
the dev corpus itself (about 45 % relevant, a third of those hedged; negatives sharing the
vocabulary; feed one-liners, breaking lines, slug titles, page noise, excerpts cut mid-sentence;
2014-2025; opposition, state, faction, Gulf, pan-Arab and Kurdish outlets).

Scored with the shared corpus scorer through ``heldout_scoring``. The floors sit a little below
what the engine measured when the set was written; a metric under its floor means the rules
stopped generalising. Do not tune rules per article of this set: fix the linguistic phenomenon
behind a miss with a fixture of your own elsewhere. See tests/data/heldout_mix5/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_mix5" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at 57d6e9e, engine
#: marsad-ar-1.2). Casualties measured under the issue's bar (0.90) but above the project minimum
#: (0.75): reported honestly, floor below the measure. Floors never go under the project minimum:
#: relevance 0.85, admin1 0.80, casualties 0.75, sides 0.80, event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.92, 0.963),
    "admin1": (0.90, 0.95),
    "casualties": (0.85, 0.889),
    "sides": (0.94, 0.975),
    "event_types": (0.93, 0.974),
}
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_mix5_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_mix5", minimum=44)


def test_mix5_set_keeps_the_dev_mix() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    hedged = [row for row in relevant if row["gold"]["ambiguous"]]
    assert 0.35 <= len(relevant) / len(rows) <= 0.55, "about 45 % relevant, like dev.jsonl"
    assert 0.2 <= len(hedged) / len(relevant) <= 0.45, "about a third of the relevant hedged"
    assert any(row["partial"] for row in rows), "excerpts cut mid-sentence"
    sizes = [len(row["text"].encode()) for row in rows]
    assert min(sizes) < 200 and max(sizes) > 2000, "from one line to a few kilobytes"


def test_mix5_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_mix5_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (mix5)", result, metric, floor, measured)
