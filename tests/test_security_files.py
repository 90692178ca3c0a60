"""Hostile content files: each gives a located problem (what `check` prints) and a skipped file, in bounded time
and memory, with the rest of the content still loaded, and nothing read from outside the content root.

"Nothing read outside" is observed, not assumed: a Python audit hook records every file the process opens while the
content loads (the loader, the cache fingerprint and `check` all open files through Python).
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure_app.catalogue import load
from brochure_app.catalogue.limits import MAX_BLOCK_LINES, MAX_FILE_BYTES, MAX_MARKDOWN_CHARS
from tests import factory

PAGES = Path("content") / "pages" / "test"

# --- observing what is opened ------------------------------------------------------------------------------------

_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def recording_opens():
    global _opened
    _opened = seen = []
    try:
        yield seen
    finally:
        _opened = None


def assert_nothing_opened_in(folder: Path, opened: list[str]) -> None:
    folder = folder.resolve()
    inside = [p for p in opened if Path(p).resolve() == folder or folder in Path(p).resolve().parents]
    assert inside == [], f"read outside the content root: {inside}"


# --- helpers -----------------------------------------------------------------------------------------------------

def problems(cat) -> list[str]:
    return [str(p) for p in cat.problems]


def problems_for(cat, name: str):
    return [p for p in cat.problems if Path(p.file).name == name]


def assert_rest_loads(cat, *ids: str) -> None:
    assert {"alpha", "beta"} | set(ids) <= {i.id for i in cat.items("london")}, problems(cat)


def assert_located(cat, root: Path) -> None:
    """Every problem names a file under the root (relative), a line within it, a field and a message."""
    for p in cat.problems:
        assert not os.path.isabs(p.file) and ".." not in Path(p.file).parts, str(p)
        assert p.line >= 1 and p.field and p.message, str(p)
        path = root / p.file
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE_BYTES:
            line_ends = len(re.findall(rb"\r\n|\r|\n", path.read_bytes()))   # as an editor counts lines
            assert p.line <= line_ends + 2, str(p)


@contextmanager
def bounded(seconds: float, megabytes: float | None = None):
    """The block must finish in `seconds` and (when given) allocate at most `megabytes` at its peak. Tracing
    memory slows Python down two to three times, so it is done only where memory is the point."""
    if megabytes is not None:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
        if megabytes is not None:
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert megabytes is None or peak < megabytes * 1e6, f"peaked at {peak / 1e6:.1f} MB"


@pytest.fixture
def tree(tmp_path):
    return factory.tree(tmp_path / "root")


def write_page(root: Path, name: str, data: bytes | str) -> Path:
    path = root / PAGES / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


FRONT = "---\nid: {id}\ntitle: T\nkind: toolkit\nsummary: S\nsources:\n  - document: 002_dc0e4aaf1e59e6f0.txt\n" \
        "    section: X\n---\n"


# --- YAML ----------------------------------------------------------------------------------------------------------

BOMB = "lol: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n" + "".join(
    f"l{n}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8))


@pytest.mark.parametrize("where", ["page", "region", "sources", "synonyms", "merge-key"])
def test_yaml_alias_bomb_is_refused_quickly(tree, where):
    if where == "page":
        write_page(tree, "bomb.md", f"---\nid: bomb\n{BOMB}---\n")
    elif where == "region":
        (tree / "regions" / "north-west.yaml").write_text(f"id: north-west\n{BOMB}", encoding="utf-8")
    elif where == "sources":
        text = (tree / "content" / "sources.yaml").read_text(encoding="utf-8")
        (tree / "content" / "sources.yaml").write_text(text + BOMB, encoding="utf-8")
    elif where == "synonyms":
        (tree / "content" / "synonyms.yaml").write_text(f"synonyms:\n  - [a, b]\n{BOMB}", encoding="utf-8")
    else:
        write_page(tree, "bomb.md", "---\nid: bomb\nbase: &b {title: x}\nmore:\n  <<: *b\n---\n")
    with bounded(2, 20):   # the expanded bomb would be 9**9 strings
        cat = load(tree)
    (problem,) = [p for p in cat.problems if p.field == "yaml"]
    assert "anchors are not allowed" in problem.message or "aliases are not allowed" in problem.message
    assert_located(cat, tree)
    if where != "sources":
        assert_rest_loads(cat)


@pytest.mark.parametrize("text", [
    "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "a: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
    "".join("  " * i + "a:\n" for i in range(400)) + "  " * 400 + "b: 1\n",
    "a:\n" + "".join("  " * (i + 1) + "- \n" for i in range(400)),
], ids=["flow-lists", "flow-maps", "block-maps", "block-lists"])
def test_deeply_nested_yaml_is_refused(tree, text):
    write_page(tree, "deep.md", f"---\nid: deep\n{text}---\n")
    with bounded(3):
        cat = load(tree)
    (problem,) = problems_for(cat, "deep.md")
    assert problem.field == "yaml" and "nest" in problem.message and problem.line >= 2
    assert_located(cat, tree)
    assert_rest_loads(cat)


def test_yaml_with_too_many_values_is_refused(tree):
    write_page(tree, "many.md", "---\nid: many\naliases:\n" + "".join(f"  - a{n}\n" for n in range(12_000)) + "---\n")
    with bounded(3):
        cat = load(tree)
    (problem,) = problems_for(cat, "many.md")
    assert problem.field == "yaml" and "values" in problem.message and problem.line > 9_000
    assert_rest_loads(cat)


def test_manifest_with_too_many_values_is_refused(tree):
    from brochure_app.catalogue.limits import MAX_MANIFEST_VALUES

    count = MAX_MANIFEST_VALUES + 10
    (tree / "regions" / "north-west.yaml").write_text(
        "id: north-west\nitems: [" + ",".join("i" for _ in range(count)) + "]\n", encoding="utf-8")
    with bounded(10):
        cat = load(tree)
    (problem,) = problems_for(cat, "north-west.yaml")
    assert problem.field == "yaml" and "values" in problem.message
    assert_rest_loads(cat)


def test_python_tags_are_not_constructed(tree, tmp_path):
    marker = tmp_path / "pwned"
    write_page(tree, "tag.md", f"---\nid: tag\ntitle: !!python/object/apply:os.system [\"touch {marker}\"]\n---\n")
    write_page(tree, "tag2.md", "---\nid: tag2\ntitle: !!python/name:os.system\n---\n")
    cat = load(tree)
    assert {p.field for p in problems_for(cat, "tag.md") + problems_for(cat, "tag2.md")} == {"yaml"}
    assert not marker.exists()
    assert_rest_loads(cat)


# --- size ----------------------------------------------------------------------------------------------------------

def test_20_mb_page_is_refused_without_reading_it(tree):
    path = write_page(tree, "huge.md", FRONT.format(id="huge"))
    with open(path, "r+b") as fh:   # a sparse 20 MB file: quick to make, and any read of it would show in memory
        fh.truncate(20_000_000)
    from brochure_app.catalogue.store import load_catalogue

    with bounded(3, 15), recording_opens() as opened:
        cat = load_catalogue(tree)
    (problem,) = problems_for(cat, "huge.md")
    assert problem.field == "file" and "20,000,000 bytes" in problem.message
    assert str(path) not in opened and str(path.resolve()) not in opened
    assert_rest_loads(cat)
    assert not any("unknown item" in p.message for p in cat.problems)   # the manifest does not list it


def test_huge_region_manifest_is_refused(tree):
    path = tree / "regions" / "north-west.yaml"
    from brochure_app.catalogue.limits import MAX_MANIFEST_BYTES

    path.write_text("id: north-west\n# " + "x" * (MAX_MANIFEST_BYTES + 10) + "\n", encoding="utf-8")
    with bounded(2):
        cat = load(tree)
    (problem,) = problems_for(cat, "north-west.yaml")
    assert problem.field == "file" and "limit" in problem.message
    assert_rest_loads(cat)


@pytest.mark.parametrize("body", [
    "x" * (MAX_MARKDOWN_CHARS + 1),
    "intro\n\n" + "line\n" * (MAX_BLOCK_LINES + 1),
    "[" * 6000,
], ids=["long", "long-block", "brackets"])
def test_markdown_too_slow_to_render_is_refused_with_its_line(tree, body):
    write_page(tree, "slow.md", FRONT.format(id="slow") + body)
    cat = load(tree)
    (problem,) = problems_for(cat, "slow.md")
    assert problem.field == "body" and problem.line >= 10
    assert_rest_loads(cat)


def test_markdown_renders_in_bounded_time_at_the_limits():
    """Python-Markdown is superlinear on such input (6,000 '[' took 10 s before the pre-pass); within the limits a
    page of the worst blocks still renders fast, and beyond them it is shown as plain text."""
    from brochure_app.render.html import markdown_html
    from brochure_app.render.text import markdown_to_text

    units = ["[", "<", "<![CDATA[", "*[", "](", "![", "=\n", "x\n---\n", "# x\n", "\\"]
    blocks = ["\n".join((unit * 5000)[:4900].split("\n")[:MAX_BLOCK_LINES - 1]) for unit in units]
    text = "\n\n".join(blocks)[:MAX_MARKDOWN_CHARS]
    beyond = "x\n" + "-\n" * 20_000   # one block of 20,000 lines: 15 s as Markdown
    for sample in (text, beyond, text + text):
        started = time.perf_counter()
        markdown_html(sample)
        assert time.perf_counter() - started < 4.0
    started = time.perf_counter()
    markdown_to_text("[" * MAX_MARKDOWN_CHARS + "![" * 20_000)   # the plain text for `show` and the search index
    assert time.perf_counter() - started < 1.0


def test_deeply_nested_list_renders_as_text_not_a_crash():
    """'- - - - x' nests a list per dash: 2,400 of them exceed Python's recursion limit inside Markdown."""
    from brochure_app.render.html import markdown_html

    assert "level" in markdown_html("- " * 2400 + "level")
    assert "level" in markdown_html("".join("    " * i + "- level\n" for i in range(MAX_BLOCK_LINES - 1)))


