"""Phrase matching over normalised Arabic with attached clitics, on one Aho-Corasick automaton.

Arabic glues conjunctions, prepositions and the article to the next word (``وبالقاعدة``،
``للميليشيات``) and pronouns or inflection endings to the end (``قواتها``، ``أمريكيين``). The
matcher indexes each phrase *without* its leading article, finds every occurrence with
pyahocorasick in one pass, and then accepts an occurrence only when the letters glued before it
form a clitic prefix (:data:`PREFIXES`) and the letters glued after it form an allowed ending
(:data:`SUFFIXES` for the entry's policy). Spelling variants of the kind newsrooms disagree on
(``أمريكي``/``أميركي``، ``ميليشيا``/``مليشيا``، ``دير الزور``/``ديرالزور``) are generated at build
time, so the hot path has no regular expressions.

>>> m = PhraseMatcher([("القوات الأمريكية", "us"), ("غارة", "strike")])
>>> [(h.payload, h.text) for h in m.find(fold("وقصفت القوات الأميركية بغاراتها"))]
[('us', 'القوات الاميركيه'), ('strike', 'بغاراتها')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, Literal, NamedTuple, TypeVar

import ahocorasick

from monitor.text.normalise import fold

__all__ = ["PREFIXES", "SUFFIXES", "Hit", "PhraseMatcher", "SuffixPolicy", "is_letter"]

P = TypeVar("P")
_WORD = re.compile(r"[^\W_]+")
SuffixPolicy = Literal["none", "pron", "noun", "infl", "name", "pron_name"]


def _prefixes() -> frozenset[str]:
    out: set[str] = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            for art in ("", "ال"):
                if prep == "ل" and art:
                    out.add(conj + "لل")
                else:
                    out.add(conj + prep + art)
    return frozenset(out)


#: Letters that may be glued before a word: (و|ف)? (ب|ل|ك)? (ال)? with ل+ال written لل.
PREFIXES = _prefixes()

_PRON = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ك", "كم")
_INFL_STEMS = ("", "ات", "ين", "ون", "ان", "ي", "يه", "يين", "يون", "يان", "ا", "يات", "يا", "تين")
#: Allowed word endings after a phrase, by policy.
SUFFIXES: dict[str, frozenset[str]] = {
    "none": frozenset({""}),
    "pron": frozenset(_PRON),
    "infl": frozenset(a + b for a in _INFL_STEMS for b in _PRON) | frozenset({"تان"}),
    # nouns: pronouns, dual, accusative alef, sound plurals; not the nisba -ي (مركز is not مركزي)
    "noun": frozenset(a + b for a in ("", "ين", "ان", "ات", "ا", "ون") for b in _PRON),
    "name": frozenset({""}),
    # a one-word name written with its article: the article is part of it (التحالف is the
    # coalition, تحالف any alliance; النظام the regime, نظام any system)
    "pron_name": frozenset(_PRON),
}
# A phrase ending in taa marbuta (folded to ه) is written with ت before any ending: غارتين، قاعدتها.
_TAA_ENDINGS = frozenset(
    a + b for a in ("", "ين", "ان", "ي", "يه") for b in _PRON if a + b
) | frozenset({"ه", "ها", "هم", "هما", "ي", "نا", "ك", "كم"})

_TAA_PLURAL = frozenset("ات" + p for p in _PRON)

# Spelling variants newsrooms disagree on (folded forms), applied both ways.
_VARIANTS = (("امريك", "اميرك"), ("ميليشي", "مليشي"), ("سوريا", "سوريه"), ("بنتاغون", "بنتاجون"))


def is_letter(ch: str) -> bool:
    """True for a letter or digit of a word (Arabic block, Latin, digits)."""
    return ch.isalnum()


class Hit(NamedTuple, Generic[P]):
    """One accepted occurrence: ``start``/``end`` span the whole words (clitics included) in the
    normalised text; ``core_start`` is where the phrase itself begins."""

    start: int
    end: int
    core_start: int
    payload: P
    text: str
    prefix: str
    suffix: str


class _Entry(NamedTuple, Generic[P]):
    payload: P
    policy: frozenset[str]
    length: int
    article: bool | None = None  # names: the article must be there (True) or absent (False)


def _strip_article(key: str) -> str:
    if key.startswith("ال") and len(key.split(" ", 1)[0]) > 3:
        return key[2:]
    return key


def _spellings(key: str) -> set[str]:
    out = {key}
    for a, b in _VARIANTS:
        for k in list(out):
            if a in k:
                out.add(k.replace(a, b))
            if b in k:
                out.add(k.replace(b, a))
    for k in list(out):
        if " ال" in k:  # دير الزور -> ديرالزور
            out.add(k.replace(" ال", "ال"))
    return out


class PhraseMatcher(Generic[P]):
    """Find lexicon phrases in text; build once, reuse (the automaton is immutable after build)."""

    def __init__(
        self,
        phrases: Iterable[tuple[str, P] | tuple[str, P, SuffixPolicy]],
        policy: SuffixPolicy = "infl",
    ) -> None:
        """``phrases``: (phrase, payload) or (phrase, payload, suffix policy) in any order."""
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry[P]]] = {}
        for row in phrases:
            phrase, payload = row[0], row[1]
            pol: SuffixPolicy = row[2] if len(row) == 3 else policy
            full = " ".join(_WORD.findall(fold(phrase)))
            key = _strip_article(full)
            if not key:
                continue
            # a proper name keeps its article as written: سورية never takes one (السورية is
            # "Syrian"), التنف always has it
            article = (key != full) if pol in ("name", "pron_name") else None
            for variant in _spellings(key):
                table.setdefault(variant, []).append(
                    _Entry(payload, SUFFIXES[pol], len(variant), article)
                )
                if (
                    variant.endswith("ه")
                    and pol not in ("none", "name", "pron_name")
                    and len(variant) > 2
                ):
                    stem = variant[:-1] + "ت"
                    table.setdefault(stem, []).append(_Entry(payload, _TAA_ENDINGS, len(stem)))
                    bare = variant[:-1]  # feminine plural: غارة -> غارات، غاراتها
                    table.setdefault(bare, []).append(_Entry(payload, _TAA_PLURAL, len(bare)))
                elif (
                    variant.endswith("ا")
                    and pol not in ("none", "name", "pron_name")
                    and len(variant) > 3
                ):
                    plural = variant + "ت"  # ميليشيا -> ميليشيات، ميليشياتها
                    table.setdefault(plural, []).append(
                        _Entry(payload, SUFFIXES["pron"], len(plural))
                    )
        # One automaton for every phrase (find, contains, find_words), and the same phrases split
        # by whether they hold a space, for the per-word path (word_hits, phrase_hits).
        self._single = ahocorasick.Automaton()
        self._multi = ahocorasick.Automaton()
        for key, entries in table.items():
            value = (key, tuple(entries))
            self._automaton.add_word(key, value)
            (self._multi if " " in key else self._single).add_word(key, value)
        self.size = len(table)
        for automaton in (self._automaton, self._single, self._multi):
            if len(automaton):
                automaton.make_automaton()
        self._words: dict[str, tuple[tuple[int, P], ...]] = {}

    def find(self, text: str) -> list[Hit[P]]:
        """All accepted hits in normalised ``text``, in order of start (overlaps included)."""
        hits = list(self._hits(text))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return hits

    def contains(self, text: str) -> bool:
        """Whether ``text`` (any normalised text) holds at least one accepted hit; stops at the
        first."""
        return next(self._hits(text), None) is not None

    def _hits(self, text: str) -> Iterator[Hit[P]]:
        """Accepted hits in any normalised ``text``, lazily, in automaton order: the phrase must
        stand as a word, with at most a known prefix before it and a suffix its policy allows
        after it."""
        if not self.size:
            return
        n = len(text)
        for end_idx, (key, entries) in self._automaton.iter(text):
            end = end_idx + 1
            start = end - len(key)
            ws = start
            while ws > 0 and text[ws - 1].isalnum() and start - ws <= 5:
                ws -= 1
            if ws > 0 and text[ws - 1].isalnum():
                continue
            prefix = text[ws:start]
            if prefix not in PREFIXES:
                continue
            we = end
            while we < n and text[we].isalnum() and we - end <= 6:
                we += 1
            if we < n and text[we].isalnum():
                continue
            suffix = text[end:we]
            has_article = prefix.endswith(("ال", "لل"))
            for entry in entries:
                if suffix in entry.policy and (
                    entry.article is None or entry.article == has_article
                ):
                    yield Hit(ws, we, start, entry.payload, text[ws:we], prefix, suffix)

    def find_words(self, text: str) -> list[tuple[int, int, P]]:
        """Fast path for text whose words are separated by single spaces (tokens joined by
        ``" "``): accepted hits as ``(word_start, word_end, payload)``, unsorted."""
        if not self.size:
            return []
        return [(ws, we, p) for ws, we, _, p in self._accept(self._automaton, text)]

    def word_hits(self, word: str) -> tuple[tuple[int, P], ...]:
        """The hits of one-word phrases in ``word`` (no space), as ``(phrase_end, payload)`` in
        the order :meth:`find_words` gives them; each spans the whole word. Cached by word:
        news vocabulary repeats, so most words cost one dict lookup."""
        found = self._words.get(word)
        if found is None:
            if len(self._single):
                found = tuple((e, p) for _, _, e, p in self._accept(self._single, word))
            else:
                found = ()
            if len(self._words) >= _WORD_CACHE:
                self._words.clear()  # bounded: a new vocabulary refills it
            self._words[word] = found
        return found

    def phrase_hits(self, text: str) -> list[tuple[int, int, int, P]]:
        """The hits of phrases of several words in single-spaced ``text``, as ``(word_start,
        word_end, phrase_end, payload)`` in the order :meth:`find_words` gives them."""
        if not len(self._multi):
            return []
        return self._accept(self._multi, text)

    @staticmethod
    def _accept(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, int, P]]:
        """Accepted hits of ``automaton`` in single-spaced ``text``: ``(word_start, word_end,
        phrase_end, payload)`` in automaton order (by phrase end, then longest phrase first)."""
        out: list[tuple[int, int, int, P]] = []
        rfind, find = text.rfind, text.find
        n = len(text)
        prefixes = PREFIXES
        for end_idx, (key, entries) in automaton.iter(text):
            end = end_idx + 1
            start = end - len(key)
            ws = rfind(" ", 0, start) + 1
            if ws != start and text[ws:start] not in prefixes:
                continue
            we = find(" ", end)
            if we < 0:
                we = n
            suffix = text[end:we] if we != end else ""
            for entry in entries:
                if suffix in entry.policy and (
                    entry.article is None or entry.article == text[ws:start].endswith(("ال", "لل"))
                ):
                    out.append((ws, we, end, entry.payload))
        return out


_WORD_CACHE = 1 << 16  # words; ~6 MB when full (most words have no hit: a shared empty tuple)


def leftmost_longest(hits: list[Hit[P]]) -> list[Hit[P]]:
    """Drop hits that overlap an earlier-starting or longer one (input sorted by start)."""
    out: list[Hit[P]] = []
    last_end = -1
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.core_start), -(h.end - h.start))):
        if h.start >= last_end:
            out.append(h)
            last_end = h.end
        elif out and h.end - h.start > out[-1].end - out[-1].start and h.start == out[-1].start:
            out[-1] = h
            last_end = h.end
    return out
