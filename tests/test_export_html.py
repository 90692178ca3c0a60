"""`export --format html`: a static site whose every link resolves, with nothing that runs or loads from afar but
the search page's own scripts, laid out for people and screen readers, and searchable with no server."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from brochure_app import __version__
from brochure_app.cli import main
from brochure_app.export import site_search
from brochure_app.export.meta import content_edition
from brochure_app.export.site import MARKER, section_kinds
from tests import factory

REPO = Path(__file__).resolve().parents[1]
WEB = ("http", "https", "mailto")
ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "body", "p", "a", "h1", "h2", "h3", "h4", "table",
                "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "b", "i", "strong", "em", "span", "br", "hr",
                "div", "nav", "footer", "blockquote", "code", "pre", "main", "header", "section", "dl", "dt", "dd",
                "form", "label", "input", "button", "noscript", "script"}
# No layout attributes (width, cellpadding, valign...): the site lays out with its stylesheet.
ALLOWED_ATTRS = {"href", "title", "class", "lang", "charset", "name", "content", "http-equiv", "rel", "align",
                 "colspan", "aria-label", "aria-current", "aria-labelledby", "aria-live", "id", "tabindex", "role",
                 "action", "method", "for", "type", "autocomplete", "src", "data-pagefind-body",
                 "data-pagefind-meta", "data-kind", "data-basic-index", "data-pagefind"}
SEARCH_PAGE = "search.html"

PAYLOADS = """\
Template text stays text: {{ 7 * 7 }} {% raw %}

