"""The exported site in a real browser (headless Chromium, tests/browser.py): the search box finds "BBR" from a
folder (file://) and from a web server at an address with a prefix, with no request leaving the site; every page
fits a 390 px phone; the skip link works; hostile text found by search stays text. Marked slow, so `make test` leaves
it out (about 15 s): `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m slow tests/test_export_html_browser.py`.
Skipped, saying why, when no browser is installed (Debian: `apt-get install chromium-headless-shell`)."""

from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from brochure_app.export.site import MARKER
from tests import factory
from tests.browser import Browser, find_browser
from tests.test_export_html import PAYLOADS, export_region, html_files

BROWSER = find_browser()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    BROWSER is None, reason="no headless Chromium: apt-get install chromium-headless-shell (or set "
                            "BROCHURE_TEST_BROWSER to a Chromium program); POSIX only")]
FIRST_RESULT = ("!!document.querySelector('#search-results[data-engine] li a') && "
                "[document.getElementById('search-results').dataset.engine, "
                "document.querySelector('#search-results li a').href, "
                "document.querySelector('#search-results li a').textContent]")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser") / "brochure"
    export_region(site)
    return site


@pytest.fixture(scope="module")
def browser():
    with Browser(BROWSER) as b:
        yield b


@pytest.fixture
def fresh(browser):
    browser.events.clear()
    browser.call("Emulation.clearDeviceMetricsOverride")
    return browser


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream"}

    def log_message(self, *args):
        pass


@pytest.fixture
def served(site):
    """The site's parent folder on a web server at 127.0.0.1 (this machine only): the site is at /brochure/."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.parent)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def search_from(b: Browser, page: str, words: str) -> list:
    b.open(page)
    b.type_and_enter("#site-search-q", words)   # as a person does: type, press Enter
    assert b.evaluate("location.pathname").endswith("/search.html")
    return b.wait_until(FIRST_RESULT)


def no_policy_errors(b: Browser) -> None:
    complaints = [line for line in b.console() if "Content Security Policy" in line or "Refused" in line]
    assert not complaints, complaints


def test_from_a_folder_the_search_box_finds_bbr(fresh, site):
    engine, href, title = search_from(fresh, (site / "items" / "tsp.html").as_uri(), "BBR")
    assert engine == "basic"   # Pagefind cannot start from file:// (fetch and module scripts are refused there)
    assert href == (site / "items" / "bbr.html").as_uri() and title == "Building Better Relationships (BBR)"
    fresh.open(href)
    assert fresh.evaluate("document.querySelector('h1').textContent") == "Building Better Relationships (BBR)"
    assert fresh.requests() and all(u.startswith(site.as_uri() + "/") for u in fresh.requests()), fresh.requests()
    no_policy_errors(fresh)


def test_from_a_web_server_the_search_box_finds_bbr(fresh, site, served):
    engine, href, title = search_from(fresh, served + "index.html", "BBR")
    pagefind = json.loads((site / MARKER).read_text(encoding="utf-8"))["search"]["pagefind"]
    assert engine == ("pagefind" if pagefind else "basic")
    assert href == served + "items/bbr.html" and title == "Building Better Relationships (BBR)"
    assert all(u.startswith(served) for u in fresh.requests()), fresh.requests()
    if pagefind:
        assert any("/pagefind/" in u for u in fresh.requests())
    no_policy_errors(fresh)
    # typing on the search page searches as you type, without reloading it
    fresh.evaluate("document.getElementById('site-search-q').value = ''")
    fresh.evaluate("document.getElementById('site-search-q').focus()")
    fresh.call("Input.insertText", text="unpaid work")
    fresh.wait_until("document.getElementById('search-status').textContent.includes('unpaid work')")
    assert fresh.evaluate("document.querySelector('#search-results li a').href") == served + "items/unpaid-work.html"


def test_on_a_390_px_phone_every_page_fits_and_who_for_stacks_over_who_not_for(fresh, site):
    fresh.phone(390, 844)
    for path in html_files(site):
        fresh.open(path.as_uri())
        width = fresh.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path.relative_to(site)} is {width} px wide on a 390 px screen"
    fresh.open((site / "items" / "bbr.html").as_uri())
    box = ("(s => { const r = document.querySelector(s).getBoundingClientRect(); "
           "return [r.left, r.top, r.bottom]; })")
    for_h, for_list, not_h = (fresh.evaluate(f"{box}({json.dumps(s)})")
                              for s in ("#who-for", "#who-for ~ ul", "#who-not-for"))
    assert for_h[2] <= for_list[1] < for_list[2] <= not_h[1]   # each heading over its own list, one after the other
    fresh.call("Emulation.setDeviceMetricsOverride", width=1024, height=768, deviceScaleFactor=1, mobile=False)
    fresh.open((site / "items" / "bbr.html").as_uri())
    for_h, not_h = (fresh.evaluate(f"{box}({json.dumps(s)})") for s in ("#who-for", "#who-not-for"))
    assert for_h[1] == not_h[1] and for_h[0] < not_h[0]           # side by side where both fit


def test_the_skip_link_is_the_first_stop_and_moves_to_main(fresh, site):
    fresh.open((site / "index.html").as_uri())
    fresh.call("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    fresh.call("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    assert fresh.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert fresh.evaluate("document.activeElement.getBoundingClientRect().left") >= 0   # shown when focused
    fresh.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13,
               text="\r")
    fresh.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    assert fresh.wait_until("document.activeElement.id === 'main'")


def test_hostile_content_found_by_search_stays_text(fresh, tmp_path):
    title = "Evil <img src=x onerror=alert(1)> <script>alert(2)</script> page"
    root = factory.tree(tmp_path / "root", items={"evil": factory.item("evil", title=title)})
    factory.page(root, "evil", factory.item("evil", title=title), body=PAYLOADS)
    site = tmp_path / "site"
    export_region(site, root=root)
    fresh.open((site / "search.html").as_uri() + "?q=evil")
    engine, _href, shown = fresh.wait_until(FIRST_RESULT)
    assert shown == title
    tags = fresh.evaluate("[...document.querySelectorAll('#search-results *')].map(e => e.tagName)")
    assert set(tags) <= {"LI", "A", "SPAN", "P", "MARK"}, tags
    assert not [e for e in fresh.events if e.get("method") == "Page.javascriptDialogOpening"]
