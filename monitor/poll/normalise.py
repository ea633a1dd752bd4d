"""Feed entry -> :class:`~monitor.models.NewsItem`: ids, canonical URLs, plain text, UTC, language.

Pure functions: no I/O and no clock (``fetched_at`` is an argument).

>>> canonical_url("HTTPS://Example.ORG:443/a?utm_source=x&id=7#top")
'https://example.org/a?id=7'
>>> html_to_text("<p>غارة&nbsp;جوية</p><script>x()</script><p>ثانية</p>")
'غارة جوية\\n\\nثانية'
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from monitor.models import NewsItem

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_SUMMARY_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_URL_CHARS",
    "EntryRejected",
    "Normalised",
    "arabic_script_ratio",
    "canonical_url",
    "declared_lang",
    "detect_lang",
    "html_to_text",
    "item_id_for",
    "normalise_entry",
    "struct_to_utc",
]

MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 16 * 1024
MAX_BODY_CHARS = 64 * 1024
MAX_URL_CHARS = 4_096
_MAX_ID_CHARS = 2_048
_HTML_BUDGET = 4
"""Markup is cut at this many times the text cap before parsing, bounding the CPU per field."""
LANG_PREFIX_CHARS = 300
"""langdetect sees only this much text: full-text detection costs ~6 ms per 2 KB item."""

# Click and campaign trackers: they make the same story look like many URLs.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
        "oly_enc_id", "vero_id", "wickedid", "ref_src", "ref_url", "cmpid", "ocid", "ncid",
        "spm", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
        "at_custom4", "s_cid", "sr_share", "amp",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "__twitter")


class EntryRejected(ValueError):
    """A feed entry that cannot become a NewsItem (no id, link or title)."""


@dataclass(frozen=True)
class Normalised:
    """A normalised entry and the fields that had to be cut to their size limits."""

    item: NewsItem
    truncated: tuple[str, ...] = ()


# --- URLs and ids ---------------------------------------------------------------------------


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_PARAMS or low.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL in a stable form: lower-case scheme and host, no default port, no fragment, no
    tracking parameters (utm_*, fbclid, gclid, ...). Other parameters keep their order.

    Non-http(s) or unparseable input comes back stripped but otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    path = parts.path or "/"
    query = parts.query
    if query:
        # Filter the raw "k=v" pieces: the kept ones stay byte for byte as the outlet wrote them.
        pieces = [p for p in query.split("&") if p]
        query = "&".join(p for p in pieces if not _is_tracking(unquote_plus(p.split("=", 1)[0])))
    return urlunsplit((scheme, host, path, query, ""))


def item_id_for(feed_id: str, key: str) -> str:
    """``<feed_id>:<24 hex>``: a hash of the feed and the entry's identity key."""
    digest = hashlib.sha256(f"{feed_id}\x00{key}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{feed_id}:{digest[:24]}"


def _identity_key(
    entry: Mapping[str, Any], canonical_link: str, title: str, text: str, published: str
) -> str:
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip():
        return "id:" + guid.strip()[:_MAX_ID_CHARS]
    if canonical_link:
        return "url:" + canonical_link[:_MAX_ID_CHARS]
    if title:
        return "title:" + title[:_MAX_ID_CHARS] + "\x00" + published
    if text:  # RSS allows an item that is only a description
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return "text:" + digest + "\x00" + published
    raise EntryRejected("entry has no id/guid, link, title or text: nothing identifies it")


# --- HTML -> text ---------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
        "table", "blockquote", "section", "article", "header", "footer", "pre", "hr",
        "figure", "figcaption", "dd", "dt", "dl", "aside", "main", "nav", "address",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object"}
)
_PARAGRAPH = "\x00P\x00"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n" if tag == "br" else _PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n" if tag == "br" else _PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SPACES = re.compile(r"[^\S\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tidy(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks, paragraphs as one blank line."""
    paragraphs = []
    for block in text.split(_PARAGRAPH):
        lines = [_SPACES.sub(" ", line).strip() for line in _CONTROL.sub("", block).split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Plain text from an HTML fragment: entities unescaped, script/style dropped, paragraph
    breaks kept as blank lines, other whitespace collapsed. Never raises on broken markup."""
    if "<" not in html and "&" not in html:
        return _tidy(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's last-resort errors on hostile markup
        pass
    return _tidy("".join(parser.parts))


def _text_of(detail: Any, fallback: Any, cap: int) -> tuple[str, bool]:
    """Text of a feedparser field (``*_detail`` says whether it is HTML); (text, truncated)."""
    value = fallback if isinstance(fallback, str) else ""
    if isinstance(detail, Mapping) and isinstance(detail.get("value"), str):
        value = detail["value"]
    kind = detail.get("type", "") if isinstance(detail, Mapping) else ""
    value = value[: cap * _HTML_BUDGET]
    if kind == "text/plain":
        text = _tidy(value.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        text = html_to_text(value)
    if len(text) > cap:
        return text[:cap].rstrip(), True
    return text, False


# --- time -----------------------------------------------------------------------------------


def struct_to_utc(value: Any) -> datetime | None:
    """feedparser's ``*_parsed`` (a UTC ``time.struct_time``) as an aware datetime, else None."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        y, mo, d, h, mi, s = (int(v) for v in value[:6])
        return datetime(y, mo, d, h, mi, min(s, 59), tzinfo=UTC)  # leap second 60 -> 59
    except (TypeError, ValueError, OverflowError):
        return None


# --- language -------------------------------------------------------------------------------

# Arabic, Arabic Supplement, Extended-A, Presentation Forms A/B.
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Letters that Persian, Urdu, Pashto, Kurdish use and Arabic does not: their presence means
# "Arabic script, maybe not Arabic", so the statistical detector decides.
_NON_ARABIC_LETTERS = frozenset("پچژگکیۀےٹڈڑںھۆێڵڕ")
_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug", "arz", "ary"})
_LANG_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")


_ARABIC_LETTER = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _ARABIC_RANGES) + "]", re.UNICODE
)
_ANY_LETTER = re.compile(r"[^\W\d_]")


