from __future__ import annotations

from pathlib import Path

import pytest

from monitor.poll.feeds import Feed, FeedsFileError, load_feeds, parse_shard, shard


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file(tmp_path: Path) -> None:
    feeds = load_feeds(
        write(
            tmp_path,
            """
feeds:
  - id: example-ar
    url: https://news.example.org/rss.xml
    outlet: أخبار المثال
    interval_s: 120
    lang: ar-SA
  - id: recorded
    url: file:///tmp/recorded.xml
    outlet: Recorded
    enabled: false
""",
        )
    )
    assert [f.id for f in feeds] == ["example-ar", "recorded"]
    assert feeds[0].interval(300.0) == 120.0
    assert feeds[1].interval(300.0) == 300.0
    assert feeds[0].lang == "ar"
    assert not feeds[1].enabled


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "feeds:\n  - id: a\n    url: https://x.org/f\n",
            "feeds[0] (id 'a'): outlet: Field required",
        ),
        (
            "feeds:\n  - id: a\n    url: ftp://x.org/f\n    outlet: X\n",
            "feeds[0] (id 'a'): url: Value error, must be http://, https:// or file://",
        ),
        (
            "feeds:\n  - {id: a, url: 'https://x.org/1', outlet: X}\n"
            "  - {id: a, url: 'https://x.org/2', outlet: Y}\n",
            "feeds[1] (id 'a'): id: duplicate feed id 'a' (already used by feeds[0])",
        ),
        (
            "feeds:\n  - {id: 'bad id', url: 'https://x.org/1', outlet: X}\n",
            "feeds[0] (id 'bad id'): id: Value error, must be 1-64 characters",
        ),
        (
            "feeds:\n  - {id: a, url: 'https://x.org/1', outlet: X, intervall_s: 5}\n",
            "feeds[0] (id 'a'): intervall_s: Extra inputs are not permitted",
        ),
        (
            "feeds:\n  - {id: a, url: 'https://x.org/1', outlet: X, interval_s: -5}\n",
            "feeds[0] (id 'a'): interval_s: Input should be greater than 0",
        ),
        ("feeds:\n  - just a string\n", "feeds[0]: expected a mapping, got str"),
        ("feeds: {}\n", "'feeds' must be a list, got dict"),
        ("- a\n- b\n", "expected a mapping with a top-level 'feeds:' list"),
        ("feeds:\n  - id: a\n   url: [\n", "line 3"),
    ],
)
def test_errors_name_entry_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(FeedsFileError) as info:
        load_feeds(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeedsFileError, match="feeds file not found"):
        load_feeds(tmp_path / "nope.yaml")


def test_default_feeds_file_is_valid() -> None:
    root = Path(__file__).resolve().parents[3]
    feeds = load_feeds(root / "deploy" / "feeds.yaml")
    assert len(feeds) >= 5
    assert all(f.url.startswith("https://") for f in feeds)


def test_shards_split_feeds_stably() -> None:
    feeds = [Feed(id=f"feed-{n}", url=f"https://x.org/{n}", outlet="x") for n in range(60)]
    parts = [shard(feeds, i, 3) for i in range(3)]
    assert sorted(f.id for p in parts for f in p) == sorted(f.id for f in feeds)  # a partition
    assert all(8 <= len(p) <= 32 for p in parts)
    # Adding a feed moves no other feed to another replica.
    more = [*feeds, Feed(id="new-one", url="https://x.org/new", outlet="x")]
    assert [shard(more, i, 3) for i in range(3)] != parts
    for i in range(3):
        assert [f for f in shard(more, i, 3) if f.id != "new-one"] == parts[i]
    assert parse_shard("2/3") == (2, 3)
    for bad in ("3/3", "x", "1/0", "-1/2"):
        with pytest.raises(ValueError, match="shard"):
            parse_shard(bad)
