"""The texts that take too long to lay out, for `brochure-app check`: each with its file and line.

The window shows a text whose Markdown takes longer than RENDER_BUDGET_SECONDS as plain text (render.html). `check`
lays out every page's body and every region's Markdown texts the same way and reports each that takes more than
half the budget: a computer twice as slow as the one that ran `check` would show it as plain text.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from brochure_app.catalogue import limits, lint
from brochure_app.domain.models import Problem
from brochure_app.render import html

TRIES = 2   # a text is reported only when every try is slow: one slow try may be the computer being busy


def slow_texts(catalogue) -> list[Problem]:
    root = Path(catalogue.root)
    found: list[Problem] = []
    seen: set[str] = set()
    for items in catalogue.region_items.values():
        for item in items:
            if item.path not in seen:
                seen.add(item.path)
                message = _slow(item.body)
                if message:
                    found.append(Problem(item.path, lint.body_line(root / item.path), "body", message))
    for region in catalogue.regions.values():
        texts = {"foreword.text": region.foreword.text, "not_covered": region.not_covered,
                 "report_error": region.report_error}
        for field, text in texts.items():
            message = _slow(text or "")
            if message:
                line = lint.key_line(root / region.path, field.rpartition(".")[2]) or 1
                found.append(Problem(region.path, line, field, message))
    return found


def _slow(text: str) -> str | None:
    """Why text is too slow to lay out (over half the budget every try), or None."""
    budget = limits.RENDER_BUDGET_SECONDS
    times = []
    for _ in range(TRIES):
        timeouts = html.timeouts
        started = time.perf_counter()
        html.markdown_html(text)
        took = time.perf_counter() - started
        if html.timeouts != timeouts:
            took = math.inf   # over the budget: shown as plain text
        elif took <= budget / 2:
            return None
        times.append(took)
    if min(times) == math.inf:
        return (f"takes more than {budget * 1000:,.0f} ms to lay out, so it is shown as plain text; split it into "
                "pages or simplify it")
    return (f"takes {min(times) * 1000:,.0f} ms to lay out, more than half the {budget * 1000:,.0f} ms a text may "
            "take before it is shown as plain text (a slower computer would show it so); split it or simplify it")
