"""Feeds and article pages over HTTP, from a real server on 127.0.0.1 (never the internet).

The server records every request, so the tests also see that quotetrack (not feedparser or
trafilatura) does all fetching, with its own User-Agent.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.model import Article, ReadError
from ingest.readers import MAX_TEXT_BYTES, estimate_articles, read_paths
from ingest.readers.web import USER_AGENT, FetchError, fetch

HTML = Path(__file__).resolve().parent / "fixtures" / "html"
CEST = timezone(timedelta(hours=2))


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between 16-byte pieces of the body
    length: bool = True  # send Content-Length (else: body ends when the connection closes)


class Server:
    """A loopback HTTP server serving ``routes``; ``requests`` lists (path, User-Agent)."""

    def __init__(self) -> None:
        self.routes: dict[str, Response | Callable[[], Response]] = {}
        self.requests: list[tuple[str, str]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = server.routes.get(self.path)
                response = route() if callable(route) else route
                if response is None:
                    response = Response(b"<h1>Not Found</h1>", status=404)
                time.sleep(response.delay)
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                if response.length:
                    self.send_header("Content-Length", str(len(response.body)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send_body(response)  # unless the client gave up, as it should

            def _send_body(self, response: Response) -> None:
                if not response.drip:
                    self.wfile.write(response.body)
                    return
                for start in range(0, len(response.body), 16):
                    self.wfile.write(response.body[start : start + 16])
                    self.wfile.flush()
                    time.sleep(response.drip)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


def read(*paths: str | Path, timeout: float = 5.0) -> list[Article | ReadError]:
    return list(read_paths(paths, timeout=timeout))


def split(
    items: list[Article | ReadError],
) -> tuple[list[Article], list[ReadError], list[ReadError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError) and i.level == "error"]
    warnings = [i for i in items if isinstance(i, ReadError) and i.level == "warning"]
    return articles, errors, warnings


def html_page(name: str) -> Response:
    return Response((HTML / name).read_bytes())


MENU_ONLY = Response((HTML / "navigation-only.html").read_bytes())

# --- article pages ---------------------------------------------------------------------------


def test_an_article_page(server: Server) -> None:
    server.routes["/lokales/radwege"] = html_page("stadtrat-radwege.de.html")
    url = server.url("/lokales/radwege")
    [article] = read(url)
    assert isinstance(article, Article)
    assert (article.id, article.url, article.source, article.item) == (url, url, url, url)
    assert article.title == "Stadtrat beschließt Radwegenetz"
    assert article.outlet == "Lindenfelder Anzeiger"
    assert article.language == "de"
    assert article.published == datetime(2025, 3, 14, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.meta["canonical_url"] == "https://anzeiger.example/lokales/stadtrat-radwege"
    assert "sagte Oberbürgermeisterin Marta Musterfrau" in article.text
    assert server.requests == [("/lokales/radwege", USER_AGENT)]


def test_a_page_without_a_site_name_has_its_host_as_outlet(server: Server) -> None:
    body = (
        "<html><body><article><p>The harbour master said on Monday that the old pier would "
        "close for repairs until the end of the summer season.</p></article></body></html>"
    )
    server.routes["/pier"] = Response(body.encode())
    [article] = read(server.url("/pier"))
    assert isinstance(article, Article) and article.outlet == server.base.removeprefix("http://")


def test_the_charset_the_server_names_is_used(server: Server) -> None:
    body = (
        "<html><body><article><p>Die Bürgermeisterin eröffnete am Freitag die neue "
        "Fußgängerbrücke über die Lahn und dankte allen Beteiligten.</p></article></body></html>"
    )
    server.routes["/bruecke"] = Response(
        body.encode("latin-1"), content_type="text/html; charset=iso-8859-1"
    )
    [article] = read(server.url("/bruecke"))
    assert isinstance(article, Article)
    assert "Die Bürgermeisterin eröffnete am Freitag die neue Fußgängerbrücke" in article.text


def test_a_redirect_is_followed_and_the_final_address_kept(server: Server) -> None:
    server.routes["/alt"] = Response(status=301, headers={"Location": "/neu"})
    server.routes["/neu"] = html_page("harbour-ferry.en.html")
    given = server.url("/alt")
    [article] = read(given)
    assert isinstance(article, Article)
    assert (article.id, article.source) == (given, given)
    assert article.url == article.item == server.url("/neu")
    assert server.paths() == ["/alt", "/neu"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_a_redirect_away_from_http_is_refused(server: Server, target: str) -> None:
    server.routes["/weg"] = Response(status=302, headers={"Location": target})
    [error] = read(server.url("/weg"))
    assert isinstance(error, ReadError) and error.level == "error"
    assert target in error.reason and "redirect" in error.reason.lower()


def test_a_redirect_loop_ends_in_an_error(server: Server) -> None:
    server.routes["/kreis"] = Response(status=302, headers={"Location": "/kreis"})
    [error] = read(server.url("/kreis"))
    assert isinstance(error, ReadError) and error.reason.startswith("HTTP 30")


def test_a_404_is_an_error_and_the_run_goes_on(server: Server) -> None:
    server.routes["/da"] = html_page("harbour-ferry.en.html")
    missing = server.url("/fehlt")
    error, article = read(missing, server.url("/da"))
    assert error == ReadError(missing, None, "HTTP 404 Not Found")
    assert isinstance(article, Article)


def test_a_server_that_does_not_answer_times_out(server: Server) -> None:
    server.routes["/langsam"] = Response(b"<html></html>", delay=3.0)
    start = time.monotonic()
    [error] = read(server.url("/langsam"), timeout=0.5)
    assert time.monotonic() - start < 2.5
    assert isinstance(error, ReadError) and error.reason == "timed out after 0.5 s"


def test_a_body_trickling_in_past_the_deadline_times_out(server: Server) -> None:
    server.routes["/tropf"] = Response(b"x" * 4000, drip=0.05)  # 250 pieces: 12 s
    start = time.monotonic()
    [error] = read(server.url("/tropf"), timeout=1.0)
    assert time.monotonic() - start < 3.0
    assert isinstance(error, ReadError) and error.reason == "timed out after 1 s"


def test_an_oversized_body_is_refused_by_its_length(server: Server) -> None:
    server.routes["/gross"] = Response(b"a" * (MAX_TEXT_BYTES + 1))
    [error] = read(server.url("/gross"))
    assert isinstance(error, ReadError)
    assert error.reason == "page is 5.0 MB, over the 5 MB limit for one article"


def test_an_oversized_body_without_a_length_is_cut_off(server: Server) -> None:
    server.routes["/endlos"] = Response(b"a" * (MAX_TEXT_BYTES + 100_000), length=False)
    [error] = read(server.url("/endlos"))
    assert isinstance(error, ReadError)
    assert error.reason == "page is over the 5 MB limit for one article"


def test_a_closed_port_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [error] = read(f"http://127.0.0.1:{port}/x")
    assert isinstance(error, ReadError) and error.reason.startswith("could not connect")


@pytest.mark.parametrize("address", ["ftp://127.0.0.1/feed.xml", "file:///etc/hostname"])
def test_only_http_addresses_are_read(address: str) -> None:
    [error] = read(address)
    assert isinstance(error, ReadError) and "only http:// and https://" in error.reason


def test_fetch_raises_fetch_error_with_the_reason(server: Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server.url("/nichts"))
    server.routes["/ok"] = Response(b"hello", content_type="text/plain; charset=utf-8")
    download = fetch(server.url("/ok"))
    assert (download.body, download.content_type, download.charset) == (
        b"hello",
        "text/plain",
        "utf-8",
    )


def test_urls_have_no_cheap_estimate(server: Server) -> None:
    assert estimate_articles([server.url("/feed")]) is None
    assert server.requests == []


# --- feeds -----------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Lindenfelder Anzeiger – Lokales</title>
  <link>{base}/lokales</link>
  <description>Nachrichten aus Lindenfeld</description>
  <language>de-de</language>
  <item>
    <title>Stadtrat beschließt Radwegenetz (Feedtitel)</title>
    <link>{base}/lokales/radwege</link>
    <guid isPermaLink="false">anzeiger-1001</guid>
    <pubDate>Fri, 14 Mar 2025 18:30:00 +0100</pubDate>
    <author>redaktion@anzeiger.example (Jana Beispiel)</author>
    <category>Verkehr</category>
    <description>Der Stadtrat stimmt für ein durchgehendes Radwegenetz.</description>
  </item>
  <item>
    <title>Freibad öffnet früher</title>
    <link>{base}/lokales/freibad</link>
    <guid>{base}/lokales/freibad</guid>
    <pubDate>Sat, 15 Mar 2025 08:00:00 +0100</pubDate>
    <description>&lt;p&gt;Das Freibad öffnet in diesem Jahr schon am 1. Mai.&lt;/p&gt;&lt;p&gt;„Wir wollen die Saison verlängern“, sagte der Bäderchef.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Übersicht</title>
    <link>{base}/lokales/uebersicht</link>
    <pubDate>Sun, 16 Mar 2025 09:00:00 +0100</pubDate>
    <content:encoded><![CDATA[<p>Die Stadtwerke erhöhen die Wasserpreise zum ersten Juli um vier Prozent, teilte ein Sprecher mit.</p>]]></content:encoded>
  </item>
  <item>
    <title>Nur ein Titel</title>
    <link>{base}/lokales/weg</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>The Harbour Gazette</title>
  <id>urn:example:harbour-gazette</id>
  <updated>2024-11-03T11:00:00-04:00</updated>
  <link rel="self" href="/atom.xml"/>
  <entry>
    <title>Council approves new harbour ferry route</title>
    <id>urn:example:ferry</id>
    <link rel="alternate" href="/news/ferry"/>
    <published>2024-11-02T09:15:00-04:00</published>
    <updated>2024-11-03T11:00:00-04:00</updated>
    <author><name>Sam Example</name></author>
    <summary>Ferries will link the old harbour with the east bank.</summary>
  </entry>
  <entry>
    <title>Ancient placeholder</title>
    <id>urn:example:old</id>
    <link rel="alternate" href="/news/old"/>
    <published>0001-01-01T00:00:00Z</published>
    <summary>Placeholder entry.</summary>
  </entry>
</feed>
"""


