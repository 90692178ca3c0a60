"""The region brochure as a static HTML site: no remote resources, relative links only, a search that works
without a server.

Layout of the folder (works from file:// and from any web server, at any URL prefix):

    index.html                 the region's home page
    sections/KIND.html         one page per section the region's brochure has (each linked from every page)
    items/ID.html              one page per item the region delivers
    search.html                the search page (every page's search box opens it: search.html?q=WORDS)
    search/search.js           the search page's script; search/index.js its basic index (export.site_search)
    pagefind/                  Pagefind's index, for a site on a web server (when pagefind-bin is installed)
    missing.html               where a content link to a page the region does not have leads (only when one does)
    style.css                  the app's page stylesheet + the site's layout
    .brochure-export.json      marker: this folder was written by brochure-app (see replace_folder)

Pages show what the app's pages show (the same facts, Markdown and nh3 sanitiser; render.html), laid out for a
browser by templates of their own (site_*.html.j2): one <main> with a skip link to it, headings in order, lists
rather than layout tables (content's own tables keep their header row), two "who it is for / not for" sections
that stack on a phone. Afterwards every <a>/<link> href that is neither one of our own relative paths nor
http(s)/mailto is dropped, and each page carries a Content-Security-Policy that allows no script but the search
page's own files, no frames, no plug-ins and no connection but to the site itself, so even a future template
mistake cannot run code in a reader's browser.
"""

from __future__ import annotations

import html as _html
import json
import os
import re
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from markupsafe import Markup

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.taxonomy import KINDS, kind_label, kind_tab
from brochure_app.export import site_search
from brochure_app.export.meta import GENERATOR, BuildInfo, ExportError
from brochure_app.export.output import require_folder
from brochure_app.render.html import (
    GLANCE_LIMIT,
    PLAIN_TEXT_NOTICE,
    edition_note,
    environment,
    item_context,
    markdown_html,
)

MARKER = ".brochure-export.json"
STYLESHEET = "style.css"
MISSING = "missing.html"
SEARCH = "search.html"
_POLICY = ("default-src 'none'; style-src 'self' file:; img-src 'self' file:; object-src 'none'; frame-src 'none'; "
           "base-uri 'none'; form-action 'self' file:; ")
CSP = _POLICY + "script-src 'none'"
# The search page runs its own script, and Pagefind's (WebAssembly, a worker, its index fetched from the site).
SEARCH_CSP = _POLICY + "script-src 'self' file: 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'"
SKIP_TARGET = "#main"
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,100}")
_TAG_WITH_HREF = re.compile(r"<(a|link)\b([^>]*)>", re.I)
_HREF_ATTR = re.compile(r'\s+href="([^"]*)"', re.I)
_WEB = re.compile(r"(?i)(https?://|mailto:)")
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)

T = TypeVar("T")


@dataclass(frozen=True)
class SiteResult:
    path: Path
    pages: int
    search: str = ""   # which search indexes the site has (site_search.SearchBuild.note)


def page_paths(catalogue: Catalogue, region_id: str) -> dict[str, str]:
    """Page key ('home', 'section:KIND', 'item:ID') → path inside the site folder, '/'-separated. A section the
    region's brochure does not have gets no page: links to it lead to missing.html."""
    paths = {"home": "index.html"}
    paths.update({f"section:{kind}": f"sections/{kind}.html" for kind in section_kinds(catalogue, region_id)})
    used: set[str] = set()
    for item in catalogue.items(region_id):
        name = item.id if _SAFE_ID.fullmatch(item.id) else "page-" + uuid.uuid5(uuid.NAMESPACE_URL, item.id).hex[:12]
        while name in used:   # only possible for ids no loader would accept; never overwrite a page
            name += "-x"
        used.add(name)
        paths[f"item:{item.id}"] = f"items/{name}.html"
    return paths


def section_kinds(catalogue: Catalogue, region_id: str) -> list[str]:
    """The kinds the region's brochure has a section for, in tab order (for the site's navigation)."""
    grouped = catalogue.items_by_kind(region_id)
    return [k for k in KINDS if k in grouped or catalogue.sections(region_id, k)]


def page_titles(catalogue: Catalogue, region_id: str, keys: Iterable[str]) -> dict[str, str]:
    """Page key → the page's <title>, each different: a section's introduction named like its section (the London
    "Accredited Programmes" page beside the section of that name) is the section's overview."""
    region = catalogue.regions[region_id]
    names: dict[str, str] = {}
    for key in keys:
        scheme, _, target = key.partition(":")
        if scheme == "home":
            names[key] = "Judicial brochure of probation interventions"
        elif scheme == "section":
            names[key] = kind_tab(target)
        else:
            names[key] = catalogue.item(region_id, target).title
    counts = Counter(names.values())
    for key, name in names.items():
        scheme, _, target = key.partition(":")
        if scheme == "item" and counts[name] > 1:
            item = catalogue.item(region_id, target)
            intro = item.section and item.section != item.kind
            names[key] = f"{name}: overview" if intro else f"{name} ({kind_label(item.kind)})"
    seen: Counter[str] = Counter()
    for key, name in names.items():   # whatever content holds, no two titles alike
        seen[name] += 1
        if seen[name] > 1:
            names[key] = f"{name} ({seen[name]})"
    return {key: f"{name} — {region.name}" for key, name in names.items()}


