"""The second realistic-mix held-out set (tests/data/heldout_mix2): authored items imitating the
spread of the dev corpus itself (lengths from a breaking line to ~3 KB, slug titles, excerpts cut
mid-sentence, page noise, 2014-2026, opposition and local sites, state media, Iraqi faction
channels, Gulf and pan-Arab channels, Kurdish agencies), about 45 % relevant with a third of those
hedged, the rest negatives sharing the vocabulary.

Scored with the shared corpus scorer through ``heldout_scoring``. The floors sit a little below
what the engine measured when the set was written; a metric under its floor means the rules
stopped generalising. Do not tune rules per item of this set: fix the linguistic phenomenon behind
a miss with a fixture of your own elsewhere. See tests/data/heldout_mix2/README.md.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout_mix2" / "articles.jsonl"

#: metric -> (floor, measured when the set was written, 2026-11-25, commit 0de34c7). Relevance
#: (0.917) is under the issue's bar of 0.95 but above the project minimum of 0.85; the fact
#: metrics are scored over the 16 items relevant in both gold and answer.
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.95, 0.917),
    "admin1": (0.95, 1.0),
    "casualties": (0.95, 1.0),
    "sides": (0.95, 1.0),
    "event_types": (0.95, 1.0),
}
#: Measured after the rules were generalised against the phenomena this set revealed (fixtures in
#: test_phenomena.py): relevance 0.96, admin1 1.0, casualties 1.0, sides 1.0, event types 1.0.
#: The figures above are the independent measure.
#: Metrics measured under the project minimum (relevance 0.85, admin1 0.8, casualties 0.75,
#: sides 0.8, event types 0.75): xfail (non-strict) with the measured value as the reason.
BELOW_MINIMUM: dict[str, str] = {}


@pytest.fixture(scope="module")
def result(shared_dir: Path) -> dict[str, Any]:
    scorer: ModuleType = hs.load_scorer(shared_dir)
    return hs.analyse_and_score(scorer, hs.read_rows(HELDOUT))


def test_mix2_lines_follow_the_corpus_format() -> None:
    hs.check_lines(HELDOUT, hs.read_rows(HELDOUT), "tests/data/heldout_mix2", minimum=44)


def test_mix2_set_imitates_the_dev_mix() -> None:
    rows = hs.read_rows(HELDOUT)
    relevant = [row for row in rows if row["gold"]["relevant"]]
    hedged = [row for row in relevant if row["gold"]["ambiguous"]]
    sizes = [len((row["title"] + row["text"]).encode()) for row in rows]
    assert 0.35 <= len(relevant) / len(rows) <= 0.55, "about 45 % relevant, like dev.jsonl"
    assert 0.25 <= len(hedged) / len(relevant) <= 0.45, "about a third of the relevant hedged"
    assert min(sizes) < 400 and max(sizes) > 2500, "from a breaking line to a long page"
    assert sum(row["partial"] for row in rows) >= 2, "excerpts cut mid-sentence"
    assert any("from URL slug" in row["title"] for row in rows), "a URL-slug title"
    years = {int(row["date"][:4]) for row in rows}
    assert min(years) <= 2014 and max(years) >= 2026


def test_mix2_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize("metric", hs.metric_params(FLOORS, BELOW_MINIMUM))
def test_mix2_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    hs.assert_floor("held-out (mix2)", result, metric, floor, measured)
