"""Saved decision-aid presets: a name → the wizard's answers (and, optionally, the region they were made for).

The answers are stored as the plain dict of the contract's profile options (`Profile.as_dict()`), so this layer
needs nothing from the advisor; the app checks the values against the contract's vocabulary when it applies one.
File: `presets.json` in data_dir():
`{"version": 1, "presets": [{"name": "London · women · accommodation", "region": "london",
"profile": {"needs": ["accommodation"], "flags": [], "sex": "female"}}]}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from brochure_app.userdata.store import JsonStore, is_id

MAX_PRESETS = 100
MAX_NAME = 80
LIST_FIELDS = ("needs", "flags", "no_flags")
TEXT_FIELDS = ("sex", "risk", "rosh", "sara", "consents")
NUMBER_FIELDS = ("age", "ogrs", "order_months")


@dataclass(frozen=True)
class Preset:
    name: str
    profile: dict = field(default_factory=dict)
    region: str | None = None
    # What the file held that this version does not understand (a newer version's fields): written back unchanged.
    extra: dict = field(default_factory=dict, compare=False)
    profile_extra: dict = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        out = dict(self.extra, name=self.name, profile=dict(self.profile_extra, **self.profile))
        if self.region:
            out["region"] = self.region
        return out


def clean_profile(raw) -> dict | None:
    """The profile dict with only well-formed fields, or None when it is not a dict at all."""
    if not isinstance(raw, dict):
        return None
    out: dict = {}
    for name in LIST_FIELDS:
        values = raw.get(name, [])
        out[name] = sorted({v for v in values if is_id(v)}) if isinstance(values, list) else []
    if not out["no_flags"]:
        del out["no_flags"]      # as Profile.as_dict writes it: only when some circumstance is known absent
    for name in TEXT_FIELDS:
        if is_id(raw.get(name)):
            out[name] = raw[name]
    for name in NUMBER_FIELDS:
        value = raw.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
            out[name] = value
    area = raw.get("area")      # a region's area as its file names it ("Derbyshire"): short plain text
    if isinstance(area, str) and 0 < len(area) <= 60 and area.replace(" ", "").isalpha():
        out["area"] = area
    return out


def clean_name(name) -> str:
    return " ".join(str(name or "").split())[:MAX_NAME]


class Presets(JsonStore):
    FILE = "presets.json"

    def _parse(self, raw: dict) -> None:
        self._presets: list[Preset] = []
        entries = raw.get("presets", [])
        if not isinstance(entries, list):
            self._dropped("presets", 1)
            return
        bad = 0
        for entry in entries:
            preset = _preset(entry)
            if preset is None or self.find(preset.name) is not None or len(self._presets) >= MAX_PRESETS:
                bad += 1
            else:
                self._presets.append(preset)
        self._dropped("presets", bad)

    def _merge(self, raw: dict) -> dict:
        """Our presets in raw["presets"], then the entries we could not read at all, as they were."""
        old = raw.get("presets")
        unknown = [e for e in old if _preset(e) is None] if isinstance(old, list) else []
        raw["presets"] = [p.as_dict() for p in self._presets] + unknown
        return raw

    def all(self) -> list[Preset]:  # noqa: A003
        return list(self._presets)

    def names(self) -> list[str]:
        return [p.name for p in self._presets]

    def find(self, name: str) -> Preset | None:
        wanted = clean_name(name).casefold()
        return next((p for p in self._presets if p.name.casefold() == wanted), None)

    def save_preset(self, name: str, profile: dict, region: str | None = None) -> Preset:
        """Adds a preset, or replaces the one with the same name (in its place). Saved at once."""
        name = clean_name(name)
        if not name:
            raise ValueError("a preset needs a name")
        cleaned = clean_profile(profile)
        if cleaned is None:
            raise ValueError("a preset's answers must be a mapping")

        def change() -> Preset:
            old = self.find(name)
            if old is not None:
                preset = Preset(name, cleaned, region if is_id(region) else None, old.extra, old.profile_extra)
                self._presets[self._presets.index(old)] = preset
            else:
                if len(self._presets) >= MAX_PRESETS:
                    raise ValueError(f"at most {MAX_PRESETS} presets can be kept")
                preset = Preset(name, cleaned, region if is_id(region) else None)
                self._presets.append(preset)
            return preset

        return self._change(change)

    def remove(self, name: str) -> bool:
        def change() -> bool:
            old = self.find(name)
            if old is None:
                return False
            self._presets.remove(old)
            return True

        return self._change(change)

    def rename(self, old_name: str, new_name: str) -> bool:
        new_name = clean_name(new_name)

        def change() -> bool:
            old = self.find(old_name)
            if old is None or not new_name:
                return False
            clash = self.find(new_name)
            if clash is not None and clash is not old:
                raise ValueError(f"a preset called “{clash.name}” already exists")
            self._presets[self._presets.index(old)] = replace(old, name=new_name)
            return True

        return self._change(change)


def _preset(entry) -> Preset | None:
    if not isinstance(entry, dict):
        return None
    name = clean_name(entry.get("name"))
    profile = clean_profile(entry.get("profile"))
    region = entry.get("region")
    if not name or profile is None or (region is not None and not is_id(region)):
        return None
    extra = {k: v for k, v in entry.items() if k not in ("name", "profile", "region")}
    known = set(LIST_FIELDS + TEXT_FIELDS + NUMBER_FIELDS)
    return Preset(name, profile, region, extra, {k: v for k, v in entry["profile"].items() if k not in known})
