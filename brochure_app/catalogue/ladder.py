"""The sentencing ladder's data (content/ladder.yaml): loaded with a safe YAML loader and checked, Qt-free.

A bad file never stops the app: `load_ladder` returns no ladder and a list of problems, `FILE:LINE: field:
message` like `brochure-app check`, for the ladder window to show in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LEVELS: tuple[tuple[str, str], ...] = (("low", "Low"), ("medium", "Medium"), ("high", "High"))
LEVEL_IDS = tuple(level for level, _label in LEVELS)
MAX_BYTES = 200_000
MAX_MEASURES = 30
MAX_BANDS = 12


@dataclass(frozen=True)
class SourceRef:
    document: str
    section: str
    title: str            # the document as a person names it, with its date
    historical: bool


@dataclass(frozen=True)
class Band:
    levels: tuple[str, ...]       # one level, or several contiguous ones when the source ties it to no single level
    text: str
    says: str
    source: SourceRef
    qualifier: str = ""
    min: float | None = None
    max: float | None = None

    @property
    def spans(self) -> bool:
        return len(self.levels) > 1

    @property
    def first(self) -> int:
        return LEVEL_IDS.index(self.levels[0])

    @property
    def last(self) -> int:
        return LEVEL_IDS.index(self.levels[-1])


@dataclass(frozen=True)
class Note:
    text: str
    says: str
    source: SourceRef


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    unit: str
    bands: tuple[Band, ...]
    scale: tuple[float, float] | None = None
    opens: str | None = None       # item id whose page a click opens
    note: Note | None = None

    @property
    def historical(self) -> bool:
        return any(b.source.historical for b in self.bands)

    @property
    def source(self) -> SourceRef:
        return self.bands[0].source


@dataclass(frozen=True)
class Ladder:
    title: str
    measures: tuple[Measure, ...]


class _Invalid(Exception):
    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


def load_ladder(path: Path | str, sources: dict[str, tuple[str, bool]]) -> tuple[Ladder | None, list[str]]:
    """(ladder, problems). sources: seed file name → (human title with date, historical)."""
    path = Path(path)
    name = path.name if path.parent.name != "content" else f"content/{path.name}"
    try:
        if path.is_symlink() and path.resolve().parent != path.parent.resolve():
            return None, [f"{name}:1: file: not read: a link that leaves the content folder"]
        if path.exists() and not path.is_file():
            return None, [f"{name}:1: file: not a regular file"]
        if path.stat().st_size > MAX_BYTES:
            return None, [f"{name}:1: file: larger than {MAX_BYTES} bytes"]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [f"{name}:1: file: not found"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{name}:1: file: cannot be read ({exc})"]
    from brochure_app.catalogue import yamlsafe  # the YAML parser is loaded only when the ladder is first shown

    try:
        data, node = yamlsafe.load(text)
    except yamlsafe.YamlProblem as exc:
        return None, [f"{name}:{exc.line}: file: {exc.message}"]
    problems: list[str] = []
    measures: list[Measure] = []
    if not isinstance(data, dict):
        return None, [f"{name}:1: file: expected a mapping with 'measures'"]
    raw_measures = data.get("measures")
    if not isinstance(raw_measures, list) or not raw_measures:
        return None, [f"{name}:{yamlsafe.line_of(node, ('measures',))}: measures: expected a non-empty list"]
    for n, raw in enumerate(raw_measures[:MAX_MEASURES]):
        try:
            measures.append(_measure(raw, n, sources))
        except _Invalid as exc:
            field = ".".join(str(p) for p in exc.path)
            problems.append(f"{name}:{yamlsafe.line_of(node, exc.path)}: {field}: {exc.message}")
    if len(raw_measures) > MAX_MEASURES:
        problems.append(f"{name}:1: measures: more than {MAX_MEASURES} measures")
    ids = [m.id for m in measures]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{name}:1: measures: the id '{dup}' is used twice")
    if problems:
        return None, problems
    title = data.get("title")
    return Ladder(title if isinstance(title, str) and title.strip() else "Sentencing ladder", tuple(measures)), []


def _text(raw: dict, key: str, where: tuple, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(where + (key,), "expected some text")
    if len(value) > 600:
        raise _Invalid(where + (key,), "longer than 600 characters")
    return value.strip()


def _number(raw: dict, key: str, where: tuple) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100_000:
        raise _Invalid(where + (key,), "expected a number from 0 up")
    return float(value)


def _source(raw, where: tuple, sources: dict[str, tuple[str, bool]]) -> SourceRef:
    if not isinstance(raw, dict):
        raise _Invalid(where, "expected {document: SEED FILE, section: HEADING}")
    document = _text(raw, "document", where)
    if document not in sources:
        raise _Invalid(where + ("document",), f"'{document}' is not one of the sources "
                                              f"({', '.join(sorted(sources))})")
    extra = set(raw) - {"document", "section"}
    if extra:
        raise _Invalid(where, f"unknown field {sorted(extra)[0]!r}")
    title, historical = sources[document]
    return SourceRef(document, _text(raw, "section", where), title, historical)


def _levels(raw, where: tuple) -> tuple[str, ...]:
    values = raw if isinstance(raw, list) else [raw]
    if not values or any(v not in LEVEL_IDS for v in values):
        raise _Invalid(where, f"expected one of {', '.join(LEVEL_IDS)} or a list of them")
    positions = [LEVEL_IDS.index(v) for v in values]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise _Invalid(where, "levels of a band must be in order and next to each other")
    return tuple(values)


_MEASURE_FIELDS = {"id", "label", "unit", "scale", "opens", "note", "bands"}
_BAND_FIELDS = {"level", "text", "qualifier", "min", "max", "says", "source"}


def _measure(raw, n: int, sources) -> Measure:
    where: tuple = ("measures", n)
    if not isinstance(raw, dict):
        raise _Invalid(where, "expected a mapping")
    extra = set(raw) - _MEASURE_FIELDS
    if extra:
        raise _Invalid(where + (sorted(extra)[0],), "unknown field")
    mid = _text(raw, "id", where)
    label = _text(raw, "label", where)
    unit = _text(raw, "unit", where, required=False)
    scale = None
    if raw.get("scale") is not None:
        s = raw["scale"]
        if not isinstance(s, dict):
            raise _Invalid(where + ("scale",), "expected {min: N, max: N}")
        low, high = _number(s, "min", where + ("scale",)), _number(s, "max", where + ("scale",))
        if low is None or high is None or high <= low:
            raise _Invalid(where + ("scale",), "expected {min: N, max: N} with max above min")
        scale = (low, high)
    opens = None
    if raw.get("opens") is not None:
        o = raw["opens"]
        if not isinstance(o, dict) or set(o) != {"item"}:
            raise _Invalid(where + ("opens",), "expected {item: ITEM-ID}")
        opens = _text(o, "item", where + ("opens",))
    note = None
    if raw.get("note") is not None:
        r = raw["note"]
        nw = where + ("note",)
        if not isinstance(r, dict) or set(r) - {"text", "says", "source"}:
            raise _Invalid(nw, "expected {text, says, source}")
        note = Note(_text(r, "text", nw), _text(r, "says", nw), _source(r.get("source"), nw + ("source",), sources))
    raw_bands = raw.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands or len(raw_bands) > MAX_BANDS:
        raise _Invalid(where + ("bands",), f"expected a list of 1 to {MAX_BANDS} bands")
    bands = []
    taken: set[str] = set()
    for b, rb in enumerate(raw_bands):
        bw = where + ("bands", b)
        if not isinstance(rb, dict):
            raise _Invalid(bw, "expected a mapping")
        extra = set(rb) - _BAND_FIELDS
        if extra:
            raise _Invalid(bw + (sorted(extra)[0],), "unknown field")
        if "source" not in rb:
            raise _Invalid(bw, "every band names its source (document and section)")
        levels = _levels(rb.get("level"), bw + ("level",))
        if taken.intersection(levels):
            raise _Invalid(bw + ("level",), "two bands of one measure on the same level")
        taken.update(levels)
        low, high = _number(rb, "min", bw), _number(rb, "max", bw)
        if (low is None) != (high is None) or (low is not None and high < low):
            raise _Invalid(bw, "min and max go together, with max not below min")
        if low is not None and (scale is None or low < scale[0] or high > scale[1]):
            raise _Invalid(bw, "min and max must lie on the measure's scale")
        bands.append(Band(levels, _text(rb, "text", bw), _text(rb, "says", bw), _source(rb["source"], bw + ("source",),
                                                                                      sources),
                          _text(rb, "qualifier", bw, required=False), low, high))
    bands.sort(key=lambda band: band.first)
    return Measure(mid, label, unit, tuple(bands), scale, opens, note)
