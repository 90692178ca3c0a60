"""Load content/ and regions/ into a Catalogue, reporting every problem with FILE:LINE: field: message.

A bad file is skipped with a problem; everything else still loads. Reads stay inside the content root, every
file is bounded in size, YAML is parsed without aliases and with limited depth.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure_app.catalogue import lint, validate, yamlsafe
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.limits import (
    MAX_FILE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_VALUES,
    markdown_limit,
)
from brochure_app.catalogue.stamp import fingerprint
from brochure_app.domain.models import (
    AlternativeTo,
    Availability,
    Delivery,
    Eligibility,
    Foreword,
    Item,
    Problem,
    Region,
    RegionId,
    Source,
    SourceRef,
)
from brochure_app.domain.taxonomy import KINDS, REGIONS

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINK_RE = re.compile(r"\]\(item:([^)\s]*)\)")
# Control characters (terminal escapes, backspace, form feed...) and bidirectional overrides: they could make the
# text shown in the app or printed in a terminal differ from what an editor sees in the file. Tab and newline are fine.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SINGLE_OR_LIST = ("sex", "age", "ogrs", "risk", "rosh", "sara", "order_months")


@dataclass(slots=True)
class _Front:
    """An item file's front matter, as validated."""

    id: str
    title: str
    kind: str
    summary: str
    sources: tuple[SourceRef, ...]
    need_areas: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    historical: bool = False
    availability: str | None = None
    section: str | None = None
    region: RegionId | None = None
    eligibility: Eligibility = dataclasses.field(default_factory=Eligibility)
    delivery: Delivery = dataclasses.field(default_factory=Delivery)
    alternative_to: tuple[AlternativeTo, ...] = ()


@dataclass(slots=True)
class _ItemRef:
    id: str
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None
    available_in: Availability | None = None


@dataclass(slots=True)
class _RegionFile:
    id: RegionId
    name: str
    historical: bool
    edition: str
    source: SourceRef
    foreword: Foreword
    not_covered: str
    report_error: str
    items: tuple[str | _ItemRef, ...]
    areas: tuple[str, ...] = ()
    eligibility: Eligibility = dataclasses.field(default_factory=Eligibility)


@dataclass(slots=True)
class _SourceDoc:
    title: str
    date: str
    historical: bool = False


@dataclass(slots=True)
class _Synonyms:
    synonyms: tuple[tuple[str, ...], ...] = ()


