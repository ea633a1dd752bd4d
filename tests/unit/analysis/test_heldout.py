"""The held-out set (tests/data/heldout): authored articles the rules were never written against.

The analysis engine is scored with the shared corpus scorer (``../shared/corpus/score.py``: the
same NewsItem conversion as ``score.py items``, the same metrics as ``score.py score``) and must
stay above modest floors. The floors sit a little below what the engine measured when the set was
written; a metric that drops under its floor means the rules stopped generalising, not that the
floor should move. Do not tune rules per article of this set: it stays useful only while it is
held out. See tests/data/heldout/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

import pycountry
import pytest

from monitor.analysis import Analyzer
from monitor.models import NewsItem, Side

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout" / "articles.jsonl"

#: The DESIGN.md side vocabulary, as the contracts define it.
SIDES = set(get_args(Side))
EVENT_TYPES = {
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Armed clash",
    "Attack",
    "Disrupted weapons use",
}

#: metric -> (floor, measured when the set was written). Floors never go under the project's
#: minimum bars (relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8, event types 0.75).
FLOORS: dict[str, tuple[float, float]] = {
    "relevance": (0.89, 0.936),
    "admin1": (0.90, 0.929),
    "casualties": (0.88, 0.923),
    "sides": (0.95, 0.983),
    "event_types": (0.87, 0.906),
}
#: Metrics the engine does not yet reach at their minimum bar: marked xfail (non-strict) with the
#: measured value, so the gap stays visible in the report instead of being hidden by a low floor.
BELOW_MINIMUM: dict[str, str] = {}


def _rows() -> list[dict[str, Any]]:
    with HELDOUT.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def scorer(shared_dir: Path) -> ModuleType:
    path = shared_dir / "corpus" / "score.py"
    spec = importlib.util.spec_from_file_location("marsad_corpus_score", path)
    assert spec is not None and spec.loader is not None, f"cannot load the scorer {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(scorer: ModuleType) -> dict[str, Any]:
    corpus = _rows()
    analyzer = Analyzer()
    analyses = [
        analyzer.analyse(NewsItem.model_validate(item)).model_dump(mode="json")
        for item in scorer.to_items(corpus)
    ]
    scored: dict[str, Any] = scorer.score(corpus, analyses)
    return scored


def test_heldout_lines_follow_the_corpus_format() -> None:
    rows = _rows()
    assert len(rows) >= 45, f"{HELDOUT}: expected about 50 articles, found {len(rows)}"
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), f"{HELDOUT}: duplicate ids"
    for n, row in enumerate(rows, 1):
        where = f"{HELDOUT}:{n} ({row.get('id')})"
        assert row["source"] == {"type": "authored", "address": "tests/data/heldout"}, where
        assert row["license"] == "authored for Marsad tests", where
        assert row["title"] and row["text"] and row["outlet"], where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), where
        gold = row["gold"]
        assert set(gold) == {
            "relevant",
            "ambiguous",
            "admin1",
            "casualties",
            "sides",
            "event_types",
        }, where
        if not gold["relevant"]:
            assert not gold["ambiguous"], f"{where}: an ambiguous item is a hedged relevant one"
            assert not (
                gold["admin1"] or gold["casualties"] or gold["sides"] or gold["event_types"]
            ), f"{where}: facts are labelled only for relevant items"
            continue
        for code in gold["admin1"]:
            assert pycountry.subdivisions.get(code=code) is not None, f"{where}: admin1 {code}"
        for cas in gold["casualties"]:
            assert cas["kind"] in ("killed", "wounded"), where
            assert isinstance(cas["count"], int) and cas["count"] > 0, where
        assert set(gold["sides"]) <= SIDES, f"{where}: sides {gold['sides']}"
        assert set(gold["event_types"]) <= EVENT_TYPES, f"{where}: {gold['event_types']}"
        assert gold["sides"] and gold["event_types"], f"{where}: a relevant item has facts"


def test_heldout_every_item_is_analysed(result: dict[str, Any]) -> None:
    assert result["missing_from_analysis"] == []


@pytest.mark.parametrize(
    "metric",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=False, reason=BELOW_MINIMUM[name])
            if name in BELOW_MINIMUM
            else (),
        )
        for name in FLOORS
    ],
)
def test_heldout_metric_keeps_its_floor(result: dict[str, Any], metric: str) -> None:
    floor, measured = FLOORS[metric]
    got = result[metric]
    wrong = "; ".join(
        f"{e['id']} gold={e['gold']} said={e['said']}" for e in result["relevance_errors"]
    )
    assert got["f1"] >= floor, (
        f"held-out {metric} F1 {got['f1']} < floor {floor} (was {measured} when the set was "
        f"written); P={got['precision']} R={got['recall']} tp={got['tp']} fp={got['fp']} "
        f"fn={got['fn']}; wrong verdicts: {wrong or 'none'}"
    )
