"""Content editions in the window: the status bar names the edition and its signer (and says when it is old), File ›
Install content update installs a signed pack with every check, Help › What's new lists what changed."""

from __future__ import annotations

import datetime as _dt

from tests.test_editions import edit, make_pack, publisher  # noqa: F401 - publisher: a fixture


def test_the_status_bar_names_the_bundled_edition_and_says_when_it_is_old(make_window):
    w = make_window()
    w.editions.refresh()
    text = w.editions.status_label.text()
    assert text.startswith("Content edition ") and "bundled with the app" in text
    old = w.editions.describe(today=_dt.date.today() + _dt.timedelta(days=3 * 365))
    assert "more than 12 months old" in old and "Content edition" in old


def test_install_refuses_a_tampered_pack_and_changes_nothing(make_window, monkeypatch, tmp_path):
    from brochure_app.ui.common import markup

    said = []
    monkeypatch.setattr(markup, "warn", lambda _parent, title, text: said.append(text))
    bad = tmp_path / "bad.pack"
    bad.write_bytes(b"PK\x03\x04 not really a pack")
    w = make_window()
    before = w.editions.describe()
    assert w.editions.install_dialog(str(bad)) is False
    assert said and "nothing was changed" in said[0]
    assert w.editions.describe() == before


def test_install_then_whats_new_in_a_window_on_the_new_edition(make_window, monkeypatch, capsys, content_copy,
                                                                publisher, tmp_path):  # noqa: F811
    from brochure_app.catalogue.active import default_root
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.ui.common import markup

    told = []
    monkeypatch.setattr(markup, "inform", lambda _parent, title, text: told.append(text))
    pack = make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, edited"), publisher, tmp_path / "e.pack")
    w = make_window()
    assert w.editions.install_dialog(str(pack)) is True
    assert told and "2027.01.1" in told[0] and "Test Publisher" in told[0]
    assert "edition 2027.01.1 is now installed: close and reopen" in w.editions.status_label.text()

    fresh = make_window(cat=load_catalogue(default_root()))
    assert fresh.editions.reads_active_edition()
    fresh.editions.refresh()
    assert fresh.editions.status_label.text().startswith("Content edition 2027.01.1 (January 2027), signed by Test Pub")
    assert fresh.editions.show_whats_new()
    assert fresh.tabs.current_key() == "whats-new"
    text = fresh.tabs.current_view().toPlainText()
    assert "What's new in this edition" in text and "AAMR, edited" in text and "title" in text
