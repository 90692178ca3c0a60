"""Plain, immutable data: what the rest of the app passes around. No I/O, no Qt, no validation library."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "accredited-programme", "structured-intervention", "toolkit", "commissioned-service",
    "rar-intervention", "requirement", "information",
]
Need = Literal[
    "thinking-behaviour", "domestic-abuse", "emotional-management", "sexual-offending", "extremism", "alcohol",
    "drugs", "accommodation", "employment", "finance", "wellbeing", "lifestyle-associates", "family",
    "maturity", "engagement",
]
Flag = Literal[
    "ipv-offence", "sexual-offence", "internet-sexual-offence", "violent-offence", "alcohol-related-offence",
    "alcohol-dependent", "drug-dependent", "mental-health-condition", "learning-difficulty", "extremism-concern",
    "programme-graduate", "unemployed", "homeless",
]
RegionId = Literal[
    "north-west", "north-east", "london", "kent-surrey-sussex", "greater-manchester", "east-of-england", "dlnr",
]
Sex = Literal["male", "female"]
Band = Literal["low", "medium", "high", "very-high"]
Format = Literal["group", "one-to-one", "rolling", "closed", "online"]
# How firmly the source states a criterion (see CONTRACT.md, "recommend"): `required` (broken -> unsuitable),
# `priority` (the source prioritises a group; never rules out), `exception` (outside it is possible on the named
# condition, e.g. a consultation: -> check, naming it).
Strength = Literal["required", "priority", "exception"]



@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a page's facts come from, as written in a content file."""

    document: str
    section: str


@dataclass(frozen=True, slots=True)
class Source:
    """A resolved source: the seed file, the document's human title with its date, and the section."""

    document: str
    title: str
    section: str
    historical: bool = False


@dataclass(frozen=True, slots=True)
class SexCriterion:
    value: Sex
    says: str
    strength: Strength = "required"
    unless: str | None = None      # exception: the condition the source names, e.g. "consultation with ..."
    section: str | None = None     # where the words are, when not the item's first source section


@dataclass(frozen=True, slots=True)
class RangeCriterion:
    """An inclusive range of whole numbers (age, OGRS, order months); either end may be open."""

    says: str
    min: int | None = None
    max: int | None = None
    only_for_sex: Sex | None = None
    strength: Strength = "required"
    unless: str | None = None
    section: str | None = None

    def describe(self, unit: str = "") -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min}-{self.max}{unit}"
        if self.min is not None:
            return f"{self.min}{unit} or more"
        if self.max is not None:
            return f"up to {self.max}{unit}"
        return "any"


@dataclass(frozen=True, slots=True)
class BandCriterion:
    any_of: tuple[Band, ...]
    says: str
    only_for_sex: Sex | None = None
    strength: Strength = "required"
    unless: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class FlagCriterion:
    """A circumstance the source requires (or excludes). `flag` names one; `any_of` several, any of which meets it;
    `otherwise` is an alternative the profile does not ask about (e.g. "a propensity to misuse illegal drugs"):
    with it, every listed flag known absent still leaves the criterion to confirm rather than broken."""

    says: str
    flag: Flag | None = None
    any_of: tuple[Flag, ...] = ()
    otherwise: str | None = None
    strength: Strength = "required"
    unless: str | None = None
    section: str | None = None

    @property
    def options(self) -> tuple[str, ...]:
        return self.any_of or ((self.flag,) if self.flag else ())


@dataclass(frozen=True, slots=True)
class ConsentCriterion:
    required: bool
    says: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Criteria the source states, each with the source's own words beside the structured value."""

    sex: tuple[SexCriterion, ...] = ()
    age: tuple[RangeCriterion, ...] = ()
    ogrs: tuple[RangeCriterion, ...] = ()
    risk: tuple[BandCriterion, ...] = ()
    rosh: tuple[BandCriterion, ...] = ()
    sara: tuple[BandCriterion, ...] = ()
    order_months: tuple[RangeCriterion, ...] = ()
    flags_required: tuple[FlagCriterion, ...] = ()
    flags_excluded: tuple[FlagCriterion, ...] = ()
    consent: ConsentCriterion | None = None
    notes: tuple[str, ...] = ()

    @property
    def states_any(self) -> bool:
        return any((self.sex, self.age, self.ogrs, self.risk, self.rosh, self.sara, self.order_months,
                    self.flags_required, self.flags_excluded, self.consent, self.notes))


@dataclass(frozen=True, slots=True)
class AlternativeTo:
    """The item is offered in place of another (e.g. "for those not able to access BBR"), in the source's words."""

    id: str
    says: str


@dataclass(frozen=True, slots=True)
class Availability:
    """The parts of a region an item is limited to (e.g. "Derbyshire only"), checked against the profile's area."""

    areas: tuple[str, ...]
    says: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    sessions: int | None = None
    sessions_detail: str | None = None
    session_length: str | None = None
    total_hours: float | None = None
    format: tuple[Format, ...] = ()
    duration: str | None = None

    @property
    def states_any(self) -> bool:
        return any((self.sessions is not None, self.sessions_detail, self.session_length,
                    self.total_hours is not None, self.format, self.duration))


@dataclass(frozen=True, slots=True)
class Item:
    """One page of the brochure as a region presents it."""

    id: str
    title: str
    kind: str
    summary: str
    body: str
    sources: tuple[Source, ...]
    need_areas: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    historical: bool = False
    availability: str | None = None
    section: str | None = None
    region: str | None = None  # set when this is a region's own version of the item
    eligibility: Eligibility = field(default_factory=Eligibility)
    delivery: Delivery = field(default_factory=Delivery)
    note: str | None = None  # the region's note on how its source presents the item
    path: str = ""
    alternative_to: tuple[AlternativeTo, ...] = ()
    available_in: Availability | None = None  # set by the region that limits it to some of its areas

    @property
    def short_name(self) -> str:
        """The name people use for it (its first alias, e.g. "BBR"), else its title."""
        return self.aliases[0] if self.aliases else self.title


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Foreword:
    authors: tuple[Author, ...] = ()
    text: str | None = None
    missing: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    historical: bool
    edition: str
    source: Source
    foreword: Foreword
    not_covered: str
    report_error: str
    item_ids: tuple[str, ...]
    path: str = ""
    areas: tuple[str, ...] = ()  # the parts of the region its sources name (`--area`)
    eligibility: Eligibility = field(default_factory=Eligibility)  # facts that hold for every item of the region

    @property
    def short_name(self) -> str:
        """The name without its parenthesis ("DLNR" for "DLNR (Derbyshire, Leicestershire, ...)"): tabs, headers."""
        return self.name.split(" (")[0]


@dataclass(frozen=True, slots=True)
class Problem:
    """A content problem, located: FILE:LINE: field: message."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"