# --- binary and broken encodings --------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "words", "line"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file", 3),   # NUL after 2 \\n
    (b"\x7fELF\x02\x01\x01\x00" + os.urandom(64), "not a text file", 1),
    (b"---\nid: f\xe9e\n---\n", "not UTF-8", 2),                        # latin-1
    (b"---\nid: x\ntitle: caf\xc3\n---\n", "not UTF-8", 3),              # truncated sequence
    (b"---\nid: x\ntitle: \xed\xa0\x80 lone surrogate\n---\n", "not UTF-8", 3),
    (b"---\nid: x\ntitle: \xc0\xaf overlong\n---\n", "not UTF-8", 3),
    (b"\xff" * 300, "not UTF-8", 1),
    ("---\nid: utf16\n---\n".encode("utf-16"), "UTF-16", 1),             # with BOM (little-endian here)
    (b"\xfe\xff" + "---\nid: be\n---\n".encode("utf-16-be"), "UTF-16", 1),
    (b"---\nid: x\ntitle: \x1b[2J\x1b[31mcleared\n---\n", "control character U+001B", 3),
    ("---\nid: x\ntitle: OGRS \u202e52\u202c\n---\n".encode(), "control character U+202E", 3),
    (b"---\nid: x\ntitle: ok\n---\nBody\x08\x08\x08 backspaced\n", "control character U+0008", 5),
], ids=["png", "elf", "latin-1", "truncated-utf8", "lone-surrogate", "overlong", "all-ff", "utf-16-bom",
        "utf-16-be-bom", "terminal-escape", "bidi-override", "backspace"])
