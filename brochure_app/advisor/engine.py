"""The decision aid: (region's items, profile) → verdicts with reasons. Pure functions, no I/O, no Qt.

Every criterion comes from the content (see `rules`); nothing here knows any item. A verdict never says more than
the source: `suitable` only when every required criterion is known and met and at least one was decided from the
profile; what is not known never rules an item out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from brochure_app.advisor import rules as R
from brochure_app.domain.models import Item, Region
from brochure_app.domain.taxonomy import ogrs_band

SUITABLE, CHECK, UNSUITABLE = "suitable", "check", "unsuitable"
# The verdicts in a person's words. A magistrate reads "Suitable" as a finding about the person; these say what
# the sources' stated criteria give, and no more.
VERDICT_WORDS = {SUITABLE: "Meets every stated criterion checked", CHECK: "To check",
                 UNSUITABLE: "Ruled out by the source"}
VERDICT_SHORT = {SUITABLE: "Criteria met", CHECK: "To check", UNSUITABLE: "Ruled out"}
_ORDER = {SUITABLE: 0, CHECK: 1, UNSUITABLE: 2}
_DECIDING = (R.MET, R.EXCEPTION)      # outcomes that show a required or exception criterion was decided
_TO_CONFIRM = (R.UNKNOWN, R.EXCEPTION, R.OPEN)


@dataclass(frozen=True)
class Profile:
    """What is known about the person. None means not known. A circumstance is known present (`flags`), known
    absent (`no_flags`) or, in neither, not known."""

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
    no_flags: frozenset[str] = frozenset()
    area: str | None = None

    def __post_init__(self) -> None:
        both = self.flags & self.no_flags
        if both:
            raise ValueError(f"given both as present and as absent: {', '.join(sorted(both))}")

    @property
    def is_empty(self) -> bool:
        return self == Profile()

    def as_dict(self) -> dict:
        out: dict = {"needs": sorted(self.needs), "flags": sorted(self.flags)}
        if self.no_flags:
            out["no_flags"] = sorted(self.no_flags)
        for name in ("sex", "age", "risk", "ogrs", "rosh", "sara", "order_months", "consents", "area"):
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
    unknowns: tuple[str, ...] = field(default=())  # profile options that would settle a `check`
    priority: int = 0   # +1 for each priority group the person is in, -1 for each they are known not to be in

    @property
    def alternative_to(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.item.alternative_to)

    def as_dict(self) -> dict:
        return {"id": self.item.id, "title": self.item.title, "kind": self.item.kind, "verdict": self.verdict,
                "reasons": list(self.reasons), "notes": list(self.notes), "needs_met": list(self.needs_met),
                "unknowns": list(self.unknowns), "alternative_to": list(self.alternative_to),
                "historical": self.item.historical}


def evaluate(item: Item, profile: Profile, region: Region | None = None,
             names: dict[str, str] | None = None) -> Result:
    """The item's verdict for the profile. region: its scope and areas (None: the item's own criteria only);
    names: short names of the region's items, to name the one an alternative stands in for."""
    rules = R.item_rules(item) + R.region_rules(region, item)   # the item's own criteria read first
    outcomes = [rule.decide(profile) for rule in rules]
    by = {state: [o for o in outcomes if o.state == state] for state in
          (R.MET, R.BROKEN, R.UNKNOWN, R.EXCEPTION, R.OPEN, R.PRIORITY_MET, R.PRIORITY_UNMET, R.PRIORITY_UNKNOWN)}
    to_confirm = [o.text for o in outcomes if o.state in _TO_CONFIRM]
    priority_lines = [o.text for o in by[R.PRIORITY_MET] + by[R.PRIORITY_UNMET] + by[R.PRIORITY_UNKNOWN]]
    item_decided = [o for o, rule in zip(outcomes, rules, strict=True)
                    if o.state in _DECIDING and rule.scope != "region"]
    e = item.eligibility

    if by[R.BROKEN]:
        verdict, reasons = UNSUITABLE, [o.text for o in by[R.BROKEN]] + [o.text for o in by[R.UNKNOWN]]
    elif to_confirm:
        verdict, reasons = CHECK, to_confirm + priority_lines
    elif not (e.states_any or item.available_in):
        verdict = CHECK
        reasons = ["The source states no eligibility criteria for this item: ask the probation court team"]
    elif not item_decided:
        verdict = CHECK
        if all(rule.scope == "region" or rule.strength == "priority" for rule in rules):
            reasons = ["The source's criteria are not questions the decision aid asks: confirm them in person "
                       "(see the notes)"]
        else:
            reasons = ["Nothing entered yet decides this item's criteria: answer the questions it asks"]
        reasons += priority_lines
    else:
        verdict, reasons = SUITABLE, [o.text for o in by[R.MET]] + priority_lines
    for alt in item.alternative_to:
        other = (names or {}).get(alt.id, alt.id)
        reasons.append(f"An alternative where {other} is not used: “{alt.says}”")
    needs_met = tuple(n for n in item.need_areas if n in profile.needs)
    asks = tuple(dict.fromkeys(a for o in outcomes if o.state == R.UNKNOWN for a in o.asks))
    priority = len(by[R.PRIORITY_MET]) - len(by[R.PRIORITY_UNMET])
    return Result(item, verdict, tuple(reasons), tuple(e.notes), needs_met, asks, priority)