def arabic_script_ratio(text: str) -> float:
    """Share of the letters of ``text`` that are Arabic-script (0.0 when it has no letters)."""
    letters = len(_ANY_LETTER.findall(text))
    if not letters:
        return 0.0
    arabic = sum(1 for ch in _ARABIC_LETTER.findall(text) if ch.isalpha())
    return arabic / letters


def declared_lang(value: Any) -> str | None:
    """A declared language tag (``ar-SA``, ``en_US``, ``AR``) as a lower-case ISO 639 code."""
    if not isinstance(value, str):
        return None
    match = _LANG_CODE.match(value.strip())
    return match.group(1).lower() if match else None


_detector_lock = threading.Lock()
_detector_ready = False


def _langdetect(text: str) -> str | None:
    global _detector_ready
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    with _detector_lock:  # profile loading is not thread-safe; do it once
        if not _detector_ready:
            DetectorFactory.seed = 0
            detect("warm up the profiles")
            _detector_ready = True
    try:
        code = str(detect(text))
    except LangDetectException:
        return None
    return code.split("-")[0].lower()


def detect_lang(text: str) -> str | None:
    """Language of undeclared text: a cheap Arabic-script test, langdetect only when unsure.

    Text that is mostly Arabic script without Persian/Urdu letters is ``ar`` at no cost; anything
    else goes to langdetect (fixed seed, deterministic) on a short prefix. No letters: None.
    """
    prefix = text[:LANG_PREFIX_CHARS]
    if not any(ch.isalpha() for ch in prefix):
        return None
    ratio = arabic_script_ratio(prefix)
    if ratio >= 0.5 and not any(ch in _NON_ARABIC_LETTERS for ch in prefix):
        return "ar"
    return _langdetect(prefix)


