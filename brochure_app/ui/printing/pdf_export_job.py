"""Runs a brochure PDF export (ui.pdf_export) on a background thread; the window stays responsive and can cancel.

Results come back as signals, delivered on the UI thread: progress(done, total), finished(path, pages),
failed(message). Cancelling makes the export stop at its next page; nothing half-written is left behind.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal


class PdfExportJob(QThread):
    progress = Signal(int, int)
    finished_ok = Signal(str, int)     # path, pages
    failed = Signal(str)

    def __init__(self, catalogue, region: str, out, scope: str, parent=None):
        super().__init__(parent)
        self.setObjectName("pdf-export")
        self.catalogue, self.region, self.out, self.scope = catalogue, region, out, scope
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:  # worker thread
        from brochure_app.export.meta import ExportError
        from brochure_app.ui.printing.pdf_export import ExportCancelled, export_pdf

        try:
            # force: the person chose the file in the save dialog, which asked before replacing one (ask_save_path)
            result = export_pdf(self.catalogue, self.region, self.out, scope=self.scope, progress=self._progress,
                                force=True)
        except ExportCancelled:
            self.failed.emit("The PDF export was cancelled; nothing was written.")
        except (ExportError, OSError) as exc:
            self.failed.emit(f"The PDF could not be made: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported to the person, never a crash in a thread
            self.failed.emit(f"The PDF could not be made: {type(exc).__name__}: {exc}")
        else:
            self.finished_ok.emit(str(result.path), result.pages)
