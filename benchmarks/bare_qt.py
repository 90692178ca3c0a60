"""The floor for start-up: a bare PySide6 script showing one QTextBrowser page in a QTabWidget, then a screenshot.

Run as: python -m benchmarks.bare_qt OUT.png
"""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QTextBrowser

PAGE = "<h1>London</h1><p>" + "Judicial brochure of probation interventions. " * 80 + "</p>"


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    page = QTextBrowser()
    page.setHtml(PAGE)
    tabs.addTab(page, "Home")
    window.setCentralWidget(tabs)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    ok = window.grab().save(sys.argv[1], "PNG")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
