"""The fixed vocabulary of the contract: regions, kinds, need areas, flags and bands.

These identifiers are part of the app's public contract (command line, JSON, content files), so they live
in code as plain data; labels and one-line explanations sit beside them for the UI and the CLI.
"""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "north-west": "North West",
    "north-east": "North East",
    "london": "London",
    "kent-surrey-sussex": "Kent Surrey and Sussex",
    "greater-manchester": "Greater Manchester",
    "east-of-england": "East of England",
    "dlnr": "DLNR (Derbyshire, Leicestershire, Nottinghamshire and Rutland)",
}

# Kind id -> (singular label, tab label). Order is the brochure's tab order.
KINDS: dict[str, tuple[str, str]] = {
    "accredited-programme": ("Accredited Programme", "Accredited Programmes"),
    "structured-intervention": ("Structured Intervention", "Structured Interventions"),
    "toolkit": ("Probation Practitioner Toolkit", "Toolkits"),
    "commissioned-service": ("Commissioned Rehabilitative Service", "Commissioned Services"),
    "rar-intervention": ("RAR intervention", "RAR Interventions"),
    "requirement": ("Requirement", "Requirements"),
    "information": ("Information", "Sentencing information"),
}

NEEDS: dict[str, tuple[str, str]] = {
    "thinking-behaviour": ("Thinking and behaviour", "Attitudes, thinking and behaviour; general offending"),
    "domestic-abuse": ("Domestic abuse", "Intimate partner violence, relationships"),
    "emotional-management": ("Emotional management", "Anger, aggression, violence"),
    "sexual-offending": ("Sexual offending", "Sexual offending"),
    "extremism": ("Extremism", "Extremist views or associations"),
    "alcohol": ("Alcohol", "Alcohol misuse"),
    "drugs": ("Drugs", "Drug misuse"),
    "accommodation": ("Accommodation", "Housing, homelessness"),
    "employment": ("Employment", "Education, training and employment"),
    "finance": ("Finance", "Finance, benefit and debt"),
    "wellbeing": ("Wellbeing", "Emotional wellbeing, mental health"),
    "lifestyle-associates": ("Lifestyle and associates", "Lifestyle, peers and associates"),
    "family": ("Family", "Family and significant others, parenting"),
    "maturity": ("Maturity", "Young adult maturity"),
    "engagement": ("Engagement", "Compliance and engagement with the order"),
}

FLAGS: dict[str, tuple[str, str]] = {
    "ipv-offence": ("IPV offence", "Intimate partner violence offence, index or historical"),
    "sexual-offence": ("Sexual offence", "A sexual offence"),
    "internet-sexual-offence": ("Internet sexual offence", "A sexual offence committed online"),
    "violent-offence": ("Violent offence", "A violent offence"),
    "alcohol-related-offence": ("Alcohol-related offence", "Offence committed while intoxicated"),
    "alcohol-dependent": ("Alcohol dependent", "Dependent on alcohol"),
    "drug-dependent": ("Drug dependent", "Dependent on drugs"),
    "mental-health-condition": ("Mental health condition", "A serious, uncontrolled mental health condition"),
    "learning-difficulty": ("Learning difficulty", "A learning difficulty or disability"),
    "extremism-concern": ("Extremism concern", "Concern about extremist views"),
    "programme-graduate": ("Programme graduate", "Has completed an accredited programme"),
    "unemployed": ("Unemployed", "Not in work"),
    "homeless": ("Homeless", "No settled accommodation"),
}

SEXES = ("male", "female")
RISK_BANDS = ("low", "medium", "high")
ROSH_BANDS = ("low", "medium", "high", "very-high")
SARA_BANDS = ("low", "medium", "high")
CONSENT = ("yes", "no")
DELIVERY_FORMATS = ("group", "one-to-one", "rolling", "closed", "online")

# The DLNR OGRS bands fixed by the contract: where both risk and OGRS are given, OGRS decides.
OGRS_BANDS: tuple[tuple[str, int, int], ...] = (("low", 0, 49), ("medium", 50, 74), ("high", 75, 100))


def ogrs_band(score: int) -> str:
    for band, low, high in OGRS_BANDS:
        if low <= score <= high:
            return band
    raise ValueError(f"OGRS {score} is outside 0-100")


def kind_label(kind: str) -> str:
    return KINDS[kind][0]


def kind_tab(kind: str) -> str:
    return KINDS[kind][1]


def need_label(need: str) -> str:
    return NEEDS[need][0]
