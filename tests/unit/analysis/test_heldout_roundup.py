"""The roundup held-out set (tests/data/heldout_roundup): authored digests that carry several
incidents in one item (daily and weekly security roundups of eastern Syria, timestamped live
blogs, "the day in the Middle East" digests, morning briefs), where one, several or none of the
entries are US/coalition vs Iran-aligned in Syria.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
Only the in-scope entries are labelled, so a place, toll or type taken from another entry of the
same roundup is a miss. The floors sit a little below what the engine measured when the set was
written; do not tune rules per item of this set: fix the linguistic phenomenon behind a miss with
a fixture of your own elsewhere. See tests/data/heldout_roundup/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_roundup" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 1af6e9d). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75. Casualties (0.897) measured under the issue's bar of 0.90 but above the minimum.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 1.0),
    "admin1": (0.95, 1.0),
    "casualties": (0.93, 0.897),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 0.978),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.963, sides 1.0, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}

#: A live-blog entry starts with a clock time ("10:45 -").
TIMESTAMPED = re.compile(r"^\d{1,2}:\d{2} -", re.MULTILINE)


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_roundup_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_roundup", minimum=38)


def test_roundup_items_carry_several_entries() -> None:
    rows = hs.read_rows(HELDOUT)
    short = [row["id"] for row in rows if len(row["text"].strip().splitlines()) < 4]
    assert short == [], f"every roundup has several entries: {short}"
    live = [row for row in rows if len(TIMESTAMPED.findall(row["text"])) >= 3]
    relevant = [row for row in rows if row["gold"]["relevant"]]
    assert len(live) >= 8, "timestamped live blogs"
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert sum(row["gold"]["ambiguous"] for row in rows) >= 3


def test_roundup_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_roundup_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (roundup)", result, metric, floor, measured)
