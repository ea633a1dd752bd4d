"""The realistic-mix held-out set (tests/data/heldout_mix): authored items in the mix of the dev
corpus itself — from a headline and one sentence to ~3 KB, URL-slug titles, excerpts cut
mid-sentence, page noise (share buttons, "اقرأ أيضاً", view counters, photo captions, embedded
tweets), outlets from Syrian opposition and state media to Iraqi faction channels, Gulf, Kurdish,
Russian and Iranian Arabic services, 2014–2026 (ISIS war, Khasham 2018, Biden's 2021 strike, the
Oct 2023–Feb 2024 wave, after the fall of Assad), with negatives that share the vocabulary.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
The floors sit a little below what the engine measured when the set was written; a metric under
its floor means the rules stopped generalising. Do not tune rules per item of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_mix/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_mix" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25, engine marsad-ar-1.2 at commit
#: 16c942a). Floors never go under the project minimum: relevance 0.85, admin1 0.8, casualties
#: 0.75, sides 0.8, event types 0.75. Every metric was measured above the issue's bars.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.97),
    "admin1": (0.95, 0.978),
    "casualties": (0.95, 0.966),
    "sides": (0.94, 0.977),
    "event_types": (0.91, 0.952),
}
#: Measured after the rules were generalised against the phenomena this set revealed (where a
#: group is active, distance landmarks, a capital as a government, death notices; fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.977, event types
#: 0.952. The first figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value as the
#: reason. None when the set was written.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_mix_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_mix", minimum=40)


def test_mix_set_imitates_the_dev_corpus_mix() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    sizes = [len(row["text"].encode("utf-8")) for row in rows]
    years = {int(row["date"][:4]) for row in rows}
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert sum(row["gold"]["ambiguous"] for row in rows) >= 4
    assert any(row["partial"] for row in rows), "excerpts cut mid-sentence"
    assert any("(from URL slug)" in row["title"] for row in rows), "slug titles"
    assert min(sizes) < 400 and max(sizes) > 2500, "from a headline and a sentence to ~3 KB"
    assert min(years) <= 2015 and max(years) >= 2025, "from the ISIS war to after Assad"


def test_mix_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_mix_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (mix)", result, metric, floor, measured)
