"""The look-alike held-out set (tests/data/heldout_lookalike): authored negatives that share almost
every word with a relevant report but are not one by the corpus README (US strikes on ISIS and on
al-Qaeda's Hurras al-Din, Israeli strikes on the IRGC with US officials quoted, Jordanian strikes
near Rukban, Russian jets against US drones, courts, Congress, anniversaries, documentaries,
denials, ultimatums, drills, evacuations, SDF–regime and Turkish–SDF fighting near US bases,
Iraq-only and Yemen-only US action, a ship off Yemen), beside real reports in the same style.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets.
The set measures precision above all. Floors sit a little below what the engine measured when
the set was written; do not tune rules per item of this set: fix the linguistic phenomenon behind
a miss with a fixture of your own elsewhere. See tests/data/heldout_lookalike/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_lookalike" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at commit ae2ff8e). Floors never
#: go under the project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event
#: types 0.75. Relevance (0.839) measured under that minimum: its floor is the minimum itself and
#: the metric is listed in BELOW_MINIMUM until the rules catch up.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.839),
    "admin1": (0.93, 0.968),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 0.968, casualties 1.0, sides 1.0, event types 1.0.
#: The figures above are the independent measure (relevance was 0.839, under the minimum, and was
#: listed here as an expected failure until the rules caught up).
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}

#: Python weekday number -> Arabic weekday word.
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
#: Any weekday word, and the word before it ("ليل" may name the night before the date).
WEEKDAY_WORD = re.compile(r"(\S+)\s+(" + "|".join(WEEKDAYS) + r")\b")


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_lookalike_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_lookalike", minimum=42)


def test_lookalike_set_is_mostly_confusable_negatives() -> None:
    rows = hs.read_rows(HELDOUT)
    negatives = [row for row in rows if not row["gold"]["relevant"]]
    ambiguous = [row for row in rows if row["gold"]["ambiguous"]]
    assert len(negatives) >= 28, "a precision set: about thirty look-alike negatives"
    assert len(rows) - len(negatives) - len(ambiguous) >= 10, "real reports in the same style"
    assert len(ambiguous) >= 2
    for row in rows:
        size = len((row["title"] + row["text"]).encode())
        assert 300 <= size <= 2000, f"{row['id']}: {size} bytes"


def test_lookalike_weekday_words_agree_with_the_date() -> None:
    """A weekday word names the item's day; after 'ليل' it may name the day before."""
    checked = 0
    for row in hs.read_rows(HELDOUT):
        day = dt.date.fromisoformat(row["date"]).weekday()
        for before, word in WEEKDAY_WORD.findall(row["title"] + " " + row["text"]):
            allowed = {WEEKDAYS[day]} | ({WEEKDAYS[(day - 1) % 7]} if before == "ليل" else set())
            assert word in allowed, f"{row['id']}: '{before} {word}' vs {row['date']}"
            checked += 1
    assert checked >= 40, f"only {checked} weekday words found"


def test_lookalike_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_lookalike_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (look-alike)", result, metric, floor, measured)
