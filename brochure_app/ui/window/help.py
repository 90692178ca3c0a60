"""Help › User guide: the guide page, made from the decision aid's own words and the commands' own shortcuts."""

from __future__ import annotations


def guide_page(commands, more_keys=()):
    from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, VERDICT_WORDS
    from brochure_app.render.html import help_page

    verdicts = {"suitable": VERDICT_WORDS[SUITABLE], "check": VERDICT_WORDS[CHECK],
                "unsuitable": VERDICT_WORDS[UNSUITABLE]}
    from brochure_app.ui.common.actions import shortcut_rows

    return help_page(verdicts, shortcut_rows(commands, more_keys))
