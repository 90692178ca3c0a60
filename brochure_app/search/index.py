"""The search index: its schema, how it is built from the catalogue, and how it is kept in the user cache.

Layout of the cache (``user_cache_dir("brochure-app")/index``, which honours ``XDG_CACHE_HOME``)::

    v<schema>-<content hash>.current  pointer file: the name of the folder holding that content version's index
    v<schema>-<hash12>-<random>/      a complete index: whoosh's files, vocabulary.json, stamp.json (written last)
    .build-<random>/                  a build in progress (renamed into place when complete)
    build.lock                        held (OS file lock) by the instance that is building

Building happens in memory, is written to a private ``.build-*`` folder, renamed to its final name and then
published by atomically replacing the pointer file (``os.replace``). Readers only ever follow a pointer to a
complete folder, so a second instance building at the same time cannot corrupt anything: the last pointer wins
and both folders are valid.

On open, the pointed-to folder is verified against its stamp (schema version, content hash, engine version, and
the size and BLAKE2 digest of every file) and then copied into memory, so a search never touches the disk and a
file damaged or deleted later cannot crash a running app. Any problem (missing, truncated, garbage, unreadable,
stale) means a rebuild; a cache that cannot be written means the rebuilt index simply stays in memory. A
whoosh write lock held on an index folder does not matter: nothing ever writes to a published folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import whoosh
from whoosh import fields
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import Index

from brochure_app import safe_files
from brochure_app.search import analysis

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # bump whenever the schema, the analysers or the documents' make-up change
INDEX_NAME = "MAIN"
STAMP = "stamp.json"
VOCABULARY = "vocabulary.json"
LOCK = "build.lock"
KEEP_VERSIONS = 4  # content versions kept side by side (bundled content, a content editor's copy, ...)
GRACE_SECONDS = 60.0  # unreferenced folders younger than this may still be being read or built
_DIR_NAME = re.compile(r"^v\d+-[0-9a-z]+-[0-9a-f]{8,32}$")

# whoosh's posting pool spills sorted runs past this size and merges them back: at 128 MB, its default, a build at 100x
# the shipped content took 70 s, 45 s without; the postings are held in memory anyway, and the index after them.
POOL_MB = 2048
TITLE_BOOST = 3.0
ALIASES_BOOST = 2.0


def schema(phrases: tuple[tuple[str, ...], ...] = ()) -> fields.Schema:
    """The index's fields; phrases: the known phrases indexed as terms of their own (see analysis.PhraseFilter)."""
    stemmed = analysis.analyzer(phrases)
    return fields.Schema(
        key=fields.ID(unique=True),
        id=fields.ID(stored=True),
        regions=fields.KEYWORD(stored=True),
        kind=fields.ID(stored=True),
        need_areas=fields.KEYWORD(stored=True, lowercase=True),
        title=fields.TEXT(analyzer=stemmed, phrase=False, field_boost=TITLE_BOOST),
        aliases=fields.TEXT(analyzer=stemmed, phrase=False, field_boost=ALIASES_BOOST),
        body=fields.TEXT(analyzer=stemmed, phrase=False),
        shown_title=fields.STORED(),
        text=fields.STORED(),
        historical=fields.STORED(),
        ages=fields.STORED(),  # "18-24 18-": the page's age criteria, for queries that name ages (query.py)
    )


SEARCHED_FIELDS = ("title", "aliases", "body")


def known_phrases(catalogue) -> tuple[tuple[str, ...], ...]:
    """Every phrase the query side may ask for as a whole: multi-word synonyms and need-area labels (each is
    indexed as a term of its own, see analysis.PhraseFilter)."""
    from brochure_app.domain.taxonomy import NEEDS

    texts = [t for group in catalogue.synonyms for t in group] + [label for label, _ in NEEDS.values()]
    return tuple(sorted({s for s in map(analysis.term_stems, texts) if len(s) > 1}))


