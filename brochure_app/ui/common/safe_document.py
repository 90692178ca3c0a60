"""A QTextDocument that loads no resource at all: for printing and PDF layout of rendered pages.

QTextDocument's default loadResource reads local files and data: URLs. Pages are sanitised before they get here;
this is the second line of defence, so that markup which ever slipped through could still fetch nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, qVersion
from PySide6.QtGui import QColor, QImage, QTextDocument

# Qt before 6.10 (the glibc 2.28 bundle has 6.9) reads an image's file or data: URL itself when loadResource answers
# a null image: there the answer is one transparent pixel, which is drawn as nothing and stops that fallback.
NULL_IMAGE_FALLS_BACK = tuple(int(n) for n in qVersion().split(".")[:2]) < (6, 10)


def empty_resource(kind):
    """What every loadResource of the app answers: an empty value of the right type. (None is not enough: Qt then
    reads local files and data: URLs itself.)"""
    if int(getattr(kind, "value", kind)) == QTextDocument.ResourceType.ImageResource.value:
        return transparent_pixel() if NULL_IMAGE_FALLS_BACK else QImage()
    return QByteArray()


def transparent_pixel() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    return image


class SafeDocument(QTextDocument):
    def loadResource(self, kind, url):  # noqa: N802 - Qt's name
        return empty_resource(kind)
