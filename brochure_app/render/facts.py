"""Facts of an item as short plain lines: who it is for / not for, and how it is delivered.

Shared by the plain-text view (`show`), the HTML page and exports, so the figures can never differ.
"""

from __future__ import annotations

from brochure_app.domain.models import Delivery, Eligibility, Item
from brochure_app.domain.taxonomy import FLAGS

_BAND_NAMES = {"rosh": "Risk of serious harm (RoSH)", "sara": "SARA", "risk": "Likelihood of reoffending"}


def _sex_scope(crit) -> str:
    return f" ({crit.only_for_sex}s)" if getattr(crit, "only_for_sex", None) else ""


def _graded(crit, value: str) -> str:
    """The value with what the source's wording makes of it: a priority, or a limit with a named exception."""
    strength = getattr(crit, "strength", "required")
    if strength == "priority":
        return f"{value} (prioritised; others are not ruled out)"
    if strength == "exception":
        return f"{value} (outside it, possible after {crit.unless})"
    return value


def _flags(crit) -> str:
    names = " or ".join(FLAGS[f][0] for f in crit.options)
    return names + (f", or {crit.otherwise}" if crit.otherwise else "")


def who_for(e: Eligibility) -> list[tuple[str, str, str]]:
    """(criterion, the structured value, the source's own wording) for every criterion saying who it is for."""
    lines: list[tuple[str, str, str]] = []
    for c in e.sex:
        lines.append(("Sex", _graded(c, f"{c.value}s only" if c.strength == "required" else f"{c.value}s"),
                      c.says))
    for c in e.age:
        lines.append((f"Age{_sex_scope(c)}", _graded(c, c.describe()), c.says))
    for c in e.ogrs:
        lines.append((f"OGRS{_sex_scope(c)}", _graded(c, c.describe("%")), c.says))
    for name in ("risk", "rosh", "sara"):
        for c in getattr(e, name):
            bands = " or ".join(b.replace("-", " ") for b in c.any_of)
            lines.append((_BAND_NAMES[name] + _sex_scope(c), _graded(c, bands), c.says))
    for c in e.order_months:
        lines.append(("Length of order", _graded(c, c.describe(" months")), c.says))
    for c in e.flags_required:
        lines.append((_flags(c), _graded(c, "required"), c.says))
    if e.consent is not None:
        lines.append(("Consent", "required" if e.consent.required else "not required", e.consent.says))
    return lines


def who_not_for(e: Eligibility) -> list[tuple[str, str, str]]:
    return [(_flags(c), _graded(c, "excluded"), c.says) for c in e.flags_excluded]


def line_text(label: str, value: str, says: str) -> str:
    return f"{label}: {value} (source: “{says}”)"


def delivery_lines(d: Delivery) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if d.sessions is not None:
        lines.append(("Sessions", str(d.sessions) + (f" ({d.sessions_detail})" if d.sessions_detail else "")))
    elif d.sessions_detail:
        lines.append(("Sessions", d.sessions_detail))
    if d.session_length:
        lines.append(("Session length", d.session_length))
    if d.total_hours is not None:
        lines.append(("Total hours", f"{d.total_hours:g}"))
    if d.format:
        lines.append(("Format", ", ".join(d.format)))
    if d.duration:
        lines.append(("Duration", d.duration))
    return lines


def historical_warning(item: Item) -> str | None:
    if not item.historical:
        return None
    dates = sorted({s.title for s in item.sources if s.historical})
    return ("Historical material: this page comes from " + "; ".join(dates)
            + ". It describes services as they were then, not what is available today.")
