"""The noisy-feeds held-out set (tests/data/heldout_noisy): authored items as they arrive from the
messier feeds -- Telegram posts of factions and local networks (emoji, hashtags, "🔴 عاجل |",
"خاص |"), headline-only items, typos and missing hamzas/dots, colloquial Levantine and Iraqi
quotes, mixed Arabic/English, Arabic-Indic and Persian digits, number words, HTML entities left in
the text and paragraphs without full stops.

Scored with the shared corpus scorer through ``heldout_scoring``, like the other held-out sets. The
floors sit a little below what the engine measured when the set was written; a metric under its
floor means the rules stopped generalising. Do not tune rules per item of this set: fix the
linguistic phenomenon behind a miss with a fixture of your own elsewhere. See
tests/data/heldout_noisy/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_noisy" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25). Floors never go under the
#: project minimum: relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event types 0.75.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.974),
    "admin1": (0.95, 1.0),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 0.988),
    "event_types": (0.95, 0.955),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.989, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum: xfail (non-strict) with the measured value.
BELOW_MINIMUM: dict[str, str] = {}

#: Weekday words (with and without hamza) -> Python weekday number.
WEEKDAYS = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
    "الاحد": 6,
}
DAY_WORD = "|".join(WEEKDAYS)


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_noisy_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_noisy", minimum=45)


def test_noisy_set_carries_the_feed_noise_it_claims() -> None:
    rows = hs.read_rows(HELDOUT)
    texts = [row["title"] + "\n" + row["text"] for row in rows]
    relevant = [row for row in rows if row["gold"]["relevant"]]
    assert 0.35 <= len(relevant) / len(rows) <= 0.65, "the set must keep confusable negatives"
    assert sum(row["gold"]["ambiguous"] for row in rows) >= 3
    checks = {
        "emoji": r"[\U0001F300-\U0001FAFF]",
        "hashtag": r"#\w+",
        "html entity": r"&(?:quot|#\d+);",
        "persian digit": r"[\u06F0-\u06F9]",
        "arabic-indic digit": r"[\u0660-\u0669]",
        "latin token": r"\b(?:CENTCOM|HIMARS|MQ-9|TBI)\b",
        "repeated punctuation": r"(?:!!|؟؟|\.\.\.)",
    }
    for name, pattern in checks.items():
        assert sum(bool(re.search(pattern, t)) for t in texts) >= 2, f"too few items with {name}"
    headline_only = [row for row in rows if len(row["text"].split()) <= 3]
    assert headline_only, "at least one headline-only item"


def test_noisy_weekday_words_agree_with_the_date() -> None:
    """'اليوم X' names the item's weekday and 'امس X' the day before it."""
    checked = 0
    for row in hs.read_rows(HELDOUT):
        day = dt.date.fromisoformat(row["date"]).weekday()
        text = row["title"] + " " + row["text"]
        for rel, word in re.findall(rf"(اليوم|[اأ]مس)\s+({DAY_WORD})", text):
            expected = day if rel == "اليوم" else (day - 1) % 7
            assert WEEKDAYS[word] == expected, f"{row['id']}: '{rel} {word}' vs {row['date']}"
            checked += 1
    assert checked >= 10, f"only {checked} weekday phrases found"


def test_noisy_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_noisy_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (noisy)", result, metric, floor, measured)
