"""A QTextDocument that loads no resource at all: for printing and PDF layout of rendered pages.

QTextDocument's default loadResource reads local files and data: URLs. Pages are sanitised before they get here;
this is the second line of defence, so that markup which ever slipped through could still fetch nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage, QTextDocument


def empty_resource(kind):
    """What every loadResource of the app answers: an empty value of the right type. (None is not enough: Qt then
    reads local files and data: URLs itself.)"""
    if int(getattr(kind, "value", kind)) == QTextDocument.ResourceType.ImageResource.value:
        return QImage()
    return QByteArray()


class SafeDocument(QTextDocument):
    def loadResource(self, kind, url):  # noqa: N802 - Qt's name
        return empty_resource(kind)
