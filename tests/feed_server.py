"""A real HTTP server on 127.0.0.1 serving feed documents for the poller tests.

Each path is a :class:`Route` (body, headers, status, gzip, delay, conditional GET support); tests
change routes between polls and read ``hits`` and the request headers the poller sent.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

_HEADER_LINE = re.compile(rb"^\s*Header:\s*([^:\r\n]+):\s?(.*?)\s*$", re.MULTILINE)
_COMMENT = re.compile(rb"<!--(.*?)-->", re.DOTALL)


def fixture_headers(document: bytes) -> dict[str, str]:
    """HTTP headers a fixture asks for in its header comment (``Header: Name: value`` lines,
    the convention of feedparser's test corpus)."""
    match = _COMMENT.search(document[:4096])
    if not match:
        return {}
    return {
        name.decode("latin-1").strip(): value.decode("latin-1")
        for name, value in _HEADER_LINE.findall(match.group(1))
    }


def fixture_expectations(document: bytes) -> dict[str, str]:
    """``Expect: key=value ...`` of one of our fixtures, as a dict."""
    match = re.search(rb"^\s*Expect:\s*(.+?)\s*$", document[:4096], re.MULTILINE)
    if not match:
        return {}
    return dict(pair.split("=", 1) for pair in match.group(1).decode().split())


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    """Send the body gzip-compressed with Content-Encoding: gzip."""
    etag: bool = True
    """Answer an If-None-Match with the current ETag by 304."""
    delay_s: float = 0.0
    chunked: bool = False
    """Stream without Content-Length (so only the streaming size cap can stop it)."""


class FeedServer:
    """``async with FeedServer() as server: server.url("/feed.xml")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def serve_directory(self, root: Path, prefix: str = "/corpus/") -> list[tuple[str, Path]]:
        """Serve every file under ``root`` with the headers its comment asks for."""
        served = []
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            body = path.read_bytes()
            headers = fixture_headers(body)
            headers.setdefault("Content-Type", "application/xml")
            served.append((self.add(prefix + rel, Route(body=body, headers=headers)), path))
        return served

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        self.requests.append((path, dict(request.headers)))
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="no such feed")
        if route.delay_s:
            await asyncio.sleep(route.delay_s)
        headers = dict(route.headers)
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        if route.status == 200 and route.etag:
            headers["ETag"] = etag
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.chunked:
            resp = web.StreamResponse(status=route.status, headers=headers)
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            for start in range(0, len(body), 64 * 1024):
                await resp.write(body[start : start + 64 * 1024])
            await resp.write_eof()
            return resp
        # Raw bytes and the fixture's own Content-Type (charset included, even if odd).
        resp = web.Response(status=route.status, body=body, headers=headers)
        return resp

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
