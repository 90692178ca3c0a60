"""Every output path is treated alike (export.output): PDF, HTML, screenshots and the window's PDF and PNG exports
replace an existing file only when it is one of the app's own (or the person said so), never make missing folders,
never write through a device or a pipe, and leave nothing half-written when they fail. The exports' edition line is
read as carefully as the command line's."""

from __future__ import annotations

import os

import pytest

from brochure_app.cli import main
from tests import factory


@pytest.fixture
def root(tmp_path):
    return factory.tree(tmp_path / "content")


def export(root, out, *extra):
    return main(["--content-root", str(root), "export", "--region", "london", "--format", "pdf", "--out", str(out),
                 *extra])


def test_pdf_export_replaces_only_its_own_pdfs_unless_forced(root, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    out.write_bytes(b"PK\x03\x04 a person's document")
    assert export(root, out) == 1
    assert "not a PDF this app made" in capsys.readouterr().err
    assert out.read_bytes() == b"PK\x03\x04 a person's document"
    assert export(root, out, "--force") == 0                       # the person said so
    first = out.read_bytes()
    assert first.startswith(b"%PDF-")
    assert export(root, out) == 0                                  # its own PDF: replaced without asking
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.7\n1 0 obj << /Creator (Word) >>\n")   # a PDF, but not one of ours
    assert export(root, other) == 1 and other.read_bytes().startswith(b"%PDF-1.7\n1 0 obj << /Creator (Word)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "other.pdf", "report.pdf"]   # no temporaries


def test_pdf_export_never_writes_through_a_link_a_pipe_or_a_folder(root, tmp_path, capsys):
    target = tmp_path / "precious.docx"
    target.write_bytes(b"precious")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert export(root, link) == 1 and target.read_bytes() == b"precious" and link.is_symlink()
    assert "is a link" in capsys.readouterr().err
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.pdf"
        os.mkfifo(fifo)
        assert export(root, fifo, "--force") == 1                  # never, whatever the person said
        assert "not a regular file" in capsys.readouterr().err
    assert export(root, tmp_path) == 1 and "is a folder" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_exports_never_create_missing_folders(root, tmp_path, capsys, fmt):
    out = tmp_path / "missing" / "deeper" / ("brochure.pdf" if fmt == "pdf" else "site")
    code = main(["--content-root", str(root), "export", "--region", "london", "--format", fmt, "--out", str(out)])
    assert code == 1 and "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_a_failed_pdf_leaves_the_old_file_and_no_temporary(root, tmp_path, monkeypatch):
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.export.meta import ExportError
    from brochure_app.ui.printing import pdf_export

    out = tmp_path / "b.pdf"
    assert export(root, out) == 0
    before = out.read_bytes()

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf_export.os, "replace", broken)
    cat = load_catalogue(root)
    with pytest.raises(ExportError, match="No space"):
        pdf_export.export_pdf(cat, "london", out)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf", "content"]


def test_screenshot_follows_the_same_rules(tmp_path, capsys):
    args = ["gui", "--region", "london", "--screenshot"]
    mine = tmp_path / "shot.png"
    assert main([*args, str(mine)]) == 0
    from brochure_app.export.output import is_own_output

    assert is_own_output(mine, "png")
    assert main([*args, str(mine)]) == 0                           # its own picture: replaced
    theirs = tmp_path / "holiday.png"
    theirs.write_bytes(b"\x89PNG\r\n\x1a\n a person's picture")
    assert main([*args, str(theirs)]) == 1 and theirs.read_bytes().endswith(b"a person's picture")
    assert "not a PNG this app made" in capsys.readouterr().err
    assert main([*args, str(theirs), "--force"]) == 0 and is_own_output(theirs, "png")
    assert main([*args, str(tmp_path / "missing" / "shot.png")]) == 1 and not (tmp_path / "missing").exists()


def test_a_picture_that_cannot_be_written_leaves_no_empty_file(tmp_path, monkeypatch, qapp):
    from PySide6.QtGui import QImage

    from brochure_app.ui.printing import paper

    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(0)
    monkeypatch.setattr(QImage, "save", lambda *a, **k: False)        # the encoder fails
    with pytest.raises(OSError):
        paper.write_png(tmp_path / "grid.png", image)
    assert list(tmp_path.iterdir()) == []


def test_window_exports_refuse_missing_folders_and_devices(tmp_path, qapp):
    from brochure_app.ui.printing import paper

    doc = paper.make_document("<p>Bench card</p>")
    with pytest.raises(OSError, match="does not exist"):
        paper.write_pdf(tmp_path / "missing" / "card.pdf", doc, paper.a4_layout(), "Bench card")
    assert not (tmp_path / "missing").exists()
    if hasattr(os, "mkfifo"):         # as a device would be (never tried on a real one: as root it would go)
        os.mkfifo(tmp_path / "pipe.pdf")
        with pytest.raises(OSError, match="not a regular file"):
            paper.write_pdf(tmp_path / "pipe.pdf", doc, paper.a4_layout(), "Bench card")
        (tmp_path / "pipe.pdf").unlink()
    assert paper.write_pdf(tmp_path / "card.pdf", doc, paper.a4_layout(), "Bench card") == 1


def test_the_save_dialog_asks_before_replacing_a_file_it_did_not_ask_about(tmp_path, monkeypatch, qapp):
    """The dialog asks about the name as typed; the app adds .pdf, and asks about that name itself."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from brochure_app.ui.printing import paper

    (tmp_path / "card.pdf").write_bytes(b"a person's file")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "card"), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    assert paper.ask_save_path(None, "Export", "card.pdf", "pdf") is None
    assert asked and "card.pdf already exists" in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    assert paper.ask_save_path(None, "Export", "card.pdf", "pdf") == tmp_path / "card.pdf"


def test_export_edition_is_read_as_carefully_as_the_command_line(root, tmp_path):
    from brochure_app.catalogue.edition import content_edition as cli_edition
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.export.meta import content_edition

    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    (root / "content" / "EDITION").symlink_to(secret)
    cat = load_catalogue(root, use_cache=False)
    assert content_edition(cat) == "unknown" == cli_edition(root)
    (root / "content" / "EDITION").unlink()
    (root / "content" / "EDITION").write_bytes(b"2026.2\x00binary")
    assert content_edition(cat) == "unknown"
    (root / "content" / "EDITION").write_text("2026.3 <b>\nsecond\n", encoding="utf-8")
    assert content_edition(cat) == "2026.3 <b>" == cli_edition(root)


def test_status_bar_shows_the_region_name_as_text(qtbot, catalogue):
    """A region's name with markup in it would load a local image and paint text in the status bar as Qt rich text."""
    from PySide6.QtCore import Qt

    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    window = MainWindow(catalogue, open_settings()[0], edition="test")
    qtbot.addWidget(window)
    window.save_on_close = False
    window.set_region("london")
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText
