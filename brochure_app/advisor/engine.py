"""The decision aid: (region's items, profile) → verdicts with reasons. Pure functions, no I/O, no Qt.

Every criterion comes from an item's structured eligibility facts in content/; nothing here knows any item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from brochure_app.domain.models import BandCriterion, Eligibility, Item, RangeCriterion
from brochure_app.domain.taxonomy import FLAGS, OGRS_BANDS, ogrs_band

SUITABLE, CHECK, UNSUITABLE = "suitable", "check", "unsuitable"
_ORDER = {SUITABLE: 0, CHECK: 1, UNSUITABLE: 2}
_BAND_WORDS = {"risk": "likelihood of reoffending", "rosh": "risk of serious harm (RoSH)", "sara": "SARA"}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Profile:
    """What is known about the person. None means not known; a flag not listed means not present."""

    needs: frozenset[str] = frozenset()
    sex: str | None = None
    age: int | None = None
    risk: str | None = None
    ogrs: int | None = None
    rosh: str | None = None
    sara: str | None = None
    order_months: int | None = None
    flags: frozenset[str] = frozenset()
    consents: str | None = None

    @property
    def reoffending_band(self) -> str | None:
        """Where both are given, OGRS decides (DLNR bands: low 0-49, medium 50-74, high 75+)."""
        return ogrs_band(self.ogrs) if self.ogrs is not None else self.risk

    def as_dict(self) -> dict:
        out: dict = {"needs": sorted(self.needs), "flags": sorted(self.flags)}
        for name in ("sex", "age", "risk", "ogrs", "rosh", "sara", "order_months", "consents"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class Result:
    item: Item
    verdict: str
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    needs_met: tuple[str, ...]
    unknowns: tuple[str, ...] = field(default=())  # profile questions that would settle a `check`

    def as_dict(self) -> dict:
        return {"id": self.item.id, "title": self.item.title, "kind": self.item.kind, "verdict": self.verdict,
                "reasons": list(self.reasons), "notes": list(self.notes), "needs_met": list(self.needs_met)}


class _Findings:
    __slots__ = ("broken", "unknown", "met", "asks")

    def __init__(self) -> None:
        self.broken: list[str] = []
        self.unknown: list[str] = []
        self.met: list[str] = []
        self.asks: list[str] = []


def _quote(label: str, says: str) -> str:
    return f"({label}: “{says}”)"


def _applies(crit, profile: Profile) -> bool | None:
    """Whether a criterion scoped to one sex applies: True, False, or None when the sex is not known."""
    scope = getattr(crit, "only_for_sex", None)
    if scope is None:
        return True
    if profile.sex is None:
        return None
    return profile.sex == scope


def _range(f: _Findings, label: str, name: str, crits: tuple[RangeCriterion, ...], value: int | None,
           profile: Profile, field: str, unit: str = "", ask: str = "") -> None:
    for c in crits:
        applies = _applies(c, profile)
        if applies is False:
            continue
        scope = f" for {c.only_for_sex}s" if c.only_for_sex else ""
        cite = _quote(label, c.says)
        if applies is None:
            f.unknown.append(f"Sex not known: the {name} criterion{scope} is {c.describe(unit)} {cite}")
            f.asks.append("sex")
            continue
        if value is None:
            f.unknown.append(f"{ask or name} not known: needs {c.describe(unit)}{scope} {cite}")
            f.asks.append(field)
        elif c.min is not None and value < c.min:
            f.broken.append(f"{name} {value}{unit} is below the minimum of {c.min}{unit}{scope} {cite}")
        elif c.max is not None and value > c.max:
            f.broken.append(f"{name} {value}{unit} is above the maximum of {c.max}{unit}{scope} {cite}")
        else:
            f.met.append(f"{name} {value}{unit} is within {c.describe(unit)}{scope} {cite}")


def _band(f: _Findings, label: str, name: str, crits: tuple[BandCriterion, ...], value: str | None,
          profile: Profile, derived_from_ogrs: bool = False) -> None:
    words = _BAND_WORDS[name]
    for c in crits:
        applies = _applies(c, profile)
        if applies is False:
            continue
        wanted = " or ".join(c.any_of)
        cite = _quote(label, c.says)
        if applies is None:
            f.unknown.append(f"Sex not known: the {words} criterion for {c.only_for_sex}s is {wanted} {cite}")
            f.asks.append("sex")
            continue
        if value is None:
            f.unknown.append(f"{_cap(words)} not known: needs {wanted} {cite}")
            f.asks.append(name)
            continue
        shown = value
        if derived_from_ogrs:
            low, high = next((lo, hi) for band, lo, hi in OGRS_BANDS if band == value)
            shown = f"{value} (OGRS {profile.ogrs} is in the {value} band, {low}-{high})"
        if value in c.any_of:
            f.met.append(f"{_cap(words)} {shown} is {wanted} {cite}")
        else:
            f.broken.append(f"{_cap(words)} {shown} is not {wanted} {cite}")


def evaluate(item: Item, profile: Profile) -> Result:
    e: Eligibility = item.eligibility
    label = item.aliases[0] if item.aliases else item.title
    f = _Findings()

    for c in e.sex:
        cite = _quote(label, c.says)
        if profile.sex is None:
            f.unknown.append(f"Sex not known: for {c.value}s only {cite}")
            f.asks.append("sex")
        elif profile.sex == c.value:
            f.met.append(f"For {c.value}s {cite}")
        else:
            f.broken.append(f"For {c.value}s only {cite}")
    _range(f, label, "Age", e.age, profile.age, profile, "age")
    _range(f, label, "OGRS", e.ogrs, profile.ogrs, profile, "ogrs", ask="OGRS score")
    _band(f, label, "risk", e.risk, profile.reoffending_band, profile, derived_from_ogrs=profile.ogrs is not None)
    _band(f, label, "rosh", e.rosh, profile.rosh, profile)
    _band(f, label, "sara", e.sara, profile.sara, profile)
    _range(f, label, "Order length", e.order_months, profile.order_months, profile, "order_months", unit=" months",
           ask="Length of the order")
    for c in e.flags_required:
        name = FLAGS[c.flag][0]
        if c.flag in profile.flags:
            f.met.append(f"{name}: present {_quote(label, c.says)}")
        else:
            f.broken.append(f"Requires: {name.lower()} — not present {_quote(label, c.says)}")
    for c in e.flags_excluded:
        name = FLAGS[c.flag][0]
        if c.flag in profile.flags:
            f.broken.append(f"Not for people with: {name.lower()} {_quote(label, c.says)}")
        else:
            f.met.append(f"{name}: not present {_quote(label, c.says)}")
    if e.consent is not None and e.consent.required:
        cite = _quote(label, e.consent.says)
        if profile.consents is None:
            f.unknown.append(f"Consent not known: the person must consent {cite}")
            f.asks.append("consents")
        elif profile.consents == "yes":
            f.met.append(f"Consents {cite}")
        else:
            f.broken.append(f"Does not consent; consent is required {cite}")

    if f.broken:
        verdict, reasons = UNSUITABLE, f.broken + f.unknown
    elif f.unknown:
        verdict, reasons = CHECK, f.unknown
    elif not e.states_any:
        verdict = CHECK
        reasons = ["The source states no eligibility criteria for this item: ask the probation court team"]
    else:
        verdict, reasons = SUITABLE, f.met or ["Nothing in the profile rules it out; the source's criteria "
                                               "are to be confirmed in person (see notes)"]
    needs_met = tuple(n for n in item.need_areas if n in profile.needs)
    return Result(item, verdict, tuple(reasons), tuple(e.notes), needs_met, tuple(dict.fromkeys(f.asks)))


def recommend(items: Iterable[Item], profile: Profile) -> list[Result]:
    """Every item addressing a chosen need (every item with a need area when none is chosen), ordered:
    suitable, check, unsuitable; within each, items meeting more chosen needs first; then the brochure's order."""
    chosen = profile.needs
    picked = [i for i in items if i.need_areas and (not chosen or chosen.intersection(i.need_areas))]
    results = [evaluate(i, profile) for i in picked]
    order = {id(r): n for n, r in enumerate(results)}
    results.sort(key=lambda r: (_ORDER[r.verdict], -len(r.needs_met), order[id(r)]))
    return results
