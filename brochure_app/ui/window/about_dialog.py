"""About: version, content edition, sources and licence notes."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

from brochure_app.ui.common.fit import fit_dialog


class AboutDialog(QDialog):
    def __init__(self, version: str, edition: str, sources: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("About the Judicial Brochure")
        layout = QVBoxLayout(self)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
        text = QLabel(
            f"<h2>Judicial Brochure of Probation Interventions</h2>"
            f"<p>Version {html.escape(version)} · content edition {html.escape(edition)}</p>"
            f"<p>An offline reference for sentencers. Every page names its source and section; historical "
            f"material (before the 2021 unification of probation) is marked wherever it appears.</p>"
            f"<p><b>Sources</b></p><ul>{items}</ul>"
            f"<p>Built with Qt for Python (PySide6, LGPLv3), Jinja2 (BSD), Python-Markdown (BSD), "
            f"Whoosh-Reloaded (BSD), PyYAML (MIT), msgspec (BSD), nh3 (MIT), platformdirs (MIT).</p>"
            f"<p>This app never connects to a network.</p>")
        text.setWordWrap(True)
        text.setTextFormat(text.textFormat().RichText)
        text.setOpenExternalLinks(False)
        area = QScrollArea()                  # scrolls on a small screen or with large text
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(text)
        layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_dialog(self, 560, 420)
