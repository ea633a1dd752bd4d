"""The translated-wire held-out set (tests/data/heldout_wire): authored articles in the Arabic of
international agencies (Reuters, AP, AFP, Bloomberg, CNN Arabic, Al-Hurra): nested attributions,
English calques ("في وقت سابق يوم"، "لم يتسن التحقق بشكل مستقل"), Latin names and codes (CENTCOM,
F-15E, HIMARS, AH-64), digits, and context paragraphs with tallies of attacks since October.

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_wire/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_wire" / "articles.jsonl"
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit 1af6e9d). Floors
#: never go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8,
#: event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 1.0),
    "admin1": (0.95, 0.958),
    "casualties": (0.90, 0.952),
    "sides": (0.94, 0.977),
    "event_types": (0.93, 0.933),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.952, sides 0.977, event types 0.978.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_wire_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_wire", minimum=38)


def test_wire_set_mixes_verdicts_and_weekdays_agree_with_dates() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    assert 0.4 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert sum(row["gold"]["ambiguous"] for row in rows) >= 3
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        # The incident is told on the day itself or up to two days before it ("مساء الأحد").
        near = {WEEKDAYS[(day - dt.timedelta(days=back)).weekday()] for back in range(3)}
        assert any(word in row["text"] for word in near), f"{row['id']}: no weekday near {day}"


def test_wire_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_wire_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (wire)", result, metric, floor, measured)
