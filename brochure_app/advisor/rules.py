"""Every encoded criterion of an item, as one uniform `Rule`, and what a profile makes of it.

The content states criteria by kind (sex, age, OGRS, bands, circumstances, consent, area, the region's own scope);
this module turns each into a Rule that knows its profile question, its strength and the source's words, so the
engine and the criteria review (`brochure-app criteria`) read one list. Pure: no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from brochure_app.domain.models import BandCriterion, Eligibility, FlagCriterion, Item, RangeCriterion, Region
from brochure_app.domain.taxonomy import FLAGS, OGRS_BANDS, ogrs_band

# What a rule makes of a profile.
MET = "met"                # known and met
BROKEN = "broken"          # known and not met, and the source makes it a requirement
UNKNOWN = "unknown"        # the answer that decides it is not known
EXCEPTION = "exception"    # outside the stated range, which the source allows on a named condition
OPEN = "open"              # cannot be decided from the profile's questions (an alternative it does not ask about)
PRIORITY_MET = "priority-met"          # in the group the source prioritises
PRIORITY_UNMET = "priority-unmet"      # not in that group: said, never rules out
PRIORITY_UNKNOWN = "priority-unknown"  # not known whether in that group
NOT_APPLICABLE = "n/a"     # a criterion for the other sex

_BAND_WORDS = {"risk": "likelihood of reoffending", "rosh": "risk of serious harm (RoSH)", "sara": "SARA"}
_LABELS = {"sex": "Sex", "age": "Age", "ogrs": "OGRS", "risk": "Likelihood of reoffending",
           "rosh": "Risk of serious harm (RoSH)", "sara": "SARA", "order_months": "Length of order",
           "consents": "Consent", "area": "Area"}
BAND_ORDER = {"low": 0, "medium": 1, "high": 2, "very-high": 3}


@dataclass(frozen=True)
class Outcome:
    state: str
    text: str
    asks: tuple[str, ...] = ()   # profile options that would settle it (contract: sara, flag:ipv-offence, area ...)


@dataclass(frozen=True)
class Rule:
    """One criterion as the source states it, ready to be decided against a profile."""

    question: str        # the profile option that decides it: sex, age, ogrs, risk, ..., flag:NAME, consents, area
    label: str           # a person's name for the question
    test: str            # what the criterion asks, in plain words ("18 or more", "male", "medium or high")
    strength: str        # required | priority | exception
    says: str            # the source's own words
    section: str         # the source section holding those words
    unless: str | None   # for an exception: the condition the source names
    scope: str           # "item", "area" (the region limits the item to some of its areas) or "region"
    decide: Callable[[object], Outcome]

    def as_dict(self) -> dict:
        return {"question": self.question, "label": self.label, "test": self.test, "strength": self.strength,
                "unless": self.unless, "says": self.says, "section": self.section, "scope": self.scope}


def _cite(who: str, says: str) -> str:
    return f"({who}: “{says}”)"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _graded(strength: str, ok: bool, met: str, broken: str, unless: str | None, priority_group: str,
            cite: str = "") -> Outcome:
    """The outcome of a known answer, by the criterion's strength."""
    if ok:
        return Outcome(PRIORITY_MET if strength == "priority" else MET,
                       f"In the group the source prioritises: {met}" if strength == "priority" else met)
    if strength == "priority":
        return Outcome(PRIORITY_UNMET, f"Not in the group the source prioritises ({priority_group}); "
                                       f"this does not rule it out {cite}".rstrip())
    if strength == "exception":
        return Outcome(EXCEPTION, f"{broken}; the source allows this after {unless}")
    return Outcome(BROKEN, broken)


def _unknown(strength: str, text: str, asks: tuple[str, ...]) -> Outcome:
    if strength == "priority":
        return Outcome(PRIORITY_UNKNOWN, f"Priority group not known: {text}")
    return Outcome(UNKNOWN, text, asks)


def _sex_gate(crit, profile, strength: str, what: str, cite: str) -> Outcome | None:
    """For a criterion scoped to one sex: n/a for the other sex, unknown when the sex is not known."""
    scope = getattr(crit, "only_for_sex", None)
    if scope is None:
        return None
    if profile.sex is None:
        return _unknown(strength, f"Sex not known: the {what} criterion for {scope}s applies only to them {cite}",
                        ("sex",))
    if profile.sex != scope:
        return Outcome(NOT_APPLICABLE, "")
    return None


