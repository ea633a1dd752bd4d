"""A NewsItem read for analysis: fields normalised, tokenised, split into sentences, with every
lexicon hit attached to its tokens. Pure and deterministic; built once per item by the engine.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from monitor.models import TextField
from monitor.text.matcher import Hit
from monitor.text.normalise import NormalisedText

__all__ = ["Field", "Mention", "Sentence", "split_field"]

_TOKEN = re.compile(r"[^\W_]+")
# Sentence ends: full stop (not inside a number), ! ? ؟ ؛ line breaks, ellipsis, bullets.
_SENTENCE_END = re.compile(r"(?<!\d)\.(?!\d)|\.(?=\s)|[!?؟؛\n…•|]+")


@dataclass(slots=True)
class Mention:
    """One lexicon hit on a field's tokens ``[t0, t1)``; ``start``/``end`` are normalised offsets."""

    layer: str  # actor, cue, weapon, model, place, site, foreign, syria
    value: Any
    t0: int
    t1: int
    start: int
    end: int


@dataclass(slots=True)
class Field:
    name: TextField
    norm: NormalisedText
    tokens: list[str]
    starts: list[int]
    cls_at: list[set[str]]  # cue classes covering each token
    actor_at: list[bool]  # token inside an actor phrase
    mentions: list[Mention] = field(default_factory=list)

    def span(self, m: Mention) -> tuple[int, int]:
        """Original-text offsets of a mention."""
        return self.norm.to_original(m.start), self.norm.to_original_end(m.end)


@dataclass(slots=True)
class Sentence:
    field: Field
    index: int  # position in the item (title first)
    t0: int
    t1: int
    mentions: list[Mention]

    @property
    def tokens(self) -> list[str]:
        return self.field.tokens

    def classes(self) -> set[str]:
        out: set[str] = set()
        for m in self.mentions:
            if m.layer == "cue":
                out.add(m.value)
        return out

    def text(self) -> str:
        return " ".join(self.field.tokens[self.t0 : self.t1])


def split_field(
    name: TextField, norm: NormalisedText, hits: list[tuple[str, Hit[Any]]], first_index: int
) -> tuple[Field, list[Sentence]]:
    """Tokenise the normalised field, attach hits to tokens, and cut it into sentences."""
    t = norm.text
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(t)]
    tokens = [t[a:b] for a, b in spans]
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    fld = Field(name, norm, tokens, starts, [set() for _ in tokens], [False] * len(tokens))
    for layer, hit in hits:
        t0 = bisect_left(starts, hit.start)
        t1 = bisect_left(ends, hit.end) + 1
        if t0 >= len(tokens) or t1 <= t0:
            continue
        fld.mentions.append(
            Mention(layer, hit.payload, t0, min(t1, len(tokens)), hit.start, hit.end)
        )
    for m in fld.mentions:
        if m.layer == "actor":
            for k in range(m.t0, m.t1):
                fld.actor_at[k] = True
    for m in fld.mentions:
        if m.layer == "cue":
            for k in range(m.t0, m.t1):
                fld.cls_at[k].add(m.value)
    # sentence boundaries in token indices
    cuts = [bisect_right(starts, m.start()) for m in _SENTENCE_END.finditer(t)]
    bounds: list[tuple[int, int]] = []
    prev = 0
    for c in [*cuts, len(tokens)]:
        if c > prev:
            bounds.append((prev, c))
            prev = c
    sentences: list[Sentence] = []
    fld.mentions.sort(key=lambda m: (m.t0, m.t1))
    mi = 0
    for i, (a, b) in enumerate(bounds):
        own: list[Mention] = []
        while mi < len(fld.mentions) and fld.mentions[mi].t0 < b:
            if fld.mentions[mi].t0 >= a:
                own.append(fld.mentions[mi])
            mi += 1
        sentences.append(Sentence(fld, first_index + i, a, b, own))
    return fld, sentences
