"""A NewsItem read for analysis: fields normalised, tokenised, split into sentences, with every
lexicon hit attached to its tokens. Pure and deterministic; built once per item by the engine.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from operator import add, methodcaller
from typing import Any

from monitor.models import TextField
from monitor.text.matcher import PhraseMatcher
from monitor.text.normalise import NormalisedText

__all__ = ["Field", "FrontedClauses", "Mention", "Sentence", "split_field"]

_SPAN = methodcaller("span")
_TOKEN = re.compile(r"[^\W_]+")
# The same tokens in text without "_" (almost all text): the plain class is twice as fast.
_TOKEN_FAST = re.compile(r"\w+")
# Sentence ends: full stop (not inside a number), ! ? ؟ ؛ line breaks, ellipsis, bullets. Every
# branch starts with its character (the lookbehind comes after the dot), so the regex engine
# skips ahead to candidate characters instead of trying the branches at every position.
_SENTENCE_END = re.compile(r"\.(?:(?<!\d\.)(?!\d)|(?=\s))|[!?؟؛\n…•|]+")


# A dateline: a short first line of places and an outlet ("واشنطن - بغداد - دمشق: «الشرق
# الأوسط»"), or such a prefix before the lead ("دمشق - سانا: شنت ...").
_DATELINE_LINE = re.compile(r"\A\s*([^\n]{2,70})(?:\n|\Z)")
_DATELINE_PREFIX = re.compile(r"\A\s*[^\n.:،!?؟]{2,40}?\s[-–—]\s[^\n.:،!?؟]{2,30}?:")


# A headline that opens with who says it: "البنتاغون: ...", "الحشد الشعبي: مقتل ..."
_SPEAKER = re.compile(r"\A\s*([^\n:|،.]{2,40}?)\s*:")


def dateline_length(text: str) -> int:
    """The number of tokens of the dateline that opens ``text`` (0 when there is none)."""
    line = _DATELINE_LINE.match(text)
    if line is not None:
        words = _token_re(line.group(1)).findall(line.group(1))
        if len(words) <= 8 and any(c in line.group(1) for c in "-–—:"):
            return len(words)
    prefix = _DATELINE_PREFIX.match(text)
    if prefix is not None:
        return len(_token_re(prefix.group()).findall(prefix.group()))
    return 0


class FrontedClauses:
    """A clause that opens a sentence with one of ``openers`` (normalised phrases: "ردا علي",
    "استمرارا") and ends at a comma followed by one of ``verbs``: "ردا علي هجوم استهدف قاعده
    التنف، شنت طايرات امريكيه ...". Read on its own, the motive keeps its attack out of the report
    that follows, and the report is read in full (a motive otherwise runs to the end of the
    sentence). Without the verb after the comma ("وردا علي ذلك قصفت طايرات امريكيه مواقع ...،
    مستهدفه ..."), the comma is not where the motive ends and nothing is cut."""

    def __init__(self, openers: Iterable[str], verbs: Iterable[str]) -> None:
        words = "|".join(sorted((re.escape(o) for o in set(openers) if o), key=len, reverse=True))
        opener = rf"[^\w]*(?:[وف])?(?:{words})(?!\w)"
        # up to the comma, or only "ذلك"/"هذا" ("وردا علي ذلك قصفت ..." needs no comma)
        self._opening = re.compile(rf"{opener}(?:\s+(?:ذلك|هذا|هذه)(?!\w)|[^،,:\n]{{3,160}}[،,])")
        self._verbs = frozenset(verbs)

    def end(self, text: str, pos: int, end: int) -> int:
        """Where the fronted clause at ``text[pos:end]`` ends, else -1. Clauses may come in a
        row ("نصره لغزه، وردا علي ...، استهدفت ..."): the last must be followed by the verb."""
        first = -1
        while (opening := self._opening.match(text, pos, end)) is not None:
            if first < 0:
                first = opening.end()
            after = _TOKEN_FAST.search(text, opening.end(), end)
            if after is not None and after.group() in self._verbs:
                return first
            pos = opening.end()
        return -1


def _token_re(text: str) -> re.Pattern[str]:
    return _TOKEN_FAST if "_" not in text else _TOKEN


@dataclass(slots=True)
class Mention:
    """A lexicon hit on a field's tokens ``[t0, t1)``."""

    layer: str  # actor, cue, weapon, model, place, site, foreign, syria
    value: Any
    t0: int
    t1: int


@dataclass(slots=True)
class Field:
    name: TextField
    norm: NormalisedText
    tokens: list[str]
    cls_at: list[set[str]]  # cue classes covering each token
    actor_at: list[bool]  # token inside an actor phrase
    mentions: list[Mention] = field(default_factory=list)
    #: tokens of a dateline opening the text ("واشنطن - بغداد - دمشق:"): where the report was
    #: filed, not where anything happened
    dateline: int = 0
    #: tokens of a headline's speaker ("البنتاغون: ...", "الحرس الثوري: مقتل ..."): who says it
    speaker: int = 0
    _spans: list[tuple[int, int]] | None = None

    def span(self, m: Mention) -> tuple[int, int]:
        """Original-text offsets of a mention (token offsets are found only when asked)."""
        if self._spans is None:
            text = self.norm.text
            self._spans = list(map(_SPAN, _token_re(text).finditer(text)))
        a, b = self._spans[m.t0][0], self._spans[m.t1 - 1][1]
        if not self.norm.removed:  # nothing was removed: offsets are the original's
            return a, b
        return self.norm.to_original(a), self.norm.to_original_end(b)


@dataclass(slots=True)
class Sentence:
    field: Field
    index: int  # position in the item (title first)
    t0: int
    t1: int
    mentions: list[Mention]
    question: bool = False  # ends with ? or ؟: asks, does not report
    _classes: set[str] | None = None
    _words: frozenset[str] | None = None
    #: the engine's answer to "where does this sentence happen", once computed (a 1-tuple)
    where_memo: tuple[str | None] | None = None

    @property
    def tokens(self) -> list[str]:
        return self.field.tokens

    def classes(self) -> set[str]:
        """The cue classes of the sentence (computed once)."""
        if self._classes is None:
            out: set[str] = set()
            for m in self.mentions:
                if m.layer == "cue":
                    out |= m.value
            self._classes = out
        return set(self._classes)

    def words(self) -> frozenset[str]:
        """The sentence's distinct tokens (computed once)."""
        if self._words is None:
            self._words = frozenset(self.field.tokens[self.t0 : self.t1])
        return self._words

    def has_any(self, classes: frozenset[str]) -> bool:
        """Does the sentence carry any of these cue classes (no copy of its set)?"""
        own = self._classes
        if own is None:
            self.classes()
            own = self._classes or set()
        return not classes.isdisjoint(own)

    def text(self) -> str:
        return " ".join(self.field.tokens[self.t0 : self.t1])


_PLACE_LAYERS = frozenset({"place", "foreign", "syria"})
_NONE: set[str] = set()  # shared, never mutated: tokens without cue classes
_KEEP_IN_ACTOR = frozenset({"report", "by", "claim"})


def _leftmost_longest(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping hits ``(t0, t1, value)``, preferring the earliest start, then the longest
    (ties keep their order)."""
    hits.sort(key=_start_longest)
    out: list[tuple[int, int, Any]] = []
    last = -1
    for h in hits:
        if h[0] >= last:
            out.append(h)
            last = h[1]
    return out


def _start_longest(h: tuple[int, int, Any]) -> tuple[int, int]:
    return h[0], -h[1]


_PLUS_ONE = (1).__add__
_CLITIC_TOKENS = frozenset({"و", "ف", "ب", "ل", "ك", "لل", "بال", "وال", "فال", "وب", "ول", "فب"})


def joined_tokens(tokens: list[str]) -> tuple[str, list[int]]:
    """Tokens joined by single spaces (a clitic written apart, ``لـ "حزب``, is glued back on),
    and the start of each token in that string. Phrases are matched on this string, so quotes,
    brackets and runs of spaces between the words of a name do not hide it."""
    if not tokens:
        return "", []
    if _CLITIC_TOKENS.isdisjoint(tokens):  # the usual case: plain single-space join
        return " ".join(tokens), list(accumulate(map(_PLUS_ONE, map(len, tokens[:-1])), initial=0))
    pieces = [tokens[0]]
    for prev, tok in pairwise(tokens):
        if prev not in _CLITIC_TOKENS or tok.isdigit():
            pieces.append(" " + tok)
        elif prev[-1] == "ل" and tok.startswith("ال"):
            # لـ«الحرس» is written للحرس glued: the article's alef goes (the token's start is
            # then counted one character early, so that start + length is still its end)
            pieces.append(tok[1:])
        else:
            pieces.append(tok)
    ends = list(accumulate(map(len, pieces)))
    return "".join(pieces), [e - len(t) for e, t in zip(ends, tokens, strict=True)]


# Conjunctions that join two reports in one sentence ("..., فيما حلقت طائرات أمريكية ..."):
# each side is read as its own clause, so one side's attacker is not the other side's.
_CLAUSE_STARTS = frozenset({"فيما", "وفيما", "بينما", "وبينما", "تزامنا", "وتزامنا"})
# The same, in two words: "في حين", and a comparison with other attacks ("على غرار هجمات طالت
# قواعد التحالف الأسابيع الماضية": their places and dates are not this attack's).
_PAIRED_STARTS = {"حين": frozenset({"في", "وفي"}), "غرار": frozenset({"علي", "وعلي"})}


def _clauses(
    tokens: list[str], bounds: list[tuple[int, int]], questions: set[int]
) -> tuple[list[tuple[int, int]], set[int]]:
    if _CLAUSE_STARTS.isdisjoint(tokens) and _PAIRED_STARTS.keys().isdisjoint(tokens):
        return bounds, questions  # the usual case: no conjunction to cut at
    out: list[tuple[int, int]] = []
    asked: set[int] = set()
    for i, (a, b) in enumerate(bounds):
        start = a
        for k in range(a + 3, b - 2):
            tok = tokens[k]
            paired = _PAIRED_STARTS.get(tok)
            if tok in _CLAUSE_STARTS or (paired is not None and tokens[k - 1] in paired):
                cut = k if paired is None else k - 1
                if cut - start >= 3:
                    out.append((start, cut))
                    start = cut
        out.append((start, b))
        if i in questions:
            asked.add(len(out) - 1)
    return out, asked


def _joined_hits(
    tokens: list[str],
    joined: str,
    jstarts: list[int],
    find: Callable[[str], list[tuple[int, int, tuple[str, Any]]]],
) -> dict[str, list[tuple[int, int, Any]]]:
    """The hits of ``find`` on the joined tokens as token spans, by layer."""
    n = len(tokens)
    # hits start and end on token boundaries of the joined string
    first_at = dict(zip(jstarts, range(n), strict=True)).get
    last_at = dict(zip(map(add, jstarts, map(len, tokens)), range(1, n + 1), strict=True)).get
    raw: dict[str, list[tuple[int, int, Any]]] = {}
    for ws, we, (layer, value) in find(joined):
        t0 = first_at(ws)
        t1 = last_at(we)
        if t0 is None or t1 is None or t1 <= t0:
            continue
        hits = raw.get(layer)
        if hits is None:
            raw[layer] = hits = []
        hits.append((t0, t1, value))
    return raw


_FAR = 1 << 62


def _word_by_word(
    tokens: list[str], joined: str, jstarts: list[int], matcher: PhraseMatcher[tuple[str, Any]]
) -> dict[str, list[tuple[int, int, Any]]]:
    """:func:`_joined_hits` for tokens joined by single spaces, without scanning every hit.

    One-word phrases come from the matcher's per-word cache; phrases of several words from
    one pass over the joined text. The automaton reports hits by phrase end, the longest first,
    and a phrase of several words is longer than any one-word phrase ending at the same place:
    merging the two by end, phrases first on a tie, gives :func:`_joined_hits`' order."""
    raw: dict[str, list[tuple[int, int, Any]]] = {}
    phrases = matcher.phrase_hits(joined)
    k, n_phrases = 0, len(phrases)
    next_end = phrases[0][2] if phrases else _FAR
    word_hits = matcher.word_hits
    for i, tok in enumerate(tokens):
        found = word_hits(tok)
        if not found:
            continue
        start = jstarts[i]
        for end, (layer, value) in found:
            while next_end <= start + end:  # a phrase ending first (or at the same place)
                ws, we, _, (p_layer, p_value) = phrases[k]
                t0, t1 = bisect_left(jstarts, ws), bisect_right(jstarts, we)
                hits = raw.get(p_layer)
                if hits is None:
                    raw[p_layer] = hits = []
                hits.append((t0, t1, p_value))
                k += 1
                next_end = phrases[k][2] if k < n_phrases else _FAR
            hits = raw.get(layer)
            if hits is None:
                raw[layer] = hits = []
            hits.append((i, i + 1, value))
    for ws, we, _, (p_layer, p_value) in phrases[k:]:
        hits = raw.get(p_layer)
        if hits is None:
            raw[p_layer] = hits = []
        hits.append((bisect_left(jstarts, ws), bisect_right(jstarts, we), p_value))
    return raw


def split_field(
    name: TextField,
    norm: NormalisedText,
    find: Callable[[str], list[tuple[int, int, tuple[str, Any]]]],
    first_index: int,
    matcher: PhraseMatcher[tuple[str, Any]] | None = None,
    fronted: FrontedClauses | None = None,
) -> tuple[Field, list[Sentence]]:
    """Tokenise the normalised field, match phrases, attach hits to tokens, cut into sentences.

    ``find`` gives the hits of the joined tokens; with ``matcher`` (the matcher ``find`` uses),
    one-word phrases are looked up word by word in its cache instead (the same hits in the same
    order, see :func:`_word_by_word`). ``fronted`` matches a clause that opens a sentence up to
    its comma and is read as a sentence of its own (see :class:`FrontedClauses`)."""
    t = norm.text
    # sentences first, then the tokens of each: no per-token offsets are needed on this path
    tokens: list[str] = []
    bounds: list[tuple[int, int]] = []
    questions: set[int] = set()
    pos = 0
    findall = _token_re(t).findall
    for mark in _SENTENCE_END.finditer(t):
        if fronted is not None:
            # "ردا على ...، شنت طائرات ...": a fronted motive is a clause of its own
            while (cut := fronted.end(t, pos, mark.start())) >= 0:
                chunk = findall(t, pos, cut)
                pos = cut
                if chunk:
                    bounds.append((len(tokens), len(tokens) + len(chunk)))
                    tokens += chunk
        chunk = findall(t, pos, mark.start())
        pos = mark.end()
        if chunk:
            bounds.append((len(tokens), len(tokens) + len(chunk)))
            tokens += chunk
        if bounds and ("?" in mark.group() or "؟" in mark.group()) and chunk:
            questions.add(len(bounds) - 1)
    chunk = findall(t, pos)
    if chunk:
        bounds.append((len(tokens), len(tokens) + len(chunk)))
        tokens += chunk
    bounds, questions = _clauses(tokens, bounds, questions)
    n = len(tokens)
    fld = Field(name, norm, tokens, [_NONE] * n, [False] * n)
    if name != "title":
        fld.dateline = dateline_length(t)
    else:
        said = _SPEAKER.match(t)
        if said is not None:
            fld.speaker = len(_token_re(said.group(1)).findall(said.group(1)))
    joined, jstarts = joined_tokens(tokens)
    # hits as plain tuples by layer (in order of first appearance); Mentions are built only for
    # the hits that survive
    raw: dict[str, list[tuple[int, int, Any]]]
    if matcher is not None and _CLITIC_TOKENS.isdisjoint(tokens):  # one word per token
        raw = _word_by_word(tokens, joined, jstarts, matcher)
    else:
        raw = _joined_hits(tokens, joined, jstarts, find)
    layers = [
        (layer, hits if layer == "cue" else _leftmost_longest(hits)) for layer, hits in raw.items()
    ]
    actor_at = fld.actor_at
    for layer, hits in layers:
        if layer == "actor":
            for t0, t1, _ in hits:
                actor_at[t0:t1] = [True] * (t1 - t0)
    cls_at = fld.cls_at
    # (t0, t1, layer rank, rank in layer, layer, value): the ranks keep the layers' order of first
    # appearance and each layer's order among equal spans
    kept: list[tuple[int, int, int, int, str, Any]] = []
    for rank, (layer, hits) in enumerate(layers):
        if layer != "cue":  # a word may be a cue and part of a longer cue phrase
            kept += [(t0, t1, rank, j, layer, value) for j, (t0, t1, value) in enumerate(hits)]
            continue
        for j, (t0, t1, value) in enumerate(hits):
            # a cue word inside an actor's name is part of the name (تنظيم القاعدة is no base)
            if actor_at[t0] and actor_at[t1 - 1]:
                value = value & _KEEP_IN_ACTOR
                if not value:
                    continue
            for k in range(t0, t1):
                if cls_at[k] is _NONE:
                    cls_at[k] = set(value)
                else:
                    cls_at[k] |= value
            kept.append((t0, t1, rank, j, layer, value))
    kept.sort()  # by span, then the ranks (unique): the order a stable sort by span gives
    mentions = fld.mentions
    mentions += [Mention(layer, value, t0, t1) for t0, t1, _, _, layer, value in kept]
    if fld.dateline:
        named = [m for m in mentions if m.t1 <= fld.dateline and m.layer in _PLACE_LAYERS]
        if len(named) == 1 and named[0].layer != "foreign":
            # "دير الزور – خاص": a local correspondent's one Syrian place locates the story;
            # "واشنطن - بغداد - دمشق:" or "بيروت -" only says where it was filed
            fld.dateline = 0
    starts = [h[0] for h in kept]
    sentences: list[Sentence] = []
    for i, (a, b) in enumerate(bounds):
        own = mentions[bisect_left(starts, a) : bisect_left(starts, b)]
        sentences.append(Sentence(fld, first_index + i, a, b, own, i in questions))
    return fld, sentences
