"""The web: fetching article pages and feeds over HTTP(S).

Fetching is deliberately small and strict: only ``http``/``https`` (redirects too, at most
``MAX_REDIRECTS``), a ``User-Agent`` naming quotetrack, ``TIMEOUT_SECONDS`` for the whole download,
and at most ``MAX_TEXT_BYTES`` of body. Every failure becomes a ``FetchError`` with a reason a
user can act on; the readers turn it into a ``ReadError`` and the run goes on.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from ingest import __version__
from ingest.readers.common import MAX_TEXT_BYTES, megabytes

TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
USER_AGENT = f"quotetrack/{__version__} (news quote and claim tracker; Python urllib)"
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, */*;q=0.5"
CHUNK = 64 * 1024


class FetchError(Exception):
    """A download that failed, with the reason in words."""


@dataclass(frozen=True, slots=True)
class Download:
    """A fetched body and what the server said about it."""

    url: str  # after redirects
    body: bytes
    content_type: str  # media type, lower case, without parameters
    charset: str | None


def is_url(path: object) -> bool:
    return isinstance(path, str) and urlsplit(path).scheme.lower() in SCHEMES


def fetch(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_TEXT_BYTES
) -> Download:
    """The body at ``url``; raises ``FetchError`` saying why not."""
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchError(f"only http:// and https:// addresses are fetched, not {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = _read_body(response, max_bytes, deadline, timeout)
            headers: Message = response.headers
            return Download(
                url=response.geturl(),
                body=body,
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(_connection_reason(exc.reason, timeout)) from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"download failed: {exc or type(exc).__name__}") from None


def decoded(download: Download) -> bytes | str:
    """The body as text when the server named its charset, else the bytes (the page decides)."""
    if download.charset is None:
        return download.body
    try:
        return download.body.decode(download.charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return download.body


def _read_body(
    response: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"page is {megabytes(int(length))}, {_over(max_bytes)}")
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read1(CHUNK):  # what has arrived: the deadline is checked often
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"page is {_over(max_bytes)}")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _over(max_bytes: int) -> str:
    return f"over the {megabytes(max_bytes)} limit for one article"


def _connection_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"could not connect: {text}"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http/https addresses only, and not too many of them."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError(f"refused a redirect to {newurl!r}: only http and https are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)