def presented_pages(catalogue) -> dict[int, tuple[object, list[str]]]:
    """Every page as the regions present it, once: {id(item): (item, [regions listing it])}. The catalogue shares
    one Item between the regions that present an intervention alike, so a national programme offered in six
    regions is one page here, not six (it reads the same in each)."""
    pages: dict[int, tuple[object, list[str]]] = {}
    for region in catalogue.regions:
        for item in catalogue.items(region):
            page = pages.get(id(item))
            if page is None:
                pages[id(item)] = (item, [region])
            elif region not in page[1]:
                page[1].append(region)
    return pages


HOME = "home"  # the id of a region's home page: the window opens it with open_page("home") in that region


@dataclass(frozen=True, slots=True)
class Page:
    """One searchable page as a person reads it: an item as the regions present it, or a region's home page."""

    id: str
    title: str
    kind: str
    regions: tuple[str, ...]
    text: str
    aliases: tuple[str, ...] = ()
    need_areas: tuple[str, ...] = ()
    historical: bool = False
    ages: tuple[tuple[int | None, int | None], ...] = ()  # the age criteria (min, max) the page states


def pages(catalogue, presented: dict | None = None) -> list[Page]:
    """Every page a person can read, once: the items (see presented_pages; presented: those, when the caller has
    them), then each region's home page (its foreword names groups no item page names)."""
    from brochure_app.render.text import home_text, item_text

    out = [Page(item.id, item.title, item.kind, tuple(regions), item_text(item), tuple(item.aliases),
                tuple(item.need_areas), item.historical, tuple((a.min, a.max) for a in item.eligibility.age))
           for item, regions in (presented_pages(catalogue) if presented is None else presented).values()]
    for region_id, region in catalogue.regions.items():
        title = f"{region.name} home page"
        out.append(Page(HOME, title, "information", (region_id,), home_text(region, catalogue.items_by_kind(region_id)),
                        historical=region.historical))
    return out


def documents(listed: list[Page]) -> Iterator[tuple[dict, list[str]]]:
    """One document per page, with the regions presenting it, and its words as written (title, aliases and text)
    for the vocabulary."""
    for number, page in enumerate(listed):
        aliases = "\n".join(page.aliases)
        yield {
            "key": f"{page.id}#{number}", "id": page.id, "regions": " ".join(page.regions), "kind": page.kind,
            "need_areas": " ".join(page.need_areas), "title": page.title, "aliases": aliases, "body": page.text,
            "ages": " ".join(f"{'' if lo is None else lo}-{'' if hi is None else hi}" for lo, hi in page.ages),
            "shown_title": page.title, "text": page.text, "historical": page.historical,
        }, analysis.WORD.findall(f"{page.title}\n{aliases}\n{page.text}")


def document_count(catalogue) -> int:
    return len(presented_pages(catalogue)) + len(catalogue.regions)


class _KeptOnClose(BytesIO):
    """A memory file that files its bytes in its storage when closed, however it is closed: whoosh's sorting pool
    writes its runs through raw_file() and closes that, which RamStorage never sees (the runs vanish)."""

    def __init__(self, storage: RamStorage, name: str):
        super().__init__()
        self._storage, self._name = storage, name

    def close(self):
        if not self.closed:
            self._storage.files[self._name] = self.getvalue()
        super().close()


class MemoryStorage(RamStorage):
    """Whoosh's RAM storage, with its temporary files kept in memory too (RamStorage puts them in /tmp) and files
    kept however they are closed (so a large build that spills sorting runs works)."""

    def temp_storage(self, name=None):
        return MemoryStorage()

    def create_file(self, name, **kwargs):
        return StructFile(_KeptOnClose(self, name), name=name)

    def put(self, name: str, data: bytes) -> None:
        out = self.create_file(name)
        out.write(data)
        out.close()

    def vocabulary(self) -> dict[str, int]:
        """The index's words (folded, not stemmed) with their document frequencies."""
        data = json.loads(bytes(self.files[VOCABULARY]))
        if not isinstance(data, dict) or not all(isinstance(v, int) for v in data.values()):
            raise ValueError("vocabulary file is not a word -> count table")
        return data


