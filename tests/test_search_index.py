"""The search index cache: built once per content version, reused, verified, and healed from every fault.

Every fault must leave the search answering, with the same results as a healthy index. To keep rebuilds quick,
these tests index only London's pages (a real but small catalogue) unless the test is about the full content.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brochure_app.search import SearchService
from brochure_app.search import index as search_index
from tests import factory

REPO = Path(__file__).resolve().parents[1]
QUERIES = [("DV", None), ("housing", None), ("stepw", None), ("positive path", None), ("anger", None),
           ("AAMR", None), ("tag", None), ("angre managment", None), ("unpaid work", "london")]


@pytest.fixture(scope="module")
def small(catalogue):
    """London's pages only, under a content hash of their own."""
    return dataclasses.replace(catalogue, regions={"london": catalogue.regions["london"]},
                               region_items={"london": catalogue.region_items["london"]},
                               content_hash="london-only-" + catalogue.content_hash[:12], _index={})


def answers(service) -> list:
    out = []
    for query, region in QUERIES:
        results = service.search(query, region)
        out.append(([(h.id, h.score, h.snippet, h.regions) for h in results.hits], results.suggestion))
    return out


@pytest.fixture(scope="module")
def expected(small):
    with SearchService(small, in_memory=True) as svc:
        return answers(svc)


@pytest.fixture(scope="module")
def pristine(small, tmp_path_factory) -> Path:
    """A healthy cache, built once; each test works on its own copy."""
    root = tmp_path_factory.mktemp("pristine") / "index"
    with SearchService(small, root) as svc:
        assert svc.origin == "built"
    return root


@pytest.fixture
def root(pristine, tmp_path) -> Path:
    dest = tmp_path / "cache" / "index"
    shutil.copytree(pristine, dest)
    return dest


def current_folder(root: Path, small) -> Path:
    pointer = next(root.glob("*.current"))
    return root / pointer.read_text().strip()


def index_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.name != search_index.LOCK]


def reopen(small, root, **kw):
    return SearchService(small, root, **kw)


# The healthy path ------------------------------------------------------------------------------------------------


def test_warm_start_reuses_the_verified_cache(small, root, expected):
    with reopen(small, root) as svc:
        assert svc.origin == "cache" and answers(svc) == expected


