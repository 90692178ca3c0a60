"""Python-Markdown's link patterns, made linear and strict: a page of a few thousand links renders in milliseconds,
and a malformed link shows as the text it is instead of swallowing the sentences after it.

Two faults of the stock processors, both in code every link, image and reference goes through:

- finding a link text's closing bracket. Python-Markdown 3.11 works out the closing bracket of every position of the
  paragraph at once, in Python, and does it again after every link it makes (each link changes the paragraph's
  text): a paragraph of n characters with k links costs n*k steps, about 10 s for a page of 4,000 links. Here the
  scan goes from the '[' to its ']' only. render.html's pre-pass leaves no '[' unclosed and none nested, so each
  scan is as long as its link text: linear in the page.
- reading the target. The stock reader follows quotes and parentheses to the end of the paragraph when a title's
  quote is not closed (`[TSP](item:tsp "Thinking Skills (TSP)) first.`), so the link swallows the rest, and it
  takes a target with spaces in it as an address. Here a target is what CommonMark calls one: an address without
  spaces (or in <...>), with balanced parentheses one deep, then optionally a title in matching quotes, then ')'.
  Anything else is not a link: its text is shown as written, and `brochure-app check` reports it (catalogue.lint,
  which holds the pattern, LINK_TARGET, so the two always agree).
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    dequote,
)
from markdown.util import AtomicString

from brochure_app.catalogue.lint import LINK_TARGET

_BRACKET = re.compile(r"[\[\]]")
# What a pattern after the link's could start with: an image or reference ('!', '['), an autolink or inline HTML
# ('<'), an entity ('&'), emphasis ('*', '_'), a line break (a newline), or the placeholder of an earlier pattern's
# result (STX), which only the inline pass puts back.
_INLINE = re.compile("[!\\[<&*_\n\x02]")


class _Linear:
    """getText and getLink for every processor of a '[...]' construct (see the module's text)."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        depth = 0
        for m in _BRACKET.finditer(data, index):
            if m.group() == "[":
                depth += 1
            elif depth:
                depth -= 1
            else:
                return data[index:m.start()], m.end(), True
        return data[index:], len(data), False

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802 - as above
        m = LINK_TARGET.match(data, index)
        if m is None:
            return "", None, index, False
        href = self.unescape(m.group(1) if m.group(1) is not None else m.group(2)).strip()
        title = m.group(3)
        if title is not None:
            title = self.RE_TITLE_CLEAN.sub(" ", dequote(self.unescape(title.strip())))
        return href, title, m.end(), True


class _Link(_Linear, LinkInlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        """The stock link, its text marked final when no later inline pattern could match in it: Python-Markdown
        would otherwise run every later pattern over every link's text, most of what a page of links costs."""
        el, start, end = super().handleMatch(m, data)
        if el is not None and el.text and not _INLINE.search(el.text):
            el.text = AtomicString(el.text)
        return el, start, end


class _Image(_Linear, ImageInlineProcessor):
    pass


class _Reference(_Linear, ReferenceInlineProcessor):
    pass


class _ImageReference(_Linear, ImageReferenceInlineProcessor):
    pass


class _ShortReference(_Linear, ShortReferenceInlineProcessor):
    pass


class _ShortImageReference(_Linear, ShortImageReferenceInlineProcessor):
    pass


# name in Python-Markdown's registry → (processor class, its pattern, its priority there: the same since 3.0)
_REPLACEMENTS = {
    "reference": (_Reference, REFERENCE_RE, 170),
    "link": (_Link, LINK_RE, 160),
    "image_link": (_Image, IMAGE_LINK_RE, 150),
    "image_reference": (_ImageReference, IMAGE_REFERENCE_RE, 140),
    "short_reference": (_ShortReference, REFERENCE_RE, 130),
    "short_image_ref": (_ShortImageReference, IMAGE_REFERENCE_RE, 125),
}


class LinearLinks(Extension):
    """Puts the processors above in place of the stock ones, at the same priorities."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        for name, (cls, pattern, priority) in _REPLACEMENTS.items():
            md.inlinePatterns.register(cls(pattern, md), name, priority)   # the same name: replaces the stock one