[md javascript](javascript:alert('s14'))
[md mixed case](JaVaScRiPt:alert('s15'))
[md tab](jav&#x09;ascript:alert('s16'))
[md entity](&#106;avascript:alert('s17'))
[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[md vbscript](vbscript:msgbox('s18'))
[md file](file:///etc/passwd)
[md relative](../../../../etc/passwd)
[md scheme-relative](//evil.example/x)
[md unknown item](item:no-such-page)
[md odd item](item:../../index)
![md image](https://evil.example/pixel.png)
<https://www.sentencingcouncil.org.uk/>

<script>alert('s1')</script>
<img src=x onerror=alert('s2')>
<iframe src="javascript:alert('s3')"></iframe>
<svg onload=alert('s4')><circle r=1></svg>
<a href="javascript:alert('s5')">raw link</a>
<a href="&#x6A;avascript:alert('s6')">entity link</a>
<a href=" javascript:alert('s7')">spaced link</a>
<div style="background:url(javascript:alert('s8'))" onclick="alert('s9')">styled</div>
<style>body { background: url("https://evil.example/x.png") }</style>
<body onload=alert('s10')>
<object data="https://evil.example/x"></object><embed src="https://evil.example/x">
<link rel=stylesheet href="https://evil.example/x.css">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<form action="https://evil.example/"><input name=q></form>
"><script>alert('s12')</script>
<scr<script>ipt>alert('s13')</script>
<math><mtext><table><mglyph><style><img src=x onerror=alert('s11')>
"""


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def scheme(url: str) -> str:
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    return cleaned.partition(":")[0] if re.match(r"^[a-z][a-z0-9+.-]*:", cleaned) else ""


def export(*argv) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def check_inert(site: Path) -> None:
    """No script but the search page's own files, no event handler, no style, no embedded or remote resource, no
    link but web links and our own, a security policy on every page."""
    for path in html_files(site):
        page = parse(path)
        search_page = path == site / SEARCH_PAGE
        for tag, attrs in page.tags:
            where = f"{path.relative_to(site)}: <{tag} {attrs}>"
            assert tag in ALLOWED_TAGS, where
            assert set(attrs) <= ALLOWED_ATTRS, where
            assert not [a for a in attrs if a.startswith("on") or a in ("style", "srcset")], where
            if tag == "meta":
                assert set(attrs) & {"charset", "name", "http-equiv"}, where
                assert attrs.get("http-equiv", "content-security-policy").lower() == "content-security-policy", where
            if tag == "link":
                assert attrs.get("rel") == "stylesheet" and scheme(attrs["href"]) == "", where
            if "href" in attrs:
                assert scheme(attrs["href"]) in ("",) + (WEB if tag == "a" else ()), where
                assert not attrs["href"].startswith("//"), where
            if "src" in attrs or tag == "script":
                assert search_page and tag == "script", where
                assert re.fullmatch(r"(search|pagefind)/[a-z.-]+\.js", attrs["src"]), where
            if "action" in attrs or tag == "form":
                assert tag == "form" and attrs["action"].endswith(SEARCH_PAGE) and attrs["method"] == "get", where
                assert scheme(attrs["action"]) == "" and not attrs["action"].startswith("/"), where
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I)
        assert len(scripts) == text.lower().count("<script"), path     # every script element closed...
        assert all(body == "" for body in scripts), path                 # ...and empty: nothing inline
        policies = [a["content"] for t, a in page.tags if t == "meta" and "http-equiv" in a]
        assert policies and "default-src 'none'" in policies[0], path
        assert text.find("Content-Security-Policy") < text.find("<title"), path   # the policy comes first
        if search_page:
            assert "script-src 'self' file: 'wasm-unsafe-eval';" in policies[0], path
            assert "unsafe-inline" not in policies[0] and "'unsafe-eval'" not in policies[0], path
            assert "connect-src 'self'" in policies[0], path
        else:
            assert "script-src 'none'" in policies[0] and not scripts, path
    css = (site / "style.css").read_text(encoding="utf-8").lower()
    assert "url(" not in css and "@import" not in css and "expression(" not in css
    script = (site / site_search.SCRIPT).read_text(encoding="utf-8")
    assert not re.search(r"https?:|//[a-z]", re.sub(r"/\*.*?\*/", "", script, flags=re.S)), "search.js names no address"
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def _targets(path: Path) -> list[tuple[str, str]]:
    page = parse(path)
    return [(tag, attrs[name]) for tag, attrs in page.tags for name in ("href", "action", "src") if name in attrs]


def check_links(site: Path) -> set[Path]:
    """Every internal link resolves to a file inside the site (a fragment to an element of its page); returns the
    pages reachable from index.html."""
    root = site.resolve()
    for path in html_files(site):
        ids = {a["id"] for _t, a in parse(path).tags if "id" in a}
        for tag, href in _targets(path):
            if scheme(href) in WEB:
                continue
            assert href and not href.startswith("/"), f"{path}: absolute or empty link {href!r}"
            if href.startswith("#"):
                assert href[1:] in ids, f"{path}: {href!r} names no element of the page"
                continue
            target = (path.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), f"{path.relative_to(site)}: <{tag} {href!r}> does not resolve"
            assert root in target.parents, f"{path}: {href!r} leaves the site"
    seen, todo = set(), [root / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for _tag, href in _targets(page):
            if href and scheme(href) == "" and href.endswith(".html"):
                todo.append((page.parent / unquote(href)).resolve())
    return seen


def export_region(site: Path, region: str = "london", root: Path = REPO) -> str:
    """Exports region's site from the content at root to site; returns what it said on stderr."""
    code, out, err = export("--content-root", str(root), "export", "--region", region, "--format", "html",
                            "--out", str(site))
    assert code == 0, err
    assert out.strip() == str(site)
    return err


@pytest.fixture(scope="module")
def london_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("export") / "site"
    export_region(site)
    return site


def test_london_site_layout(london_site, catalogue):
    assert (london_site / "index.html").is_file() and (london_site / "style.css").is_file()
    for item in catalogue.items("london"):
        assert (london_site / "items" / f"{item.id}.html").is_file()
    for kind in catalogue.items_by_kind("london"):
        assert (london_site / "sections" / f"{kind}.html").is_file()
    marker = json.loads((london_site / MARKER).read_text(encoding="utf-8"))
    assert marker["generator"] == "brochure-app" and marker["app_version"] == __version__
    assert marker["content_edition"] == content_edition(catalogue) and marker["region"] == "london"


def test_every_internal_link_resolves_and_every_page_is_reachable(london_site, catalogue):
    reachable = check_links(london_site)
    for item in catalogue.items("london"):
        assert (london_site / "items" / f"{item.id}.html").resolve() in reachable, item.id
    # no placeholder page that nothing links to (a section the region lacks, missing.html when nothing is missing)
    assert {p.resolve() for p in html_files(london_site)} == reachable


def test_sections_the_region_lacks_have_no_page(tmp_path, catalogue):
    for region in ("north-east", "dlnr"):
        site = tmp_path / region
        assert export("--content-root", str(REPO), "export", "--region", region, "--format", "html",
                      "--out", str(site))[0] == 0
        written = {p.stem for p in (site / "sections").glob("*.html")}
        assert written == set(section_kinds(catalogue, region)), region
        nav = [a["href"] for t, a in parse(site / "index.html").tags if t == "a" and "sections/" in a.get("href", "")]
        assert {Path(h).stem for h in nav} == written, region
        assert {p.resolve() for p in html_files(site)} == check_links(site), region


def test_nothing_runs_and_nothing_loads_from_elsewhere(london_site):
    check_inert(london_site)


def test_each_page_has_the_footer_and_its_sources(london_site, catalogue):
    region = catalogue.regions["london"]
    edition = content_edition(catalogue)
    for path in html_files(london_site):
        text = " ".join(parse(path).text)
        assert region.source.title in text and region.edition in text, path
        assert f"brochure-app {__version__}" in text and f"content edition {edition}" in text, path
    for item in catalogue.items("london"):
        text = " ".join(parse(london_site / "items" / f"{item.id}.html").text)
        assert all(s.title in text and s.section in text for s in item.sources), item.id


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\xa0", " "))


def test_same_words_as_the_app(london_site, catalogue):
    """The site's page says what the app's page says, every word as often; only its markup differs (the app's window
    lays out with tables, which the site does not use, so the who-for / not-for headings come in another order)."""
    from collections import Counter

    from brochure_app.render.html import render

    for key, rel in (("item:bbr", "items/bbr.html"), ("home", "index.html"),
                     ("section:accredited-programme", "sections/accredited-programme.html")):
        app = _Page()
        app.feed(render(catalogue, "london", key).html)
        site = parse(london_site / rel)
        missing = Counter(_words(" ".join(app.text))) - Counter(_words(" ".join(site.text)))
        assert not missing, (key, missing)   # the site adds its header, search box and footer around them


def test_dlnr_pages_carry_the_historical_warning(tmp_path, catalogue):
    site = tmp_path / "dlnr"
    code, _, err = export("--content-root", str(REPO), "export", "--region", "dlnr", "--format", "html",
                          "--out", str(site))
    assert code == 0, err
    for path in html_files(site):
        assert "Historical" in " ".join(parse(path).text), path
    for item in catalogue.items("dlnr"):
        if item.historical:
            text = " ".join(parse(site / "items" / f"{item.id}.html").text)
            assert "Historical material: this page comes from" in text, item.id


def test_hostile_content_exports_inert(tmp_path):
    root = factory.tree(tmp_path / "root", items={
        "alpha": factory.item("alpha"),
        "evil": factory.item("evil", title="Evil <script>alert('t')</script> page",
                             summary="Summary <img src=x onerror=alert('u')> here"),
    })
    factory.page(root, "evil", factory.item("evil", title="Evil <script>alert('t')</script> page",
                                            summary="Summary <img src=x onerror=alert('u')> here"), body=PAYLOADS)
    site = tmp_path / "site"
    code, _, err = export("--content-root", str(root), "export", "--region", "london", "--format", "html",
                          "--out", str(site))
    assert code == 0, err
    evil = site / "items" / "evil.html"
    assert evil.is_file(), "the hostile page must be exported, not skipped"
    check_inert(site)
    check_links(site)
    text = " ".join(parse(evil).text)
    assert "<script>alert('t')</script>" in text        # shown as text, not run
    assert "{{ 7 * 7 }}" in text and "{% raw %}" in text  # content is never a template
    hrefs = [a.get("href") for t, a in parse(evil).tags if t == "a"]
    assert "https://www.sentencingcouncil.org.uk/" in hrefs
    assert "../missing.html" in hrefs                     # a link to a page the region does not have


def test_replaces_its_own_export_and_refuses_other_folders(tmp_path):
    root = factory.tree(tmp_path / "root")
    args = ["--content-root", str(root), "export", "--region", "london", "--format", "html", "--out"]
    site = tmp_path / "out" / "site"
    site.parent.mkdir()                 # an export never makes its folder's parent (see test_output_paths.py)
    assert export(*args, str(site))[0] == 0
    (site / "items" / "stale.html").write_text("old", encoding="utf-8")
    assert export(*args, str(site))[0] == 0                # a previous export is replaced whole
    assert not (site / "items" / "stale.html").exists()
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]   # no temporary folder left beside it

    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious", encoding="utf-8")
    code, out, err = export(*args, str(mine))
    assert code == 1 and out == "" and "not empty" in err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]

    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    code, _, err = export(*args, str(afile))
    assert code == 1 and "not a folder" in err and afile.read_text(encoding="utf-8") == "x"

    empty = tmp_path / "empty"
    empty.mkdir()
    assert export(*args, str(empty))[0] == 0 and (empty / "index.html").is_file()


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")
def test_refuses_a_symlink(tmp_path):
    root = factory.tree(tmp_path / "root")
    target = tmp_path / "real"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    code, _, err = export("--content-root", str(root), "export", "--region", "london", "--format", "html",
                          "--out", str(link))
    assert code == 1 and "symbolic link" in err and list(target.iterdir()) == []


def test_a_failed_build_leaves_the_old_export(tmp_path, monkeypatch):
    from brochure_app.export import site as site_module

    root = factory.tree(tmp_path / "root")
    args = ["--content-root", str(root), "export", "--region", "london", "--format", "html", "--out"]
    site = tmp_path / "site"
    assert export(*args, str(site))[0] == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "stylesheet", broken)
    code, _, err = export(*args, str(site))
    assert code == 1 and "No space left" in err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root", "site"]


# --- structure for people and screen readers -------------------------------------------------------------------


class _Outline(HTMLParser):
    """Landmarks, headings, titles and tables of one page, as a screen reader lists them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.mains: list[dict[str, str]] = []
        self.first_link: dict[str, str] | None = None
        self.headings: list[int] = []
        self.title = ""
        self.tables: list[dict] = []   # per table: attributes, whether its first row has headers, where it is
        self._row = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.mains.append(attrs)
        if tag == "a" and self.first_link is None:
            self.first_link = attrs
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "title":
            self.in_title = True
        if tag == "table":
            self.tables.append({"attrs": attrs, "header": False, "inside": list(self.stack)})
            self._row = 0
        if tag == "tr":
            self._row += 1
        if tag == "th" and self.tables and self._row == 1:
            self.tables[-1]["header"] = True
        if tag not in ("br", "hr", "meta", "link", "input"):
            self.stack.append(f"{tag}.{attrs.get('class', '')}")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        while self.stack:
            if self.stack.pop().split(".")[0] == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def outline(path: Path) -> _Outline:
    page = _Outline()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def check_structure(site: Path) -> None:
    titles: dict[str, Path] = {}
    for path in html_files(site):
        page = outline(path)
        where = path.relative_to(site)
        assert len(page.mains) == 1 and page.mains[0].get("id") == "main", where
        assert page.first_link is not None and page.first_link.get("href") == "#main", where   # the skip link
        assert page.headings and page.headings[0] == 1 and page.headings.count(1) == 1, (where, page.headings)
        jumps = [(a, b) for a, b in zip(page.headings, page.headings[1:], strict=False) if b > a + 1]
        assert not jumps, (where, page.headings)
        for table in page.tables:
            assert table["header"], f"{where}: a table without a header row is a layout table"
            assert not {"width", "cellpadding", "cellspacing"} & set(table["attrs"]), where
            assert "div.table-wrap" in table["inside"], f"{where}: a wide table must scroll in its own box"
        title = " ".join(page.title.split())
        assert title not in titles, f"{where} and {titles.get(title)} share the title {title!r}"
        titles[title] = where
        text = path.read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text, where


def test_every_page_has_a_main_landmark_a_skip_link_ordered_headings_and_its_own_title(london_site):
    check_structure(london_site)


def test_every_region_exports_a_site_with_that_structure(tmp_path, catalogue):
    for region in catalogue.regions:
        site = tmp_path / region
        code, _, err = export("--content-root", str(REPO), "export", "--region", region, "--format", "html",
                              "--out", str(site))
        assert code == 0, err
        check_structure(site)


def test_who_it_is_for_and_not_for_each_have_their_own_heading_over_their_own_list(london_site):
    """On a phone the two halves stack: each heading must stay above its own list (issue 23: in a table the two
    headers stacked above both lists)."""
    text = (london_site / "items" / "bbr.html").read_text(encoding="utf-8")
    parts = re.findall(r'<section class="facts-part" aria-labelledby="([a-z-]+)">\s*<h2 id="\1">([^<]+)</h2>'
                       r"(.*?)</section>", text, re.S)
    assert [(p[0], p[1]) for p in parts] == [("who-for", "Who it is for"), ("who-not-for", "Who it is not for")]
    assert "Gender: Male" in parts[0][2] and "No exclusions stated" in parts[1][2]
    assert "<table" not in text
    css = (london_site / "style.css").read_text(encoding="utf-8")
    assert ".facts { display: flex; flex-wrap: wrap;" in css   # side by side only where both fit


def test_content_headings_and_tables_are_put_in_order(tmp_path):
    body = ("## Section\n\n#### Too deep\n\nText.\n\n| Sessions | Hours |\n|---|---|\n| 29 | 2.5 |\n\n"
            "## Again\n\n#### Deep again\n\nMore.\n")
    root = factory.tree(tmp_path / "root", items={"alpha": factory.item("alpha")})
    factory.page(root, "alpha", factory.item("alpha"), body=body)
    site = tmp_path / "site"
    assert export("--content-root", str(root), "export", "--region", "london", "--format", "html",
                  "--out", str(site))[0] == 0
    check_structure(site)
    page = outline(site / "items" / "alpha.html")
    assert page.headings[-5:] == [2, 3, 2, 3, 2] and len(page.tables) == 1   # ... h4s as h3s, then Sources


# --- search ----------------------------------------------------------------------------------------------------


def basic_index(site: Path) -> dict:
    text = (site / site_search.BASIC_INDEX).read_text(encoding="utf-8")
    m = re.search(r"^var BrochureSearchIndex = (\{.*\});$", text, re.M)
    assert m, "index.js is one assignment of a JSON object"
    return json.loads(m.group(1))


def test_every_page_has_a_search_box_that_opens_the_search_page(london_site):
    for path in html_files(london_site):
        page = parse(path)
        forms = [a for t, a in page.tags if t == "form"]
        boxes = [a for t, a in page.tags if t == "input"]
        assert len(forms) == 1 and forms[0]["role"] == "search", path
        assert (path.parent / forms[0]["action"]).resolve() == (london_site / SEARCH_PAGE).resolve(), path
        assert boxes == [{"id": "site-search-q", "type": "search", "name": "q", "autocomplete": "off"}], path
        assert ("label", {"for": "site-search-q"}) in page.tags, path
    scripts = [a for t, a in parse(london_site / SEARCH_PAGE).tags if t == "script"]
    assert len(scripts) == 1
    for name in ("src", "data-basic-index", "data-pagefind"):
        if name in scripts[0]:
            assert (london_site / scripts[0][name]).is_file(), name


def test_the_basic_index_has_every_page_and_finds_bbr(london_site, catalogue):
    index = basic_index(london_site)
    urls = [p["url"] for p in index["pages"]]
    pages = {p.relative_to(london_site).as_posix() for p in html_files(london_site)} - {SEARCH_PAGE, "missing.html"}
    assert sorted(urls) == sorted(pages)
    bbr = next(p for p in index["pages"] if p["url"] == "items/bbr.html")
    assert "BBR" in bbr["title"] and "Building Better Relationships" in bbr["text"]
    assert bbr["kind"] == "Accredited Programme"
    assert "Search the brochure" not in bbr["text"] and "content edition" not in bbr["text"]   # only <main>
    titles = [p["title"] for p in index["pages"]]
    assert len(set(titles)) == len(titles)


NODE = shutil.which("node")


def node_search(site: Path, *queries: str) -> list[list[dict]]:
    """search.js's own search over the site's basic index, run by Node (the same code the browser runs)."""
    program = """
const fs = require("fs"), vm = require("vm");
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), context);
const queries = JSON.parse(process.argv[3]);
const found = queries.map(q => context.BrochureBasicSearch.find(vm.runInContext("BrochureSearchIndex", context), q));
process.stdout.write(JSON.stringify(found));
"""
    done = subprocess.run([NODE, "-e", program, str(site / site_search.SCRIPT), str(site / site_search.BASIC_INDEX),
                           json.dumps(queries)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed: the basic search's own test needs `node`")
def test_the_basic_search_finds_bbr_first(london_site):
    bbr, words, accents, nothing, odd = node_search(london_site, "BBR", "better relationship", "bettér relatiónships",
                                                     "zzzqqq", "( [ * \\ .")
    assert bbr[0]["url"] == "items/bbr.html" and bbr[0]["title"] == "Building Better Relationships (BBR)"
    assert [text for text, marked in bbr[0]["excerpt"] if marked][0] == "BBR"
    assert words[0]["url"] == "items/bbr.html"            # every word, as the start of a word ("relationships")
    assert accents[0]["url"] == "items/bbr.html"          # an accent typed or not
    assert nothing == [] and odd == []                    # no match, and no pattern: punctuation is not a word


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed: the basic search's own test needs `node`")
def test_the_basic_index_keeps_hostile_text_as_text(tmp_path):
    title = "Evil <script>alert('t')</script> \u2028 </script> page"
    root = factory.tree(tmp_path / "root", items={"evil": factory.item("evil", title=title)})
    factory.page(root, "evil", factory.item("evil", title=title), body=PAYLOADS)
    site = tmp_path / "site"
    assert export("--content-root", str(root), "export", "--region", "london", "--format", "html",
                  "--out", str(site))[0] == 0
    text = (site / site_search.BASIC_INDEX).read_text(encoding="utf-8")
    assert "<" not in text.partition("=")[2] and "\u2028" not in text    # escaped as JSON \\u003c... by ensure_ascii
    (found,) = node_search(site, "evil")
    assert found[0]["title"] == title


def _pagefind_installed() -> bool:
    return site_search.pagefind_program() is not None


@pytest.mark.skipif(not _pagefind_installed(), reason="pagefind-bin is not installed (pip install pagefind-bin)")
def test_pagefind_indexes_the_pages_for_web_servers(london_site):
    marker = json.loads((london_site / MARKER).read_text(encoding="utf-8"))
    assert marker["search"]["pagefind"] and marker["search"]["basic_index"] == site_search.BASIC_INDEX
    bundle = london_site / site_search.PAGEFIND_DIR
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert list((bundle / "index").iterdir()) and len(list((bundle / "fragment").iterdir())) == len(
        basic_index(london_site)["pages"])   # one fragment per indexed page: the same pages as the basic index
    assert not [n for n in site_search.PAGEFIND_UNUSED if (bundle / n).exists()]
    script = [a for t, a in parse(london_site / SEARCH_PAGE).tags if t == "script"][0]
    assert script["data-pagefind"] == site_search.PAGEFIND_SCRIPT


def _export_with_pagefind(tmp_path: Path, monkeypatch, program: Path | None) -> tuple[Path, str]:
    """A small site exported with program as Pagefind (None: not installed): it has its basic index, no other."""
    monkeypatch.setattr(site_search, "pagefind_program", lambda: program)
    root = factory.tree(tmp_path / "root")
    site = tmp_path / "site"
    code, _, err = export("--content-root", str(root), "export", "--region", "london", "--format", "html",
                          "--out", str(site))
    assert code == 0, err
    assert not (site / site_search.PAGEFIND_DIR).exists() and (site / site_search.BASIC_INDEX).is_file()
    return site, err


def test_without_pagefind_the_site_searches_with_its_basic_index(tmp_path, monkeypatch):
    site, err = _export_with_pagefind(tmp_path, monkeypatch, None)
    assert "Search: basic search index only (Pagefind is not installed" in err
    script = [a for t, a in parse(site / SEARCH_PAGE).tags if t == "script"][0]
    assert "data-pagefind" not in script
    assert json.loads((site / MARKER).read_text(encoding="utf-8"))["search"]["pagefind"] is None


@pytest.mark.skipif(os.name == "nt", reason="a POSIX program that fails")
def test_a_failing_pagefind_leaves_the_basic_index(tmp_path, monkeypatch):
    _site, err = _export_with_pagefind(tmp_path, monkeypatch, Path(shutil.which("false")))
    assert "Pagefind failed" in err
