"""The whole page as plain text, as the region shows it (for `show` and for the search index)."""

from __future__ import annotations

import re

from brochure_app.domain.models import Item, Region
from brochure_app.domain.taxonomy import kind_label, kind_tab, need_label
from brochure_app.render import facts

_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")  # no nesting: linear on any text
_EMPH = re.compile(r"(\*\*|__|\*|`)")
_HEADING = re.compile(r"^#{1,6}\s*", re.M)


def markdown_to_text(md: str) -> str:
    text = _LINK.sub(r"\1", md)
    text = _EMPH.sub("", text)
    text = _HEADING.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def item_text(item: Item) -> str:
    parts: list[str] = [item.title, f"{kind_label(item.kind)}"]
    warning = facts.historical_warning(item)
    if warning:
        parts.append(warning)
    if item.need_areas:
        parts.append("Need areas: " + ", ".join(need_label(n) for n in item.need_areas))
    parts.append(item.summary)
    if item.note:
        parts.append(item.note)
    if item.availability:
        parts.append("Availability: " + item.availability)
    who = facts.who_for(item.eligibility)
    not_for = facts.who_not_for(item.eligibility)
    notes = item.eligibility.notes
    if who or not_for or notes:
        if who:
            parts.append("Who it is for:\n" + "\n".join(f"- {facts.line_text(*line)}" for line in who))
        if not_for:
            parts.append("Who it is not for:\n" + "\n".join(f"- {facts.line_text(*line)}" for line in not_for))
        if notes:
            parts.append("Also to confirm in person:\n" + "\n".join(f"- {n}" for n in notes))
    elif item.kind != "information":
        parts.append("Eligibility criteria: not stated in the source; ask the probation court team.")
    delivery = facts.delivery_lines(item.delivery)
    if delivery:
        parts.append("How it is delivered:\n" + "\n".join(f"- {label}: {text}" for label, text in delivery))
    if item.body:
        parts.append(markdown_to_text(item.body))
    parts.append("Sources:\n" + "\n".join(f"- {s.title}, section \"{s.section}\"" for s in item.sources))
    return "\n\n".join(parts)


def home_text(region: Region, groups: dict[str, tuple[Item, ...]]) -> str:
    """A region's home page as plain text, in the order the page shows it, for the search index: the foreword
    names the groups a region serves ("ex-armed service personnel", "Roma, Gypsies and Travellers") and the not
    covered part the sentences it leaves out, which no item page says. groups: the region's items by kind
    (Catalogue.items_by_kind)."""
    parts: list[str] = [f"{region.name} home page"]
    if region.historical:
        parts.append(f"Historical guide ({region.edition}): {region.source.title}. It describes services as they "
                     "were then, not what is available today.")
    foreword = region.foreword
    if foreword.text or foreword.missing or foreword.authors:
        lines = ["Foreword"]
        if foreword.text:
            lines.append(markdown_to_text(foreword.text))
        if foreword.missing:
            lines.append(foreword.missing)
        lines += [a.name + (f", {a.role}" if a.role else "") for a in foreword.authors]
        parts.append("\n".join(lines))
    # The offer at a glance by its sections, not the titles it lists: those link to pages searched in their own
    # right, and as words of one page they made the home page the one page with any two of them ("covaid
    # accommodation" found DLNR's home page alone).
    parts.append("The offer at a glance:\n" + "\n".join(
        f"- {kind_tab(kind)} ({len(items)})" for kind, items in groups.items()))
    parts.append("What this brochure does not cover:\n" + markdown_to_text(region.not_covered))
    parts.append("Reporting an error:\n" + markdown_to_text(region.report_error))
    parts.append(f"Sources:\n- {region.source.title}, section \"{region.source.section}\"")
    return "\n\n".join(parts)
