"""Fetching one feed document: conditional GET, timeouts, a size cap, gzip/deflate, file://.

:func:`fetch` never raises for anything the network or the server does: every attempt ends as a
:class:`FetchResult` whose ``outcome`` is one of ``ok``, ``not_modified``, ``http_error``,
``timeout``, ``too_large``, ``unreachable`` (``parse_error`` is decided later, by the parser).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aiohttp

from monitor import __version__

__all__ = ["USER_AGENT", "FetchResult", "Validators", "fetch", "new_session"]

USER_AGENT = f"Marsad/{__version__} (Arabic news monitor; RSS/Atom poller; aiohttp)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Validators:
    """What the server said about the document's version, for the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class FetchResult:
    """The end of one fetch attempt."""

    outcome: str
    """ok, not_modified, http_error, timeout, too_large or unreachable."""
    url: str
    """The final URL after redirects (the feed's base for relative links)."""
    status: int | None = None
    """HTTP status, None for file:// and when no response arrived."""
    body: bytes = b""
    """The document (decompressed), only for ``ok``."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Response headers, lower-cased names (what feedparser expects)."""
    validators: Validators = Validators()
    """ETag / Last-Modified of this response (empty unless ``ok``)."""
    retry_after: str | None = None
    """The raw Retry-After header, if any."""
    error: str | None = None
    """Human-readable reason for any outcome but ok / not_modified."""
    received_bytes: int = 0
    """Bytes received after decompression, including a too-large body's read part."""


def new_session(concurrency: int) -> aiohttp.ClientSession:
    """One HTTP session for all feeds of a poller (connection pooling, the User-Agent)."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=min(concurrency, 4))
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
        # Feeds set no cookies worth keeping; a shared jar would leak state across feeds.
        cookie_jar=aiohttp.DummyCookieJar(),
    )


async def fetch(
    session: aiohttp.ClientSession,
    url: str,
    validators: Validators,
    *,
    timeout_s: float,
    max_bytes: int,
) -> FetchResult:
    """Fetch ``url`` (http, https or file) with a conditional GET; never raises on I/O errors."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        return await asyncio.to_thread(_fetch_file, url, validators, max_bytes)
    try:
        return await _fetch_http(session, url, validators, timeout_s, max_bytes)
    except TimeoutError:
        return FetchResult("timeout", url, error=f"no complete response within {timeout_s:g} s")
    except aiohttp.TooManyRedirects:
        return FetchResult("http_error", url, error=f"more than {_MAX_REDIRECTS} redirects")
    except aiohttp.InvalidURL as exc:
        return FetchResult("unreachable", url, error=f"invalid URL: {exc}")
    except aiohttp.ClientConnectorError as exc:
        return FetchResult("unreachable", url, error=f"cannot connect: {exc}")
    except aiohttp.ClientResponseError as exc:  # e.g. oversized or malformed headers
        return FetchResult("http_error", url, exc.status or None, error=f"bad response: {exc}")
    except aiohttp.ClientPayloadError as exc:
        # Broken chunking or a corrupt gzip stream: the server sent something, but not a document.
        return FetchResult("http_error", url, error=f"broken response body: {exc}")
    except aiohttp.ClientError as exc:
        return FetchResult("unreachable", url, error=f"{type(exc).__name__}: {exc}")
    except (OSError, ValueError, UnicodeError) as exc:
        return FetchResult("unreachable", url, error=f"{type(exc).__name__}: {exc}")


async def _fetch_http(
    session: aiohttp.ClientSession,
    url: str,
    validators: Validators,
    timeout_s: float,
    max_bytes: int,
) -> FetchResult:
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with session.get(
        url,
        headers=validators.request_headers(),
        timeout=timeout,
        max_redirects=_MAX_REDIRECTS,
        allow_redirects=True,
    ) as resp:
        final_url = str(resp.url)
        headers = {k.lower(): v for k, v in resp.headers.items()}
        retry_after = headers.get("retry-after")
        if resp.status == 304:
            return FetchResult(
                "not_modified", final_url, resp.status, headers=headers, retry_after=retry_after
            )
        if resp.status >= 400 or resp.status < 200:
            return FetchResult(
                "http_error",
                final_url,
                resp.status,
                headers=headers,
                retry_after=retry_after,
                error=f"HTTP {resp.status} {resp.reason or ''}".rstrip(),
            )
        declared = resp.content_length
        # Content-Length counts compressed bytes: a larger one is certainly too large.
        if declared is not None and declared > max_bytes:
            return FetchResult(
                "too_large",
                final_url,
                resp.status,
                headers=headers,
                retry_after=retry_after,
                error=f"Content-Length {declared} exceeds the {max_bytes}-byte limit",
            )
        chunks: list[bytes] = []
        size = 0
        # Counted after decompression, so a gzip bomb stops at the limit too.
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                return FetchResult(
                    "too_large",
                    final_url,
                    resp.status,
                    headers=headers,
                    retry_after=retry_after,
                    error=f"body exceeds the {max_bytes}-byte limit (aborted while reading)",
                    received_bytes=size,
                )
            chunks.append(chunk)
        return FetchResult(
            "ok",
            final_url,
            resp.status,
            body=b"".join(chunks),
            headers=headers,
            validators=Validators(headers.get("etag"), headers.get("last-modified")),
            retry_after=retry_after,
            received_bytes=size,
        )


def _file_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file:// URL with a remote host {parts.netloc!r} is not supported")
    return Path(unquote(parts.path))


def _fetch_file(url: str, validators: Validators, max_bytes: int) -> FetchResult:
    """A recorded feed document on disk; its mtime and size stand in for an ETag."""
    try:
        path = _file_path(url)
        st = path.stat()
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        if validators.etag == etag:
            return FetchResult("not_modified", url)
        if st.st_size > max_bytes:
            return FetchResult(
                "too_large",
                url,
                error=f"{path}: {st.st_size} bytes exceeds the {max_bytes}-byte limit",
            )
        with path.open("rb") as fh:
            body = fh.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        return FetchResult("unreachable", url, error=f"cannot read {url}: {exc}")
    if len(body) > max_bytes:  # grew between stat and read
        return FetchResult(
            "too_large",
            url,
            error=f"{url}: exceeds the {max_bytes}-byte limit",
            received_bytes=len(body),
        )
    modified = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(st.st_mtime))
    return FetchResult(
        "ok",
        url,
        body=body,
        headers={"content-location": url, "last-modified": modified},
        validators=Validators(etag, modified),
        received_bytes=len(body),
    )
