"""Content editions: a signed pack made from edited content installs, becomes what every command reads and shows
its changes; a pack that is tampered, unsigned, untrusted, older, failing check or unsafe is refused with its
reason and changes nothing; rollback goes back; a kill at any stage of an install leaves a working edition.

Every test has its own user data folder (conftest), so its own installed editions and trusted keys; each makes its
own key pairs. The bundled publisher key is public only: its private key is not in the repository.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import signal
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from brochure_app import cli
from brochure_app.catalogue.active import (
    POINTER,
    active_installed,
    default_root,
    editions_dir,
)
from brochure_app.catalogue.edition import content_edition, edition_key
from brochure_app.catalogue.paths import bundled_root
from brochure_app.editions import keys, pack, store
from tests.conftest import REPO

BUNDLED_EDITION = content_edition(bundled_root())
AAMR = Path("content/pages/national/aamr.md")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def edit(root: Path, edition: str, title: str | None = None) -> Path:
    """The content under root as a new edition; with title, AAMR gets that title and a new summary."""
    (root / "content" / "EDITION").write_text(f"{edition}\n", encoding="utf-8")
    if title:
        path = root / AAMR
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
        text = re.sub(r'(?m)^summary: "(An edited summary\. )?', 'summary: "An edited summary. ', text, count=1)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def publisher(tmp_path) -> Path:
    """A publisher's private key whose public key this person trusts."""
    key = tmp_path / "keys" / "publisher"
    key.parent.mkdir()
    keys.generate(key, "Test Publisher")
    keys.trust(keys.public_path(key))
    return key


def make_pack(capsys, root: Path, key: Path, out: Path) -> Path:
    code, _, err = run(capsys, "--content-root", root, "content", "pack", "--key", key, "--out", out)
    assert code == 0, err
    return out


def state() -> tuple:
    """Everything an install may change: ACTIVE's bytes and the editions folder's entries."""
    base = editions_dir()
    pointer = (base / POINTER).read_bytes() if (base / POINTER).exists() else None
    entries = sorted(p.name for p in base.iterdir() if p.name != ".lock") if base.is_dir() else []
    return pointer, entries


def assert_refused(capsys, pack_path: Path, reason: str, words: str = "") -> str:
    before = state()
    code, out, err = run(capsys, "content", "install", pack_path)
    assert code == 1 and out == "", (code, out, err)
    assert f"refused ({reason})" in err and words in err, err
    assert state() == before
    assert default_root() == bundled_root() or active_installed() is not None
    return err


