"""Content editions in the window: the status bar names the edition and its signer (and says when it is old), File ›
Install content update installs a signed pack with every check, Help › What's new lists what changed."""

from __future__ import annotations

import datetime as _dt

from tests.test_editions import AAMR, edit, make_pack, publisher  # noqa: F401 - publisher: a fixture


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
    monkeypatch.setattr(markup, "ask", lambda _parent, title, text: told.append(text) and False)   # No: not now
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


def _installed_window(make_window, capsys, content_copy, publisher, tmp_path):  # noqa: F811
    """A window on a newly installed edition in which AAMR (a London requirement) was retitled."""
    from brochure_app.catalogue.active import default_root
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.editions.store import install

    install(make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, edited"), publisher, tmp_path / "e.pack"))
    return make_window(cat=load_catalogue(default_root()))


def test_a_changed_item_is_tagged_updated_in_lists_and_search_until_it_is_opened(
        make_window, qtbot, capsys, content_copy, publisher, tmp_path):  # noqa: F811
    from types import SimpleNamespace

    w = _installed_window(make_window, capsys, content_copy, publisher, tmp_path)
    w.advisor.build()
    w.editions.after_first_paint()
    assert not w.editions.updated.known       # worked out off the UI thread; the results are tagged when known
    qtbot.waitUntil(lambda: "Updated" in w.advisor.wizard.results.toPlainText())
    flat = " ".join(w.advisor.wizard.results.toPlainText().split())
    assert "AAMR, edited Updated" in flat and flat.count("Updated") == 1
    w.pages.open("section:requirement")
    section = w.tabs.current_view().toPlainText()
    assert "AAMR, edited Updated" in section.replace("\xa0", " ").replace("  ", " ")
    assert section.count("Updated") == 1           # only the item that changed
    hit = SimpleNamespace(id="aamr", title="AAMR, edited", kind="requirement", regions=("london",), historical=False,
                          snippet="", terms=())
    w.search.show_results(SimpleNamespace(query="aamr", region="london", hits=[hit], suggestion=None))
    label = w.search.panel.list.itemWidget(w.search.panel.list.item(0))
    assert "Updated" in label.text()

    w.pages.open("item:aamr", new_tab=True)
    assert w.state.page == "item:aamr"
    w.pages.show_key("section:requirement")
    assert "Updated" not in w.tabs.current_view().toPlainText()
    assert "Updated" not in w.search.panel.list.itemWidget(w.search.panel.list.item(0)).text()
    assert "Updated" not in w.advisor.wizard.results.toPlainText()
    # remembered in the person's data: a new window of the same edition tags it no more
    again = make_window(cat=w.catalogue)
    again.stores.opened_pages.reload()
    again.editions.updated.start()
    qtbot.waitUntil(lambda: again.editions.updated.known)
    assert again.editions.updated.changed("london") == {"aamr"} and not again.editions.updated.unopened("london")


def test_the_bundled_edition_tags_nothing(make_window):
    w = make_window()
    w.pages.open("section:requirement")
    assert "Updated" not in w.tabs.current_view().toPlainText()


def test_watch_reloads_the_page_when_its_file_is_saved_and_shows_what_check_finds(make_window, qtbot, content_copy):
    from brochure_app.catalogue.store import load_catalogue

    w = make_window(cat=load_catalogue(content_copy))
    w.pages.open("item:aamr", new_tab=True)
    watch = w.editions.watch(content_copy)
    page = content_copy / AAMR
    text = page.read_text(encoding="utf-8")
    with qtbot.waitSignal(watch.reloaded, timeout=20000):
        page.write_text(text.replace("title: Alcohol Abstinence", "title: Watched Alcohol Abstinence"),
                        encoding="utf-8")
    assert w.tabs.current_view().toPlainText().startswith("Watched Alcohol Abstinence")
    assert "Reloaded content/pages/national/aamr.md: check finds no problems" in w.banner.label.text()

    with qtbot.waitSignal(watch.reloaded, timeout=20000):
        page.write_text(text.replace("need_areas: [alcohol]", "need_areas: [alcohol, drink]"), encoding="utf-8")
    said = w.banner.label.text()
    assert w.banner.isVisible() and "check finds 1 problem" in said
    assert "content/pages/national/aamr.md:5: need_areas.1: unknown need area 'drink'" in said
    assert w.tabs.current_view().toPlainText().startswith("Watched Alcohol Abstinence")    # as it last read


def test_after_an_install_the_window_reloads_in_place_when_asked(make_window, qtbot, monkeypatch, capsys,
                                                                 content_copy, publisher, tmp_path):  # noqa: F811
    from brochure_app.ui.common import markup

    asked = []
    monkeypatch.setattr(markup, "ask", lambda _parent, title, text: asked.append(text) or True)    # Yes
    pack = make_pack(capsys, edit(content_copy, "2027.01.1", title="AAMR, edited"), publisher, tmp_path / "e.pack")
    w = make_window()
    w.pages.open("section:requirement")
    assert w.editions.install_dialog(str(pack)) is True
    assert asked and "Read it now?" in asked[0]
    assert w.editions.status_label.text().startswith("Content edition 2027.01.1 (January 2027), signed by Test Pub")
    assert w.tabs.current_key() == "whats-new" and "AAMR, edited" in w.tabs.current_view().toPlainText()
    w.pages.show_key("section:requirement")
    qtbot.waitUntil(lambda: "Updated" in w.tabs.current_view().toPlainText())      # once the changes are known
    section = w.tabs.current_view().toPlainText()
    assert "AAMR, edited" in section and "Content edition 2027.01.1" in section