def recommend(items: Iterable[Item], profile: Profile, region: Region | None = None) -> list[Result]:
    """Every item addressing a chosen need (every item with a need area when none is chosen), information pages
    never, ordered: suitable, check, unsuitable; within each, items meeting more chosen needs first, then those whose
    priority groups the person is in; then the brochure's order."""
    chosen = profile.needs
    items_list = list(items)
    picked = [i for i in items_list if i.kind != "information" and i.need_areas
              and (not chosen or chosen.intersection(i.need_areas))]
    names = {i.id: i.short_name for i in items_list}
    results = [evaluate(i, profile, region, names) for i in picked]
    order = {id(r): n for n, r in enumerate(results)}
    results.sort(key=lambda r: (_ORDER[r.verdict], -len(r.needs_met), -r.priority, order[id(r)]))
    return results


def warnings(profile: Profile) -> list[str]:
    """Answers that contradict each other: accepted, and said plainly at the top of the results."""
    out: list[str] = []
    if profile.risk is not None and profile.ogrs is not None:
        band = ogrs_band(profile.ogrs)
        if R.BAND_ORDER[profile.risk] < R.BAND_ORDER[band]:
            out.append(f"The likelihood of reoffending is given as {profile.risk}, but OGRS {profile.ogrs} alone is "
                       f"in the {band} band; other predictors can raise the likelihood, not lower it below OGRS. "
                       "Check both answers.")
    if profile.sara is not None and "ipv-offence" in profile.no_flags:
        out.append(f"A SARA band ({profile.sara}) is given, but no intimate partner violence offence: SARA assesses "
                   "the risk of partner violence. Check both answers.")
    if "internet-sexual-offence" in profile.flags and "sexual-offence" in profile.no_flags:
        out.append("An internet sexual offence is given as present, but a sexual offence as absent. "
                   "Check both answers.")
    if "maturity" in profile.needs and profile.age is not None and not 18 <= profile.age <= 25:
        out.append(f"Young adult maturity is chosen as a need, but the age given is {profile.age}; the sources' "
                   "young adult services are for ages 18-24 or 18-25. Check both answers.")
    if "alcohol-dependent" in profile.flags and "alcohol-related-offence" in profile.no_flags \
            and "alcohol" in profile.needs:
        out.append("Alcohol is chosen as a need and the person is alcohol dependent, but the offence is given as not "
                   "alcohol-related: some alcohol services turn on that answer. Check it.")
    return out
