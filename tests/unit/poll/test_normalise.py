from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.poll.normalise import (
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    EntryRejected,
    arabic_script_ratio,
    canonical_url,
    declared_lang,
    detect_lang,
    html_to_text,
    normalise_entry,
    struct_to_utc,
)
from monitor.poll.parse import ParseError, normalise_document
from tests.feed_server import fixture_expectations, fixture_headers

FETCHED = datetime(2024, 2, 3, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://News.Example.ORG/a/b", "https://news.example.org/a/b"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("http://example.org:80/x", "http://example.org/x"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#section-2", "https://example.org/a"),
        ("https://example.org/a?utm_source=rss&utm_medium=x", "https://example.org/a"),
        ("https://example.org/a?id=5&fbclid=Zz&page=2", "https://example.org/a?id=5&page=2"),
        ("https://example.org/a?GCLID=1&UTM_Campaign=2&q=سوريا", "https://example.org/a?q=سوريا"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),  # order kept
        (
            "https://example.org/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7",
            "https://example.org/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7",
        ),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("/relative/path", "/relative/path"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("http://[::1]:9/x", "http://[::1]:9/x"),
        ("http://example.org:99999/x", "http://example.org:99999/x"),  # invalid port: unchanged
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def entry(**fields: Any) -> dict[str, Any]:
    return fields


def norm(e: dict[str, Any], feed_id: str = "f1", **kw: Any) -> Any:
    return normalise_entry(e, feed_id=feed_id, outlet="مثال", fetched_at=FETCHED, **kw)


def test_stable_ids_and_fallbacks() -> None:
    by_guid = entry(id="guid-1", link="https://x.org/a", title="عنوان")
    assert norm(by_guid).item.item_id == norm(dict(by_guid)).item.item_id
    assert norm(by_guid).item.item_id.startswith("f1:")
    # Same guid, another feed: another id. Same guid, edited title/link: same id.
    assert norm(by_guid, feed_id="f2").item.item_id != norm(by_guid).item.item_id
    edited = entry(id="guid-1", link="https://x.org/a-v2", title="عنوان معدل")
    assert norm(edited).item.item_id == norm(by_guid).item.item_id
    # No guid: the canonical link decides, so tracking parameters do not split a story.
    a = norm(entry(link="https://x.org/a?utm_source=1", title="أ")).item.item_id
    b = norm(entry(link="HTTPS://X.org/a#top", title="ب")).item.item_id
    assert a == b
    # No guid, no link: title and date.
    t1 = norm(entry(title="خبر", published_parsed=time.gmtime(1_700_000_000))).item.item_id
    t2 = norm(entry(title="خبر", published_parsed=time.gmtime(1_700_000_000))).item.item_id
    t3 = norm(entry(title="خبر", published_parsed=time.gmtime(1_700_000_600))).item.item_id
    assert t1 == t2 != t3
    # Only a description (valid RSS): its text and date identify it.
    d1 = norm(entry(summary="نص فقط", published_parsed=time.gmtime(1_700_000_000))).item
    d2 = norm(entry(summary="نص فقط", published_parsed=time.gmtime(1_700_000_000))).item
    assert d1.item_id == d2.item_id != norm(entry(summary="نص آخر")).item.item_id
    with pytest.raises(EntryRejected, match="nothing identifies it"):
        norm(entry(author="مراسل", tags=[{"term": "سياسة"}]))


def test_html_to_text() -> None:
    html = (
        "<div><p>الفقرة&nbsp;الأولى &amp; <b>المهمة</b></p><script>var x = '<p>';</script>"
        "<style>.a{}</style><p>الفقرة<br>الثانية</p><ul><li>بند</li><li>آخر</li></ul></div>"
    )
    assert html_to_text(html) == "الفقرة الأولى & المهمة\n\nالفقرة\nالثانية\n\nبند\n\nآخر"
    assert html_to_text("نص   عادي\n\n\n\nبلا وسوم") == "نص عادي\nبلا وسوم"
    assert html_to_text("&#1587;&#1604;&#1575;&#1605; &quot;x&quot;") == 'سلام "x"'
    assert html_to_text("<p>unclosed <b>tags <i>everywhere") == "unclosed tags everywhere"
    assert html_to_text("<![CDATA[ broken") == "<![CDATA[ broken"  # no exception, text kept
    assert html_to_text("a\x00b\x07c") == "abc"


def test_timestamps_are_utc() -> None:
    parsed = time.strptime("2024-02-03 06:30:00", "%Y-%m-%d %H:%M:%S")
    assert struct_to_utc(parsed) == datetime(2024, 2, 3, 6, 30, tzinfo=UTC)
    assert struct_to_utc(None) is None
    assert struct_to_utc((0, 0, 0, 0, 0, 0, 0, 0, 0)) is None
    leap = (2016, 12, 31, 23, 59, 60, 5, 366, 0)
    assert struct_to_utc(leap) == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
    item = norm(entry(id="x", title="t", updated_parsed=parsed)).item
    assert item.published_at == datetime(2024, 2, 3, 6, 30, tzinfo=UTC)
    assert item.fetched_at == FETCHED


def test_language() -> None:
    assert arabic_script_ratio("غارة جوية on a base") == pytest.approx(8 / 15)
    assert arabic_script_ratio("123 !!") == 0.0
    assert detect_lang("قصفت طائرات مسيرة موقعاً قرب الحدود") == "ar"
    assert detect_lang("Drones struck a position near the border overnight") == "en"
    assert detect_lang("پهپادها یک پایگاه نظامی را در نزدیکی مرز هدف قرار دادند") == "fa"
    assert detect_lang("12345 ... 678") is None
    assert declared_lang("ar-SA") == "ar"
    assert declared_lang("EN_us") == "en"
    assert declared_lang("not a tag!") is None
    arabic = entry(id="1", title="سقوط قذائف على حي سكني")
    # The feeds file wins; a declared Arabic-script language stands; a declared "en" on Arabic
    # text is a CMS default and loses to the text.
    assert norm(arabic, configured_lang="fa").item.lang == "fa"
    assert norm(arabic, feed_langs=("en",)).item.lang == "ar"
    assert norm(arabic, feed_langs=("ur",)).item.lang == "ur"
    english = entry(id="2", title="Shells fell on a residential district")
    assert norm(english, feed_langs=(None, "de")).item.lang == "de"
    assert norm(english).item.lang == "en"
    assert norm(entry(id="3", title="2024")).item.lang is None


def test_detect_lang_reads_only_a_prefix() -> None:
    text = "Drones struck a position near the border overnight. " * 2000  # ~100 KB
    started = time.perf_counter()
    for _ in range(20):
        assert detect_lang(text) == "en"
    # Full-text langdetect on 100 KB takes ~300 ms; the prefix keeps it to a few ms.
    assert (time.perf_counter() - started) / 20 < 0.05


def test_hostile_field_sizes_are_capped() -> None:
    huge_title = "عنوان " * 1_000_000  # 6 MB
    huge_body = "<p>" + "نص طويل جدا " * 200_000 + "</p>"
    e = entry(
        id="big",
        title=huge_title,
        link="https://x.org/" + "a" * 10_000,
        content=[{"type": "text/html", "value": huge_body}],
    )
    result = norm(e)
    assert len(result.item.title) <= MAX_TITLE_CHARS
    assert len(result.item.body) <= MAX_BODY_CHARS
    assert result.item.url == ""
    assert set(result.truncated) == {"title", "body", "url"}


def test_body_identical_to_summary_is_kept_once() -> None:
    text = {"type": "text/html", "value": "<p>نص واحد</p>"}
    result = norm(entry(id="1", title="t", summary_detail=text, content=[text]))
    assert result.item.summary == "نص واحد"
    assert result.item.body == ""


def _fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_file())


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_fixture(path: Path) -> None:
    """Every fixture says what it is and what the poller must make of it."""
    raw = path.read_bytes()
    assert b"Description:" in raw[:1024], f"{path.name}: no Description: header comment"
    expect = fixture_expectations(raw)
    assert expect, f"{path.name}: no Expect: header comment"
    headers = {k.lower(): v for k, v in fixture_headers(raw).items()}
    headers.setdefault("content-location", f"https://fixtures.example/{path.name}")
    if expect["outcome"] == "parse_error":
        with pytest.raises(ParseError, match="not a usable feed"):
            normalise_document(raw, headers, feed_id="fx", outlet="o", fetched_at=FETCHED)
        return
    doc = normalise_document(raw, headers, feed_id="fx", outlet="o", fetched_at=FETCHED)
    items = [n.item for n in doc.items]
    assert len(items) == int(expect["items"])
    assert len(doc.rejected) == int(expect.get("rejected", "0"))
    if "lang" in expect:
        assert {i.lang for i in items} == {expect["lang"]}
    if "langs" in expect:
        assert [i.lang for i in items] == expect["langs"].split(",")
    for item in items:
        assert item.title or item.summary
        assert "<" not in item.title and "utm_" not in item.url and "#" not in item.url
        assert item.url == "" or item.url.startswith("https://")
        if item.lang == "ar":
            assert arabic_script_ratio(item.title or item.summary) > 0.9  # decoded, no mojibake
