"""The exported site's search: two indexes written at export time, and the page's script that uses them.

- Pagefind (the `pagefind-bin` package's program, run once over the finished pages): a chunked index with English
  stemming that the browser loads a little at a time with fetch() and WebAssembly. Browsers refuse both for a page
  opened from a folder (file://), so it serves only a site on a web server.
- The basic index (search/index.js): each indexed page's address, title, kind and text, as one script that the
  search page loads with a <script> element, which browsers allow from file:// as well. search.js uses it from
  file://, when the export had no Pagefind, and when Pagefind does not start. It is the size of the pages' text
  (about 200 KB for a region) and is searched whole in the browser: fine for a region's brochure, not meant for
  tens of thousands of pages.

Only the <main> of pages marked data-pagefind-body is indexed, by both: not the navigation, footer or search page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from brochure_app.catalogue.paths import resources_dir

SCRIPT = "search/search.js"
BASIC_INDEX = "search/index.js"
PAGEFIND_DIR = "pagefind"
PAGEFIND_SCRIPT = f"{PAGEFIND_DIR}/pagefind.js"
PAGEFIND_TIMEOUT = 600
# Pagefind writes ready-made search interfaces beside its index; the site has its own page, so they go (~420 KB).
PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class SearchBuild:
    pagefind: str | None   # Pagefind's version when its index was written
    note: str              # one line for a person: which indexes the site has, or why Pagefind's is missing
    seconds: float         # time Pagefind took


class _MainText(HTMLParser):
    """The text inside <main> when it is marked for indexing (data-pagefind-body), whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.indexed = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
            self.indexed = self.indexed or any(name == "data-pagefind-body" for name, _ in attrs)

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif self.depth and tag in ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "th", "td", "br"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

    def text(self) -> str | None:
        if not self.indexed:
            return None
        return re.sub(r"\s+", " ", "".join(self.parts).replace("\xa0", " ")).strip()


def indexed_text(html: str) -> str | None:
    """The indexed text of a site page, or None for a page that is not indexed."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return parser.text()


def basic_index(pages: Iterable[tuple[str, str, str, str]]) -> str:
    """search/index.js for pages given as (address from the site's root, title, kind, page HTML)."""
    entries = []
    for url, title, kind, html in pages:
        text = indexed_text(html)
        if text is not None:
            entries.append({"url": url, "title": title, "kind": kind, "text": text})
    # ASCII, with <, > and & escaped too: no character of the data can end the string, nor a script element even
    # if this file's text were ever put inside one
    data = json.dumps({"version": 1, "pages": entries}, ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("/* The brochure's basic search index (brochure-app export): used by search.js where Pagefind's cannot "
            "be. */\nvar BrochureSearchIndex = " + data + ";\n")


def script_source() -> str:
    return (resources_dir() / "site" / "search.js").read_text(encoding="utf-8")


def pagefind_program() -> Path | None:
    """Pagefind's program from the pagefind-bin package, or None when it is not installed."""
    try:
        import pagefind_bin
    except ImportError:
        return None
    try:
        return Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError):
        return None


def run_pagefind(site: Path, program: Path | None = None) -> SearchBuild:
    """Pagefind's index of the pages in site (written to site/pagefind); never raises for Pagefind's own failures,
    which leave the site with its basic index only (the note says why)."""
    program = program or pagefind_program()
    if program is None:
        return SearchBuild(None, "basic search index only (Pagefind is not installed: pip install pagefind-bin)", 0.0)
    started = time.perf_counter()
    try:
        done = subprocess.run([str(program), "--site", str(site), "--output-subdir", PAGEFIND_DIR,
                               "--force-language", "en", "--keep-index-url", "--silent"],
                              capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, stdin=subprocess.DEVNULL)
        version = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=60,
                                 stdin=subprocess.DEVNULL).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(site / PAGEFIND_DIR, ignore_errors=True)
        return SearchBuild(None, f"basic search index only (Pagefind did not run: {exc})", 0.0)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not (site / PAGEFIND_SCRIPT).is_file():
        shutil.rmtree(site / PAGEFIND_DIR, ignore_errors=True)
        why = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1][:200]
        return SearchBuild(None, f"basic search index only (Pagefind failed: {why})", seconds)
    for name in PAGEFIND_UNUSED:
        (site / PAGEFIND_DIR / name).unlink(missing_ok=True)
    name = version[-1] if version else "?"
    return SearchBuild(name, f"Pagefind {name} index for web servers, basic index for file://", seconds)
