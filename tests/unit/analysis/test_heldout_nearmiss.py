"""The near-miss held-out set (tests/data/heldout_nearmiss): authored pairs of items on the same
place, the same actors and nearly the same words, one a relevant report and the other not (SDF
not US target, Israeli or Russian or Turkish not American, Iraq or Jordan not Syria, threat,
denial, drill, accident, unexploded shell, last year's attack recalled, ISIS not a militia), plus
four hedged items.

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per item of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_nearmiss/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_nearmiss" / "articles.jsonl"
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit c705af1). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.93, 0.837),
    "admin1": (0.95, 1.0),
    "casualties": (0.93, 0.966),
    "sides": (0.95, 1.0),
    "event_types": (0.93, 0.977),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.947, admin1 1.0, casualties 0.966, sides 1.0, event types 0.977.
#: The figures above are the independent measure (relevance was 0.837, under the minimum, and was
#: an expected failure here until the rules caught up).
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_nearmiss_lines_follow_the_corpus_format() -> None:
    rows = hs.read_rows(HELDOUT)
    hs.check_lines(HELDOUT, rows, "tests/data/heldout_nearmiss", minimum=44)
    hs.check_precision_mix(rows, negatives=20, relevant=20, ambiguous=4)


def test_nearmiss_items_come_in_pairs() -> None:
    """Every ``rNN`` has its ``nNN`` twin, of opposite verdict, and its notes name the twin."""
    rows = {row["id"]: row for row in hs.read_rows(HELDOUT)}
    pairs = [key[-2:] for key in rows if re.fullmatch(r"nearmiss-r\d\d", key)]
    assert len(pairs) >= 20
    for n in pairs:
        report, twin = rows[f"nearmiss-r{n}"], rows.get(f"nearmiss-n{n}")
        assert twin is not None, f"nearmiss-r{n} has no twin nearmiss-n{n}"
        assert report["gold"]["relevant"] and not twin["gold"]["relevant"], n
        assert f"n{n}" in report["label_notes"] and f"r{n}" in twin["label_notes"], n


def test_nearmiss_weekday_words_agree_with_the_date() -> None:
    """'اليوم/فجر/مساء X' names the item's day; 'ليل أمس X' names the day before."""
    for row in hs.read_rows(HELDOUT):
        day = dt.date.fromisoformat(row["date"])
        today, eve = WEEKDAYS[day.weekday()], WEEKDAYS[(day - dt.timedelta(days=1)).weekday()]
        for match in re.finditer(r"(أمس )?(" + "|".join(WEEKDAYS) + r")", row["text"]):
            wanted = eve if match.group(1) else today
            assert match.group(2) == wanted, f"{row['id']}: {match.group(0)} on {row['date']}"


def test_nearmiss_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_nearmiss_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (near misses)", result, metric, floor, measured)
