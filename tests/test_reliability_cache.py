"""Caches that heal: the catalogue cache (and the rendered-page cache beside it) missing, truncated, garbage, from an
older version, planted, in a folder that is read-only or is a file, or written by two processes at once — the app
still loads the right content, and the cache is whole again afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from pathlib import Path

import pytest

from tests import factory


def summary(cat) -> dict:
    """What must be right whatever the cache did: regions, their items (as each presents them), problems."""
    return {
        "regions": list(cat.regions),
        "items": {r: [(i.id, i.title, i.kind, i.body) for i in items] for r, items in cat.region_items.items()},
        "problems": [str(p) for p in cat.problems],
    }


@pytest.fixture
def root(tmp_path):
    return factory.tree(tmp_path / "root")


@pytest.fixture
def expected(root):
    from brochure_app.catalogue import load

    return summary(load(root))


def cache_file(root: Path) -> Path:
    from brochure_app.catalogue.store import cache_dir, fingerprint

    return cache_dir() / f"catalogue-{fingerprint(root.resolve())}.pickle"


@pytest.fixture
def parses(monkeypatch):
    """Counts how often the content is really parsed (a cache hit parses nothing)."""
    from brochure_app.catalogue import loader

    calls = []
    real = loader.load

    def counting(root, key=None):
        calls.append(root)
        return real(root, key)

    monkeypatch.setattr(loader, "load", counting)
    return calls


def load_cat(root):
    from brochure_app.catalogue.store import load_catalogue

    return load_catalogue(root)


def test_missing_cache_is_built_then_used(root, expected, parses):
    assert not cache_file(root).exists()
    assert summary(load_cat(root)) == expected and len(parses) == 1
    assert cache_file(root).is_file()
    assert summary(load_cat(root)) == expected and len(parses) == 1   # the second start parses nothing


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


DAMAGE = {
    "empty": lambda data: b"",
    "truncated": _truncated,
    "one-byte": lambda data: data[:1],
    "bit-flip": _flipped,
    "garbage": lambda data: os.urandom(len(data)),
    "text": lambda data: b"not a pickle at all\n" * 50,
    "nul": lambda data: b"\0" * 4096,
    "other-object": lambda data: pickle.dumps({"regions": {}}),
    "missing-class": lambda data: b"cbrochure_app.catalogue.catalogue\nOldCatalogue\n)R.",   # renamed since
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_ignored_and_rewritten(root, expected, parses, damage):
    load_cat(root)
    path = cache_file(root)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    assert summary(load_cat(root)) == expected and len(parses) == 2
    assert summary(load_cat(root)) == expected and len(parses) == 2   # healed: read from the cache again


def test_stale_catalogue_in_the_cache_is_not_served(root, expected, parses, tmp_path):
    """A cache file holding another content version or another root (say, copied over by hand) is not used."""
    from brochure_app.catalogue.store import load_catalogue

    other = factory.tree(tmp_path / "other", items={"zeta": factory.item("zeta")})
    stale = load_catalogue(other)
    cache_file(root).parent.mkdir(parents=True, exist_ok=True)
    with open(cache_file(root), "wb") as fh:
        pickle.dump(stale, fh)
    assert summary(load_cat(root)) == expected
    object.__setattr__(stale, "content_hash", cache_file(root).stem.removeprefix("catalogue-"))
    with open(cache_file(root), "wb") as fh:
        pickle.dump(stale, fh)   # right key, wrong root
    assert summary(load_cat(root)) == expected


def test_edited_content_is_never_served_from_the_old_cache(root, parses):
    assert [i.title for i in load_cat(root).items("london")] == ["Alpha", "Beta"]
    factory.page(root, "alpha", factory.item("alpha", title="Alpha, edited"))
    assert [i.title for i in load_cat(root).items("london")] == ["Alpha, edited", "Beta"]
    assert len(parses) == 2


def test_cache_of_an_older_version_is_ignored_and_cleared(root, expected, monkeypatch):
    from brochure_app.catalogue import stamp

    with monkeypatch.context() as m:
        m.setattr(stamp, "__version__", "0.0.1-old")     # the app version is part of the content stamp
        load_cat(root)
        old_file = cache_file(root)
    assert old_file.is_file() and old_file != cache_file(root)
    assert summary(load_cat(root)) == expected
    assert not old_file.exists()
    assert [p.name for p in cache_file(root).parent.glob("catalogue-*.pickle")] == [cache_file(root).name]


class _Planted:
    """What an attacker's pickle would do: call something on load (here: create a marker file)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_planted_cache_cannot_run_code(root, expected, tmp_path):
    marker = tmp_path / "code-ran"
    cache_file(root).parent.mkdir(parents=True, exist_ok=True)
    cache_file(root).write_bytes(pickle.dumps(_Planted(str(marker))))
    assert summary(load_cat(root)) == expected
    assert not marker.exists()
    # The same for the rendered-page cache beside it.
    from brochure_app.catalogue.store import cache_dir
    from brochure_app.render import cache as page_cache

    cat = load_cat(root)
    (cache_dir() / f"pages-{cat.content_hash}.pickle").write_bytes(pickle.dumps(_Planted(str(marker))))
    assert page_cache.PageCache(cat.content_hash, cache_dir()).pages == {}
    assert not marker.exists()


