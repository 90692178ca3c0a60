"""Printing the page being read, and exporting it, its section or the whole region as a PDF (in the background)."""

from __future__ import annotations

from pathlib import Path

from brochure_app.ui.common import theme
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.state import split_key


class PrintingFeature(Feature):
    COMMANDS = (
        Command("printing.print", "Print…", "print_page", ("Ctrl+P",), "Print", tip="Print this page"),
        Command("printing.pdf_page", "Current page…", "export_page", ("Ctrl+Shift+E",),
                tip="Save the page you are reading as a PDF"),
        Command("printing.pdf_section", "This section…", "export_section",
                tip="Save this page's section of the brochure as a PDF"),
        Command("printing.pdf_region", "Whole region…", "export_region",
                tip="Save the region's whole brochure as one PDF"),
        Command("printing.website", "Export website…", "export_website_dialog",
                tip="Save the region's brochure as a website for an intranet, searchable with no server"),
    )

    def __init__(self, window):
        super().__init__(window)
        self.job = None

    def print_page(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        view = self.window.pages.tabs.current_view()
        if view is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Print — {view.title}")
        dialog.paintRequested.connect(lambda p: self._document(view.key).print_(p))
        dialog.exec()

    def _document(self, key: str):
        from brochure_app.ui.common.safe_document import SafeDocument

        doc = SafeDocument(self)
        doc.setDefaultStyleSheet(theme.css_for(False))
        doc.setHtml(self.window.pages.page_html(key).html)
        return doc

    def export_page(self) -> None:
        self.export_pdf("page")

    def export_section(self) -> None:
        self.export_pdf("section")

    def export_region(self) -> None:
        self.export_pdf("region")

    def export_pdf(self, what: str, path=None):
        """Exports the current page ('page'), its section ('section') or the whole region ('region') as a PDF, in
        the background, with a progress dialog that can cancel. Returns the job (None when none was started)."""
        from brochure_app.render.outline import pdf_scope

        if self.job is not None and self.job.running():
            self.status("A PDF is already being made.")
            return None
        page, region = split_key(self.state.page)
        region = region or self.state.region        # a marked page of another region: that region's PDF
        scope = pdf_scope(self.window.catalogue, region, page, what)
        if scope is None:
            self.status("Open a section or an intervention's page to export its section.")
            return None
        if path is None:
            from brochure_app.ui.printing import paper

            suggested = {"brochure": f"brochure-{region}.pdf"}.get(scope, f"{region}-{scope.replace(':', '-')}.pdf")
            path = paper.ask_save_path(self.window, "Export as PDF", suggested, "pdf")
            if path is None:
                return None
        from brochure_app.ui.common.jobs import Job
        from brochure_app.ui.printing.pdf_export_job import export_task

        job = self.job = Job(export_task(self.window.catalogue, region, path, scope), "pdf-export", self)
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog("Making the PDF…", "Cancel", 0, 100, self.window)
        progress.setWindowTitle("Export PDF")
        progress.setAccessibleName("PDF export progress")
        progress.setMinimumDuration(400)
        progress.setAutoClose(True)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(int(100 * done / max(1, total))))
        job.done.connect(lambda result: self.status(f"Saved {result.path} ({result.pages} pages)."))
        job.failed.connect(self.status)
        job.ended.connect(progress.reset)
        job.ended.connect(progress.deleteLater)
        job.start()
        return job

    def export_website_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        parent = QFileDialog.getExistingDirectory(self.window, "Export website: choose where to put its folder")
        if parent:
            self.export_website(Path(parent) / f"brochure-{self.state.region}-site")

    def export_website(self, out: Path):
        """Writes the region's static site to the folder out (new, empty, or a previous export), in the background
        (the same export as `brochure-app export --format html`). Returns the job."""
        from brochure_app.export.meta import ExportError
        from brochure_app.export.site import export_site
        from brochure_app.ui.common.jobs import Job, JobError

        catalogue, region = self.window.catalogue, self.state.region

        def task(report):
            try:
                return export_site(catalogue, region, out, progress=report)
            except (ExportError, OSError) as exc:
                raise JobError(f"The website could not be made: {exc}") from None

        job = Job(task, "export", self)
        job.done.connect(lambda result: self.status(f"Saved the website in {result.path} ({result.pages} pages; "
                                                    f"open index.html). {result.search}"))
        job.failed.connect(self.status)
        self.status(f"Making the website in {out}…")
        job.start()
        return job

    def close(self) -> None:
        if self.job is not None and self.job.running():
            self.job.cancel()
            self.job.wait(10000)