class _Links:
    """Link rewriting for one page at a given folder depth; remembers every href it handed out."""

    def __init__(self, paths: dict[str, str], prefix: str):
        self.paths, self.prefix = paths, prefix
        self.issued: set[str] = {SKIP_TARGET}

    def to(self, rel: str) -> str:
        href = self.prefix + quote(rel, safe="/")
        self.issued.add(href)
        return href

    def __call__(self, scheme: str, target: str) -> str:
        key = "home" if scheme == "home" else f"{scheme}:{_html.unescape(target)}"
        return self.to(self.paths.get(key, MISSING))

    @property
    def missing(self) -> bool:
        return self.prefix + MISSING in self.issued


def _only_safe_hrefs(html: str, allowed: set[str]) -> str:
    """Drop every <a>/<link> href that is not one of ours or a plain web/mail link (text stays, link goes)."""
    def tag(m: re.Match) -> str:
        def attr(a: re.Match) -> str:
            value = _html.unescape(a.group(1)).strip()
            if a.group(1) in allowed or (_WEB.match(value) and not re.search(r"[\x00-\x20]", value)):
                return a.group(0)
            return ""
        return f"<{m.group(1)}{_HREF_ATTR.sub(attr, m.group(2))}>"
    return _TAG_WITH_HREF.sub(tag, html)


def _headings_in_order(html: str) -> str:
    """Each heading at most one level below the one before it (a page starts at h1): content that jumps from h2 to
    h4 reads as h2, h3 to a screen reader's list of headings. Tags come from our templates and the sanitiser, so
    every heading is a plain <hN ...>...</hN> with nothing nested."""
    level = 0
    opened: list[int] = []

    def fix(m: re.Match) -> str:
        nonlocal level
        if m.group(1):
            return f"</h{opened.pop() if opened else m.group(2)}"
        level = min(int(m.group(2)), level + 1)
        opened.append(level)
        return f"<h{level}"
    return _HEADING.sub(fix, html)


_BANNER_DIV = ('<div class="banner" role="note"><p><b>Shown as plain text.</b> This part of the page is too long or '
               "too complex to lay out in time, so it is shown without its formatting and links.</p></div>")


def _content(html: str) -> str:
    """Content's HTML as the site shows it: its tables (always with a header row: Markdown's tables) scroll sideways
    on a narrow screen instead of widening the page; the plain-text notice is a note, not a layout table."""
    html = html.replace(PLAIN_TEXT_NOTICE, _BANNER_DIV)
    return html.replace("<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>")


def stylesheet() -> str:
    styles = resources_dir() / "styles"
    return ((styles / "page.css").read_text(encoding="utf-8") + "\n/* site.css */\n"
            + (styles / "site.css").read_text(encoding="utf-8"))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


class _Site:
    """What every page of one export shares: the region, its pages and their titles, the frame's parts."""

    def __init__(self, catalogue: Catalogue, region_id: str, info: BuildInfo):
        self.catalogue, self.region_id = catalogue, region_id
        self.region = catalogue.regions[region_id]
        self.env = environment()
        self.paths = page_paths(catalogue, region_id)
        self.kinds = section_kinds(catalogue, region_id)
        self.titles = page_titles(catalogue, region_id, self.paths)
        self.generator = f"{GENERATOR} {info.app_version}"
        self.footer = Markup(self.env.get_template("site_footer.html.j2").render(
            region=self.region, info=info, content_edition=edition_note(info.content_edition)))
        self.missing_linked = False

    def page(self, template: str, rel: str, current: str, title: str, csp: str = CSP, indexed: bool = True,
             **context) -> str:
        links = _Links(self.paths, "../" * rel.count("/"))
        nav = self.env.get_template("site_nav.html.j2").render(region=self.region, kinds=self.kinds, link=links,
                                                               current=current, kind_tab=kind_tab)
        html = self.env.get_template(template).render(
            region=self.region, link=links, md=lambda text: Markup(_content(markdown_html(text, links))),
            nav=Markup(nav), footer=self.footer, csp=csp, generator=self.generator, title=title, indexed=indexed,
            **context)
        self.missing_linked |= links.missing
        return _only_safe_hrefs(_headings_in_order(html), links.issued)

    def content_page(self, key: str) -> str:
        rel, title = self.paths[key], self.titles[key]
        named = {"page_name": self.name(key), "page_kind": self.kind_of(key)}
        if key == "home":
            groups = self.catalogue.items_by_kind(self.region_id)
            return self.page("site_home.html.j2", rel, key, title, groups=groups, glance_limit=GLANCE_LIMIT,
                             **named)
        scheme, _, target = key.partition(":")
        if scheme == "section":
            intro = self.catalogue.sections(self.region_id, target)
            items = [i for i in self.catalogue.items(self.region_id, target) if i.section != target]
            if target == "information":   # as the app's section page (render.html) lists them
                items = [i for i in items if i.section in (None, "information")]
                intro = ()
            return self.page("site_section.html.j2", rel, key, title, kind=target, intro=intro, items=items,
                             **named)
        item = self.catalogue.item(self.region_id, target)
        return self.page("site_item.html.j2", rel, key, title, **item_context(item, self.region, self.catalogue),
                         **named)

    def name(self, key: str) -> str:
        """The page's title without the region's name: the name search results give it."""
        return self.titles[key].rpartition(" — ")[0]

    def kind_of(self, key: str) -> str:
        scheme, _, target = key.partition(":")
        if scheme == "item":
            return kind_label(self.catalogue.item(self.region_id, target).kind)
        return "Section" if scheme == "section" else "Home page"