def test_default_location_is_the_user_cache(small, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert search_index.cache_root() == tmp_path / "xdg" / "brochure-app" / "index"
    with SearchService(small) as svc:
        assert svc.origin == "built" and svc.folder.parent == tmp_path / "xdg" / "brochure-app" / "index"
    with SearchService(small) as svc:
        assert svc.origin == "cache"


def test_a_build_tells_its_progress_and_a_reuse_tells_nothing(small, tmp_path, expected):
    told = []
    with SearchService(small, tmp_path / "index", progress=lambda done, total: told.append((done, total))) as svc:
        assert svc.origin == "built" and answers(svc) == expected
    total = search_index.document_count(small)
    assert total == len(small.region_items["london"]) + 1 > 10   # its pages and its home page
    assert told[0] == (0, total) and told[-1] == (total, total) and len(told) >= min(total, 50)
    assert all(t == total for _, t in told) and [d for d, _ in told] == sorted({d for d, _ in told})
    later = []
    with SearchService(small, tmp_path / "index", progress=lambda *a: later.append(a)) as svc:
        assert svc.origin == "cache" and not later


def test_a_page_shared_by_regions_is_one_document_listing_them(catalogue):
    pages = search_index.presented_pages(catalogue)
    listed = sum(len(catalogue.items(region)) for region in catalogue.regions)
    assert sum(len(regions) for _item, regions in pages.values()) == listed > len(pages)
    with SearchService(catalogue, in_memory=True) as svc:
        shared = next(item for item, regions in pages.values() if len(regions) > 2)
        for region in catalogue.regions:
            ids = [h.id for h in svc.search(shared.title, region, limit=50).hits]
            assert (shared.id in ids) == any(i is shared or i.id == shared.id for i in catalogue.items(region))


def test_stamp_records_schema_content_and_every_file(small, root):
    folder = current_folder(root, small)
    stamp = json.loads((folder / search_index.STAMP).read_text())
    assert stamp["schema"] == search_index.SCHEMA_VERSION and stamp["content"] == small.content_hash
    assert set(stamp["files"]) == {p.name for p in folder.iterdir()} - {search_index.STAMP}
    assert not list(root.glob(".build-*")) and not list(root.glob(".ptr-*"))


def test_a_new_content_version_builds_beside_the_old_one(small, root):
    other = dataclasses.replace(small, content_hash="another-version", _index={})
    with reopen(other, root) as svc:
        assert svc.origin == "built"
    assert len(list(root.glob("*.current"))) == 2
    with reopen(small, root) as svc:
        assert svc.origin == "cache"


def test_old_unreferenced_folders_are_cleaned_after_a_build(small, root):
    stale = root / "v1-deadbeef-0123456789ab"
    stale.mkdir()
    (stale / "junk").write_bytes(b"x")
    leftover = root / ".build-0123456789abcdef"
    leftover.mkdir()
    young = root / "v1-deadbeef-ba9876543210"
    young.mkdir()
    old = time.time() - 3600
    for path in (stale, leftover):
        os.utime(path, (old, old))
    with reopen(dataclasses.replace(small, content_hash="v-next", _index={}), root) as svc:
        assert svc.origin == "built"
    assert not stale.exists() and not leftover.exists()
    assert young.exists()  # may still be being built or read by another instance
    assert current_folder(root, small).exists()


# Faults ------------------------------------------------------------------------------------------------------------


def test_missing_index_folder_is_rebuilt(small, root, expected):
    shutil.rmtree(current_folder(root, small))
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_missing_cache_is_rebuilt(small, root, expected):
    shutil.rmtree(root)
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


@pytest.mark.parametrize("keep", [0.0, 0.5, 0.99])
def test_truncated_files_are_rebuilt(small, root, expected, keep):
    for path in index_files(root):
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected
    with reopen(small, root) as svc:  # and the rebuilt index is the one reused next time
        assert svc.origin == "cache" and answers(svc) == expected


@pytest.mark.parametrize("which", ["every", "segment", "stamp", "pointer"])
def test_garbage_files_are_rebuilt(small, root, expected, which):
    folder = current_folder(root, small)
    targets = {"every": index_files(root), "segment": list(folder.glob("*.seg")),
               "stamp": [folder / search_index.STAMP], "pointer": list(root.glob("*.current"))}[which]
    assert targets
    for path in targets:
        path.write_bytes(os.urandom(max(path.stat().st_size, 16)))
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_garbage_the_stamp_vouches_for_is_still_caught(small, root, expected):
    """A damaged segment whose stamp was rewritten to match: whoosh itself fails to open it, and that heals too."""
    folder = current_folder(root, small)
    stamp = json.loads((folder / search_index.STAMP).read_text())
    for name in list(stamp["files"]):
        data = os.urandom(len((folder / name).read_bytes()))
        (folder / name).write_bytes(data)
        stamp["files"][name] = [len(data), search_index._digest(data)]
    (folder / search_index.STAMP).write_text(json.dumps(stamp))
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_a_file_grown_huge_is_not_read_whole(small, root, expected):
    folder = current_folder(root, small)
    for path in [next(folder.glob("*.seg")), folder / search_index.STAMP, next(root.glob("*.current"))]:
        os.truncate(path, 1 << 32)  # sparse: 4 GiB that cost nothing on disk
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_a_folder_in_place_of_a_file_is_rebuilt(small, root, expected):
    folder = current_folder(root, small)
    seg = next(folder.glob("*.seg"))
    seg.unlink()
    seg.mkdir()
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_pointer_to_somewhere_else_is_ignored(small, root, expected, tmp_path):
    next(root.glob("*.current")).write_text("../../etc\n")
    with reopen(small, root) as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_whoosh_write_lock_held_on_the_index_does_not_matter(small, root, expected):
    from whoosh.filedb.filestore import FileStorage

    lock = FileStorage(str(current_folder(root, small))).lock(f"{search_index.INDEX_NAME}_WRITELOCK")
    assert lock.acquire()
    try:
        with reopen(small, root) as svc:
            assert svc.origin == "cache" and answers(svc) == expected
    finally:
        lock.release()


def test_build_lock_held_by_a_stuck_instance_builds_anyway(small, root, expected):
    from whoosh.util.filelock import FileLock

    shutil.rmtree(current_folder(root, small))
    lock = FileLock(str(root / search_index.LOCK))
    assert lock.acquire()
    try:
        t0 = time.monotonic()
        with reopen(small, root, lock_wait=0.3) as svc:
            assert svc.origin == "built" and answers(svc) == expected
            assert any("lock" in note for note in svc.notes)
        assert time.monotonic() - t0 < 10
    finally:
        lock.release()


def test_a_file_in_place_of_the_cache_folder_means_memory(small, tmp_path, expected):
    blocker = tmp_path / "index"
    blocker.write_text("not a folder")
    with reopen(small, blocker) as svc:
        assert svc.origin == "memory" and answers(svc) == expected
    assert blocker.read_text() == "not a folder"


def test_a_file_in_place_of_a_parent_folder_means_memory(small, tmp_path, expected):
    (tmp_path / "xdg").write_text("a file")
    with reopen(small, tmp_path / "xdg" / "brochure-app" / "index") as svc:
        assert svc.origin == "memory" and answers(svc) == expected


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores read-only permissions")
def test_read_only_cache_means_memory(small, tmp_path, expected):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with reopen(small, parent / "index") as svc:
            assert svc.origin == "memory" and answers(svc) == expected
    finally:
        parent.chmod(0o755)


def test_read_only_cache_with_a_good_index_is_still_read(small, root, expected, monkeypatch):
    monkeypatch.setattr(search_index.os, "utime", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "ro")))
    with reopen(small, root) as svc:
        assert svc.origin == "cache" and answers(svc) == expected


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(28, "No space left on device")])
def test_unwritable_or_full_disk_means_memory(small, tmp_path, expected, monkeypatch, error):
    def fail(path, data):
        raise error

    monkeypatch.setattr(search_index, "_write_synced", fail)
    root = tmp_path / "index"
    with reopen(small, root) as svc:
        assert svc.origin == "memory" and answers(svc) == expected
    assert not list(root.glob(".build-*")) and not list(root.glob("v*-*-*"))


