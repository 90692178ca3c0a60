"""`export --format html`: a static site whose every link resolves, with nothing that runs or loads from afar."""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from brochure_app import __version__
from brochure_app.cli import main
from brochure_app.export.meta import content_edition
from brochure_app.export.site import MARKER
from tests import factory

REPO = Path(__file__).resolve().parents[1]
WEB = ("http", "https", "mailto")
ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "body", "p", "a", "h1", "h2", "h3", "h4", "table",
                "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "b", "i", "strong", "em", "span", "br", "hr",
                "div", "nav", "footer", "blockquote", "code", "pre"}
ALLOWED_ATTRS = {"href", "title", "class", "lang", "charset", "name", "content", "http-equiv", "rel", "width",
                 "cellpadding", "cellspacing", "align", "valign", "colspan", "aria-label", "aria-current"}

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
    """No script, no event handler, no style, no embedded or remote resource, no link but web links and our own."""
    for path in html_files(site):
        page = parse(path)
        for tag, attrs in page.tags:
            where = f"{path.relative_to(site)}: <{tag} {attrs}>"
            assert tag in ALLOWED_TAGS, where
            assert set(attrs) <= ALLOWED_ATTRS, where
            assert not [a for a in attrs if a.startswith("on") or a in ("src", "style", "srcset", "action")], where
            if tag == "meta":
                assert set(attrs) & {"charset", "name", "http-equiv"}, where
                assert attrs.get("http-equiv", "content-security-policy").lower() == "content-security-policy", where
            if tag == "link":
                assert attrs.get("rel") == "stylesheet" and scheme(attrs["href"]) == "", where
            if "href" in attrs:
                assert scheme(attrs["href"]) in ("",) + (WEB if tag == "a" else ()), where
                assert not attrs["href"].startswith("//"), where
        assert "<script" not in path.read_text(encoding="utf-8").lower(), path
        policies = [a["content"] for t, a in page.tags if t == "meta" and "http-equiv" in a]
        assert policies and "script-src 'none'" in policies[0] and "default-src 'none'" in policies[0], path
    css = (site / "style.css").read_text(encoding="utf-8").lower()
    assert "url(" not in css and "@import" not in css and "expression(" not in css


def check_links(site: Path) -> set[Path]:
    """Every internal link resolves to a file inside the site; returns the pages reachable from index.html."""
    root = site.resolve()
    for path in html_files(site):
        for tag, attrs in parse(path).tags:
            href = attrs.get("href")
            if href is None or scheme(href) in WEB:
                continue
            assert href and not href.startswith("/"), f"{path}: absolute or empty link {href!r}"
            target = (path.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), f"{path.relative_to(site)}: <{tag} href={href!r}> does not resolve"
            assert root in target.parents, f"{path}: {href!r} leaves the site"
    seen, todo = set(), [root / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for _tag, attrs in parse(page).tags:
            href = attrs.get("href", "")
            if href and scheme(href) == "" and href.endswith(".html"):
                todo.append((page.parent / unquote(href)).resolve())
    return seen


@pytest.fixture(scope="module")
def london_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("export") / "site"
    code, out, err = export("--content-root", str(REPO), "export", "--region", "london", "--format", "html",
                            "--out", str(site))
    assert code == 0, err
    assert out.strip() == str(site)
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


def test_same_html_as_the_app(london_site, catalogue):
    """The site's page body is the app's own rendering, only with links rewritten."""
    from brochure_app.render.html import render

    app = render(catalogue, "london", "item:bbr").html
    site = (london_site / "items" / "bbr.html").read_text(encoding="utf-8")
    strip = re.compile(r'href="[^"]*"')
    assert strip.sub("", app).strip() in strip.sub("", site)


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