def _choose_lang(configured: str | None, declared: list[str | None], sample: str) -> str | None:
    if configured:
        return configured
    for code in declared:
        if code is None:
            continue
        # CMS templates often declare "en" on Arabic feeds; the text is the better witness.
        if (
            code not in _ARABIC_SCRIPT_LANGS
            and arabic_script_ratio(sample[:LANG_PREFIX_CHARS]) >= 0.6
        ):
            return "ar"
        return code
    return detect_lang(sample)


# --- the entry ------------------------------------------------------------------------------


def _entry_declared_langs(entry: Mapping[str, Any]) -> list[str | None]:
    out: list[str | None] = []
    for key in ("title_detail", "summary_detail"):
        detail = entry.get(key)
        if isinstance(detail, Mapping):
            out.append(declared_lang(detail.get("language")))
    for content in entry.get("content") or ():
        if isinstance(content, Mapping):
            out.append(declared_lang(content.get("language")))
    return out


def _body_of(entry: Mapping[str, Any]) -> tuple[Any, Any]:
    contents = [c for c in entry.get("content") or () if isinstance(c, Mapping)]
    if not contents:
        return None, ""
    # Prefer the HTML rendition when a feed offers several.
    html = [c for c in contents if "html" in str(c.get("type", ""))]
    chosen = (html or contents)[0]
    return chosen, chosen.get("value", "")


def normalise_entry(
    entry: Mapping[str, Any],
    *,
    feed_id: str,
    outlet: str,
    fetched_at: datetime,
    configured_lang: str | None = None,
    feed_langs: tuple[str | None, ...] = (),
) -> Normalised:
    """One feedparser entry as a NewsItem; raises :class:`EntryRejected` if nothing identifies it.

    ``feed_langs``: the feed's declared languages, best first (``<language>``, xml:lang, HTTP
    Content-Language), used when the entry declares none. ``configured_lang`` (the feeds file)
    overrides every declaration.
    """
    truncated: list[str] = []
    title, cut = _text_of(entry.get("title_detail"), entry.get("title"), MAX_TITLE_CHARS)
    title = " ".join(title.split())  # a title is one line
    if cut:
        truncated.append("title")
    summary, cut = _text_of(entry.get("summary_detail"), entry.get("summary"), MAX_SUMMARY_CHARS)
    if cut:
        truncated.append("summary")
    detail, raw_body = _body_of(entry)
    body, cut = _text_of(detail, raw_body, MAX_BODY_CHARS)
    if cut:
        truncated.append("body")
    if body == summary:  # Atom content mirrored into summary: keep one copy
        body = ""

    link = entry.get("link")
    url = canonical_url(link) if isinstance(link, str) else ""
    if len(url) > MAX_URL_CHARS:
        truncated.append("url")
        url = ""  # a cut URL points nowhere; the id still identifies the entry

    published = (
        struct_to_utc(entry.get("published_parsed"))
        or struct_to_utc(entry.get("updated_parsed"))
        or struct_to_utc(entry.get("created_parsed"))
    )
    raw_published = entry.get("published") or entry.get("updated") or entry.get("created") or ""
    key = _identity_key(
        entry,
        url,
        title,
        summary or body,
        published.isoformat() if published else str(raw_published)[:100],
    )
    sample = "\n".join(part for part in (title, summary, body) if part)
    lang = _choose_lang(configured_lang, [*_entry_declared_langs(entry), *feed_langs], sample)
    item = NewsItem(
        item_id=item_id_for(feed_id, key),
        feed_id=feed_id,
        outlet=outlet,
        url=url,
        title=title,
        summary=summary,
        body=body,
        lang=lang,
        published_at=published,
        fetched_at=fetched_at,
    )
    return Normalised(item=item, truncated=tuple(truncated))
