"""The precision held-out set (tests/data/heldout_precision): authored stories that are not reports
of the confrontation but read like one (US strikes on al-Qaeda and ISIS, US–Iran accusations with no
incident, militia-backed attacks on the SDF near a US base, militia–regime clashes, Israeli and
Russian strikes with US comments, base fires, accidents, deaths from illness, troop numbers, a
think tank's yearly count, threats, drone crashes, unexplained depot blasts, a prisoner swap,
sanctions, a funeral, a documentary, an anniversary, a commander's visit, a US–Russian road
incident), beside real reports in the same places and wording and two hedged ones.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
Floors sit a little below what the engine measured when the set was written; do not tune rules
per item of this set: fix the linguistic phenomenon behind a miss with a fixture of your own
elsewhere. See tests/data/heldout_precision/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_precision" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit d515414). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75. Relevance (0.828, precision 0.706) measured under that minimum: its floor is the
#: minimum itself and the metric is listed in BELOW_MINIMUM until the rules catch up.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.828),
    "admin1": (0.95, 1.0),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 1.0),
    "event_types": (0.92, 0.963),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.96, admin1 1.0, casualties 1.0, sides 1.0, event types 0.963.
#: The figures above are the independent measure (relevance was 0.828, under the minimum, and was
#: an expected failure here until the rules caught up).
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}

#: Python weekday number -> Arabic weekday word.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
#: Any weekday word, and the word before it ("ليل" and "أمس" name the day before the date).
WEEKDAY_WORD = re.compile(r"(\S+)\s+(" + "|".join(WEEKDAYS) + r")\b")
DAY_BEFORE = {"ليل", "أمس"}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_precision_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_precision", minimum=42)


def test_precision_set_is_mostly_confusable_negatives() -> None:
    """About thirty look-alike negatives, real reports in the same wording, two hedged ones."""
    rows = hs.read_rows(HELDOUT)
    hs.check_precision_mix(rows, negatives=28, relevant=10, ambiguous=2)
    prefixes = ("precision-r", "precision-a", "precision-n")
    assert all(row["id"].startswith(prefixes) for row in rows), "ids precision-r/a/n.."


def test_precision_weekday_words_agree_with_the_date() -> None:
    """A weekday word names the item's day; after 'ليل' or 'أمس' it names the day before."""
    checked = 0
    for row in hs.read_rows(HELDOUT):
        day = dt.date.fromisoformat(row["date"]).weekday()
        for before, word in WEEKDAY_WORD.findall(row["title"] + " " + row["text"]):
            expected = WEEKDAYS[(day - 1) % 7] if before in DAY_BEFORE else WEEKDAYS[day]
            assert word == expected, f"{row['id']}: '{before} {word}' vs {row['date']}"
            checked += 1
    assert checked >= 40, f"only {checked} weekday words found"


def test_precision_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_precision_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (precision)", result, metric, floor, measured)
