"""Building NewsItems from sentences written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from monitor.analysis import Analyzer
from monitor.models import Analysis, NewsItem

# 2024-02-03 is a Saturday
PUBLISHED = datetime(2024, 2, 3, 9, 0, tzinfo=UTC)


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    return Analyzer()


def item(body: str, title: str = "", summary: str = "", lang: str | None = "ar") -> NewsItem:
    return NewsItem(
        item_id="test:1",
        feed_id="test",
        outlet="test",
        url="https://example.org/1",
        title=title,
        summary=summary,
        body=body,
        lang=lang,
        published_at=PUBLISHED,
        fetched_at=PUBLISHED,
    )


def run(body: str, title: str = "", summary: str = "") -> Analysis:
    return analyzer().analyse(item(body, title, summary))


def sides(a: Analysis) -> set[str]:
    return {x.side for x in a.actors}


def admin1(a: Analysis) -> set[str]:
    return {loc.admin1 for loc in a.locations if loc.admin1}


def casualties(a: Analysis) -> set[tuple[str, int]]:
    return {(c.kind, c.count) for c in a.casualties}
