"""Rendering has a budget (issue 18): pages within the limits render fast, malformed links do not swallow the text
after them, and a text that takes too long is shown as plain text, with a notice, within the budget."""

from __future__ import annotations

import re
import threading
import time
from html import unescape

import pytest

from brochure_app.catalogue import limits

LINKS = 3_000


def _links_page(unit: str, count: int = LINKS) -> str:
    """count links in blocks of 300 (about 4,800 characters: within MAX_BLOCK_CHARS)."""
    blocks = [" ".join([unit] * min(300, count - start)) for start in range(0, count, 300)]
    text = "\n\n".join(blocks)
    assert limits.markdown_limit(text) is None
    return text


@pytest.mark.parametrize("unit", ["[a](item:t)", '[a](item:t "T")', "![a](item:t)"])
def test_a_page_of_thousands_of_links_renders_fast(monkeypatch, unit):
    """Python-Markdown 3.11 found each link text's closing bracket by scanning the whole paragraph again after every
    link: 3,000 links took 5 s. Laid out (not the plain-text fallback: the budget is raised out of the way) and
    well within a second."""
    from brochure_app.render.html import PLAIN_TEXT_NOTICE, markdown_html

    monkeypatch.setattr(limits, "RENDER_BUDGET_SECONDS", 60.0)
    markdown_html("warm [up](item:x)")
    text = _links_page(unit)
    started = time.perf_counter()
    html = markdown_html(text)
    elapsed = time.perf_counter() - started
    assert PLAIN_TEXT_NOTICE not in html
    assert html.count("<a ") == (LINKS if unit.startswith("[") else 0)
    assert elapsed < 1.5, f"{elapsed:.2f} s"


SWALLOWING = [
    '[TSP](item:tsp "Thinking Skills Programme (TSP)) first. Then the second sentence.',
    "[TSP](item:tsp 'Thinking Skills Programme (TSP)) first. Then the second sentence.",
    '[TSP](item:tsp "Thinking Skills Programme) first. Then the second sentence.',
    "[TSP](item:tsp first. Then the second sentence.",
    "[TSP](item:t sp) first. Then the second sentence.",
]


@pytest.mark.parametrize("text", SWALLOWING)
def test_a_malformed_link_does_not_swallow_the_text_after_it(text):
    """The stock reader followed an unclosed quote to the end of the paragraph: the sentences after it became the
    link's target or title, out of sight. Now it is no link: the text is shown as written."""
    from brochure_app.render.html import markdown_html

    html = markdown_html(text)
    assert "<a" not in html
    assert "first. Then the second sentence." in unescape(re.sub(r"<[^>]*>", "", html))


def test_well_formed_links_are_unchanged():
    from brochure_app.render.html import markdown_html

    assert markdown_html('[TSP](item:tsp "Thinking Skills Programme (TSP)") first.') == (
        '<p><a href="item:tsp" title="Thinking Skills Programme (TSP)">TSP</a> first.</p>')
    assert markdown_html("[wiki](https://example.org/a_(b)) and [*x*](item:x)") == (
        '<p><a href="https://example.org/a_(b)">wiki</a> and <a href="item:x"><em>x</em></a></p>')


def _spin_on(marker: str, monkeypatch) -> None:
    """Converting a text that holds marker takes for ever (until the worker is stopped); others convert as usual."""
    from brochure_app.render import html

    real = html._convert

    def convert(text: str) -> str:
        while marker in text:
            pass
        return real(text)

    monkeypatch.setattr(html, "_convert", convert)
    monkeypatch.setattr(limits, "RENDER_BUDGET_SECONDS", 0.2)


def _workers_end() -> None:
    for thread in threading.enumerate():
        if thread.name == "budgeted-work":
            thread.join(5)
            assert not thread.is_alive(), "the worker that ran out of time was not stopped"


def test_a_text_over_the_budget_is_plain_text_with_a_notice_and_its_worker_stops(monkeypatch):
    from brochure_app.render.html import PLAIN_TEXT_NOTICE, markdown_html

    _spin_on("SLOW", monkeypatch)
    started = time.perf_counter()
    html = markdown_html("SLOW *first* paragraph\n\nsecond <paragraph>")
    assert time.perf_counter() - started < 2.0
    assert html == PLAIN_TEXT_NOTICE + "<p>SLOW *first* paragraph</p><p>second &lt;paragraph&gt;</p>"
    assert markdown_html("*quick*") == "<p><em>quick</em></p>"   # the next text is laid out as usual
    _workers_end()


def test_a_page_over_the_budget_is_not_kept_in_the_page_cache(tmp_path, monkeypatch):
    """The time depends on the computer and how busy it is: the page is rendered again next time."""
    from brochure_app.catalogue import load
    from brochure_app.render.cache import for_catalogue
    from brochure_app.render.html import PLAIN_TEXT_NOTICE, render
    from tests import factory

    root = factory.tree(tmp_path, {"alpha": factory.item("alpha"), "beta": factory.item("beta")})
    factory.page(root, "alpha", factory.item("alpha"), body="SLOW text.\n")
    cat = load(root)
    _spin_on("SLOW", monkeypatch)
    assert PLAIN_TEXT_NOTICE in render(cat, "london", "item:alpha").html
    assert PLAIN_TEXT_NOTICE not in render(cat, "london", "item:beta").html
    cache = for_catalogue(cat)
    assert cache.get(("london", "item:alpha")) is None and cache.get(("london", "item:beta")) is not None
    _workers_end()


def test_an_error_on_the_worker_thread_reaches_the_caller(monkeypatch):
    """Markdown's RecursionError (lists nested past Python's limit) is raised where the text was asked for, which
    shows it as plain text; any other error is raised there too."""
    from brochure_app.render import html

    def fail(error):
        def convert(text):
            raise error
        return convert

    monkeypatch.setattr(html, "_convert", fail(RecursionError()))
    assert html.markdown_html("- deep") == html.PLAIN_TEXT_NOTICE + "<p>- deep</p>"
    monkeypatch.setattr(html, "_convert", fail(KeyError("x")))
    with pytest.raises(KeyError):
        html.markdown_html("- deep")
