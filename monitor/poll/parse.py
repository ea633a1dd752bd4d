"""Feed document bytes -> entries, through feedparser, safely.

feedparser gets the bytes and the response headers (``BytesIO``), never a URL or a string: a
string may make it open files or URLs. A "bozo" (ill-formed) document that still yields entries
is used; a body that is no feed at all (HTML, garbage) raises :class:`ParseError`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import feedparser

from monitor.poll.normalise import EntryRejected, Normalised, declared_lang, normalise_entry

__all__ = ["DocumentItems", "ParseError", "ParsedFeed", "normalise_document", "parse_document"]


class ParseError(ValueError):
    """The document is not a usable RSS/Atom feed."""


@dataclass(frozen=True)
class ParsedFeed:
    """What feedparser made of one document."""

    version: str
    """e.g. rss20, atom10; empty if feedparser did not recognise a feed."""
    entries: Sequence[Mapping[str, Any]]
    langs: tuple[str | None, ...]
    """Declared languages, best first: the feed's <language> or xml:lang, HTTP Content-Language."""
    bozo: str | None
    """Why feedparser found the document ill-formed, or None."""


def parse_document(body: bytes, headers: Mapping[str, str]) -> ParsedFeed:
    """Parse a feed document; ``headers`` are the HTTP response headers (names lower-cased)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        # We keep plain text only (html_to_text drops tags, scripts and styles), so feedparser's
        # HTML sanitiser and relative-URI rewriting inside content are wasted work (~30 %).
        result = feedparser.parse(
            io.BytesIO(body),
            response_headers=lowered,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is robust, but a crash here must stay a feed error
        raise ParseError(f"feedparser failed: {type(exc).__name__}: {exc}") from None
    bozo = None
    if result.get("bozo"):
        cause = result.get("bozo_exception")
        bozo = f"{type(cause).__name__}: {cause}" if cause is not None else "ill-formed document"
    version = str(result.get("version") or "")
    entries = list(result.get("entries") or ())
    # A recognised feed with no entries (or a broken one whose entries were lost) is an empty
    # feed, not an error; without entries *and* without a feed version it is no feed at all.
    if not entries and not version:
        reason = bozo or "no RSS/Atom feed found"
        content_type = lowered.get("content-type")
        kind = f" (Content-Type {content_type})" if content_type else ""
        raise ParseError(f"not a usable feed{kind}: {reason}"[:500])
    feed = result.get("feed") or {}
    langs = (
        declared_lang(feed.get("language")),
        declared_lang(lowered.get("content-language")),
    )
    return ParsedFeed(version=version, entries=entries, langs=langs, bozo=bozo)


@dataclass(frozen=True)
class DocumentItems:
    """The NewsItems of one document, and the entries that could not become one."""

    items: tuple[Normalised, ...]
    rejected: tuple[str, ...]
    """Why each unusable entry was left out ("entry 3: ...")."""
    repeated: int
    """Entries that repeated an earlier entry of the same document (counted as duplicates)."""
    parsed: ParsedFeed


def normalise_document(
    body: bytes,
    headers: Mapping[str, str],
    *,
    feed_id: str,
    outlet: str,
    fetched_at: datetime,
    configured_lang: str | None = None,
) -> DocumentItems:
    """Parse and normalise a whole document (CPU-bound: the poller runs it in a thread).

    Raises :class:`ParseError` for a non-feed. Entries are returned in document order; two
    entries with the same id (feeds repeat themselves) are kept once.
    """
    parsed = parse_document(body, headers)
    items: list[Normalised] = []
    rejected: list[str] = []
    seen: set[str] = set()
    repeated = 0
    for index, entry in enumerate(parsed.entries):
        try:
            norm = normalise_entry(
                entry,
                feed_id=feed_id,
                outlet=outlet,
                fetched_at=fetched_at,
                configured_lang=configured_lang,
                feed_langs=parsed.langs,
            )
        except EntryRejected as exc:
            rejected.append(f"entry {index}: {exc}")
            continue
        if norm.item.item_id in seen:
            repeated += 1
            continue
        seen.add(norm.item.item_id)
        items.append(norm)
    return DocumentItems(
        items=tuple(items), rejected=tuple(rejected), repeated=repeated, parsed=parsed
    )
