"""The dashboard in a real browser: ``quotetrack dashboard`` on a loopback port, every page opened
in headless Chromium (Debian's, never a downloaded one), visible text asserted, one screenshot
per page saved under the test's temporary folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import duckdb
import pytest

from ingest.pipeline import run
from ingest.publish import current_snapshot

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SEED_ID = "nato-brussels-2025-06-05.de"
WIDTH, HEIGHT = 1280, 1600
WAIT_MS = 45_000

if not CHROMIUM.exists():
    pytest.skip(
        f"needs Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample, ingested once (the same folder the AppTest module uses)."""
    db = tmp_path_factory.getbasetemp() / "dashboard-sample" / "quotes.duckdb"
    if current_snapshot(db) is None:
        run([str(REPO / "data" / "articles")], db, data_dir=REPO / "data", progress=False)
    return db


def rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the dashboard exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the dashboard did not answer at {url} within {seconds:g}s")


@pytest.fixture(scope="module")
def base_url(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTETRACK_")}
    corrections = tmp_path_factory.mktemp("corrections")
    cmd = [sys.executable, "-m", "ingest.cli", "dashboard", "--db", str(sample_db)]
    cmd += ["--data-dir", str(corrections)]
    cmd += ["--port", str(port), "--address", "127.0.0.1"]
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=tmp_path_factory.mktemp("cwd"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="de-DE")  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def visit(page: object, url: str, *texts: str) -> None:
    """Open ``url`` and wait until every text is visible and the app has stopped running."""
    page.goto(url)  # type: ignore[attr-defined]
    for text in texts:
        sync_api.expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=WAIT_MS)  # type: ignore[attr-defined]
    sync_api.expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id(
        "stException"
    ).first.inner_text()  # type: ignore[attr-defined]


def shoot(page: object, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    time.sleep(2.0)  # let tables and charts finish drawing
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def hegseth(db: Path) -> tuple[str, str]:
    found = rows(
        db,
        "SELECT statement_id, speaker_id FROM statements_v WHERE quote LIKE '%Indopazifik%' "
        "AND speaker = 'Pete Hegseth' LIMIT 1",
    )
    if not found:
        pytest.skip(
            "the extractor of this version does not attribute the Indopazifik quote to Pete Hegseth"
        )
    return str(found[0][0]), str(found[0][1])


def test_search_finds_hegseth_with_a_working_source_link(
    base_url: str, page: object, sample_db: Path, tmp_path: Path
) -> None:
    sid, _ = hegseth(sample_db)
    visit(page, f"{base_url}/search?q=Indopazifik", "Pete Hegseth", "US-Verteidigungsminister")
    sync_api.expect(page.locator("mark", has_text="Indopazifik").first).to_be_visible()  # type: ignore[attr-defined]
    shoot(page, tmp_path, "search")
    link = page.locator(f'a[href*="s={sid}"]', has_text="in article").first  # type: ignore[attr-defined]
    link.click()
    sync_api.expect(page.get_by_text("Statements in this article")).to_be_visible(timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert "/article?" in page.url  # type: ignore[attr-defined]
    sync_api.expect(page.locator(".qt-focus").first).to_be_visible()  # type: ignore[attr-defined]


def test_root_redirects_to_search(base_url: str, page: object) -> None:
    visit(page, base_url + "/?q=Nato", "matching statements")
    assert "/search?q=Nato" in page.url  # type: ignore[attr-defined]


def test_speaker_timeline(base_url: str, page: object, sample_db: Path, tmp_path: Path) -> None:
    _, speaker_id = hegseth(sample_db)
    visit(
        page,
        f"{base_url}/speaker?id={quote(speaker_id)}",
        "Pete Hegseth",
        "Timeline",
        "Roles over time",
    )
    sync_api.expect(page.locator(".vega-embed").first).to_be_visible(timeout=WAIT_MS)  # type: ignore[attr-defined]
    shoot(page, tmp_path, "speaker")


def test_compare(base_url: str, page: object, sample_db: Path, tmp_path: Path) -> None:
    names = [
        str(n)
        for (n,) in rows(
            sample_db,
            "SELECT speaker FROM statements_v WHERE speaker IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 2",
        )
    ]
    visit(
        page,
        f"{base_url}/compare?{urlencode({'speaker': names, 'period': 'year'}, doseq=True)}",
        "Their statements, aligned by date",
        "Said before?",
    )
    sync_api.expect(page.locator(".vega-embed").first).to_be_visible(timeout=WAIT_MS)  # type: ignore[attr-defined]
    shoot(page, tmp_path, "compare")


def test_spread(base_url: str, page: object, sample_db: Path, tmp_path: Path) -> None:
    sid = rows(
        sample_db,
        "SELECT statement_id FROM statements_v WHERE kind = 'direct' ORDER BY length(quote) DESC LIMIT 1",
    )[0][0]
    visit(page, f"{base_url}/spread?id={sid}", "First seen", "carried by")
    shoot(page, tmp_path, "spread")


def test_article_highlights_all_statements(
    base_url: str, page: object, sample_db: Path, tmp_path: Path
) -> None:
    n = len(
        rows(sample_db, "SELECT statement_id FROM statements_v WHERE article_id = ?", [SEED_ID])
    )
    visit(page, f"{base_url}/article?id={SEED_ID}", "Statements in this article", "Brüssel")
    sync_api.expect(page.locator(".qt-text .qt-n")).to_have_count(n, timeout=WAIT_MS)  # type: ignore[attr-defined]
    for (sid,) in rows(
        sample_db, "SELECT statement_id FROM statements_v WHERE article_id = ?", [SEED_ID]
    ):
        sync_api.expect(page.locator(f'.qt-text [id="s-{sid}"]')).to_have_count(1)  # type: ignore[attr-defined]
    shoot(page, tmp_path, "article")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("COPY (SELECT 1) TO 'x.csv'", "COPY is not allowed"),
        ("ATTACH 'x.duckdb'", "ATTACH is not allowed"),
    ],
)
def test_sql_refusals(
    base_url: str, page: object, query: str, message: str, tmp_path: Path
) -> None:
    visit(page, f"{base_url}/sql?{urlencode({'q': query})}", message)
    shoot(page, tmp_path, "sql-refused")


def test_sql_answers(base_url: str, page: object, sample_db: Path, tmp_path: Path) -> None:
    visit(
        page, f"{base_url}/sql?{urlencode({'q': 'SELECT count(*) FROM statements_v'})}", "1 rows in"
    )
    sync_api.expect(page.get_by_test_id("stDataFrame").first).to_be_visible()  # type: ignore[attr-defined]
    shoot(page, tmp_path, "sql")


def test_try_it(base_url: str, page: object, tmp_path: Path) -> None:
    visit(page, f"{base_url}/try", "Paste an article")
    page.get_by_role("button", name="Use an example").click()  # type: ignore[attr-defined]
    sync_api.expect(page.locator(".qt-text", has_text="Bürgermeisterin").first).to_be_visible(
        timeout=WAIT_MS
    )  # type: ignore[attr-defined]
    sync_api.expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)  # type: ignore[attr-defined]
    shoot(page, tmp_path, "try")


def test_review(base_url: str, page: object, tmp_path: Path) -> None:
    visit(page, f"{base_url}/review", "statements to review", "Merge speakers", "Speaker should be")
    shoot(page, tmp_path, "review")