def test_a_temporary_folder_that_cannot_be_written_does_not_matter(small, tmp_path, expected, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-dir"))
    with SearchService(small, in_memory=True) as svc:
        assert svc.origin == "memory" and answers(svc) == expected
    with SearchService(small, tmp_path / "index") as svc:
        assert svc.origin == "built" and answers(svc) == expected


def test_damage_after_opening_does_not_reach_a_running_service(small, root, expected):
    with reopen(small, root) as svc:
        assert svc.origin == "cache"
        for path in index_files(root):
            path.write_bytes(b"")
        shutil.rmtree(root)
        assert answers(svc) == expected


def test_an_engine_error_during_search_heals_in_memory(small, root, expected, monkeypatch):
    with reopen(small, root) as svc:
        broken = svc._ranker

        class Boom:
            def rank(self, *a, **k):
                raise RuntimeError("simulated engine failure")

        svc._ranker = Boom()
        assert answers(svc)[0] == expected[0]
        assert svc.origin == "memory" and svc._ranker is not broken
        assert answers(svc) == expected


# Concurrency -----------------------------------------------------------------------------------------------------


def test_two_builds_racing_leave_one_valid_index(small, tmp_path, expected, monkeypatch):
    """Two instances that both decided to build (lock unavailable) publish in turn; the last pointer wins and
    every published folder is complete."""
    root = tmp_path / "index"
    with monkeypatch.context() as race:  # neither sees the other's index before publishing its own
        race.setattr(search_index, "_acquire_build_lock", lambda *a, **k: None)
        race.setattr(search_index, "_load_current", lambda *a, **k: None)
        first, second = reopen(small, root), reopen(small, root)
    with first, second:
        assert first.origin == second.origin == "built" and first.folder != second.folder
        assert answers(first) == answers(second) == expected
    assert len(list(root.glob("*.current"))) == 1 and first.folder.is_dir()
    assert current_folder(root, small) == second.folder
    with reopen(small, root) as third:
        assert third.origin == "cache" and answers(third) == expected


def test_concurrent_processes_share_one_cache(tmp_path):
    content = factory.tree(tmp_path / "content-root")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    cmd = [sys.executable, "-m", "brochure_app", "--content-root", str(content), "search", "alph", "--json"]
    procs = [subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [e for _, e in outs]
    results = [json.loads(out) for out, _ in outs]
    assert all(r == results[0] for r in results) and results[0]["results"][0]["id"] == "alpha"
    root = tmp_path / "xdg" / "brochure-app" / "index"
    pointers = list(root.glob("*.current"))
    assert len(pointers) == 1
    folder = root / pointers[0].read_text().strip()
    assert (folder / search_index.STAMP).is_file()
    assert not list(root.glob(".build-*")) and not list(root.glob(".ptr-*"))


def test_a_build_that_spills_sorting_runs_stays_in_memory(small, expected, monkeypatch, tmp_path):
    """Large content makes whoosh's posting pool spill sorted runs to temporary files; in memory they must
    survive (whoosh's RamStorage loses them) and nothing may be written to the temporary folder."""
    import tempfile

    import whoosh.writing

    real = whoosh.writing.PostingPool.__init__

    def tiny_pool(self, tempstore, segment, limitmb=128, **kw):
        real(self, tempstore, segment, limitmb=0.02, **kw)

    monkeypatch.setattr(whoosh.writing.PostingPool, "__init__", tiny_pool)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    with SearchService(small, in_memory=True) as svc:
        assert answers(svc) == expected
    assert list(private_tmp.iterdir()) == []


# Building in a process of its own (search/builder.py) ------------------------------------------------------------


def test_a_build_apart_publishes_the_index_and_tells_its_progress(catalogue, tmp_path):
    told = []
    with SearchService(catalogue, tmp_path / "index", progress=lambda d, t: told.append((d, t)),
                       build_apart=True) as svc:
        assert svc.origin == "cache"          # opened from what the child published, verified like any other
        got = [[h.id for h in svc.search(q, r).hits] for q, r in QUERIES]
    total = search_index.document_count(catalogue)
    assert told[0] == (0, total) and told[-1] == (total, total) and len(told) > 50
    with SearchService(catalogue, in_memory=True) as svc:
        assert got == [[h.id for h in svc.search(q, r).hits] for q, r in QUERIES]


def test_a_build_apart_that_cannot_serve_this_catalogue_is_done_here(small, tmp_path, expected):
    # small is London only, under a content hash of its own: the child, which reads the content folder, finds
    # another version there and ends without building; the index is then built in this process.
    from brochure_app.search import builder

    told = []
    assert not builder.build_apart(small, tmp_path / "probe")
    assert not list((tmp_path / "probe").glob("*.current"))
    with SearchService(small, tmp_path / "index", progress=lambda d, t: told.append((d, t)), build_apart=True) as svc:
        assert svc.origin == "built" and answers(svc) == expected
    assert told[-1] == (search_index.document_count(small),) * 2


def test_no_build_apart_without_a_content_folder_or_from_a_bundle(catalogue, tmp_path, monkeypatch):
    from brochure_app.search import builder

    assert not builder.build_apart(dataclasses.replace(catalogue, root=""), tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not builder.build_apart(catalogue, tmp_path)
    assert not list(tmp_path.iterdir())


def test_stopping_a_build_apart_ends_the_child_and_builds_nothing_here(catalogue, tmp_path, monkeypatch):
    import threading

    from brochure_app.search import builder

    real_popen = builder.subprocess.Popen
    slow = [sys.executable, "-c", "import sys, time; print('0 113', flush=True); time.sleep(60)"]
    monkeypatch.setattr(builder.subprocess, "Popen", lambda _cmd, **kw: real_popen(slow, **kw))
    told, outcome = threading.Event(), []

    def run():
        try:
            SearchService(catalogue, tmp_path / "index", progress=lambda *_a: told.set(), build_apart=True)
            outcome.append("opened")
        except builder.BuildStopped:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    started = time.monotonic()
    thread.start()
    assert told.wait(30)
    builder.stop_builds()
    thread.join(30)
    assert outcome == ["stopped"] and time.monotonic() - started < 30
    assert not (tmp_path / "index").exists() or not list((tmp_path / "index").glob("*.current"))


def test_no_build_apart_where_the_index_could_not_be_kept(catalogue, tmp_path, monkeypatch):
    from brochure_app.search import builder

    started = []
    monkeypatch.setattr(builder.subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.setattr(builder.os, "access", lambda path, mode: False)
    assert not builder.build_apart(catalogue, tmp_path / "index") and not started