Progress = Callable[[int, int], None]


def build(catalogue, phrases: tuple[tuple[str, ...], ...] | None = None,
          progress: Progress | None = None, listed: list[Page] | None = None) -> MemoryStorage:
    """The index in memory: whoosh's files, plus the vocabulary (every indexed word as written, folded but not
    stemmed, with its document frequency: what completion, correction and suggestions work from). Counted here
    from the words read anyway: whoosh's spelling fields (TEXT(spelling=True)) analyse each page again (+40-80 %).

    progress(done, total), when given, is told of the documents added about a hundred times in all, first with
    (0, total); (total, total) means that whoosh is writing its files, the last part of the work. listed: the
    pages (see pages), when the caller has listed them already."""
    storage = MemoryStorage()
    ix = storage.create_index(schema(known_phrases(catalogue) if phrases is None else phrases), indexname=INDEX_NAME)
    writer = ix.writer(limitmb=POOL_MB)
    vocabulary: dict[str, int] = {}
    total = len(listed := pages(catalogue) if listed is None else listed)
    step = max(1, total // 100)
    try:
        if progress is not None:
            progress(0, total)
        for done, (doc, written) in enumerate(documents(listed), 1):
            writer.add_document(**doc)
            for word in {analysis.fold(raw) for raw in set(written)}:
                if analysis.is_indexed(word):
                    vocabulary[word] = vocabulary.get(word, 0) + 1
            if progress is not None and (done % step == 0 or done == total):
                progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    storage.put(VOCABULARY, json.dumps(vocabulary, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return storage


def cache_root() -> Path:
    from brochure_app.folders import cache_dir

    return cache_dir() / "index"


@dataclass
class OpenedIndex:
    index: Index
    vocabulary: dict[str, int]
    origin: str  # "cache": verified and reused; "built": rebuilt and saved; "memory": rebuilt, cache unusable
    folder: Path | None = None
    notes: list[str] = field(default_factory=list)  # what was wrong and healed, for the log and the tests


@dataclass(frozen=True)
class _Key:
    content_hash: str
    docs: int
    phrases: str  # digest of the phrases indexed as terms (they come from the synonyms and the need labels)

    @property
    def pointer(self) -> str:
        return _pointer(self.content_hash)

    def matches(self, stamp: dict) -> bool:
        return (stamp.get("schema") == SCHEMA_VERSION and stamp.get("content") == self.content_hash
                and stamp.get("engine") == whoosh.versionstring() and stamp.get("docs") == self.docs
                and stamp.get("phrases") == self.phrases)


def _pointer(content_hash: str) -> str:
    """The name of the file that points to the index of a content version."""
    return f"v{SCHEMA_VERSION}-{_safe(content_hash) or 'none'}.current"


def _safe(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())[:64]


def open_index(catalogue, root: Path | None = None, lock_wait: float = 5.0,
               progress: Progress | None = None) -> OpenedIndex:
    """The index for this catalogue: from the cache when a verified copy exists, otherwise rebuilt (telling
    progress how the build goes, see build)."""
    root = Path(root) if root is not None else cache_root()
    phrases = known_phrases(catalogue)
    listed = pages(catalogue)       # listed once: for the key, and for a build
    key = _Key(catalogue.content_hash, len(listed), _digest(json.dumps(phrases).encode()))
    notes: list[str] = []
    found = _load_current(root, key, notes)
    if found is not None:
        return _opened(found[1], "cache", found[0], notes)

    lock = _acquire_build_lock(root, lock_wait, key, notes)
    try:
        found = _load_current(root, key, [])  # another instance may have finished building while we waited
        if found is not None:
            return _opened(found[1], "cache", found[0], notes)
        storage = build(catalogue, phrases, progress, listed)
        try:
            folder = _persist(root, storage, key)
            origin = "built"
        except OSError as exc:
            notes.append(f"cache not writable ({exc.__class__.__name__}: {exc}); index kept in memory")
            folder, origin = None, "memory"
    finally:
        if lock is not None:
            with contextlib.suppress(Exception):
                lock.release()
    if folder is not None:
        _cleanup(root, key)
    for note in notes:
        log.info("search index: %s", note)
    return _opened(storage, origin, folder, notes)


def is_cached(catalogue, root: Path | None = None) -> bool:
    """Whether the cache points to an index of this content version (open_index still verifies it)."""
    root = Path(root) if root is not None else cache_root()
    try:
        return (root / _pointer(catalogue.content_hash)).is_file()
    except OSError:
        return False


def open_in_memory(catalogue, progress: Progress | None = None) -> OpenedIndex:
    """A fresh index that never touches the disk."""
    return _opened(build(catalogue, progress=progress), "memory", None, ["built in memory"])


def _opened(storage: MemoryStorage, origin: str, folder: Path | None, notes: list[str]) -> OpenedIndex:
    return OpenedIndex(storage.open_index(INDEX_NAME), storage.vocabulary(), origin, folder, notes)


# Reading ---------------------------------------------------------------------------------------------------------


def _load_current(root: Path, key: _Key, notes: list[str]) -> tuple[Path, MemoryStorage] | None:
    pointer = root / key.pointer
    try:
        name = _read_bounded(pointer, 4096).decode("ascii").strip()
    except FileNotFoundError:
        notes.append("no index for this content version yet")
        return None
    except (OSError, ValueError) as exc:
        notes.append(f"pointer unreadable: {exc}")
        return None
    if not _DIR_NAME.match(name):
        notes.append(f"pointer garbled: {name[:40]!r}")
        return None
    folder = root / name
    try:
        files = _verified_files(folder, key)
    except Exception as exc:  # noqa: BLE001 - anything wrong with the folder means rebuild
        notes.append(f"index in {name} unusable: {exc.__class__.__name__}: {exc}")
        _remove_quietly(folder)
        return None
    try:
        storage = MemoryStorage()
        for fname, data in files.items():
            storage.put(fname, data)
        storage.vocabulary()
        ix = storage.open_index(INDEX_NAME)
        if ix.doc_count_all() != key.docs or set(ix.schema.names()) != set(schema().names()):
            raise ValueError("document count or fields differ from the stamp")
        with ix.searcher() as probe:  # touch the stored fields and the term index once
            if key.docs:
                probe.stored_fields(0)
                probe.stored_fields(key.docs - 1)
            probe.doc_frequency("body", "zzz")
    except Exception as exc:  # noqa: BLE001
        notes.append(f"index in {name} does not open: {exc.__class__.__name__}: {exc}")
        _remove_quietly(folder)
        return None
    with contextlib.suppress(OSError):
        os.utime(pointer)  # marks the version as recently used (see _cleanup)
    return folder, storage


def _read_bounded(path: Path, limit: int) -> bytes:
    """A file's bytes: only a regular file inside its folder (a pipe there would hang the search, /dev/zero fill
    memory), refusing anything over limit. OSError or ValueError (safe_files.BadFile) otherwise."""
    return safe_files.read_bytes(path, limit, root=path.parent)


def _verified_files(folder: Path, key: _Key) -> dict[str, bytes]:
    stamp = safe_files.parse_json(_read_bounded(folder / STAMP, 1 << 20), folder / STAMP, max_depth=4)
    if not isinstance(stamp, dict) or not key.matches(stamp):
        raise ValueError("stamp does not match this schema, content or engine")
    listed = stamp.get("files")
    if not isinstance(listed, dict) or not listed:
        raise ValueError("stamp lists no files")
    out: dict[str, bytes] = {}
    for fname, (size, digest) in listed.items():
        if not isinstance(fname, str) or "/" in fname or "\\" in fname or fname.startswith("."):
            raise ValueError(f"bad file name in stamp: {fname!r}")
        if not isinstance(size, int) or size < 0:
            raise ValueError(f"bad size in stamp for {fname}")
        data = _read_bounded(folder / fname, size)
        if len(data) != size or _digest(data) != digest:
            raise ValueError(f"{fname} is damaged (size or digest differs from the stamp)")
        out[fname] = data
    return out


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Writing ---------------------------------------------------------------------------------------------------------


def _persist(root: Path, storage: MemoryStorage, key: _Key) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".build-{secrets.token_hex(8)}"
    tmp.mkdir()
    try:
        listed = {}
        for fname in storage.list():
            data = bytes(storage.files[fname])
            _write_synced(tmp / fname, data)
            listed[fname] = [len(data), _digest(data)]
        stamp = {"schema": SCHEMA_VERSION, "content": key.content_hash, "engine": whoosh.versionstring(),
                 "docs": key.docs, "phrases": key.phrases, "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": listed}
        _write_synced(tmp / STAMP, json.dumps(stamp, indent=1).encode())
        final = root / f"v{SCHEMA_VERSION}-{_safe(key.content_hash)[:12] or 'none'}-{secrets.token_hex(6)}"
        os.rename(tmp, final)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_dir(root)
    pointer_tmp = root / f".ptr-{secrets.token_hex(8)}"
    try:
        _write_synced(pointer_tmp, (final.name + "\n").encode("ascii"))
        _replace(pointer_tmp, root / key.pointer)
    except BaseException:
        with contextlib.suppress(OSError):
            pointer_tmp.unlink()
        _remove_quietly(final)
        raise
    _sync_dir(root)
    return final


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _replace(src: Path, dst: Path, tries: int = 5) -> None:
    # On Windows os.replace can fail for a moment while another process has dst open.
    for attempt in range(tries):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _sync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _acquire_build_lock(root: Path, wait: float, key: _Key, notes: list[str]):
    """The cross-process build lock, or None when it cannot be had (cache not writable, or held too long)."""
    from whoosh.util.filelock import FileLock

    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(root / LOCK))
        deadline = time.monotonic() + wait
        while True:
            if lock.acquire(blocking=False):
                return lock
            if time.monotonic() >= deadline:
                notes.append("build lock held by another instance for too long; building anyway")
                return None
            time.sleep(0.05)
            if _load_current(root, key, []) is not None:  # the other instance finished
                return None
    except Exception as exc:  # noqa: BLE001 - no lock is not a reason to fail
        notes.append(f"no build lock ({exc.__class__.__name__}: {exc})")
        return None


def _cleanup(root: Path, key: _Key) -> None:
    """Forget old content versions and remove folders no pointer refers to (once they are old enough)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    now = time.time()
    pointers = []
    for entry in entries:
        if entry.name.endswith(".current"):
            with contextlib.suppress(OSError):
                pointers.append((entry.stat().st_mtime, entry.name))
    pointers.sort(reverse=True)
    referenced = set()
    for rank, (_, name) in enumerate(pointers):
        if rank >= KEEP_VERSIONS and name != key.pointer:
            with contextlib.suppress(OSError):
                (root / name).unlink()
            continue
        with contextlib.suppress(OSError, ValueError):
            referenced.add(_read_bounded(root / name, 4096).decode("ascii").strip())
    for entry in entries:
        name = entry.name
        if name in referenced or not (name.startswith((".build-", ".ptr-")) or _DIR_NAME.match(name)):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age > GRACE_SECONDS:
            if entry.is_dir(follow_symlinks=False):
                _remove_quietly(Path(entry.path))
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
