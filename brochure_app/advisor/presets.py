"""A saved preset's answers as a Profile, its suggested name and its one-line description: Qt-free rules, checked
against the contract's vocabulary (a value the app no longer knows is left out and reported, never fatal)."""

from __future__ import annotations

from brochure_app.advisor.engine import Profile
from brochure_app.domain import taxonomy as tx

_CHOICES = {"sex": tx.SEXES, "risk": tx.RISK_BANDS, "rosh": tx.ROSH_BANDS, "sara": tx.SARA_BANDS,
            "consents": tx.CONSENT}
_RANGES = {"age": (10, 120), "ogrs": (0, 100), "order_months": (1, 60)}


def profile_from_dict(data: dict) -> tuple[Profile, list[str]]:
    """A Profile from saved answers, and what had to be left out (values the contract does not know)."""
    left_out: list[str] = []
    needs = [n for n in data.get("needs", []) if n in tx.NEEDS]
    flags = [f for f in data.get("flags", []) if f in tx.FLAGS]
    no_flags = [f for f in data.get("no_flags", []) if f in tx.FLAGS and f not in flags]
    left_out += [f"need '{n}'" for n in data.get("needs", []) if n not in tx.NEEDS]
    left_out += [f"circumstance '{f}'" for key in ("flags", "no_flags") for f in data.get(key, [])
                 if f not in tx.FLAGS]
    values: dict = {}
    for key, allowed in _CHOICES.items():
        if key in data:
            if data[key] in allowed:
                values[key] = data[key]
            else:
                left_out.append(f"{key} '{data[key]}'")
    for key, (low, high) in _RANGES.items():
        if key in data:
            if isinstance(data[key], int) and low <= data[key] <= high:
                values[key] = data[key]
            else:
                left_out.append(f"{key} {data[key]}")
    if isinstance(data.get("area"), str):
        values["area"] = data["area"]     # checked against the region's areas by the wizard when applied
    return Profile(needs=frozenset(needs), flags=frozenset(flags), no_flags=frozenset(no_flags), **values), left_out


def suggest_name(region_name: str, profile: Profile) -> str:
    """'London · women · accommodation': region (its short name: Region.short_name), who, needs — a name the
    person can keep or change."""
    parts = [region_name] if region_name else []
    if profile.sex:
        parts.append({"male": "men", "female": "women"}[profile.sex])
    if profile.age is not None:
        parts.append(f"age {profile.age}")
    needs = [tx.NEEDS[n][0].lower() for n in tx.NEEDS if n in profile.needs]
    if needs:
        parts.append(", ".join(needs[:3]) + (" …" if len(needs) > 3 else ""))
    if profile.ogrs is not None:
        parts.append(f"OGRS {profile.ogrs}")
    elif profile.risk:
        parts.append(f"{profile.risk} risk")
    return " · ".join(parts) or "My preset"


def describe(profile: Profile, region_name: str = "") -> str:
    """One line: what a preset will set."""
    d = profile.as_dict()
    bits = []
    if region_name:
        bits.append(f"region {region_name}")
    if d["needs"]:
        bits.append("needs: " + ", ".join(tx.NEEDS[n][0] for n in d["needs"]))
    for key in ("sex", "age", "risk", "ogrs", "rosh", "sara", "order_months", "consents", "area"):
        if key in d:
            bits.append(f"{key.replace('_', ' ')}: {d[key]}")
    if d["flags"]:
        bits.append("circumstances: " + ", ".join(tx.FLAGS[f][0] for f in d["flags"]))
    if d.get("no_flags"):
        bits.append("known absent: " + ", ".join(tx.FLAGS[f][0] for f in d["no_flags"]))
    return "; ".join(bits) or "clears every answer"