def rewrite(src: Path, dest: Path, change=None, drop: tuple[str, ...] = (), add: dict | None = None) -> Path:
    """A copy of a pack's zip with members dropped, changed (change(name, data) -> data) or added, as an attacker
    who does not hold the key would make it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            zout.writestr(info, change(info.filename, data) if change else data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


# The path of a good pack -------------------------------------------------------------------------------------

def test_an_edited_pack_installs_is_what_every_command_reads_and_shows_its_changes(capsys, content_copy, publisher,
                                                                                  tmp_path):
    edited = make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, edited"), publisher,
                       tmp_path / "2027-01.pack")
    code, out, err = run(capsys, "content", "install", edited)
    assert code == 0, err
    assert "2027.01.1" in out and "Test Publisher" in out

    installed = active_installed()
    assert installed is not None and installed.edition == "2027.01.1" and default_root() == installed.root
    code, out, _ = run(capsys, "list", "--region", "london", "--json")
    titles = {i["id"]: i["title"] for i in json.loads(out)["items"]}
    assert titles["aamr"] == "AAMR, edited"
    code, out, _ = run(capsys, "show", "aamr", "--region", "london", "--json")
    assert json.loads(out)["summary"].startswith("An edited summary.")
    code, out, _ = run(capsys, "search", "edited summary", "--region", "london", "--json")
    assert [r["id"] for r in json.loads(out)["results"]][:1] == ["aamr"]

    code, out, _ = run(capsys, "changes", "--region", "london", "--json")
    changes = json.loads(out)
    assert code == 0 and changes["from"] == BUNDLED_EDITION and changes["to"] == "2027.01.1"
    assert changes["added"] == [] and changes["removed"] == []
    assert changes["changed"] == [{"id": "aamr", "title": "AAMR, edited", "fields": ["title", "summary"]}]
    code, out, _ = run(capsys, "changes", "--region", "london")
    assert "aamr" in out and "title, summary" in out

    code, out, _ = run(capsys, "content", "list", "--json")
    listed = json.loads(out)
    assert listed["active"] == "2027.01.1"
    assert [(e["edition"], e["source"], e["active"]) for e in listed["editions"]] == [
        ("2027.01.1", "installed", True), (BUNDLED_EDITION, "bundled", False)]
    fingerprint = keys.load_public(keys.public_path(publisher)).fingerprint
    assert listed["editions"][0]["signed_by"] == {"name": "Test Publisher", "fingerprint": fingerprint}
    code, out, _ = run(capsys, "--version")
    assert "content edition 2027.01.1, signed by Test Publisher" in out and fingerprint in out


def test_rollback_restores_the_previous_edition_then_the_bundled_one(capsys, content_copy, publisher, tmp_path):
    first = make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, January"), publisher, tmp_path / "a.pack")
    second = make_pack(capsys, edit(content_copy, "2027.02.1", title="AAMR, February"), publisher,
                       tmp_path / "b.pack")
    for p in (first, second):
        assert run(capsys, "content", "install", p)[0] == 0

    def aamr_title() -> str:
        return json.loads(run(capsys, "show", "aamr", "--region", "london", "--json")[1])["title"]

    assert aamr_title() == "AAMR, February"
    changes = json.loads(run(capsys, "changes", "--region", "london", "--json")[1])
    assert (changes["from"], changes["to"]) == ("2027.01.1", "2027.02.1")
    since = json.loads(run(capsys, "changes", "--region", "london", "--since", "bundled", "--json")[1])
    assert since["from"] == BUNDLED_EDITION and since["changed"][0]["fields"] == ["title", "summary"]

    code, out, _ = run(capsys, "content", "rollback")
    assert code == 0 and "2027.01.1" in out and aamr_title() == "AAMR, January"
    code, out, _ = run(capsys, "content", "rollback")
    assert code == 0 and BUNDLED_EDITION in out and default_root() == bundled_root()
    assert aamr_title() == "Alcohol Abstinence and Monitoring Requirement (AAMR)"
    code, out, err = run(capsys, "content", "rollback")
    assert code == 1 and out == "" and "no earlier edition" in err
    code, _, err = run(capsys, "changes", "--region", "london")
    assert code == 1 and "nothing to compare" in err
    # after a rollback the newer edition can be installed again
    assert run(capsys, "content", "install", second)[0] == 0 and aamr_title() == "AAMR, February"


# Refusals: each with its reason, nothing changed ---------------------------------------------------------------

@pytest.fixture
def good_pack(capsys, content_copy, publisher, tmp_path) -> Path:
    return make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, edited"), publisher, tmp_path / "good.pack")


def test_a_member_changed_after_signing_is_refused(capsys, good_pack, tmp_path):
    def one_byte(name, data):
        return data.replace(b"120 days", b"121 days", 1) if name == AAMR.as_posix() else data

    tampered = rewrite(good_pack, tmp_path / "tampered.pack", change=one_byte)
    assert_refused(capsys, tampered, "tampered", "content/pages/national/aamr.md does not match its signed digest")


def test_a_byte_flipped_in_the_pack_file_is_refused(capsys, good_pack, tmp_path):
    data = bytearray(good_pack.read_bytes())
    with zipfile.ZipFile(good_pack) as zf:
        info = zf.getinfo(AAMR.as_posix())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x20
    flipped = tmp_path / "flipped.pack"
    flipped.write_bytes(bytes(data))
    assert_refused(capsys, flipped, "tampered", "aamr.md")


def test_a_signed_manifest_changed_is_refused(capsys, good_pack, tmp_path):
    def manifest(name, data):
        return data.replace(b"2027.01.1", b"2027.09.1") if name == pack.MANIFEST else data

    assert_refused(capsys, rewrite(good_pack, tmp_path / "m.pack", change=manifest), "tampered", "signature")


def test_an_added_file_is_refused(capsys, good_pack, tmp_path):
    extra = rewrite(good_pack, tmp_path / "extra.pack", add={"content/pages/national/extra.md": b"---\n"})
    assert_refused(capsys, extra, "tampered", "not in its signed manifest")


def test_an_unsigned_pack_is_refused(capsys, good_pack, tmp_path):
    unsigned = rewrite(good_pack, tmp_path / "unsigned.pack", drop=(pack.SIGNATURE,))
    assert_refused(capsys, unsigned, "unsigned", "not signed")


def test_a_pack_signed_by_a_key_not_trusted_is_refused_until_trusted(capsys, content_copy, tmp_path):
    stranger = tmp_path / "stranger"
    keys.generate(stranger, "Someone Else")
    signed = make_pack(capsys, edit(content_copy, "2027.01.1"), stranger, tmp_path / "s.pack")
    err = assert_refused(capsys, signed, "untrusted", "content trust")
    assert keys.load_public(keys.public_path(stranger)).fingerprint in err
    code, out, _ = run(capsys, "content", "trust", keys.public_path(stranger))
    assert code == 0 and "Someone Else" in out
    assert run(capsys, "content", "install", signed)[0] == 0


def test_an_edition_not_newer_than_the_active_one_is_refused(capsys, content_copy, publisher, tmp_path):
    older = make_pack(capsys, edit(content_copy, "2026.01.1"), publisher, tmp_path / "old.pack")
    assert_refused(capsys, older, "older", f"not newer than the active edition {BUNDLED_EDITION}")
    newer = make_pack(capsys, edit(content_copy, "2027.03.1"), publisher, tmp_path / "new.pack")
    assert run(capsys, "content", "install", newer)[0] == 0
    between = make_pack(capsys, edit(content_copy, "2027.02.9"), publisher, tmp_path / "between.pack")
    assert_refused(capsys, between, "older", "2027.03.1")
    assert_refused(capsys, newer, "older")                 # the same edition again


def test_content_that_fails_check_is_neither_packed_nor_installed(capsys, content_copy, publisher, tmp_path):
    root = edit(content_copy, "2027.01.1")
    page = root / AAMR
    page.write_text(page.read_text(encoding="utf-8").replace("kind: requirement", "kind: nonsense", 1),
                    encoding="utf-8")
    code, out, err = run(capsys, "--content-root", root, "content", "pack", "--key", publisher,
                         "--out", tmp_path / "bad.pack")
    assert code == 1 and "aamr.md" in err and "no pack written" in err and not (tmp_path / "bad.pack").exists()
    # A publisher who skips the check (or an older app's pack) is still stopped at install.
    pack.build(root, keys.load_private(publisher), tmp_path / "bad.pack")
    assert_refused(capsys, tmp_path / "bad.pack", "check", "aamr.md")
    assert not [p for p in editions_dir().iterdir() if p.name.startswith(store.STAGING_PREFIX)]


def _raw_zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in members:
            zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../escaped.md", "/tmp/escaped.md", "content/../../escaped.md",
                                  "content/pages/../../../escaped.md", "C:/escaped.md", "content\\..\\escaped.md",
                                  "content/pages/.hidden.md", "elsewhere/escaped.md"])
def test_a_member_named_outside_the_pack_is_refused_before_anything_is_written(capsys, good_pack, tmp_path, name):
    hostile = rewrite(good_pack, tmp_path / "hostile.pack", add={name: b"escaped\n"})
    assert_refused(capsys, hostile, "unsafe", "unsafe name")
    assert not list(tmp_path.parent.rglob("escaped.md"))


def test_links_bombs_and_too_many_members_are_refused(capsys, tmp_path, monkeypatch):
    link = zipfile.ZipInfo("content/pages/link.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert_refused(capsys, _raw_zip(tmp_path / "link.pack", [(link, b"/etc/passwd")]), "unsafe", "link")

    bomb = zipfile.ZipInfo("content/pages/bomb.md")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    assert_refused(capsys, _raw_zip(tmp_path / "bomb.pack", [(bomb, b"\0" * 5_000_000)]), "unsafe", "bytes")
    small_bomb = zipfile.ZipInfo("content/pages/bomb.md")
    small_bomb.compress_type = zipfile.ZIP_DEFLATED
    assert_refused(capsys, _raw_zip(tmp_path / "b2.pack", [(small_bomb, b"\0" * 3_000_000)]), "unsafe", "zip bomb")

    monkeypatch.setattr(pack, "MAX_MEMBERS", 3)
    many = [(f"content/pages/p{n}.md", b"x") for n in range(4)]
    assert_refused(capsys, _raw_zip(tmp_path / "many.pack", many), "unsafe", "members")
    twice = [("content/pages/a.md", b"x"), ("content/pages/A.md", b"y")]
    assert_refused(capsys, _raw_zip(tmp_path / "twice.pack", twice), "unsafe", "twice")
    (tmp_path / "junk.pack").write_bytes(b"not a zip at all")
    assert_refused(capsys, tmp_path / "junk.pack", "invalid", "not a content pack")


def test_a_pack_is_refused_from_a_folder_holding_a_link(capsys, content_copy, publisher, tmp_path):
    (content_copy / "content" / "pages" / "national" / "linked.md").symlink_to(REPO / "README.md")
    code, out, err = run(capsys, "--content-root", edit(content_copy, "2027.01.1"), "content", "pack",
                         "--key", publisher, "--out", tmp_path / "p.pack")
    assert code == 1 and "link" in err and not (tmp_path / "p.pack").exists()


# Keys ------------------------------------------------------------------------------------------------------------

def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(capsys, tmp_path):
    code, out, _ = run(capsys, "content", "keygen", "--out", tmp_path / "me", "--name", "Content Team")
    assert code == 0 and "fingerprint" in out
    assert stat.S_IMODE((tmp_path / "me").stat().st_mode) == 0o600
    assert keys.load_public(tmp_path / "me.pub").name == "Content Team"
    assert b"PRIVATE KEY" not in (tmp_path / "me.pub").read_bytes()
    code, _, err = run(capsys, "content", "keygen", "--out", tmp_path / "me")
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "content", "trust", tmp_path / "me")        # the private key is not a public one
    assert code == 1 and "not a public key" in err


def test_the_bundled_publisher_key_is_public_and_always_trusted():
    shipped = sorted(keys.bundled_keys_dir().iterdir())
    assert shipped and all(p.suffix == ".pub" for p in shipped)
    assert not any(b"PRIVATE" in p.read_bytes() for p in shipped)
    trusted = keys.trusted_keys()
    assert all(keys.load_public(p).fingerprint in trusted for p in shipped)


# The active edition at start ---------------------------------------------------------------------------------

def test_a_damaged_pointer_or_missing_edition_falls_back_to_the_bundled_content(capsys, good_pack):
    assert run(capsys, "content", "install", good_pack)[0] == 0
    found = active_installed()
    pointer = editions_dir() / POINTER
    good = pointer.read_bytes()
    for damaged in (b"../../etc\n", b"\xff\xfe", b"x" * 10_000, b"2027.01.1-deadbeef\n", b""):
        pointer.write_bytes(damaged)
        assert default_root() == bundled_root(), damaged
    pointer.write_bytes(good)
    assert default_root() == found.root
    os.rename(found.root / "content", found.root / "content-gone")
    assert default_root() == bundled_root()
    os.rename(found.root / "content-gone", found.root / "content")
    # An installed edition older than the bundled content (the app was upgraded since) is passed over.
    older = editions_dir() / "2020.01.1-0000abcd"
    os.rename(found.root, older)
    pointer.write_bytes(b"2020.01.1-0000abcd\n")
    assert default_root() == bundled_root()


def test_edition_lines_are_ordered_and_dated():
    assert edition_key("2027.01.2") > edition_key("2027.01.1") > edition_key("2026.12.9")
    assert edition_key("2027.10.1") > edition_key("2027.9.1")
    assert edition_key("2027.13.1") is None and edition_key("June 2027") is None
    info = store.EditionInfo("2026.11.1", "bundled", bundled_root())
    assert store.edition_age(_dt.date(2027, 11, 1), info).stale is False
    assert store.edition_age(_dt.date(2027, 11, 2), info).stale is True
    age = store.edition_age(_dt.date(2027, 1, 1), info)
    assert age.date == _dt.date(2026, 11, 1) and age.stale is False
    assert store.edition_age(info=store.EditionInfo("unknown", "bundled", bundled_root())).date is None


# A kill at any stage of an install --------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from brochure_app.editions.store import install
target, seen = sys.argv[2], []
def step(name):
    seen.append(name)
    if name == target and seen.count(name) == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
install(sys.argv[1], step=step)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_an_install_killed_at_any_stage_leaves_a_working_edition(capsys, good_pack):
    """SIGKILL at each stage: before the switch the old edition is still active and passes check; from the switch
    on, the new one is. Then a normal install clears what the killed ones left."""
    from brochure_app.render.check import check_root

    stages = [("start", 1, None), ("file", 1, None), ("file", 40, None), ("check", 1, None), ("name", 1, None),
              ("switch", 1, None), ("switched", 1, "2027.01.1")]
    for stage, nth, expected in stages:
        proc = subprocess.run([sys.executable, "-c", KILLER, str(good_pack), stage, str(nth)], cwd=REPO,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == -signal.SIGKILL, (stage, proc.stderr)
        found = active_installed()
        assert (found.edition if found else None) == expected, stage
        cat, problems = check_root(default_root())
        assert problems == [] and cat.items("london"), stage
        if found is not None:                     # back to the bundled edition for the next stage
            assert run(capsys, "content", "rollback")[0] == 0
    # And two kills by the clock, through the command line, wherever they land (start-up, unpacking, checking).
    for delay in (0.35, 0.6):
        proc = subprocess.Popen([sys.executable, "-m", "brochure_app", "content", "install", str(good_pack)],
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        found = active_installed()
        assert (found.edition if found else BUNDLED_EDITION) in ("2027.01.1", BUNDLED_EDITION), delay
        assert check_root(default_root())[1] == [], delay
        if found is not None:
            assert run(capsys, "content", "rollback")[0] == 0
    assert run(capsys, "content", "install", good_pack)[0] == 0
    left = sorted(p.name for p in editions_dir().iterdir() if p.name != ".lock")
    assert left == sorted([POINTER, active_installed().folder])


# What changed, as the window will ask ---------------------------------------------------------------------------

def test_changes_lists_items_added_removed_and_the_facts_changed(catalogue):
    """The comparison on its own: one item dropped, one added, one with new delivery facts and criteria."""
    import dataclasses

    from brochure_app.catalogue.catalogue import Catalogue
    from brochure_app.domain.models import Delivery, Eligibility
    from brochure_app.editions.changes import compare

    items = list(catalogue.items("london"))
    dropped, changed = items[0], items[1]
    items[1] = dataclasses.replace(changed, delivery=Delivery(sessions=99), eligibility=Eligibility(notes=("new",)))
    added = dataclasses.replace(items[2], id="brand-new", title="Brand new")
    newer = Catalogue(regions=catalogue.regions, region_items={"london": (*items[1:], added)})
    result = compare(catalogue, newer, "london", "2026.11.1", "2027.01.1")
    assert result.as_json() == {
        "region": "london", "from": "2026.11.1", "to": "2027.01.1",
        "added": [{"id": "brand-new", "title": "Brand new"}],
        "removed": [{"id": dropped.id, "title": dropped.title}],
        "changed": [{"id": changed.id, "title": changed.title, "fields": ["delivery", "eligibility"]}]}
    assert result.updated_ids == {"brand-new", changed.id}
    assert compare(catalogue, catalogue, "london", "a", "a").empty


def test_updated_items_follow_the_active_edition(capsys, good_pack):
    from brochure_app.editions.history import updated_ids

    assert updated_ids("london") == frozenset()           # the bundled edition: nothing is new
    assert run(capsys, "content", "install", good_pack)[0] == 0
    assert updated_ids("london") == {"aamr"}


def test_every_page_shows_its_source_edition_and_the_content_editions_date(catalogue):
    from brochure_app.catalogue.edition import edition_date
    from brochure_app.render.html import render

    month = f"{edition_date(BUNDLED_EDITION):%B %Y}"
    for region in ("london", "dlnr"):
        source = catalogue.regions[region].edition
        item = catalogue.items(region)[0].id
        for key in ("home", "section:requirement", f"item:{item}"):
            text = render(catalogue, region, key).html
            assert f"Source edition {source} · Content edition {BUNDLED_EDITION} ({month})" in text, (region, key)
