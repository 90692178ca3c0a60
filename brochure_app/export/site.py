"""The region brochure as a static HTML site: no JavaScript, no remote resources, relative links only.

Layout of the folder (works from file:// and from any web server, at any URL prefix):

    index.html                 the region's home page
    sections/KIND.html         one page per kind of item (every kind, so every section link resolves)
    items/ID.html              one page per item the region delivers
    missing.html               where a content link to a page the region does not have leads
    style.css                  the app's page stylesheet + the site's layout
    .brochure-export.json      marker: this folder was written by brochure-app (see replace_folder)

Pages are the app's own pages (render.html.render, the same jinja2 + Markdown + nh3 path), with links rewritten
to relative file paths. Afterwards every <a>/<link> href that is neither one of our own relative paths nor
http(s)/mailto is dropped, and each page carries a Content-Security-Policy that forbids scripts, frames and
plug-ins, so even a future template mistake cannot run code in a reader's browser.
"""

from __future__ import annotations

import html as _html
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from markupsafe import Markup

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.taxonomy import KINDS, kind_tab
from brochure_app.export.meta import GENERATOR, BuildInfo, ExportError
from brochure_app.export.output import require_folder
from brochure_app.render.html import environment, render

MARKER = ".brochure-export.json"
STYLESHEET = "style.css"
MISSING = "missing.html"
CSP = ("default-src 'none'; style-src 'self' file:; img-src 'self' file:; "
       "script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'")
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,100}")
_TAG_WITH_HREF = re.compile(r"<(a|link)\b([^>]*)>", re.I)
_HREF_ATTR = re.compile(r'\s+href="([^"]*)"', re.I)
_WEB = re.compile(r"(?i)(https?://|mailto:)")

T = TypeVar("T")


@dataclass(frozen=True)
class SiteResult:
    path: Path
    pages: int


def page_paths(catalogue: Catalogue, region_id: str) -> dict[str, str]:
    """Page key ('home', 'section:KIND', 'item:ID') → path inside the site folder, '/'-separated."""
    paths = {"home": "index.html"}
    paths.update({f"section:{kind}": f"sections/{kind}.html" for kind in KINDS})
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


class _Links:
    """Link rewriting for one page at a given folder depth; remembers every href it handed out."""

    def __init__(self, paths: dict[str, str], prefix: str):
        self.paths, self.prefix = paths, prefix
        self.issued: set[str] = set()

    def to(self, rel: str) -> str:
        href = self.prefix + quote(rel, safe="/")
        self.issued.add(href)
        return href

    def __call__(self, scheme: str, target: str) -> str:
        key = "home" if scheme == "home" else f"{scheme}:{_html.unescape(target)}"
        return self.to(self.paths.get(key, MISSING))


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


def _insert(html: str, marker: str, text: str, after: bool = False, last: bool = False) -> str:
    at = html.rfind(marker) if last else html.find(marker)
    if at < 0:
        raise ExportError(f"page template has no {marker!r}; cannot build the site page")
    if after:
        at += len(marker)
    return html[:at] + text + html[at:]


def _head(generator: str) -> str:
    return (f'\n<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'\n<meta name="generator" content="{_html.escape(generator)}">')


def _page(html: str, links: _Links, nav: str, footer: str, generator: str) -> str:
    """The app's page as a site page: the security policy first in <head>, the site's navigation under the
    breadcrumb, the footer last; then every href not handed out by links (nor a web link) removed."""
    if '<meta charset="utf-8">' in html:   # the policy governs what follows it: put it first
        html = _insert(html, '<meta charset="utf-8">', _head(generator), after=True)
    else:
        html = _insert(html, "</head>", _head(generator) + "\n")
    crumbs = html.find('<p class="crumbs">')
    crumbs_end = html.find("</p>", crumbs) if crumbs >= 0 else -1
    if crumbs_end >= 0:
        html = html[:crumbs_end + 4] + "\n" + nav + html[crumbs_end + 4:]
    else:
        html = _insert(html, "<body>", "\n" + nav, after=True)
    html = _insert(html, "</body>", footer + "\n", last=True)
    return _only_safe_hrefs(html, links.issued)


def stylesheet() -> str:
    styles = resources_dir() / "styles"
    return ((styles / "page.css").read_text(encoding="utf-8") + "\n/* site.css */\n"
            + (styles / "site.css").read_text(encoding="utf-8"))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def build_site(catalogue: Catalogue, region_id: str, folder: Path, info: BuildInfo,
               progress: Callable[[int, int], object] | None = None) -> int:
    """Write the site into folder (which should be empty). Returns the number of HTML pages written."""
    if region_id not in catalogue.regions:
        raise ExportError(f"region '{region_id}' has no manifest in the content")
    region = catalogue.regions[region_id]
    env = environment()
    paths = page_paths(catalogue, region_id)
    kinds = section_kinds(catalogue, region_id)
    generator = f"{GENERATOR} {info.app_version}"
    footer = env.get_template("site_footer.html.j2").render(region=region, info=info)
    total = len(paths) + 1
    for done, (key, rel) in enumerate(paths.items()):
        links = _Links(paths, "../" * rel.count("/"))
        page = render(catalogue, region_id, key, link=links, full_document=True, css=links.to(STYLESHEET))
        nav = env.get_template("site_nav.html.j2").render(region=region, kinds=kinds, link=links, current=key,
                                                          kind_tab=kind_tab)
        _write(folder / rel, _page(page.html, links, nav, footer, generator))
        if progress is not None:
            progress(done + 1, total)
    links = _Links(paths, "")
    missing = env.get_template("site_missing.html.j2").render(
        region=region, css=links.to(STYLESHEET), home=links.to("index.html"), csp=CSP, generator=generator,
        footer=Markup(footer))
    _write(folder / MISSING, _only_safe_hrefs(missing, links.issued))
    _write(folder / STYLESHEET, stylesheet())
    _write(folder / MARKER, json.dumps({
        "generator": GENERATOR, "format": "html", "app_version": info.app_version,
        "content_edition": info.content_edition, "region": region_id, "source_edition": region.edition,
        "made_on": info.made_on.isoformat(), "pages": sorted(paths.values()) + [MISSING],
    }, indent=2) + "\n")
    if progress is not None:
        progress(total, total)
    return len(paths) + 1


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
    pages = replace_folder(out, lambda folder: build_site(catalogue, region_id, folder, info, progress))
    return SiteResult(Path(os.path.abspath(out)), pages)