def build_site(catalogue: Catalogue, region_id: str, folder: Path, info: BuildInfo,
               progress: Callable[[int, int], object] | None = None,
               search: Callable[[Path], site_search.SearchBuild] = site_search.run_pagefind) -> SiteResult:
    """Write the site into folder (which should be empty)."""
    if region_id not in catalogue.regions:
        raise ExportError(f"region '{region_id}' has no manifest in the content")
    site = _Site(catalogue, region_id, info)
    total = len(site.paths) + 2
    indexed = []
    for done, (key, rel) in enumerate(site.paths.items()):
        html = site.content_page(key)
        _write(folder / rel, html)
        indexed.append((rel, site.name(key), site.kind_of(key), html))
        if progress is not None:
            progress(done + 1, total)
    _write(folder / STYLESHEET, stylesheet())
    found = search(folder)
    _write(folder / site_search.SCRIPT, site_search.script_source())
    _write(folder / site_search.BASIC_INDEX, site_search.basic_index(indexed))
    _write(folder / SEARCH, site.page("site_search.html.j2", SEARCH, "search", f"Search — {site.region.name}",
                                      csp=SEARCH_CSP, indexed=False, pagefind=found.pagefind is not None))
    pages = [*site.paths.values(), SEARCH]
    if site.missing_linked:   # a placeholder page only where some page links to it
        _write(folder / MISSING, site.page("site_missing.html.j2", MISSING, "missing",
                                           f"Not in this brochure — {site.region.name}", indexed=False))
        pages.append(MISSING)
    _write(folder / MARKER, json.dumps({
        "generator": GENERATOR, "format": "html", "app_version": info.app_version,
        "content_edition": info.content_edition, "region": region_id, "source_edition": site.region.edition,
        "made_on": info.made_on.isoformat(), "pages": sorted(pages),
        "search": {"pagefind": found.pagefind, "basic_index": site_search.BASIC_INDEX},
    }, indent=2) + "\n")
    if progress is not None:
        progress(total, total)
    return SiteResult(folder, len(pages), found.note)


def is_previous_export(folder: Path) -> bool:
    from brochure_app import safe_files

    marker = folder / MARKER
    try:
        if marker.is_symlink():
            return False
        data = safe_files.read_json(marker, 1_000_000, root=folder)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == GENERATOR


def _entries(folder: Path) -> Iterable[Path]:
    try:
        return list(folder.iterdir())
    except OSError as exc:
        raise ExportError(f"cannot read {folder}: {exc.strerror or exc}") from None


def check_target_folder(out: Path) -> None:
    """Refuse anything but a new folder, an empty one or one we wrote before. Never touches a person's files."""
    if out.is_symlink():
        raise ExportError(f"{out} is a symbolic link; give the path of a real folder")
    if not out.exists():
        return
    if not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder; choose a new folder for the site")
    if _entries(out) and not is_previous_export(out):
        raise ExportError(f"{out} is not empty and is not a previous brochure export (it has no {MARKER}); "
                          "nothing was changed. Choose a new or empty folder.")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace_folder(out: Path, fill: Callable[[Path], T]) -> T:
    """Fill a fresh folder beside out, then swap it in; the old export is removed only once the new one is in place.

    A failure at any point leaves out as it was (and no temporary folder behind).
    """
    out = Path(os.path.abspath(out))
    if not out.name:
        raise ExportError(f"{out} cannot be an export folder")
    check_target_folder(out)
    parent = out.parent
    require_folder(parent)
    try:
        new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot create a folder in {parent}: {exc.strerror or exc}") from None
    old: Path | None = None
    try:
        result = fill(new)
        os.chmod(new, 0o777 & ~_umask())   # mkdtemp makes it private; a site is for others to read
        if out.exists():
            old = parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(out, old)
        try:
            os.rename(new, out)
        except OSError:
            if old is not None:
                os.rename(old, out)
                old = None
            raise
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return result


def export_site(catalogue: Catalogue, region_id: str, out: Path, info: BuildInfo | None = None,
                progress: Callable[[int, int], object] | None = None) -> SiteResult:
    """Write (or safely replace) the static site for region at out."""
    info = info or BuildInfo.for_catalogue(catalogue)
    if region_id not in catalogue.regions:
        raise ExportError(f"region '{region_id}' has no manifest in the content")
    built = replace_folder(out, lambda folder: build_site(catalogue, region_id, folder, info, progress))
    return SiteResult(Path(os.path.abspath(out)), built.pages, built.search)
