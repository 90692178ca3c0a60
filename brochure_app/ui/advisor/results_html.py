"""The decision aid's results as HTML (the panel's QTextBrowser shows it): each verdict's group with its
interventions, their reasons, what would settle a "to check", and what to confirm in person; and the one-line summary
of the counts. Every word from the content or the person is escaped."""

from __future__ import annotations

import html

from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, VERDICT_WORDS, Profile, warnings
from brochure_app.domain import taxonomy as tx

# The verdicts in a person's words: what the source's stated criteria say, never a finding about the person.
GROUPS = ((SUITABLE, VERDICT_WORDS[SUITABLE], "tag-suitable"), (CHECK, VERDICT_WORDS[CHECK], "tag-check"),
          (UNSUITABLE, VERDICT_WORDS[UNSUITABLE], "tag-unsuitable"))
ASK_WORDS = {"sex": "sex", "age": "age", "risk": "likelihood of reoffending", "ogrs": "OGRS score",
             "rosh": "RoSH", "sara": "SARA", "order_months": "order length", "consents": "consent", "area": "area"}
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #0b0c0c; }
h3 { margin-top: 10px; margin-bottom: 4px; }
a { color: #1d70b8; font-weight: bold; }
.tag-suitable { background-color: #cce2d8; color: #005a30; font-weight: bold; }
.tag-check { background-color: #fff7bf; color: #594d00; font-weight: bold; }
.tag-unsuitable { background-color: #f4cdc6; color: #942514; font-weight: bold; }
.historical { background-color: #0b0c0c; color: #ffffff; font-weight: bold; }
.warning { background-color: #fff7bf; color: #0b0c0c; }
.reason { color: #0b0c0c; }
.muted { color: #505a5f; }
.settle { color: #0b0c0c; font-style: italic; }
"""
# High contrast (View menu): light text on the window's black, verdict tags and marks in black on bright colours.
CSS_HIGH_CONTRAST = CSS + """
body, .reason, .settle, .muted { color: #ffffff; }
a { color: #ffff00; }
.warning, .tag-check { background-color: #ffff00; color: #000000; }
.tag-suitable { background-color: #00ff7f; color: #000000; }
.tag-unsuitable { background-color: #ffb0b0; color: #000000; }
.historical { background-color: #ffffff; color: #000000; }
"""


def ask_label(ask: str) -> str:
    """A profile option as a person names it: 'flag:ipv-offence' -> 'IPV offence'."""
    if ask.startswith("flag:"):
        return tx.FLAGS.get(ask[5:], (ask[5:],))[0]
    return ASK_WORDS.get(ask, ask)


def summary_text(results, profile: Profile) -> str:
    """The counts of each verdict, in one line."""
    counts = {v: sum(1 for r in results if r.verdict == v) for v, _l, _c in GROUPS}
    totals = (f"{counts[SUITABLE]} meet every stated criterion checked, {counts[CHECK]} to check, "
              f"{counts[UNSUITABLE]} ruled out by the source.")
    return totals if profile.needs else "No need ticked: showing every intervention of the region. " + totals


def results_html(results, profile: Profile) -> str:
    """The warnings the answers raise, then each verdict's group (alternatives under what they stand in for)."""
    names = {r.item.id: r.item.short_name for r in results}
    parts: list[str] = [f"<p class='warning'>&nbsp;⚠ {html.escape(w)}</p>" for w in warnings(profile)]
    for verdict, label, css in GROUPS:
        group = [r for r in results if r.verdict == verdict]
        parts.append(f"<h3><span class='{css}'>&nbsp;{html.escape(label)}&nbsp;</span> ({len(group)})</h3>")
        if not group:
            parts.append("<p class='muted'>None.</p>")
        for r, nested in _nest_alternatives(group):
            parts.append(_result_html(r, nested, names))
    return "".join(parts)


def _nest_alternatives(group) -> list[tuple[object, bool]]:
    """The group in its order, each alternative moved under the item it stands in for when that item is in the same
    group: (result, shown nested)."""
    ids = {r.item.id for r in group}
    out: list[tuple[object, bool]] = []
    placed: set[str] = set()
    for r in group:
        if r.item.id in placed:
            continue
        if any(a in ids for a in r.alternative_to):
            continue          # placed under its target below
        out.append((r, False))
        placed.add(r.item.id)
        for alt in group:
            if r.item.id in alt.alternative_to and alt.item.id not in placed:
                out.append((alt, True))
                placed.add(alt.item.id)
    out += [(r, False) for r in group if r.item.id not in placed]
    return out


def _result_html(r, nested: bool, names: dict[str, str]) -> str:
    needs = ", ".join(tx.NEEDS[n][0] for n in r.needs_met)
    reasons = "".join(f"<li class='reason'>{html.escape(x)}</li>" for x in r.reasons[:3])
    more = f"<li class='muted'>… {len(r.reasons) - 3} more</li>" if len(r.reasons) > 3 else ""
    settle = ""
    if r.verdict == CHECK and r.unknowns:
        asked = ", ".join(ask_label(a) for a in r.unknowns[:2]) + (" …" if len(r.unknowns) > 2 else "")
        settle = f"<br><span class='settle'>Would settle it: {html.escape(asked)}</span>"
    notes = (f"<br><span class='muted'>To confirm in person: {html.escape('; '.join(r.notes[:2]))}"
             f"{' …' if len(r.notes) > 2 else ''}</span>") if r.notes else ""
    historical = " <span class='historical'>&nbsp;Historical&nbsp;</span>" if r.item.historical else ""
    alt = ""
    if r.alternative_to:
        alt = (" <span class='muted'>· an alternative to "
               + html.escape(", ".join(names.get(a, a) for a in r.alternative_to)) + "</span>")
    body = (f"<a href='item:{html.escape(r.item.id)}'>{html.escape(r.item.title)}</a>{historical}{alt}"
            f"{' · <span class=muted>' + html.escape(needs) + '</span>' if needs else ''}"
            f"<ul>{reasons}{more}</ul>{settle}{notes}")
    if nested:
        return f"<blockquote>↳ {body}</blockquote>"
    return f"<p>{body}</p>"
