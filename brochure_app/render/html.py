"""Pages as safe HTML: jinja2 (autoescape, StrictUndefined) + Markdown → nh3 allow-list.

Content is untrusted input: raw HTML in Markdown is sanitised away, only http(s), mailto and the app's own
`item:` / `section:` / `home:` links survive, and nothing in content is ever evaluated as a template.
Links are written as app URLs (item:ID); `link` rewrites them for other targets (the static site).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.models import Item, Region
from brochure_app.domain.taxonomy import KINDS, NEEDS, kind_label, kind_tab
from brochure_app.render import facts

ALLOWED_TAGS = {"p", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "table", "thead", "tbody",
                "tr", "th", "td", "blockquote", "code", "pre", "br", "hr"}
URL_SCHEMES = {"http", "https", "mailto", "item", "section", "home"}
_HREF = re.compile(r'href="(item|section|home):([^"]*)"')

Linker = Callable[[str, str], str]


def app_link(scheme: str, target: str) -> str:
    return f"{scheme}:{target}"


@lru_cache(maxsize=1)
def _markdown():
    import markdown
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(extensions=[TableExtension(), SaneListExtension()], output_format="html")


def sanitise(html: str) -> str:
    import nh3

    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def markdown_html(text: str, link: Linker = app_link) -> str:
    md = _markdown()
    md.reset()
    html = sanitise(md.convert(text or ""))
    if link is not app_link:
        html = _HREF.sub(lambda m: f'href="{link(m.group(1), m.group(2))}"', html)
    return html


@lru_cache(maxsize=4)
def environment(folder: str | None = None):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or str(resources_dir() / "templates")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(kind_label=kind_label, kind_tab=kind_tab, KINDS=KINDS, NEEDS=NEEDS)
    return env


@dataclass(frozen=True)
class Page:
    key: str      # "home", "section:KIND" or "item:ID"
    title: str
    html: str


def _md_filter(link: Linker):
    from markupsafe import Markup

    return lambda text: Markup(markdown_html(text, link))


def item_context(item: Item, region: Region, catalogue: Catalogue) -> dict:
    return {
        "item": item,
        "who_for": facts.who_for(item.eligibility), "who_not_for": facts.who_not_for(item.eligibility),
        "delivery": facts.delivery_lines(item.delivery), "warning": facts.historical_warning(item),
        "regions_offering": [catalogue.regions[r].name for r in catalogue.regions_offering(item.id)],
    }


def render(catalogue: Catalogue, region_id: str, key: str, link: Linker = app_link, highlight: str = "",
           full_document: bool = False, css: str = "") -> Page:
    """The page for key in region: 'home', 'section:KIND' or 'item:ID'. Raises KeyError when it does not exist."""
    cacheable = link is app_link and not highlight and not full_document and not css
    if cacheable:
        from brochure_app.render.cache import for_catalogue

        cache = for_catalogue(catalogue)
        hit = cache.get((region_id, key)) if cache is not None else None
        if hit is not None:
            return Page(key, hit[0], hit[1])
        page = _render(catalogue, region_id, key, link, highlight, full_document, css)
        if cache is not None:
            cache.put((region_id, key), (page.title, page.html))
        return page
    return _render(catalogue, region_id, key, link, highlight, full_document, css)


def _render(catalogue: Catalogue, region_id: str, key: str, link: Linker, highlight: str, full_document: bool,
            css: str) -> Page:
    region = catalogue.regions[region_id]
    env = environment()
    common = {"region": region, "link": link, "md": _md_filter(link), "full_document": full_document, "css": css,
              "edition_note": _edition(region)}
    if key == "home":
        groups = catalogue.items_by_kind(region_id)
        html = env.get_template("home.html.j2").render(groups=groups, **common)
        return Page(key, region.name, html)
    scheme, _, target = key.partition(":")
    if scheme == "section":
        if target not in KINDS:
            raise KeyError(key)
        intro = catalogue.sections(region_id, target)
        items = [i for i in catalogue.items(region_id, target) if i.section != target]
        if target == "information":
            items = [i for i in catalogue.items(region_id, "information") if i.section in (None, "information")]
            intro = ()
        html = env.get_template("section.html.j2").render(kind=target, intro=intro, items=items, **common)
        return Page(key, kind_tab(target), html)
    if scheme == "item":
        item = catalogue.item(region_id, target)
        if item is None:
            raise KeyError(key)
        html = env.get_template("item.html.j2").render(**item_context(item, region, catalogue), **common)
        return Page(key, item.title, html)
    raise KeyError(key)


def _edition(region: Region) -> str:
    text = f"Source: {region.source.title}"
    if region.historical:
        text += " — a historical guide: services have changed since."
    return text