def test_binary_and_broken_text_is_refused_with_its_line(tree, data, words, line):
    write_page(tree, "broken.md", data)
    cat = load(tree)
    (problem,) = problems_for(cat, "broken.md")
    assert problem.field == "file" and words in problem.message and problem.line == line, str(problem)
    assert_rest_loads(cat)


@pytest.mark.parametrize("data", [
    "\ufeff" + FRONT.format(id="gamma") + "Body.\n",                      # UTF-8 with a BOM
    (FRONT.format(id="gamma") + "Body.\n").replace("\n", "\r\n"),         # Windows line ends
    (FRONT.format(id="gamma") + "Body.\n").replace("\n", "\r"),           # old Mac line ends
    FRONT.format(id="gamma") + "Tabs\tare fine.\n",
])
def test_ordinary_text_variants_still_load(tree, data):
    write_page(tree, "gamma.md", data)
    factory.region(tree, "london", ["alpha", "beta", "gamma"])
    cat = load(tree)
    assert problems(cat) == []
    assert_rest_loads(cat, "gamma")


# --- links, loops, pipes -------------------------------------------------------------------------------------------

@pytest.fixture
def outside(tmp_path):
    """Content-like files outside the content root, which must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(FRONT.format(id="secret") + "Secret body.\n", encoding="utf-8")
    (folder / "secret.yaml").write_text("id: north-west\n", encoding="utf-8")
    return folder


def test_links_out_of_the_root_are_refused_and_never_read(tree, outside):
    from brochure_app.catalogue.store import load_catalogue

    (tree / PAGES / "file-link.md").symlink_to(outside / "secret.md")
    (tree / PAGES / "etc-link.md").symlink_to("/etc/hostname")
    (tree / PAGES / "relative-link.md").symlink_to(Path("..") / ".." / ".." / ".." / "outside" / "secret.md")
    (tree / "content" / "pages" / "folder-link").symlink_to(outside, target_is_directory=True)
    (tree / "regions" / "north-west.yaml").symlink_to(outside / "secret.yaml")
    with recording_opens() as opened:
        cat = load_catalogue(tree)
    assert_nothing_opened_in(outside, opened)
    assert "/etc/hostname" not in opened
    for name in ("file-link.md", "etc-link.md", "relative-link.md", "north-west.yaml"):
        (problem,) = problems_for(cat, name)
        assert problem.field == "file" and "outside the content folder" in problem.message, str(problem)
    (problem,) = problems_for(cat, "folder-link")
    assert "link to a folder" in problem.message
    assert "secret" not in {i.id for items in cat.region_items.values() for i in items}
    assert "north-west" not in cat.regions
    assert_located(cat, tree)
    assert_rest_loads(cat)


def test_check_reports_links_out_of_the_root_without_reading_them(tree, outside, capsys):
    from brochure_app.cli import main

    (tree / PAGES / "file-link.md").symlink_to(outside / "secret.md")
    with recording_opens() as opened:
        code = main(["--content-root", str(tree), "check"])
    out = capsys.readouterr().out
    assert code == 1 and f"{PAGES / 'file-link.md'}:1: file: points outside the content folder" in out
    assert "Secret body" not in out
    assert_nothing_opened_in(outside, opened)


def test_link_loops_and_dangling_links_are_refused(tree):
    pages = tree / PAGES
    (pages / "self.md").symlink_to("self.md")
    (pages / "a.md").symlink_to("b.md")
    (pages / "b.md").symlink_to("a.md")
    (pages / "dangling.md").symlink_to("nowhere.md")
    (tree / "content" / "pages" / "loop").symlink_to("..", target_is_directory=True)
    (pages / "inner").mkdir()
    (pages / "inner" / "up").symlink_to(pages, target_is_directory=True)
    with bounded(3):
        cat = load(tree)
    for name in ("self.md", "a.md", "b.md", "dangling.md"):
        (problem,) = problems_for(cat, name)
        assert problem.field == "file" and "cannot be read" in problem.message, str(problem)
    assert {p.file for p in cat.problems if "link to a folder" in p.message} == {
        os.path.join("content", "pages", "loop"), os.path.join("content", "pages", "test", "inner", "up")}
    assert_located(cat, tree)
    assert_rest_loads(cat)


def test_link_inside_the_root_is_followed(tree):
    (tree / "shared").mkdir()
    (tree / "shared" / "gamma.md").write_text(FRONT.format(id="gamma") + "Shared.\n", encoding="utf-8")
    (tree / PAGES / "gamma.md").symlink_to(tree / "shared" / "gamma.md")
    factory.region(tree, "london", ["alpha", "beta", "gamma"])
    cat = load(tree)
    assert problems(cat) == []
    assert_rest_loads(cat, "gamma")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("where", ["page", "edition", "cache"])
def test_a_named_pipe_never_hangs_the_load(tree, where):
    """A pipe in place of a file: opening it for reading would block until someone writes. Nothing may open it."""
    from brochure_app.catalogue.edition import content_edition
    from brochure_app.catalogue.store import cache_dir, fingerprint, load_catalogue

    if where == "page":
        fifo = tree / PAGES / "pipe.md"
    elif where == "edition":
        fifo = tree / "content" / "EDITION"
    else:
        cache_dir().mkdir(parents=True, exist_ok=True)
        fifo = cache_dir() / f"catalogue-{fingerprint(tree.resolve())}.pickle"
    os.mkfifo(fifo)
    result: dict = {}

    def work():
        try:
            result["cat"] = load_catalogue(tree)
            result["edition"] = content_edition(tree)
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():   # release the blocked reader so the test run can go on, then fail
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(5)
        pytest.fail(f"loading blocked on a named pipe ({where})")
    assert "error" not in result, result.get("error")
    cat = result["cat"]
    assert_rest_loads(cat)
    if where == "page":
        (problem,) = problems_for(cat, "pipe.md")
        assert "not a regular file" in problem.message
    if where == "edition":
        assert result["edition"] == "unknown"


def test_edition_file_outside_the_root_is_not_read(tree, outside):
    from brochure_app.catalogue.edition import content_edition

    (outside / "EDITION").write_text("stolen edition\n", encoding="utf-8")
    (tree / "content" / "EDITION").symlink_to(outside / "EDITION")
    with recording_opens() as opened:
        assert content_edition(tree) == "unknown"
    assert_nothing_opened_in(outside, opened)
    (tree / "content" / "EDITION").unlink()
    (tree / "content" / "EDITION").write_text("2026.1\x1b[31m\nsecond line\n", encoding="utf-8")
    assert content_edition(tree) == "2026.1[31m"


# --- paths and ids in manifests ----------------------------------------------------------------------------------

TRAVERSALS = ["../../etc/passwd", "/etc/passwd", "..", "alpha/../beta", "C:\\Windows\\win.ini", "item:alpha",
              "~/secret", "%2e%2e%2fetc%2fpasswd"]


def test_manifest_entries_that_look_like_paths_are_unknown_ids(tree, outside):
    from brochure_app.catalogue.store import load_catalogue

    factory.region(tree, "london", ["alpha"] + TRAVERSALS + ["beta", {"id": "../../outside/secret"}])
    with recording_opens() as opened:
        cat = load_catalogue(tree)
    assert_nothing_opened_in(outside, opened)
    assert not [p for p in opened if "passwd" in p or "win.ini" in p]
    found = problems_for(cat, "london.yaml")
    assert len(found) == len(TRAVERSALS) + 1 and all("unknown item" in p.message for p in found)
    assert sorted(p.line for p in found) == sorted(set(p.line for p in found))   # each on its own line
    assert_rest_loads(cat)


def test_ids_and_sources_that_look_like_paths_are_refused(tree):
    write_page(tree, "evil-id.md", FRONT.format(id="'../../etc/passwd'"))
    write_page(tree, "evil-source.md", FRONT.format(id="evil-source").replace("002_dc0e4aaf1e59e6f0.txt",
                                                                                "../../../etc/passwd"))
    write_page(tree, "evil-link.md", FRONT.format(id="evil-link") + "[x](item:../../etc/passwd)\n")
    factory.region(tree, "london", ["alpha", "beta", "evil-link"])
    (tree / "regions" / "escape.yaml").write_text("id: ../london\n", encoding="utf-8")
    cat = load(tree)
    assert [p.field for p in problems_for(cat, "evil-id.md")] == ["id"]
    assert [p.field for p in problems_for(cat, "evil-source.md")] == ["sources.0.document"]
    assert any(p.field == "body" and "unknown item" in p.message for p in problems_for(cat, "evil-link.md"))
    assert problems_for(cat, "escape.yaml")
    assert_located(cat, tree)
    assert_rest_loads(cat)


def test_duplicate_ids_across_files_and_folders(tree):
    other = tree / "content" / "pages" / "ther"   # read after pages/test
    other.mkdir(parents=True)
    (other / "alpha-copy.md").write_text(FRONT.format(id="alpha"), encoding="utf-8")
    (tree / "regions" / "london.yml").write_text((tree / "regions" / "london.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    cat = load(tree)
    (dup,) = problems_for(cat, "alpha-copy.md")
    assert dup.field == "id" and "duplicate id 'alpha'" in dup.message and "test" in dup.message
    (region,) = problems_for(cat, "london.yml")
    assert region.field == "id" and "duplicate region" in region.message
    (first,) = problems_for(cat, "alpha.md")
    assert first.field == "id" and "alpha-copy.md" in first.message
    assert cat.item("london", "alpha") is None   # neither is loaded: a stray copy must not replace the real page
    assert "beta" in {i.id for i in cat.items("london")}


# --- fuzzing -----------------------------------------------------------------------------------------------------

LONG = os.environ.get("BROCHURE_FUZZ_LONG") == "1"
TOKENS = ["---\n", "\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system ", "!!str ", "'",
          '"', "#", "\t", "  ", "|\n", ">\n", "? ", "%YAML 1.1\n", "\x00", "\xff", "\ufeff", "\u202e", "\x1b",
          "id: alpha\n", "kind: toolkit\n", "sources: []\n", "eligibility:\n  ogrs:\n    min: ", "9" * 400,
          "<script>", "](item:", "\r\n", "\r", "\\", "~", "null", "true", "1e999", "-0", ".inf", "<<: *a\n"]
edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40),
                           st.one_of(st.sampled_from(TOKENS), st.text(max_size=12),
                                     st.binary(max_size=12).map(lambda b: b.decode("latin-1")))),
                 max_size=8)


def _mutate(text: str, changes) -> bytes:
    for at, cut, insert in changes:
        at = at % (len(text) + 1)
        text = text[:at] + insert + text[at + cut:]
    return text.encode("utf-8", errors="surrogatepass")


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory):
    root = factory.tree(tmp_path_factory.mktemp("fuzz") / "root",
                        items={"alpha": factory.item("alpha"), "beta": factory.item("beta", kind="toolkit"),
                               "gamma": factory.item("gamma", eligibility={"ogrs": [{"min": 25, "says": "25+"}]})},
                        regions={"london": ["alpha", "beta", "gamma"], "north-west": ["gamma"]})
    pristine = {p: p.read_bytes() for p in (root / PAGES / "gamma.md", root / "regions" / "north-west.yaml")}
    return root, pristine


@settings(max_examples=3000 if LONG else 200, deadline=None, derandomize=not LONG,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(page=edits, manifest=edits, extra=st.binary(max_size=300))
def test_fuzzed_files_never_break_the_loader(fuzz_root, page, manifest, extra):
    """Random edits of a page and a manifest (YAML syntax, bombs, tags, encodings, controls) and a random extra
    file: the loader never raises, every problem is located, and the untouched pages and region still load."""
    root, pristine = fuzz_root
    page_path, manifest_path = list(pristine)
    page_path.write_bytes(_mutate(pristine[page_path].decode(), page))
    manifest_path.write_bytes(_mutate(pristine[manifest_path].decode(), manifest))
    (root / PAGES / "extra.md").write_bytes(extra)
    started = time.perf_counter()
    cat = load(root)
    assert time.perf_counter() - started < 3
    assert_located(cat, root)
    assert [i.id for i in cat.items("london")][:2] == ["alpha", "beta"]
    assert all(p.file.startswith(("content", "regions")) for p in cat.problems)
