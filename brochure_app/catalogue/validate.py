"""Checking content data into the domain's frozen dataclasses: strict types (msgspec), unknown keys refused at any
depth, each fault located (a path of keys and indexes) and worded plainly; and the checks of eligibility criteria
that validate but cannot be meant. The loader maps each location back to its file line."""

from __future__ import annotations

import re
import sys
from typing import Any

from brochure_app.domain.models import Eligibility


class Invalid(Exception):
    """Data that does not fit its class: where (a path of keys and indexes) and what is wrong, in plain words."""

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc = loc
        self.message = message


_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_TYPES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "array": "a list",
          "object": "a mapping", "null": "nothing"}


def validate(cls: type, data: Any):
    """data validated into cls (the domain's frozen dataclasses), else _Invalid naming the first fault and where it
    is. msgspec does the work: compiled, strict (3.0 or true is not a whole number) and quick to import on the cold
    start's path. It ignores mapping keys a dataclass has not, so unknown_key looks for those (measured need: a
    misspelt `eligibilty:` must not pass silently). The data's text is stripped first (YAML block text ends with a
    newline)."""
    import msgspec

    data = stripped(data)
    try:
        value = msgspec.convert(data, cls)
    except msgspec.ValidationError as exc:
        raise Invalid(*located(str(exc))) from None
    unknown = unknown_key(data, msgspec.to_builtins(value))
    if unknown is not None:
        raise Invalid(unknown, "is not a known field")
    return value


def located(text: str) -> tuple[tuple, str]:
    """msgspec's message ('Expected `int`, got `str` - at `$.eligibility.age[0].min`') as (location, plain words)."""
    match = _AT.match(text)
    message, path = match.group("msg"), match.group("path") or ""
    loc: tuple = tuple(key if key else int(index) for key, index in _STEP.findall(path))
    missing = re.match(r"Object missing required field `([^`]+)`", message)
    if missing:
        return loc + (missing.group(1),), "is required"
    expected = re.match(r"Expected `([^`]+)`, got `([^`]+)`", message)
    if expected:
        wanted = " or ".join(_TYPES.get(t.strip(), t.strip()) for t in expected.group(1).split("|")
                             if t.strip() != "null")
        return loc, f"expected {wanted}, got {_TYPES.get(expected.group(2), expected.group(2))}"
    enum = re.match(r"Invalid enum value (.*)", message)
    if enum:
        return loc, f"{enum.group(1)} is not one of the allowed values"
    return loc, message[:1].lower() + message[1:]


def unknown_key(given: Any, built: Any, where: tuple = ()) -> tuple | None:
    """The location of the first key of the given mappings, at any depth, that is not a field of what was built."""
    if isinstance(given, dict):
        if not isinstance(built, dict):
            return None
        for key, value in given.items():
            if key not in built:
                return where + (key,)
            found = unknown_key(value, built[key], where + (key,))
            if found is not None:
                return found
    elif isinstance(given, list) and isinstance(built, (list, tuple)):
        for n, (value, made) in enumerate(zip(given, built, strict=False)):
            found = unknown_key(value, made, where + (n,))
            if found is not None:
                return found
    return None


def stripped(data: Any) -> Any:
    """data with the whitespace around its text stripped, short text shared (interned: the
    same region, source and format names recur through the content)."""
    if isinstance(data, str):
        text = data.strip()
        return sys.intern(text) if len(text) <= 64 else text
    if isinstance(data, dict):
        return {key: stripped(value) for key, value in data.items()}
    if isinstance(data, list):
        return [stripped(value) for value in data]
    return data


def eligibility_problems(e: Eligibility) -> list[tuple[tuple, str]]:
    """(field path under `eligibility`, message) for criteria that validate but cannot be meant."""
    out: list[tuple[tuple, str]] = []
    for crit_name in ("age", "ogrs", "order_months"):
        for i, crit in enumerate(getattr(e, crit_name)):
            if crit.min is None and crit.max is None:
                out.append(((crit_name, i), "needs min and/or max"))
            elif crit.min is not None and crit.max is not None and crit.min > crit.max:
                out.append(((crit_name, i), f"min {crit.min} is above max {crit.max}"))
            if crit_name == "ogrs" and any(v is not None and not 0 <= v <= 100 for v in (crit.min, crit.max)):
                out.append(((crit_name, i), "OGRS is a percentage, 0-100"))
    for group in ("flags_required", "flags_excluded"):
        for i, crit in enumerate(getattr(e, group)):
            if (crit.flag is None) == (not crit.any_of):
                out.append(((group, i), "give either flag or any_of (a list of flags)"))
            if group == "flags_excluded" and crit.otherwise:
                out.append(((group, i, "otherwise"), "only a required circumstance can have an alternative"))
    for name in ("sex", "age", "ogrs", "risk", "rosh", "sara", "order_months", "flags_required", "flags_excluded"):
        for i, crit in enumerate(getattr(e, name)):
            if crit.strength == "exception" and not crit.unless:
                out.append(((name, i, "strength"), "an exception needs `unless`: the condition the source names"))
            if crit.strength != "exception" and crit.unless:
                out.append(((name, i, "unless"), "only an exception has a condition (strength: exception)"))
    return out