def _range_rule(name: str, crit: RangeCriterion, who: str, section: str, scope: str, unit: str = "") -> Rule:
    label = _LABELS[name]
    sex_scope = f" for {crit.only_for_sex}s" if crit.only_for_sex else ""
    wanted = crit.describe(unit) + sex_scope
    cite = _cite(who, crit.says)

    def decide(profile) -> Outcome:
        gate = _sex_gate(crit, profile, crit.strength, label, cite)
        if gate is not None:
            return gate
        value = getattr(profile, name)
        if value is None:
            return _unknown(crit.strength, f"{label} not known: needs {wanted} {cite}", (name,))
        shown = f"{label} {value}{unit}"
        if crit.min is not None and value < crit.min:
            broken = f"{shown} is below the minimum of {crit.min}{unit}{sex_scope} {cite}"
        elif crit.max is not None and value > crit.max:
            broken = f"{shown} is above the maximum of {crit.max}{unit}{sex_scope} {cite}"
        else:
            return _graded(crit.strength, True, f"{shown} is within {wanted} {cite}", "", crit.unless, wanted)
        return _graded(crit.strength, False, "", broken, crit.unless, wanted, cite)

    return Rule(name, label, wanted, crit.strength, crit.says, crit.section or section, crit.unless, scope, decide)


def _band_rule(name: str, crit: BandCriterion, who: str, section: str, scope: str) -> Rule:
    words = _BAND_WORDS[name]
    wanted = " or ".join(b.replace("-", " ") for b in crit.any_of)
    sex_scope = f" for {crit.only_for_sex}s" if crit.only_for_sex else ""
    cite = _cite(who, crit.says)

    def decide(profile) -> Outcome:
        gate = _sex_gate(crit, profile, crit.strength, words, cite)
        if gate is not None:
            return gate
        value = getattr(profile, name)
        if name == "risk" and value is None and profile.ogrs is not None:
            return _from_ogrs(profile.ogrs)
        if value is None:
            return _unknown(crit.strength, f"{_cap(words)} not known: needs {wanted}{sex_scope} {cite}", (name,))
        ok = value in crit.any_of
        shown = f"{_cap(words)} {value.replace('-', ' ')}"
        return _graded(crit.strength, ok, f"{shown} is {wanted} {cite}", f"{shown} is not {wanted} {cite}",
                       crit.unless, wanted, cite)

    def _from_ogrs(score: int) -> Outcome:
        # The contract: an OGRS band can meet a likelihood criterion, never break one (OVP, OSP, RSR and SARA can
        # raise the assessed likelihood above what OGRS alone gives).
        band = ogrs_band(score)
        low, high = next((lo, hi) for b, lo, hi in OGRS_BANDS if b == band)
        shown = f"OGRS {score} is in the {band} band ({low}-{high})"
        if band in crit.any_of:
            return _graded(crit.strength, True, f"{shown}, which is {wanted} {cite}", "", crit.unless, wanted)
        if crit.strength == "priority":
            return Outcome(PRIORITY_UNKNOWN, f"{shown}; the assessed likelihood decides the priority group {cite}")
        return Outcome(UNKNOWN, f"{shown}, below {wanted}; other predictors (OVP, OSP, RSR, SARA) can raise the "
                                f"assessed likelihood of reoffending: confirm it {cite}", ("risk",))

    return Rule(name, _LABELS[name], wanted + sex_scope, crit.strength, crit.says, crit.section or section,
                crit.unless, scope, decide)


def _flag_rule(crit: FlagCriterion, who: str, section: str, scope: str, excluded: bool) -> Rule:
    options = crit.options
    names = " or ".join(FLAGS[f][0].lower() for f in options)
    cite = _cite(who, crit.says)
    if excluded:
        test = names
    else:
        test = names + (f" (or {crit.otherwise})" if crit.otherwise else "")

    def decide(profile) -> Outcome:
        present = [f for f in options if f in profile.flags]
        absent = [f for f in options if f in profile.no_flags]
        unknown = tuple(f"flag:{f}" for f in options if f not in present and f not in absent)
        if excluded:
            if present:
                shown = FLAGS[present[0]][0].lower()
                return _graded(crit.strength, False, "", f"Not for people with: {shown} {cite}", crit.unless,
                               f"people without {names}", cite)
            if not unknown:
                return _graded(crit.strength, True, f"No {names} {cite}", "", crit.unless, "")
            rule_out = (f"it rules this out unless {crit.unless}" if crit.strength == "exception"
                        else "it rules this out")
            return _unknown(crit.strength, f"Not known whether: {names} — {rule_out} {cite}", unknown)
        if present:
            shown = FLAGS[present[0]][0]
            return _graded(crit.strength, True, f"{shown}: present {cite}", "", crit.unless, names)
        if unknown:
            return _unknown(crit.strength, f"Not known whether: {names} — it is required {cite}", unknown)
        if crit.otherwise:
            if crit.strength == "priority":
                return Outcome(PRIORITY_UNKNOWN, f"No {names}; {crit.otherwise} also counts: confirm it {cite}")
            return Outcome(OPEN, f"No {names}, but the source also accepts {crit.otherwise}: confirm it {cite}")
        return _graded(crit.strength, False, "", f"Requires {names}: not present {cite}", crit.unless, names, cite)

    question = ",".join(f"flag:{f}" for f in options)
    label = "Not for" if excluded else "Requires"
    return Rule(question, label, test, crit.strength, crit.says, crit.section or section, crit.unless, scope,
                decide)


