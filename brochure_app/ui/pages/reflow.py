"""A page's side-by-side table stacked when the page is narrow: QTextDocument knows no CSS media queries, so the
item page's "Who it is for / Who it is not for" table (resources/templates/item.html.j2) is rewritten as one column,
each heading above its list, before the page is shown in a view narrower than STACK_BELOW characters."""

from __future__ import annotations

import re

STACK_BELOW = 100       # characters a line: below this, each of the two columns would hold fewer than ~45

_FACTS = re.compile(
    r'<table class="facts"(?P<attrs>[^>]*)>\s*<tr><th[^>]*>(?P<h1>.*?)</th><th[^>]*>(?P<h2>.*?)</th></tr>\s*'
    r'<tr><td valign="top">(?P<c1>.*?)</td><td valign="top">(?P<c2>.*?)</td></tr></table>', re.DOTALL)


def stacked(html: str) -> str:
    """html with its two-column facts table as one column (headings above their lists)."""
    def one_column(m: re.Match) -> str:
        return (f'<table class="facts stacked"{m["attrs"]}>'
                f'<tr><th align="left">{m["h1"]}</th></tr><tr><td valign="top">{m["c1"]}</td></tr>'
                f'<tr><th align="left">{m["h2"]}</th></tr><tr><td valign="top">{m["c2"]}</td></tr></table>')

    return _FACTS.sub(one_column, html)


def has_columns(html: str) -> bool:
    """Whether the page has a table that stacks when narrow."""
    return '<table class="facts"' in html
