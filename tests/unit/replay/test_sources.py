"""Replay sources: JSON Lines and archives, recorded feed documents, time specs, kind guessing."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.models import NewsItem, dumps
from monitor.replay.sources import (
    FeedDocumentsSource,
    JsonLinesSource,
    KafkaTopicSource,
    SourceError,
    SourceOpenError,
    TimeSpecError,
    feed_id_from_name,
    open_source,
    parse_time_spec,
)

NOW = datetime(2024, 2, 3, 12, 0, tzinfo=UTC)


def item(n: int, feed: str = "sham") -> NewsItem:
    return NewsItem(
        item_id=f"{feed}:{n:04d}",
        feed_id=feed,
        outlet="وكالة الشام",
        url=f"https://example.org/news/{n}",
        title=f"خبر رقم {n} عن قصف قرب قاعدة في ريف دير الزور",
        summary="قالت مصادر محلية إن طائرات مسيرة حلقت فوق المنطقة مساء أمس.",
        lang="ar",
        published_at=datetime(2024, 2, 3, 9, n % 60, tzinfo=UTC),
        fetched_at=datetime(2024, 2, 3, 10, n % 60, tzinfo=UTC),
    )


def write_jsonl(path: Path, lines: list[bytes]) -> Path:
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def records(source: JsonLinesSource | FeedDocumentsSource) -> list[NewsItem | SourceError]:
    return list(source.iter_records())


def test_jsonl_good_and_bad_lines_keep_order_and_name_file_and_line(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "items.jsonl",
        [dumps(item(1)), b"{not json", b"", dumps(item(2)), b'{"item_id": "x"}', b"[1, 2]"],
    )
    got = records(JsonLinesSource([path]))
    assert [r.item_id for r in got if isinstance(r, NewsItem)] == ["sham:0001", "sham:0002"]
    errors = [r for r in got if isinstance(r, SourceError)]
    assert [(e.location, e.reason) for e in errors] == [
        (f"{path}:2", "bad_json"),
        (f"{path}:5", "invalid_record"),
        (f"{path}:6", "invalid_record"),
    ]
    assert "feed_id" in errors[1].detail  # the missing field is named
    assert isinstance(got[0], NewsItem) and got[0] == item(1)  # times kept exactly


def test_gzip_and_estimate_total(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news-2024-02-03.jsonl.gz", [dumps(item(i)) for i in range(5)])
    source = JsonLinesSource([path])
    assert source.estimate_total() == 5
    assert len(records(source)) == 5


def test_truncated_gzip_reports_error_and_continues_with_next_file(tmp_path: Path) -> None:
    whole = gzip.compress(b"\n".join(dumps(item(i)) for i in range(50)) + b"\n")
    broken = tmp_path / "news-2024-02-02.jsonl.gz"
    broken.write_bytes(whole[: len(whole) // 2])
    good = write_jsonl(tmp_path / "news-2024-02-03.jsonl.gz", [dumps(item(99))])
    got = records(JsonLinesSource([broken, good]))
    errors = [r for r in got if isinstance(r, SourceError)]
    assert len(errors) == 1 and errors[0].reason == "unreadable"
    assert errors[0].location.startswith(f"{broken}:")
    assert isinstance(got[-1], NewsItem) and got[-1].item_id == "sham:0099"


def test_missing_file_is_an_error_record_not_an_exception(tmp_path: Path) -> None:
    got = records(JsonLinesSource([tmp_path / "gone.jsonl"]))
    assert len(got) == 1 and isinstance(got[0], SourceError) and got[0].reason == "unreadable"


def test_stdin(tmp_path: Path) -> None:
    stream = io.BytesIO(dumps(item(1)) + b"\n" + b"oops\n")
    got = records(JsonLinesSource(["-"], stdin=stream))
    assert isinstance(got[0], NewsItem)
    assert isinstance(got[1], SourceError) and got[1].location == "<stdin>:2"
    assert JsonLinesSource(["-"]).estimate_total() is None


def test_archive_directory_reads_daily_files_in_date_order_and_skips_raw(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "raw").mkdir(parents=True)
    write_jsonl(archive / "news-2024-02-03.jsonl.gz", [dumps(item(3))])
    write_jsonl(archive / "news-2024-02-01.jsonl.gz", [dumps(item(1))])
    write_jsonl(archive / "news-2024-02-02.jsonl.gz", [dumps(item(2))])
    (archive / "raw" / "sham.xml").write_text("<rss/>")
    source = open_source(str(archive))
    assert isinstance(source, JsonLinesSource)
    got = [r.item_id for r in records(source) if isinstance(r, NewsItem)]
    assert got == ["sham:0001", "sham:0002", "sham:0003"]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار تجريبية</title><language>ar</language>
<item><title>انفجار قرب حقل نفطي شرقي سوريا</title><link>https://example.org/a?utm_source=x</link>
<guid>a-1</guid><pubDate>Sat, 03 Feb 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;سمع دوي انفجار قوي صباح اليوم قرب الحقل.&lt;/p&gt;</description></item>
<item><title>افتتاح معرض للكتاب في المدينة</title><link>https://example.org/b</link>
<guid>b-2</guid><pubDate>Sat, 03 Feb 2024 09:00:00 GMT</pubDate></item>
</channel></rss>
"""


