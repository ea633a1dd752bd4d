"""fetch() against a real aiohttp server on 127.0.0.1 (no broker needed)."""

from __future__ import annotations

import os
from pathlib import Path

import aiohttp
import pytest

from monitor.broker import free_port
from monitor.poll.fetch import USER_AGENT, Validators, fetch, new_session
from tests.feed_server import FeedServer, Route

BODY = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
    "<item><title>خبر تجريبي</title><guid>g1</guid></item></channel></rss>"
).encode()


@pytest.fixture
async def server() -> FeedServer:
    async with FeedServer() as srv:
        yield srv  # type: ignore[misc]


@pytest.fixture
async def session() -> aiohttp.ClientSession:
    s = new_session(4)
    yield s  # type: ignore[misc]
    await s.close()


async def test_ok_then_conditional_get(server: FeedServer, session: aiohttp.ClientSession) -> None:
    url = server.add(
        "/f.xml", Route(BODY, headers={"Last-Modified": "Sat, 03 Feb 2024 10:00:00 GMT"})
    )
    first = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1 << 20)
    assert first.outcome == "ok" and first.status == 200 and first.body == BODY
    assert first.validators.etag and first.validators.last_modified
    second = await fetch(session, url, first.validators, timeout_s=5, max_bytes=1 << 20)
    assert second.outcome == "not_modified" and second.status == 304 and second.body == b""
    sent = server.requests[-1][1]
    assert sent["If-None-Match"] == first.validators.etag
    assert sent["If-Modified-Since"] == "Sat, 03 Feb 2024 10:00:00 GMT"
    assert sent["User-Agent"] == USER_AGENT and "Marsad" in USER_AGENT


async def test_gzip_body_is_decompressed(
    server: FeedServer, session: aiohttp.ClientSession
) -> None:
    url = server.add("/gz.xml", Route(BODY, gzip=True))
    result = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1 << 20)
    assert result.outcome == "ok" and result.body == BODY
    assert "gzip" in server.requests[-1][1]["Accept-Encoding"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
async def test_size_cap(server: FeedServer, session: aiohttp.ClientSession, chunked: bool) -> None:
    url = server.add("/big.xml", Route(b"x" * 300_000, chunked=chunked))
    result = await fetch(session, url, Validators(), timeout_s=5, max_bytes=100_000)
    assert result.outcome == "too_large" and result.body == b""
    assert "100000-byte limit" in (result.error or "")
    if chunked:  # stopped while reading, not after
        assert 100_000 < result.received_bytes <= 100_000 + 64 * 1024


async def test_gzip_bomb_stops_at_the_cap(
    server: FeedServer, session: aiohttp.ClientSession
) -> None:
    url = server.add("/bomb.xml", Route(b"\0" * 20_000_000, gzip=True))  # 20 KB on the wire
    result = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1_000_000)
    assert result.outcome == "too_large"


async def test_http_errors_and_retry_after(
    server: FeedServer, session: aiohttp.ClientSession
) -> None:
    url = server.add("/busy", Route(b"slow down", status=429, headers={"Retry-After": "120"}))
    result = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1 << 20)
    assert (result.outcome, result.status, result.retry_after) == ("http_error", 429, "120")
    assert result.error == "HTTP 429 Too Many Requests"
    missing = await fetch(
        session, server.url("/nope"), Validators(), timeout_s=5, max_bytes=1 << 20
    )
    assert (missing.outcome, missing.status) == ("http_error", 404)


async def test_timeout(server: FeedServer, session: aiohttp.ClientSession) -> None:
    url = server.add("/slow", Route(BODY, delay_s=2.0))
    result = await fetch(session, url, Validators(), timeout_s=0.3, max_bytes=1 << 20)
    assert result.outcome == "timeout" and "0.3 s" in (result.error or "")


async def test_unreachable(session: aiohttp.ClientSession) -> None:
    url = f"http://127.0.0.1:{free_port()}/feed.xml"
    result = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1 << 20)
    assert result.outcome == "unreachable" and "cannot connect" in (result.error or "")


async def test_file_url(tmp_path: Path, session: aiohttp.ClientSession) -> None:
    path = tmp_path / "recorded feed.xml"
    path.write_bytes(BODY)
    url = path.as_uri()
    first = await fetch(session, url, Validators(), timeout_s=5, max_bytes=1 << 20)
    assert first.outcome == "ok" and first.body == BODY
    again = await fetch(session, url, first.validators, timeout_s=5, max_bytes=1 << 20)
    assert again.outcome == "not_modified"
    os.utime(path, ns=(1, 2))
    assert (
        await fetch(session, url, first.validators, timeout_s=5, max_bytes=1 << 20)
    ).outcome == "ok"
    assert (
        await fetch(session, url, Validators(), timeout_s=5, max_bytes=10)
    ).outcome == "too_large"
    gone = await fetch(
        session, (tmp_path / "gone.xml").as_uri(), Validators(), timeout_s=5, max_bytes=10
    )
    assert gone.outcome == "unreachable" and "gone.xml" in (gone.error or "")