def test_page_cache_heals(root, tmp_path):
    from brochure_app.catalogue.store import cache_dir
    from brochure_app.render import cache as page_cache

    cat = load_cat(root)
    path = cache_dir() / f"pages-{cat.content_hash}.pickle"
    for data in (b"", b"garbage", pickle.dumps(["not", "a", "dict"]), pickle.dumps({"format": -1})):
        path.write_bytes(data)
        pages = page_cache.PageCache(cat.content_hash, cache_dir())
        assert pages.pages == {}
        pages.put(("london", "home"), ("Home", "<p>x</p>"))
        pages.save()
        assert page_cache.PageCache(cat.content_hash, cache_dir()).get(("london", "home")) == ("Home", "<p>x</p>")


def test_cache_folder_replaced_by_a_file(root, expected, capsys):
    from brochure_app.catalogue.store import cache_dir

    folder = cache_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("I am a file where the cache folder should be\n", encoding="utf-8")
    for _ in range(2):
        assert summary(load_cat(root)) == expected
    assert "cannot write the content cache" in capsys.readouterr().err
    assert folder.read_text(encoding="utf-8").startswith("I am a file")   # left alone


def test_cache_root_replaced_by_a_file(root, expected, monkeypatch, tmp_path):
    blocker = tmp_path / "xdg-cache-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert summary(load_cat(root)) == expected


def test_cache_file_replaced_by_a_folder(root, expected):
    path = cache_file(root)
    (path / "inside").mkdir(parents=True)
    assert summary(load_cat(root)) == expected
    assert summary(load_cat(root)) == expected


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: chmod does not stop root from writing (the file-in-place-of-the-folder "
                           "tests cover an unwritable cache here)")
def test_read_only_cache_folder(root, expected, capsys):
    from brochure_app.catalogue.store import cache_dir

    load_cat(root)                       # a good cache exists...
    folder = cache_dir()
    cache_file(root).unlink()            # ...then is lost, and the folder is read-only
    folder.chmod(0o500)
    try:
        assert summary(load_cat(root)) == expected
        assert "cannot write the content cache" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)


def test_unreadable_cache_file(root, expected, monkeypatch):
    """A cache file that cannot be opened (permissions, or a broken link) means: parse."""
    path = cache_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.parent / "nowhere")
    assert summary(load_cat(root)) == expected