def test_feed_documents_use_the_poller_normaliser_and_file_name(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sham--20240203T101500Z.xml").write_text(RSS, encoding="utf-8")
    (docs / "broken.xml").write_text("<html><body>ليست خلاصة</body></html>", encoding="utf-8")
    source = open_source(str(docs))
    assert isinstance(source, FeedDocumentsSource)
    got = records(source)
    items = [r for r in got if isinstance(r, NewsItem)]
    assert [i.title for i in items] == [
        "انفجار قرب حقل نفطي شرقي سوريا",
        "افتتاح معرض للكتاب في المدينة",
    ]
    assert {i.feed_id for i in items} == {"sham"}
    assert items[0].fetched_at == datetime(2024, 2, 3, 10, 15, tzinfo=UTC)
    assert items[0].url == "https://example.org/a"  # canonicalised by the poller's code
    assert items[0].body == "" and "دوي انفجار" in items[0].summary
    errors = [r for r in got if isinstance(r, SourceError)]
    assert len(errors) == 1 and errors[0].reason == "parse_error"
    assert errors[0].location.endswith("broken.xml")
    # Same files, same items: the replay of recorded documents is deterministic.
    assert records(open_source(str(docs))) == got


def test_feed_documents_folder_and_flag_give_the_feed_id(tmp_path: Path) -> None:
    (tmp_path / "halab").mkdir()
    (tmp_path / "halab" / "0001.xml").write_text(RSS, encoding="utf-8")
    by_folder = open_source(str(tmp_path), kind="feeds")
    assert {r.feed_id for r in records(by_folder) if isinstance(r, NewsItem)} == {"halab"}  # type: ignore[arg-type]
    by_flag = open_source(str(tmp_path), kind="feeds", feed_id="other")
    assert {r.feed_id for r in records(by_flag) if isinstance(r, NewsItem)} == {"other"}  # type: ignore[arg-type]


def test_feeds_file_gives_outlet(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "feeds:\n  - id: sham\n    url: https://example.org/rss\n    outlet: شبكة الشام\n",
        encoding="utf-8",
    )
    doc = tmp_path / "sham.xml"
    doc.write_text(RSS, encoding="utf-8")
    got = records(open_source(str(doc), feeds_file=feeds))  # type: ignore[arg-type]
    assert {r.outlet for r in got if isinstance(r, NewsItem)} == {"شبكة الشام"}


@pytest.mark.parametrize(
    ("name", "feed", "stamp"),
    [
        ("aljazeera.xml", "aljazeera", None),
        ("sana.ar.rss", "sana.ar", None),
        ("sham--20240203T101500Z.xml", "sham", datetime(2024, 2, 3, 10, 15, tzinfo=UTC)),
        ("sham@20240203T101500.xml.gz", "sham", datetime(2024, 2, 3, 10, 15, tzinfo=UTC)),
        ("plain", "plain", None),
        (
            "raw/2024-02-03/deir-ez-zor_24-101500123456.xml",
            "deir-ez-zor_24",
            datetime(2024, 2, 3, 10, 15, 0, 123456, tzinfo=UTC),
        ),
        ("other/deir-101500123456.xml", "deir-101500123456", None),  # no date folder
    ],
)
def test_feed_id_from_name(name: str, feed: str, stamp: datetime | None) -> None:
    assert feed_id_from_name(Path(name)) == (feed, stamp)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", datetime(2024, 2, 2, 12, 0, tzinfo=UTC)),
        ("30m", datetime(2024, 2, 3, 11, 30, tzinfo=UTC)),
        ("7d", datetime(2024, 1, 27, 12, 0, tzinfo=UTC)),
        ("90s ago", datetime(2024, 2, 3, 11, 58, 30, tzinfo=UTC)),
        ("2024-02-01", datetime(2024, 2, 1, tzinfo=UTC)),
        ("2024-02-01T10:00:00Z", datetime(2024, 2, 1, 10, tzinfo=UTC)),
        ("2024-02-01T13:00:00+03:00", datetime(2024, 2, 1, 10, tzinfo=UTC)),
    ],
)
def test_parse_time_spec(text: str, expected: datetime) -> None:
    assert parse_time_spec(text, NOW) == expected


