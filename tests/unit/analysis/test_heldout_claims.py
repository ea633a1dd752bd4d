"""The claims held-out set (tests/data/heldout_claims): authored articles about who speaks and
how they attribute — "Islamic Resistance in Iraq" claims, Kata'ib Hezbollah / Nujaba / Sayyid
al-Shuhada statements and death notices, IRGC-affiliated media, translated CENTCOM and Pentagon
statements, Syrian state media, monitors, SDF and Iraqi government/PMF statements, denials,
threats, truces, and mixed claims listing targets in several countries.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
The floors sit a little below what the engine measured when the set was written; a metric under
its floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_claims/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_claims" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 6a9d1f5). Floors
#: never go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8,
#: event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.93, 0.976),
    "admin1": (0.95, 1.0),
    "casualties": (0.93, 0.933),
    "sides": (0.95, 0.989),
    "event_types": (0.93, 0.957),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.989, event types 0.979.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_claims_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_claims", minimum=40)


def test_claims_set_mixes_speakers_and_verdicts() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    claims = [row for row in rows if "المقاومة الإسلامية في العراق" in row["text"]]
    denials = [row for row in rows if "نفى" in row["text"] or "نفت" in row["text"]]
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert any(row["gold"]["ambiguous"] for row in rows)
    assert any(not row["gold"]["relevant"] for row in claims), "claims outside Syria"
    assert any(row["gold"]["relevant"] for row in claims), "claims on bases in Syria"
    assert denials and all(not row["gold"]["relevant"] for row in denials)


def test_claims_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_claims_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (claims)", result, metric, floor, measured)