def test_cli_answers_with_a_broken_cache(root, capsys):
    import json

    from brochure_app.cli import main

    load_cat(root)
    cache_file(root).write_bytes(b"\x80\x05garbage")
    assert main(["--content-root", str(root), "list", "--region", "london", "--json"]) == 0
    assert [i["id"] for i in json.loads(capsys.readouterr().out)["items"]] == ["alpha", "beta"]


# --- two processes at once ------------------------------------------------------------------------------------

def _load_in_child(root: str, barrier, rounds: int, clear: bool, queue) -> None:
    """A separate app instance: loads the catalogue `rounds` times, starting together with the others. Records every
    time it found a cache file it could not read (a torn write would show here)."""
    try:
        from brochure_app.catalogue import store

        torn = []
        real = store.read_pickle

        def watching(path, modules=()):
            try:
                return real(path, modules)
            except FileNotFoundError:
                raise
            except Exception as exc:
                torn.append(repr(exc)[:80])
                raise

        store.read_pickle = watching
        barrier.wait(30)
        seen = []
        for _ in range(rounds):
            if clear:   # keep the cache being rewritten while the others read it
                for path in store.cache_dir().glob("catalogue-*.pickle"):
                    path.unlink(missing_ok=True)
            seen.append(summary(store.load_catalogue(root)))
        queue.put(("ok", seen, torn))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        queue.put(("error", repr(exc), []))


@pytest.fixture
def big_root(tmp_path):
    """Enough content that writing the cache takes a while (a torn write would be seen by the readers)."""
    items = {f"item-{n}": factory.item(f"item-{n}", summary="A summary. " * 400) for n in range(30)}
    return factory.tree(tmp_path / "big", items=items)


def test_instances_started_together_do_not_corrupt_each_other(big_root):
    from brochure_app.catalogue import load
    from brochure_app.catalogue.store import CATALOGUE_MODULES, cache_dir, read_pickle

    expected = summary(load(big_root))
    ctx = multiprocessing.get_context("spawn")
    n = 4
    barrier, queue = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_load_in_child, args=(str(big_root), barrier, 25 if i else 8, i == 0, queue))
             for i in range(n)]
    for p in procs:
        p.start()
    try:
        results = [queue.get(timeout=60) for _ in procs]
    finally:
        for p in procs:
            p.join(30)
    assert [status for status, _seen, _torn in results] == ["ok"] * n, results
    for _status, seen, torn in results:
        assert all(s == expected for s in seen)
        assert torn == [], "a process read a half-written cache"
    path = cache_file(big_root)
    assert summary(read_pickle(path, CATALOGUE_MODULES)) == expected
    leftovers = [p.name for p in cache_dir().iterdir() if p.name != path.name and not p.name.startswith("pages-")]
    assert leftovers == []
    assert all(p.exitcode == 0 for p in procs)


if __name__ == "__main__":   # pragma: no cover - spawn imports this module by name
    sys.exit(0)


def test_content_edited_while_it_is_read_is_stamped_as_before_the_edit(root, parses, monkeypatch):
    """The stamp is taken before the files are read: a file edited mid-read leaves this catalogue (and the caches
    made from it, such as the start-up snapshot) labelled with the older stamp, so the next start reads again."""
    from brochure_app.catalogue import loader
    from brochure_app.catalogue.store import fingerprint, load_catalogue

    real_item = loader._load_item
    page = next((root / "content" / "pages").rglob("*.md"))
    edited = []

    def editing(reader, path, sources):
        if not edited:
            edited.append(path)
            page.write_text(page.read_text(encoding="utf-8") + "\nEdited while the content was read.\n",
                            encoding="utf-8")
        return real_item(reader, path, sources)

    before = fingerprint(root.resolve())
    monkeypatch.setattr(loader, "_load_item", editing)
    first = load_catalogue(root)
    assert first.content_hash == before != fingerprint(root.resolve())
    monkeypatch.setattr(loader, "_load_item", real_item)
    second = load_catalogue(root)
    assert len(parses) == 2 and second.content_hash == fingerprint(root.resolve())