class _Reader:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self._root_text = str(self.root)
        self._root_prefix = self._root_text.rstrip(os.sep) + os.sep
        self.problems: list[Problem] = []
        self.failed_ids: set[str] = set()  # ids of pages that were skipped (already reported)
        self.last_raw: bytes | None = None  # the bytes read_text last read (bounded), for error reporting

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, line: int, field: str, message: str) -> None:
        name = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(name, line, field, message))

    def read_text(self, path: Path, limit: int = MAX_FILE_BYTES) -> str | None:
        """The file's text, or None with a problem. Refuses links out of the root, huge, binary, non-UTF-8."""
        self.last_raw = None
        try:
            real = os.path.realpath(path, strict=True)
        except (OSError, RuntimeError) as exc:
            self.problem(path, 1, "file", f"cannot be read ({exc.__class__.__name__}: a broken or looping link?)")
            return None
        if real != self._root_text and not real.startswith(self._root_prefix):
            self.problem(path, 1, "file", "points outside the content folder; not read")
            return None
        try:
            st = os.stat(real)         # before opening: a pipe is never opened, a huge file never read
            if not stat.S_ISREG(st.st_mode):
                self.problem(path, 1, "file", "is not a regular file")
                return None
            size = st.st_size
            if size > limit:
                self.problem(path, 1, "file", f"is {size:,} bytes; the limit is {limit:,}")
                return None
            with open(real, "rb") as fh:
                data = fh.read(limit + 1)   # bounded even if the file grew since stat()
        except OSError as exc:
            self.problem(path, 1, "file", f"cannot be read: {exc.strerror or exc}")
            return None
        if len(data) > limit:
            self.problem(path, 1, "file", f"is over the limit of {limit:,} bytes")
            return None
        self.last_raw = data
        if not data.strip():
            self.problem(path, 1, "file", "is empty")
            return None
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            self.problem(path, 1, "file", "is UTF-16 text; save it as UTF-8")
            return None
        if b"\0" in data:
            line = data[: data.index(b"\0")].count(b"\n") + 1
            self.problem(path, line, "file", "is not a text file (contains NUL bytes)")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(path, line, "file", f"is not UTF-8 (bad byte at offset {exc.start})")
            return None
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        bad = CONTROL_RE.search(text)
        if bad:
            line = text[: bad.start()].count("\n") + 1
            self.problem(path, line, "file", f"contains the control character U+{ord(bad.group()):04X}, which could "
                                             "disguise the text; remove it")
            return None
        return text

    def validation_problems(self, path: Path, exc: validate.Invalid, node, first_line: int,
                            prefix: tuple = ()) -> None:
        loc = prefix + exc.loc
        line = yamlsafe.line_of(node, loc, first_line, aliases={"value": "is"})
        field = ".".join(map(str, loc)) or "(file)"
        field = field.replace("sex.0.value", "sex.is").replace(".value", ".is")
        self.problem(path, line, field, exc.message)

    def walk(self, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
        """Files below folder, sorted, without following directory links (no loops, no escapes)."""
        found: list[Path] = []
        if not folder.is_dir():
            return found
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
            for name in links:
                self.problem(Path(dirpath) / name, 1, "file", "is a link to a folder; folder links are not followed")
            dirnames[:] = sorted(d for d in dirnames if d not in links)
            for name in sorted(filenames):
                if name.endswith(suffixes) and not name.startswith("."):
                    found.append(Path(dirpath) / name)
        return found


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line number of the body's first line) or None when there is no front matter."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    while end != -1:
        after = text[end + 4: end + 5]
        if after in ("\n", ""):
            front = text[4: end + 1]
            body = text[end + 5:]
            return front, body, front.count("\n") + 3
        end = text.find("\n---", end + 4)
    return None


def _normalise_eligibility(data: dict) -> None:
    """Single criteria written as a mapping become one-item lists; sex's `is` becomes `value` (the model's name)."""
    elig = data.get("eligibility")
    if not isinstance(elig, dict):
        return
    for key in SINGLE_OR_LIST:
        value = elig.get(key)
        if isinstance(value, dict):
            elig[key] = [value]
        value = elig.get(key)
        if key == "sex" and isinstance(value, list):
            elig[key] = [{("value" if k == "is" else k): v for k, v in c.items()} if isinstance(c, dict) else c
                         for c in value]


def load(root: Path | str, key: str | None = None) -> Catalogue:
    """Read root/content and root/regions. Never raises for bad content: problems are in catalogue.problems.
    key: the content's stamp, when the caller has just taken it."""
    reader = _Reader(Path(root))
    r = reader.root
    # Stamped before reading: a file edited while the content is read then makes this catalogue's stamp stale (and
    # its cache unused) instead of labelling the older text with the newer stamp.
    stamp = key or fingerprint(r)

    sources = _load_sources(reader, r / "content" / "sources.yaml")
    synonyms = _load_synonyms(reader, r / "content" / "synonyms.yaml")

    lint.edition(reader, r / "content" / "EDITION")

    pages = [_load_item(reader, path, sources) for path in reader.walk(r / "content" / "pages", (".md",))]
    base, variants, duplicated = lint.unique(reader, [item for item in pages if item is not None])

    regions: dict[str, Region] = {}
    region_items: dict[str, tuple[Item, ...]] = {}
    for path in reader.walk(r / "regions", (".yaml", ".yml")):
        loaded = _load_region(reader, path, sources, base, variants)
        if loaded is None:
            continue
        region, items = loaded
        if region.id in regions:
            reader.problem(path, 1, "id", f"duplicate region '{region.id}': already in {regions[region.id].path}")
            continue
        regions[region.id] = region
        region_items[region.id] = items
    lint.without_duplicated_variants(regions, region_items, duplicated)

    for (region_id, item_id), item in variants.items():
        if region_id in regions and item_id not in regions[region_id].item_ids:
            reader.problem(item.path, 2, "region", f"item '{item_id}' is not listed in regions/{region_id}.yaml")

    _check_links(reader, base, variants)
    ordered = {rid: regions[rid] for rid in REGIONS if rid in regions}
    return Catalogue(
        regions=ordered,
        region_items={rid: region_items[rid] for rid in ordered},
        synonyms=synonyms,
        problems=tuple(reader.problems),
        content_hash=stamp,   # the same stamp load_catalogue keys its caches on
        root=str(r),
    )


def _load_yaml_file(reader: _Reader, path: Path, manifest: bool = False):
    text = reader.read_text(path, MAX_MANIFEST_BYTES if manifest else MAX_FILE_BYTES)
    if text is None:
        return None, None
    try:
        return yamlsafe.load(text, max_nodes=MAX_MANIFEST_VALUES if manifest else yamlsafe.MAX_NODES)
    except yamlsafe.YamlProblem as exc:
        reader.problem(path, exc.line, "yaml", exc.message)
        return None, None


def _load_sources(reader: _Reader, path: Path) -> dict[str, _SourceDoc]:
    data, node = _load_yaml_file(reader, path)
    if data is None:
        if path.exists():
            return {}
        reader.problem(path, 1, "file", "is missing: every page's sources are resolved through it")
        return {}
    if not isinstance(data, dict):
        reader.problem(path, 1, "(file)", "must be a mapping of source file name to title and date")
        return {}
    out: dict[str, _SourceDoc] = {}
    for name, value in data.items():
        try:
            out[str(name)] = validate.validate(_SourceDoc, value)
        except validate.Invalid as exc:
            reader.validation_problems(path, exc, node, 1, prefix=(name,))
    return out


def _load_synonyms(reader: _Reader, path: Path) -> tuple[tuple[str, ...], ...]:
    if not path.exists():
        return ()
    data, node = _load_yaml_file(reader, path)
    if data is None:
        return ()
    try:
        parsed = validate.validate(_Synonyms, data)
    except validate.Invalid as exc:
        reader.validation_problems(path, exc, node, 1)
        return ()
    return tuple(tuple(t.lower() for t in group) for group in parsed.synonyms if len(group) >= 2)


def _resolve_sources(reader: _Reader, path: Path, refs, sources: dict[str, _SourceDoc], node, first_line: int,
                     field: str = "sources") -> tuple[Source, ...] | None:
    out: list[Source] = []
    for i, ref in enumerate(refs):
        doc = sources.get(ref.document)
        if doc is None:
            line = yamlsafe.line_of(node, (field, i, "document"), first_line)
            known = ", ".join(sorted(sources)) or "none loaded"
            reader.problem(path, line, f"{field}.{i}.document", f"unknown source '{ref.document}' (known: {known})")
            return None
        out.append(Source(ref.document, doc.title, ref.section, doc.historical))
    return tuple(out)


def _load_item(reader: _Reader, path: Path, sources: dict[str, _SourceDoc]) -> Item | None:
    count = len(reader.problems)
    item = _parse_item(reader, path, sources)
    if item is None and len(reader.problems) > count:
        # Only the bytes already read (bounded, inside the root): never the file again, which may be huge, a link
        # out of the root or a pipe. A file that could not be read at all is taken to hold the id of its name.
        text = reader.last_raw.decode("utf-8", errors="replace") if reader.last_raw is not None else ""
        match = re.search(r"^id:\s*['\"]?([a-z0-9-]+)", text, re.M)
        if match:
            reader.failed_ids.add(match.group(1))
        elif ID_RE.match(path.stem):
            reader.failed_ids.add(path.stem)
    return item


def _parse_item(reader: _Reader, path: Path, sources: dict[str, _SourceDoc]) -> Item | None:
    text = reader.read_text(path)
    if text is None:
        return None
    split = _split_front_matter(text)
    if split is None:
        reader.problem(path, 1, "front matter", "missing: the file must start with '---', YAML, then '---'")
        return None
    front, body, body_line = split
    try:
        data, node = yamlsafe.load(front, first_line=2)
    except yamlsafe.YamlProblem as exc:
        reader.problem(path, exc.line, "yaml", exc.message)
        return None
    if not isinstance(data, dict):
        reader.problem(path, 2, "front matter", "must be a YAML mapping of fields")
        return None
    _normalise_eligibility(data)
    try:
        fm: _Front = validate.validate(_Front, data)
    except validate.Invalid as exc:
        reader.validation_problems(path, exc, node, 2)
        return None

    def bad(field_path: tuple, message: str) -> None:
        reader.problem(path, yamlsafe.line_of(node, field_path, 2), ".".join(map(str, field_path)), message)

    ok = True
    if not ID_RE.match(fm.id):
        bad(("id",), f"'{fm.id}' must be lowercase words joined by hyphens"); ok = False
    if fm.kind not in KINDS:
        bad(("kind",), f"unknown kind '{fm.kind}' (valid: {', '.join(KINDS)})"); ok = False
    if fm.section is not None and fm.section not in KINDS:
        bad(("section",), f"unknown section '{fm.section}' (valid: {', '.join(KINDS)})"); ok = False
    from brochure_app.domain.taxonomy import NEEDS

    for i, need in enumerate(fm.need_areas):
        if need not in NEEDS:
            bad(("need_areas", i), f"unknown need area '{need}' (valid: {', '.join(NEEDS)})"); ok = False
    if not fm.sources:
        bad(("sources",), "at least one source is required"); ok = False
    for where, message in validate.eligibility_problems(fm.eligibility):
        bad(("eligibility", *where), message); ok = False
    if fm.kind == "information" and (fm.eligibility.states_any or fm.alternative_to):
        bad(("eligibility",), "an information page never enters the decision aid: it has no criteria"); ok = False
    too_big = markdown_limit(body)
    if too_big is not None:
        reader.problem(path, body_line + too_big[0] - 1, "body", too_big[1]); ok = False
    ok = lint.item(reader, path, node, data, fm, body, body_line) and ok
    resolved = _resolve_sources(reader, path, fm.sources, sources, node, 2)
    if resolved is None or not ok:
        return None
    if not fm.historical and any(s.historical for s in resolved):
        bad(("historical",), "must be true: a source predates the 2021 unification")
        return None
    return Item(
        id=fm.id, title=fm.title, kind=fm.kind, summary=fm.summary, body=body.strip("\n"), sources=resolved,
        need_areas=fm.need_areas, aliases=fm.aliases, historical=fm.historical, availability=fm.availability,
        section=fm.section, region=fm.region, eligibility=fm.eligibility, delivery=fm.delivery,
        path=reader.rel(path), alternative_to=fm.alternative_to,
    )


def _load_region(reader: _Reader, path: Path, sources, base, variants) -> tuple[Region, tuple[Item, ...]] | None:
    data, node = _load_yaml_file(reader, path, manifest=True)
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.problem(path, 1, "(file)", "must be a YAML mapping")
        return None
    _normalise_eligibility(data)
    try:
        rf: _RegionFile = validate.validate(_RegionFile, data)
    except validate.Invalid as exc:
        reader.validation_problems(path, exc, node, 1)
        return None
    if path.stem != rf.id:
        reader.problem(path, yamlsafe.line_of(node, ("id",)), "id", f"'{rf.id}' does not match the file name")
        return None
    region_faults = validate.eligibility_problems(rf.eligibility)
    for where, message in region_faults:
        field_path = ("eligibility", *where)
        reader.problem(path, yamlsafe.line_of(node, field_path), ".".join(map(str, field_path)), message)
    if rf.eligibility.notes:
        reader.problem(path, yamlsafe.line_of(node, ("eligibility", "notes")), "eligibility.notes",
                       "a region states facts for every item, not notes")
        return None
    if region_faults:
        return None
    src = _resolve_sources(reader, path, (rf.source,), sources, node, 1, field="source")
    if src is None:
        return None
    items: list[Item] = []
    ids: list[str] = []
    for i, entry in enumerate(rf.items):
        ref = entry if isinstance(entry, _ItemRef) else _ItemRef(id=entry)
        line = yamlsafe.line_of(node, ("items", i))
        if ref.id in ids:
            reader.problem(path, line, f"items.{i}", f"'{ref.id}' is listed twice")
            continue
        item = variants.get((rf.id, ref.id)) or base.get(ref.id)
        if item is None and ref.id in reader.failed_ids:
            continue  # its page was skipped with a problem of its own
        if item is None:
            reader.problem(path, line, f"items.{i}", f"unknown item '{ref.id}' (no page in content/pages has this id)")
            continue
        changes: dict[str, Any] = {}
        if ref.sources:
            resolved = _resolve_sources(reader, path, ref.sources, sources, node, 1, field=f"items.{i}.sources")
            if resolved is None:
                continue
            changes["sources"] = resolved
        if ref.note:
            changes["note"] = ref.note
        if ref.available_in is not None:
            unknown = [a for a in ref.available_in.areas if a not in rf.areas]
            if unknown or not ref.available_in.areas:
                listed = ", ".join(rf.areas) or "none: add `areas:` to the region"
                reader.problem(path, yamlsafe.line_of(node, ("items", i, "available_in")),
                               f"items.{i}.available_in", f"unknown area {', '.join(unknown) or '(none given)'} "
                                                          f"(the region's areas: {listed})")
                continue
            changes["available_in"] = ref.available_in
        if rf.historical and not item.historical:
            reader.problem(path, line, f"items.{i}", f"'{ref.id}' is not historical but this region's guide is")
            continue
        items.append(dataclasses.replace(item, **changes) if changes else item)
        ids.append(ref.id)
    region = Region(
        id=rf.id, name=rf.name, historical=rf.historical, edition=rf.edition, source=src[0], foreword=rf.foreword,
        not_covered=rf.not_covered, report_error=rf.report_error, item_ids=tuple(ids), path=reader.rel(path),
        areas=rf.areas, eligibility=rf.eligibility,
    )
    return region, tuple(items)


def _check_links(reader: _Reader, base: dict, variants: dict) -> None:
    known = set(base) | {item_id for (_r, item_id) in variants}
    for item in list(base.values()) + list(variants.values()):
        for m in LINK_RE.finditer(item.body):
            if m.group(1) not in known:
                line = _line_in_file(reader, item.path, m.group(0))
                reader.problem(item.path, line, "body", f"link to unknown item '{m.group(1)}'")
        for alt in item.alternative_to:
            if alt.id not in known:
                line = _line_in_file(reader, item.path, f"id: {alt.id}")
                reader.problem(item.path, line, "alternative_to", f"unknown item '{alt.id}'")


def _line_in_file(reader: _Reader, rel: str, needle: str) -> int:
    try:
        text = (reader.root / rel).read_text(encoding="utf-8")
    except OSError:
        return 1
    idx = text.find(needle)
    return text[:idx].count("\n") + 1 if idx >= 0 else 1
