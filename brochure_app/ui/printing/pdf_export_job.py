"""The brochure's PDF export (ui.printing.pdf_export) as a task for a background Job (see common/jobs.py)."""

from __future__ import annotations

from brochure_app.ui.common.jobs import JobError


def export_task(catalogue, region: str, out, scope: str):
    """task(report) → PdfResult. report(done, total) returns False once the person cancelled: the export stops at its
    next page and nothing half-written is left behind."""
    def task(report):
        from brochure_app.export.meta import ExportError
        from brochure_app.ui.printing.pdf_export import ExportCancelled, export_pdf

        try:
            # force: the person chose the file in the save dialog, which asked before replacing one (ask_save_path)
            return export_pdf(catalogue, region, out, scope=scope, progress=report, force=True)
        except ExportCancelled:
            raise JobError("The PDF export was cancelled; nothing was written.") from None
        except (ExportError, OSError) as exc:
            raise JobError(f"The PDF could not be made: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - said plainly, with its type
            raise JobError(f"The PDF could not be made: {type(exc).__name__}: {exc}") from None

    return task
