from __future__ import annotations

import gzip
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from monitor.models import NewsItem
from monitor.poll.archive import ArchiveError, ArchiveWriter, iter_archive


def item(n: int, day: int = 3) -> NewsItem:
    return NewsItem(
        item_id=f"f:{n}",
        feed_id="f",
        outlet="مثال",
        url=f"https://x.org/{n}",
        title=f"خبر رقم {n}",
        fetched_at=datetime(2024, 2, day, 10, n % 60, tzinfo=UTC),
    )


def test_daily_files_and_reader_in_order(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    writer.append([item(1, 3), item(2, 4)])
    writer.append([item(3, 3)])
    writer.append([item(4, 4), item(5, 5)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "news-2024-02-03.jsonl.gz",
        "news-2024-02-04.jsonl.gz",
        "news-2024-02-05.jsonl.gz",
    ]
    assert [i.item_id for i in iter_archive(tmp_path)] == ["f:1", "f:3", "f:2", "f:4", "f:5"]
    # Standard gzip readers see every member (each append is one).
    text = gzip.decompress((tmp_path / "news-2024-02-03.jsonl.gz").read_bytes()).decode()
    assert text.count("\n") == 2 and "خبر رقم 3" in text
    one = iter_archive(tmp_path / "news-2024-02-04.jsonl.gz")
    assert [i.item_id for i in one] == ["f:2", "f:4"]
    assert next(iter_archive(tmp_path)) == item(1, 3)


def test_interrupted_write_keeps_earlier_members(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    writer.append([item(1), item(2)])
    path = writer.path_for(date(2024, 2, 3))
    good = path.read_bytes()
    partial = gzip.compress(b"".join(i.model_dump_json().encode() + b"\n" for i in [item(3)]))
    path.write_bytes(good + partial[: len(partial) // 2])  # a crash mid-append
    assert [i.item_id for i in iter_archive(path)] == ["f:1", "f:2"]


def test_plain_jsonl_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(
        item(1).model_dump_json()
        + "\n\n"
        + '{"not": "an item"}\n'
        + "garbage\n"
        + item(2).model_dump_json()
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ArchiveError, match=r"items\.jsonl:3: invalid_record"):
        list(iter_archive(path))
    errors: list[ArchiveError] = []
    got = [i.item_id for i in iter_archive([path], on_error=errors.append)]
    assert got == ["f:1", "f:2"]
    assert [(e.line, e.detail.split(":")[0]) for e in errors] == [
        (3, "invalid_record"),
        (4, "bad_json"),
    ]


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such archive"):
        list(iter_archive(tmp_path / "nope"))


def test_retention_and_raw_documents(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path, retention_days=2, raw_documents=True)
    writer.append([item(1, 1)])
    raw = writer.write_raw("feed/1", datetime(2024, 2, 1, 9, 5, 1, 250, tzinfo=UTC), b"<rss/>")
    assert raw is not None and raw.read_bytes() == b"<rss/>"
    assert raw.relative_to(tmp_path).as_posix() == "raw/2024-02-01/feed_1-090501000250.xml"
    writer.append([item(2, 2)])
    writer.append([item(3, 3)])
    assert (tmp_path / "news-2024-02-01.jsonl.gz").exists()  # 2 days before the 3rd: kept
    writer.append([item(4, 4)])  # the 1st is now older than 2 days
    assert not (tmp_path / "news-2024-02-01.jsonl.gz").exists()
    assert not (tmp_path / "raw" / "2024-02-01").exists()
    assert [i.item_id for i in iter_archive(tmp_path)] == ["f:2", "f:3", "f:4"]
    assert ArchiveWriter(tmp_path).write_raw("f", datetime.now(UTC), b"x") is None


def test_concurrent_appends_from_threads(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)

    def feed(worker: int) -> None:
        for batch in range(20):
            writer.append([item(worker * 1000 + batch * 10 + k) for k in range(10)])

    threads = [threading.Thread(target=feed, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [i.item_id for i in iter_archive(tmp_path)]
    assert len(ids) == len(set(ids)) == 6 * 20 * 10
