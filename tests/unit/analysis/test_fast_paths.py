"""The engine's fast paths give exactly what the plain paths give.

``split_field`` looks one-word phrases up word by word (a per-word cache) and scans only for
phrases of several words; these tests hold it to the reference path that matches every phrase on
the joined text. Sentences written for these tests; the dev corpus is read from ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from monitor.analysis import Analyzer
from monitor.analysis.document import Field, Sentence, split_field
from monitor.text import PhraseMatcher, fold, normalise_text

_TEXTS = [
    "شنت مقاتلات أمريكية غارات على مواقع للميليشيات الإيرانية في ريف دير الزور الشرقي.",
    "وقالت القيادة المركزية الأميركية إن قواتها ردت على هجوم بالصواريخ استهدف قاعدة التنف؟",
    "تعرضت قاعدة حقل العمر لقصف بطائرتين مسيرتين، فيما حلقت طائرات التحالف الدولي فوق البوكمال.",
    "أعلن تنظيم القاعدة… وقُتل ٣ عناصر من الحرس الثوري وأصيب خمسة وعشرون آخرون!",
    'قصف لـ "حزب الله" في ديرالزور و الميادين وب البوكمال',  # clitics written apart
    "",
    "Breaking: US strikes in Syria; F-15E جنوبي الحسكة",
]


def _signature(fld: Field, sentences: list[Sentence]) -> Any:
    def value(m: Any) -> Any:
        return sorted(m.value) if m.layer == "cue" else id(m.value)

    mentions = [(m.layer, value(m), m.t0, m.t1) for m in fld.mentions]
    position = {id(m): i for i, m in enumerate(fld.mentions)}
    return (
        fld.tokens,
        mentions,
        [sorted(c) for c in fld.cls_at],
        fld.actor_at,
        [
            (s.index, s.t0, s.t1, s.question, [position[id(m)] for m in s.mentions])
            for s in sentences
        ],
    )


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _same(analyzer: Analyzer, text: str) -> None:
    norm = normalise_text(text)
    reference = split_field("body", norm, analyzer._matcher.find_words, 2)
    fast = split_field("body", norm, analyzer._matcher.find_words, 2, analyzer._matcher)
    assert _signature(*fast) == _signature(*reference), text[:120]


@pytest.mark.parametrize("text", _TEXTS)
def test_word_by_word_matches_the_joined_text(analyzer: Analyzer, text: str) -> None:
    _same(analyzer, text)
    _same(analyzer, text)  # a second time from the filled word cache


def test_word_by_word_on_the_dev_corpus(analyzer: Analyzer, shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "dev.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) > 20
    for row in rows:
        _same(analyzer, row.get("title") or "")
        _same(analyzer, row.get("text") or "")


def test_word_and_phrase_hits_are_find_words() -> None:
    m = PhraseMatcher(
        [("القوات الأمريكية", "us"), ("القوات", "forces"), ("غارة", "strike"), ("دير الزور", "dz")]
    )
    text = " ".join(fold("وقصفت القوات الأميركية بغاراتها ريف دير الزور والقوات").split())
    words = text.split(" ")
    merged = [(ws, we, e, p) for ws, we, e, p in m.phrase_hits(text)]
    start = 0
    for w in words:
        merged += [(start, start + len(w), start + e, p) for e, p in m.word_hits(w)]
        start += len(w) + 1
    # in automaton order: by phrase end, the longer phrase first
    merged.sort(key=lambda h: (h[2], -(h[1] - h[0])))
    assert [(ws, we, p) for ws, we, _, p in merged] == m.find_words(text)
    assert {p for _, _, p in m.find_words(text)} == {"us", "forces", "strike", "dz"}


def test_the_word_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import monitor.text.matcher as matcher

    monkeypatch.setattr(matcher, "_WORD_CACHE", 3)
    m = PhraseMatcher([("غارة", "strike")])
    for w in ("غاره", "غارات", "قصف", "مواقع", "غاراتها"):
        m.word_hits(w)
    assert len(m._words) <= 3
    assert m.word_hits("غاراتها") == ((3, "strike"),)  # غار + اتها (feminine plural)


def test_the_theatre_gate_only_skips_items_that_cannot_be_relevant(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item naming no Syrian place or Syria word is answered at the gate (flag
    ``not_in_syria``); read in full, every such item of the dev corpus and the held-out sets is
    irrelevant too, and no other item changes."""
    from monitor.models import loads_news_item_lenient
    from tests.unit.analysis import heldout_scoring as hs

    scorer = hs.load_scorer(shared_dir)
    paths = [shared_dir / "corpus" / "dev.jsonl"]
    paths += sorted((Path(__file__).resolve().parents[2] / "data").glob("heldout*/articles.jsonl"))
    items = [
        loads_news_item_lenient(json.dumps(it, default=str))[0]
        for path in paths
        for it in scorer.to_items(hs.read_rows(path))
    ]
    gated = Analyzer()
    ungated = Analyzer()
    monkeypatch.setattr(ungated._theatre, "contains", lambda text: True)
    skipped = 0
    for item in items:
        a, b = gated.analyse(item), ungated.analyse(item)
        if a.flags == ("not_in_syria",):
            skipped += 1
            assert not b.relevant and b.score < 0.5, item.item_id
        else:
            assert a == b, item.item_id
    assert skipped >= 10, "the gate should answer the items about elsewhere"