def test_parse_time_spec_rejects_garbage_with_examples() -> None:
    with pytest.raises(TimeSpecError, match="ISO 8601"):
        parse_time_spec("yesterday-ish", NOW)


def test_open_source_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(SourceOpenError, match="no such file"):
        open_source(str(tmp_path / "missing.jsonl"))
    with pytest.raises(SourceOpenError, match="kafka:TOPIC sources only"):
        open_source(str(tmp_path), since=NOW)
    with pytest.raises(SourceOpenError, match="needs a topic"):
        open_source("kafka:")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceOpenError, match=r"no \*\.jsonl"):
        open_source(str(empty), kind="jsonl")


def test_kafka_source_spec_and_range_check(offline_settings: object) -> None:
    settings = offline_settings.with_overrides(kafka_bootstrap="127.0.0.1:1")  # type: ignore[attr-defined]
    src = open_source("kafka:marsad.news.raw", settings=settings, since=NOW, started_at=NOW)
    assert isinstance(src, KafkaTopicSource) and src.topic == "marsad.news.raw"
    with pytest.raises(SourceOpenError, match="not after --since"):
        open_source("kafka:t", settings=settings, since=NOW, until=NOW, started_at=NOW)


def test_poller_raw_archive_layout_replays_in_fetch_order(tmp_path: Path) -> None:
    """raw/<day>/<feed>-<HHMMSSffffff>.xml, as monitor.poll.archive writes it."""
    from monitor.poll.archive import ArchiveWriter

    writer = ArchiveWriter(tmp_path / "archive", retention_days=0, raw_documents=True)
    late = writer.write_raw("aaa", datetime(2024, 2, 3, 11, 0, tzinfo=UTC), RSS.encode())
    early = writer.write_raw("zzz", datetime(2024, 2, 3, 9, 0, tzinfo=UTC), RSS.encode())
    assert late is not None and early is not None
    (early.parent / "half.xml.tmp").write_bytes(b"<rss")  # a write in progress is not read
    source = open_source(str(tmp_path / "archive" / "raw"))
    assert isinstance(source, FeedDocumentsSource)
    docs = source.documents()
    assert [(d.feed_id, d.fetched_at) for d in docs] == [
        ("zzz", datetime(2024, 2, 3, 9, 0, tzinfo=UTC)),
        ("aaa", datetime(2024, 2, 3, 11, 0, tzinfo=UTC)),
    ]
    items = [r for r in source.iter_records() if isinstance(r, NewsItem)]
    assert [i.feed_id for i in items] == ["zzz", "zzz", "aaa", "aaa"]
    assert items[0].fetched_at == datetime(2024, 2, 3, 9, 0, tzinfo=UTC)
