"""Tests that fail when a protection is taken out, for the protections whose absence no other test would notice:
the fsync calls of the two atomic writers (a power cut after the rename could otherwise leave an empty file), and
the search index's digest check (a damaged file that whoosh still opens would otherwise be served)."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from brochure_app.search import index as search_index


@pytest.fixture
def fsyncs(monkeypatch):
    """Every fsync made, as (kind, inode) of what it was made on: 'file' or 'folder'."""
    made = []
    real = os.fsync

    def record(fd):
        st = os.fstat(fd)
        made.append(("folder" if stat.S_ISDIR(st.st_mode) else "file", st.st_ino))
        return real(fd)

    monkeypatch.setattr(os, "fsync", record)
    return made


def test_the_atomic_writer_syncs_the_file_before_the_rename_and_the_folder_after(tmp_path, fsyncs, monkeypatch):
    from brochure_app.userdata import atomic

    order = []
    real_replace = os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (order.append(("replace", len(fsyncs))),
                                                            real_replace(a, b))[1])
    path = tmp_path / "shortlist.json"
    atomic.write_json(path, {"regions": {"london": ["bbr"]}})
    assert ("file", path.stat().st_ino) in fsyncs            # the data, on the disk
    assert ("folder", tmp_path.stat().st_ino) in fsyncs      # and the rename
    assert order == [("replace", 1)] and fsyncs[0][0] == "file" and fsyncs[-1][0] == "folder"


def test_the_index_writer_syncs_every_file_and_its_folder(catalogue, tmp_path, fsyncs):
    root = tmp_path / "index"
    opened = search_index.open_index(catalogue, root)
    assert opened.origin == "built"
    written = [p for p in opened.folder.iterdir()] + list(root.glob("*.current"))
    synced_files = {ino for kind, ino in fsyncs if kind == "file"}
    assert {p.stat().st_ino for p in written} <= synced_files
    assert ("folder", root.stat().st_ino) in fsyncs


def test_the_digest_check_catches_damage_whoosh_would_not_notice(catalogue, tmp_path):
    """vocabulary.json with one count changed, same size, still valid JSON: only the stamp's digest tells."""
    root = tmp_path / "index"
    first = search_index.open_index(catalogue, root)
    vocabulary = first.folder / search_index.VOCABULARY
    text = vocabulary.read_text(encoding="utf-8")
    word, count = next((m.group(1), m.group(2)) for m in re.finditer(r'"([a-z]+)": (\d)\b', text))
    changed = text.replace(f'"{word}": {count}', f'"{word}": {(int(count) + 1) % 10}', 1)
    assert len(changed) == len(text) and json.loads(changed)
    vocabulary.write_text(changed, encoding="utf-8")
    again = search_index.open_index(catalogue, root)
    assert again.origin == "built", again.notes
    assert any("damaged" in note for note in again.notes)
    assert again.vocabulary == first.vocabulary
