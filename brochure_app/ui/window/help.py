"""Help › User guide: the guide page, made from the decision aid's own words and the commands' own shortcuts."""

from __future__ import annotations


def guide_page(commands):
    from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, VERDICT_WORDS
    from brochure_app.render.html import help_page

    verdicts = {"suitable": VERDICT_WORDS[SUITABLE], "check": VERDICT_WORDS[CHECK],
                "unsuitable": VERDICT_WORDS[UNSUITABLE]}
    keys = [(c.text.rstrip("…"), list(c.keys)) for c in commands if c.keys]
    return help_page(verdicts, keys + [("Apply preset 1 to 9", ["Ctrl+1 … Ctrl+9"])])