def _sex_rule(crit, who: str, section: str, scope: str) -> Rule:
    cite = _cite(who, crit.says)

    def decide(profile) -> Outcome:
        if profile.sex is None:
            return _unknown(crit.strength, f"Sex not known: for {crit.value}s {cite}", ("sex",))
        return _graded(crit.strength, profile.sex == crit.value, f"For {crit.value}s {cite}",
                       f"For {crit.value}s only {cite}", crit.unless, f"{crit.value}s", cite)

    return Rule("sex", "Sex", crit.value, crit.strength, crit.says, crit.section or section, crit.unless, scope,
                decide)


def _consent_rule(crit, who: str, section: str, scope: str) -> Rule:
    cite = _cite(who, crit.says)

    def decide(profile) -> Outcome:
        if profile.consents is None:
            return Outcome(UNKNOWN, f"Consent not known: the person must consent {cite}", ("consents",))
        if profile.consents == "yes":
            return Outcome(MET, f"Consents {cite}")
        return Outcome(BROKEN, f"Does not consent; consent is required {cite}")

    return Rule("consents", "Consent", "the person consents", "required", crit.says, crit.section or section, None,
                scope, decide)


def _area_rule(item: Item, region: Region) -> Rule:
    avail = item.available_in
    assert avail is not None
    places = " or ".join(avail.areas)
    cite = _cite(region.short_name, avail.says)

    def decide(profile) -> Outcome:
        area = getattr(profile, "area", None)
        if area is None:
            return Outcome(UNKNOWN, f"Area not known: available in {places} only {cite}", ("area",))
        if area in avail.areas:
            return Outcome(MET, f"Available in {area} {cite}")
        return Outcome(BROKEN, f"Not available in {area}: {places} only {cite}")

    return Rule("area", "Area", f"in {places}", "required", avail.says, avail.section or region.source.section, None,
                "area", decide)


def _eligibility_rules(e: Eligibility, who: str, section: str, scope: str) -> Iterator[Rule]:
    for c in e.sex:
        yield _sex_rule(c, who, section, scope)
    for c in e.age:
        yield _range_rule("age", c, who, section, scope)
    for c in e.ogrs:
        yield _range_rule("ogrs", c, who, section, scope)
    for name in ("risk", "rosh", "sara"):
        for c in getattr(e, name):
            yield _band_rule(name, c, who, section, scope)
    for c in e.order_months:
        yield _range_rule("order_months", c, who, section, scope, unit=" months")
    for c in e.flags_required:
        yield _flag_rule(c, who, section, scope, excluded=False)
    for c in e.flags_excluded:
        yield _flag_rule(c, who, section, scope, excluded=True)
    if e.consent is not None and e.consent.required:
        yield _consent_rule(e.consent, who, section, scope)


@lru_cache(maxsize=4096)
def item_rules(item: Item) -> tuple[Rule, ...]:
    """The item's own criteria, each citing the item by its short name (made once per item: the wizard decides them
    on every change)."""
    who = item.short_name
    section = item.sources[0].section if item.sources else ""
    return tuple(_eligibility_rules(item.eligibility, who, section, "item"))


@lru_cache(maxsize=4096)
def region_rules(region: Region | None, item: Item) -> tuple[Rule, ...]:
    """What the region adds: its scope for every item (the DLNR guide's adults only) and the item's areas."""
    if region is None:
        return ()
    rules = list(_eligibility_rules(region.eligibility, f"{region.short_name} guide", region.source.section,
                                    "region"))
    if item.available_in is not None:
        rules.append(_area_rule(item, region))
    return tuple(rules)
