"""Pages as safe HTML: jinja2 (autoescape, StrictUndefined) + Markdown → nh3 allow-list.

Content is untrusted input: raw HTML in Markdown is shown as text (escaped before Markdown sees it) and the result
still goes through the nh3 allow-list; only http(s), mailto and the app's own `item:` / `section:` / `home:` links
survive, and nothing in content is ever evaluated as a template. Markdown gets a linear pre-pass (`_defuse`) so no
page, however hostile, makes it slow or deep (Python-Markdown is quadratic on unclosed brackets and raw HTML).
Links are written as app URLs (item:ID); `link` rewrites them for other targets (the static site).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _escape
from pathlib import Path

from brochure_app.catalogue import limits
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.limits import markdown_limit
from brochure_app.catalogue.lint import LONE_LT
from brochure_app.catalogue.paths import resources_dir
from brochure_app.domain.models import Item, Region
from brochure_app.domain.taxonomy import KINDS, NEEDS, kind_label, kind_tab
from brochure_app.render import facts

ALLOWED_TAGS = {"p", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "table", "thead", "tbody",
                "tr", "th", "td", "blockquote", "code", "pre", "br", "hr"}
# The home page's "offer at a glance" names at most this many items of a section, then links to the section's page
# for the rest: the home page stays a summary (and quick to lay out) however large a region's offer grows. The
# shipped regions have at most 11 items in a section, so every one is named.
GLANCE_LIMIT = 12
URL_SCHEMES = {"http", "https", "mailto", "item", "section", "home"}
_HREF = re.compile(r'href="(item|section|home):([^"]*)"')

Linker = Callable[[str, str], str]


def app_link(scheme: str, target: str) -> str:
    return f"{scheme}:{target}"


# Markdown converters not in use. Each conversion takes one (and makes one when none is free): a conversion given up
# for its budget may still be ending on its thread while the next page is converted.
_idle: list = []


def _markdown():
    import markdown
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    from brochure_app.render.links import LinearLinks

    return markdown.Markdown(extensions=[TableExtension(), SaneListExtension(), LinearLinks()],
                             output_format="html")


def _convert(text: str) -> str:
    md = _idle.pop() if _idle else _markdown()
    try:
        md.reset()
        return md.convert(text)
    finally:
        _idle.append(md)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _only_absolute_links(tag: str, attr: str, value: str) -> str | None:
    """nh3 keeps relative URLs ('x.html', '//host/x', '\\\\host\\share'); content has no use for them: drop."""
    if attr == "href":
        m = _SCHEME.match(value)
        return value if m and m.group(1).lower() in URL_SCHEMES else None
    return value


def sanitise(html: str) -> str:
    import nh3

    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_only_absolute_links)


# '<' that opens an autolink (<https://...>, <mailto:...>) stays; every other '<' is text. Content has no raw HTML.
_LT = LONE_LT
_SPECIAL = re.compile(r"\\.|[\[\]()]", re.S)


def _defuse(text: str) -> str:
    """The text with what makes Python-Markdown superlinear taken away, ordinary Markdown untouched: raw HTML
    escaped; brackets that are unmatched or nested backslash-escaped (a link text is one level of brackets); a
    link's '(' that never closes escaped. One pass over the special characters: linear in the text."""
    text = _LT.sub("&lt;", text)
    specials = [(m.start(), m.group()) for m in _SPECIAL.finditer(text)]
    escape: set[int] = set()
    brackets: list[int] = []
    parens: list[int] = []
    closed_parens: set[int] = set()
    for pos, ch in specials:
        if ch == "[":
            brackets.append(pos)
            if len(brackets) > 1:
                escape.add(pos)
        elif ch == "]":
            if not brackets:
                escape.add(pos)
            elif brackets.pop() in escape or brackets:
                escape.add(pos)
        elif ch == "(":
            parens.append(pos)
        elif ch == ")" and parens:
            closed_parens.add(parens.pop())
    escape.update(brackets)   # never closed
    for pos, ch in specials:   # a link target that never closes would be scanned to the end, once per link
        if ch == "]" and pos not in escape and text[pos + 1: pos + 2] == "(" and pos + 1 not in closed_parens:
            escape.add(pos + 1)
    if not escape:
        return text
    out, last = [], 0
    for pos in sorted(escape):
        out.append(text[last:pos])
        out.append("\\")
        last = pos
    out.append(text[last:])
    return "".join(out)


# Shown above a text that is shown as plain text instead of laid out (the page's other parts are laid out as usual).
PLAIN_TEXT_NOTICE = ('<table class="banner" width="100%" cellpadding="10"><tr><td><b>Shown as plain text.</b> '
                     "This part of the page is too long or too complex to lay out in time, so it is shown without "
                     "its formatting and links.</td></tr></table>")
# How many times a text was shown as plain text because it ran out of time: render() keeps no such page in its
# cache (the time depends on the computer and how busy it is; the next time it may fit).
timeouts = 0


def markdown_html(text: str, link: Linker = app_link) -> str:
    """text (Markdown) as sanitised HTML. Converted on a thread of its own within RENDER_BUDGET_SECONDS (see
    render.budget): text beyond the limits, nested too deep or too slow to convert is shown as plain text, with
    PLAIN_TEXT_NOTICE above it."""
    global timeouts
    text = text or ""
    converted = None
    if markdown_limit(text) is None:   # over the limits (`check` reports it): shown as plain text
        from brochure_app.render.budget import within

        if not _idle:
            _idle.append(_markdown())   # made here: importing Markdown is not part of the budget
        try:
            done, converted = within(limits.RENDER_BUDGET_SECONDS, _convert, _defuse(text))
        except RecursionError:   # absurdly deep nesting (lists in lists...): shown as plain text
            done = True
        timeouts += not done
    if converted is None:
        plain = "".join(f"<p>{_escape(par)}</p>" for par in text.split("\n\n") if par.strip())
        html = PLAIN_TEXT_NOTICE + sanitise(plain) if plain else ""
    else:
        html = sanitise(converted)
    if link is not app_link:
        html = _HREF.sub(lambda m: f'href="{link(m.group(1), m.group(2))}"', html)
    return html


def warm_up() -> None:
    """Imports and prepares what rendering the home page needs (jinja2 with the templates it uses compiled, Markdown,
    the sanitiser, the page cache), for a start-up that has time to spare while it waits for the content: the first
    render then only renders."""
    import nh3  # noqa: F401

    from brochure_app.render import cache  # noqa: F401

    env = environment()
    for name in ("base.html.j2", "home.html.j2"):
        env.get_template(name)
    if not _idle:
        _idle.append(_markdown())


@lru_cache(maxsize=4)
def environment(folder: str | None = None):
    """The templates' environment. The app's own templates (folder None) load from their shipped compiled form when
    it was made from these very sources (see render.compiled), else, like another folder's, from source."""
    import jinja2

    env = source_environment(folder)
    if folder is None:
        from brochure_app.render import compiled

        shipped = compiled.loader(Path(env.loader.searchpath[0]))
        if shipped is not None:
            env.loader = jinja2.ChoiceLoader([shipped, env.loader])
    return env


def source_environment(folder: str | None = None):
    """The same environment, compiling every template from its source (what render.compiled writes from)."""
    import jinja2

    return _environment(jinja2.FileSystemLoader(folder or str(resources_dir() / "templates")))


def _environment(loader):
    import jinja2

    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.globals.update(kind_label=kind_label, kind_tab=kind_tab, KINDS=KINDS, NEEDS=NEEDS)
    return env


HELP_GUIDE = "help:guide"


def help_page(verdicts: dict[str, str], shortcuts: list[tuple[str, list[str]]]) -> Page:
    """The user guide (Help › User guide): getting started, the decision aid's words, the bench tools and every
    shortcut. verdicts: the decision aid's words by 'suitable', 'check', 'unsuitable'."""
    html = render_template("help_guide.html.j2", verdicts=verdicts, shortcuts=shortcuts, full_document=False, css="")
    return Page(HELP_GUIDE, "User guide", html)


def render_template(name: str, **context) -> str:
    """One of the app's templates, rendered (autoescaped): the bench tools' printed sheets use this."""
    return environment().get_template(name).render(**context)


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
        before = timeouts
        page = _render(catalogue, region_id, key, link, highlight, full_document, css)
        if cache is not None and timeouts == before:
            cache.put((region_id, key), (page.title, page.html))
        return page
    return _render(catalogue, region_id, key, link, highlight, full_document, css)


def whats_new_page(region: Region, changes, link: Linker = app_link) -> Page:
    """'What's new in this edition' for a region: the items added, changed (which facts) and removed between two
    content editions (editions.changes.RegionChanges), each linking to its page."""
    html = environment().get_template("whats_new.html.j2").render(region=region, changes=changes, link=link,
                                                                  full_document=False, css="",
                                                                  content_edition=edition_note(changes.new))
    return Page(WHATS_NEW, f"What's new ({changes.new})", html)


WHATS_NEW = "whats-new"


def _render(catalogue: Catalogue, region_id: str, key: str, link: Linker, highlight: str, full_document: bool,
            css: str) -> Page:
    region = catalogue.regions[region_id]
    env = environment()
    common = {"region": region, "link": link, "md": _md_filter(link), "full_document": full_document, "css": css,
              "edition_note": _edition(region), "content_edition": content_edition_note(catalogue)}
    if key == "home":
        groups = catalogue.items_by_kind(region_id)
        html = env.get_template("home.html.j2").render(groups=groups, glance_limit=GLANCE_LIMIT, **common)
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


def edition_note(line: str) -> str:
    """'Content edition 2026.11.1 (November 2026)': a content edition and the month it was published."""
    from brochure_app.catalogue.edition import edition_date

    date = edition_date(line)
    return f"Content edition {line}" + (f" ({date:%B %Y})" if date else " (date not known)")


def content_edition_note(catalogue: Catalogue) -> str:
    """edition_note of the content the catalogue was loaded from, for the foot of every page: read once per
    catalogue, not per page."""
    def make() -> str:
        from brochure_app.catalogue.edition import content_edition

        return edition_note(content_edition(Path(catalogue.root) if catalogue.root else None))

    return catalogue.memo("content_edition", make)


def _edition(region: Region) -> str:
    text = f"Source: {region.source.title}"
    if region.historical:
        text += " — a historical guide: services have changed since."
    return text