def test_an_rss_feed_yields_its_entries_pages(server: Server) -> None:
    feed_url = server.url("/feed.rss")
    server.routes["/feed.rss"] = Response(
        RSS.format(base=server.base).encode(), content_type="application/rss+xml"
    )
    server.routes["/lokales/radwege"] = html_page("stadtrat-radwege.de.html")
    server.routes["/lokales/uebersicht"] = MENU_ONLY  # no article on the page
    items = read(feed_url)
    articles, errors, warnings = split(items)

    radwege, freibad, wasser = articles
    assert radwege.id == radwege.item == radwege.url == server.url("/lokales/radwege")
    assert radwege.source == feed_url
    assert radwege.title == "Stadtrat beschließt Radwegenetz (Feedtitel)"  # the feed's title wins
    assert radwege.published == datetime(2025, 3, 14, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    assert radwege.outlet == "Lindenfelder Anzeiger"  # the page's site name
    assert radwege.meta["feed_entry_id"] == "anzeiger-1001"
    assert radwege.meta["tags"] == ["Verkehr"]
    assert "sagte Oberbürgermeisterin Marta Musterfrau" in radwege.text  # the page's full text

    # the page is missing: the feed's summary is the text, with a warning
    assert freibad.id == server.url("/lokales/freibad")
    assert freibad.text == (
        "Das Freibad öffnet in diesem Jahr schon am 1. Mai.\n"
        "„Wir wollen die Saison verlängern“, sagte der Bäderchef."
    )
    assert freibad.language == "de" and freibad.outlet == "Lindenfelder Anzeiger – Lokales"
    assert freibad.published == datetime(2025, 3, 15, 8, tzinfo=timezone(timedelta(hours=1)))
    # the page has no article: the entry's full content is the text
    assert wasser.text.startswith("Die Stadtwerke erhöhen die Wasserpreise")

    assert [(w.item, w.reason) for w in warnings] == [
        (
            server.url("/lokales/freibad"),
            "page not read (HTTP 404 Not Found); using the entry's text from the feed instead",
        ),
        (
            server.url("/lokales/uebersicht"),
            "page not read (no article text in the page (navigation or boilerplate only)); "
            "using the entry's text from the feed instead",
        ),
    ]
    [error] = errors  # a link that fails and no text in the feed
    assert error.item == server.url("/lokales/weg")
    assert error.reason == "page not read (HTTP 404 Not Found), and the entry carries no text"

    # quotetrack fetched everything itself, the feed once
    assert server.paths() == [
        "/feed.rss",
        "/lokales/radwege",
        "/lokales/freibad",
        "/lokales/uebersicht",
        "/lokales/weg",
    ]
    assert {agent for _, agent in server.requests} == {USER_AGENT}


def test_an_atom_feed_with_relative_links(server: Server) -> None:
    server.routes["/atom.xml"] = Response(ATOM.encode(), content_type="application/atom+xml")
    server.routes["/news/ferry"] = html_page("harbour-ferry.en.html")
    items = read(server.url("/atom.xml"))
    articles, errors, warnings = split(items)
    assert not errors
    ferry, old = articles
    assert ferry.id == server.url("/news/ferry")
    assert ferry.title == "Council approves new harbour ferry route"
    assert ferry.published == datetime(2024, 11, 2, 9, 15, tzinfo=timezone(timedelta(hours=-4)))
    assert ferry.outlet == "The Harbour Gazette"
    assert ferry.meta["author"] == "Sam Example"
    assert '"This route will cut the morning commute in half' in ferry.text
    # a placeholder date is dropped, and the page is missing: summary with two warnings
    assert old.published is None and old.text == "Placeholder entry."
    assert {w.item for w in warnings} == {server.url("/news/old")}
    assert any("implausible" in w.reason for w in warnings)


def test_a_feed_is_recognised_by_its_content_not_its_type(server: Server) -> None:
    server.routes["/feed"] = Response(ATOM.encode(), content_type="text/plain")
    server.routes["/news/ferry"] = html_page("harbour-ferry.en.html")
    articles, _, _ = split(read(server.url("/feed")))
    assert [a.id for a in articles] == [server.url("/news/ferry"), server.url("/news/old")]


def test_a_local_feed_file_fetches_its_entries(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "lokales.rss"
    path.write_text(RSS.format(base=server.base), encoding="utf-8")
    server.routes["/lokales/radwege"] = html_page("stadtrat-radwege.de.html")
    items = read(path)
    articles, errors, _ = split(items)
    assert len(articles) == 3 and len(errors) == 1
    assert {a.source for a in articles} == {str(path)}
    assert estimate_articles([path]) == 4
    assert "/feed.rss" not in server.paths()


def test_a_broken_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xml"
    path.write_text("<?xml version='1.0'?><rss><channel>&nbsp;<<<", encoding="utf-8")
    [error] = read(path)
    assert isinstance(error, ReadError) and error.level == "error"
    assert error.reason.startswith("not a readable feed")


def test_an_empty_feed_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "leer.atom"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Leer</title></feed>', encoding="utf-8"
    )
    assert read(path) == [ReadError(str(path), None, "the feed has no entries", "warning")]


def test_an_xml_file_that_is_no_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "daten.xml"
    path.write_text("<?xml version='1.0'?><daten><wert>1</wert></daten>", encoding="utf-8")
    assert read(path) == [ReadError(str(path), None, "not an RSS or Atom feed")]


def test_a_feed_entry_without_a_link_uses_its_own_text(tmp_path: Path) -> None:
    path = tmp_path / "ohne-links.rss"
    path.write_text(
        "<rss version='2.0'><channel><title>Mitteilungen</title><item><guid>m-1</guid>"
        "<title>Mitteilung</title><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate>"
        "<description>Die Stadtverwaltung ist am Freitag wegen einer Betriebsversammlung "
        "geschlossen.</description></item></channel></rss>",
        encoding="utf-8",
    )
    [article] = read(path)
    assert isinstance(article, Article)
    assert (article.id, article.item, article.url) == ("m-1", "entry 1", None)
    assert article.published == datetime(2025, 6, 2, 10, tzinfo=UTC)
    assert article.outlet == "Mitteilungen" and article.language == "de"


def test_feed_dates_are_kept_with_their_offset(server: Server) -> None:
    rss = (
        "<rss version='2.0'><channel><title>T</title><item><title>x</title>"
        f"<link>{server.base}/a</link><pubDate>Thu, 05 Jun 2025 20:00:00 +0200</pubDate>"
        "<description>Die Minister berieten am Donnerstag in Brüssel über die Verteidigung."
        "</description></item></channel></rss>"
    )
    server.routes["/f"] = Response(rss.encode(), content_type="application/rss+xml")
    articles, _, _ = split(read(server.url("/f")))
    assert articles[0].published == datetime(2025, 6, 5, 20, tzinfo=CEST)
    assert articles[0].published.utcoffset() == timedelta(hours=2)
