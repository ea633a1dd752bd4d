"""The events-and-weapons held-out set (tests/data/heldout_events): authored articles about *what
happened and with what* — jets, helicopters, armed and one-way drones, loitering munitions,
Katyusha/Grad/107 mm rockets, cruise missiles, mortars, artillery and HIMARS counter-fire, IEDs and
car bombs on convoys, small-arms attacks on patrols, clashes with partners beside US advisers,
shoot-downs and C-RAM interceptions, a foiled attack — and negatives where Israel, Turkey, Russia,
the regime, ISIS, the SDF or the IRGC use the same weapons.

Scored with the shared corpus scorer through ``heldout_scoring``, like tests/data/heldout. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per article of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_events/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_events" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25 at a628e0f). Bars of the
#: issue: relevance 0.95, admin1 0.90, casualties 0.90, sides 0.90, event types 0.85; project
#: minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.977),
    "admin1": (0.97, 1.0),
    "casualties": (0.93, 0.929),
    "sides": (0.97, 1.0),
    "event_types": (0.95, 0.909),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.966, sides 1.0, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}

#: Python weekday number -> the Arabic weekday word (with the spellings the set uses).
DAY_NAMES = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
#: A time-of-day word before a weekday names the published day; "ليل" may be the night before.
SAME_DAY = r"(?:اليوم|يوم|صباح|مساء|فجر|ظهر|عصر)"

#: Event types each weapon family must bring into the set at least twice (relevant items).
REQUIRED_TYPES = (
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Armed clash",
)


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_events_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_events", minimum=40)


def test_events_set_covers_the_event_types_and_keeps_negatives() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    assert 0.45 <= len(relevant) / len(rows) <= 0.7, "the set must keep confusable negatives"
    assert any(row["gold"]["ambiguous"] for row in rows)
    for kind in REQUIRED_TYPES:
        count = sum(kind in row["gold"]["event_types"] for row in relevant)
        assert count >= 2, f"only {count} relevant items of type {kind}"
    assert any("Disrupted weapons use" in row["gold"]["event_types"] for row in relevant)
    assert any(len(row["gold"]["event_types"]) > 1 for row in relevant), "combined stories"


def test_events_weekday_words_agree_with_the_date() -> None:
    """'مساء الثلاثاء' names the item's day; 'ليل الأحد' that day or the night before."""
    checked = 0
    for row in hs.read_rows(HELDOUT):
        day = dt.date.fromisoformat(row["date"]).weekday()
        text = row["title"] + " " + row["text"]
        for word in re.findall(rf"{SAME_DAY}\s+({'|'.join(DAY_NAMES)})", text):
            assert word == DAY_NAMES[day], f"{row['id']}: '{word}' vs {row['date']}"
            checked += 1
        for word in re.findall(rf"ليل\s+({'|'.join(DAY_NAMES)})", text):
            assert word in (DAY_NAMES[day], DAY_NAMES[(day - 1) % 7]), f"{row['id']}: {word}"
            checked += 1
    assert checked >= 25, f"only {checked} weekday phrases found"


def test_events_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_events_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (events)", result, metric, floor, measured)
