"""The dev corpus through the engine, scored by ../shared/corpus/score.py, against the bars of
issue 3. Skips cleanly where ../shared is absent (the corpus is not part of the project)."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest

from monitor.analysis import default_analyzer
from monitor.analysis.commands import analyse_stream
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "dev.jsonl"
SCORER = SHARED / "corpus" / "score.py"
BARS = {"relevance": 0.95, "admin1": 0.90, "casualties": 0.90, "sides": 0.90, "event_types": 0.85}

pytestmark = pytest.mark.skipif(
    not (CORPUS.is_file() and SCORER.is_file()), reason="../shared/corpus is not available"
)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("marsad_corpus_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_corpus_meets_the_bars(tmp_path: Path) -> None:
    score = _scorer()
    corpus = score.load(str(CORPUS))
    # Exactly the lines `score.py items` writes and `marsad analyze` reads (loose dates included).
    lines = [json.dumps(row, ensure_ascii=False) for row in score.to_items(corpus)]
    out = io.BytesIO()
    err = io.StringIO()
    bad = analyse_stream(io.StringIO("\n".join(lines)), out, err, default_analyzer(), "dev")
    assert bad == 0, err.getvalue()
    analyses = [json.loads(line) for line in out.getvalue().splitlines()]
    result = score.score(corpus, analyses)
    assert not result["missing_from_analysis"]
    got = {name: result[name]["f1"] for name in BARS}
    short = {name: f1 for name, f1 in got.items() if f1 < BARS[name]}
    assert not short, f"below the bars: {short} (all: {got}; errors: {result['relevance_errors']})"
