"""Snippets with whoosh's highlighter: the passage of a page that best shows why it matched, the matched words in
<b></b>, everything else HTML-escaped (page text is content, written by people), quotes included.

A page is analysed once (by the index's own analyser, so stems, synonyms' phrases and corrections match as they
matched in the search) into where each term stands; a query then only looks up its terms. whoosh's
PinpointFragmenter groups the matches into passages, and its BasicFragmentScorer picks the best (the most weight,
times the distinct terms: the words typed weigh more than synonyms); the first of equals.
"""

from __future__ import annotations

import html
import re

from whoosh.analysis import Token
from whoosh.highlight import BasicFragmentScorer, Formatter, Fragment, PinpointFragmenter

from brochure_app.search import analysis

WIDTH = 220  # characters of page text in a snippet
LEAD = 50  # context kept before the first highlighted word
_SPACE = re.compile(r"\s+")

Places = dict[str, list[tuple[int, int]]]  # term -> (start, end) of each occurrence in a page


def places(text: str, analyzer) -> Places:
    """Where each term of a page stands (a known phrase's term spans its words)."""
    found: Places = {}
    for t in analyzer(text, chars=True):
        found.setdefault(t.text, []).append((t.startchar, t.endchar))
    return found


class _Formatter(Formatter):  # whoosh's HtmlFormatter adds class attributes and leaves quotes unescaped
    def _text(self, text: str) -> str:
        return html.escape(_SPACE.sub(" ", text), quote=True)

    def format_token(self, text, token, replace=False) -> str:
        """Each word of the match in <b></b> (a phrase's stop words and spaces not)."""
        out, pos = [], token.startchar
        for word in _words(text, token.startchar, token.endchar):
            out += [self._text(text[pos:word.start()]), "<b>", self._text(word.group()), "</b>"]
            pos = word.end()
        return "".join(out) + self._text(text[pos:token.endchar])


def _words(text: str, start: int, end: int):
    """The indexed words of text[start:end] (stop words left out)."""
    return [m for m in analysis.WORD.finditer(text, start, end) if analysis.is_indexed(analysis.fold(m.group()))]


def passage(text: str, where: Places, terms: dict[str, float], width: int = WIDTH) -> tuple[str, tuple[str, ...]]:
    """The best passage of text, escaped, with the matched words in <b></b>; and every word of the page that
    matched, as written there in lower case (for the window to highlight on the page, ignoring case). where: the
    page's places (see places); terms: the query's terms with their weights (typed words weigh more than synonyms).

    The page text starts with its title (which the result shows anyway) and ends with its sources: a passage
    from between the two is preferred when it has any match."""
    matches = sorted((s, -e, term) for term in terms for s, e in where.get(term, ()))
    tokens = [Token(chars=True, text=term, startchar=s, endchar=-e, boost=terms[term]) for s, e, term in matches]
    shown = {w.group().lower() for t in tokens for w in _words(text, t.startchar, t.endchar)}
    body_start = text.find("\n\n") + 2 if "\n\n" in text else 0
    body_end = text.rfind("\n\nSources:")
    body_end = len(text) if body_end < body_start else body_end
    in_body = [t for t in tokens if body_start <= t.startchar < body_end]
    limit = body_end if in_body or not tokens else len(text)
    tokens = in_body or tokens
    if not tokens:
        start = body_start if body_start < len(text) else 0
        return _render(Fragment(text, [], start, _snap_end(text, start, min(start + width, limit)))), ()
    fragments = PinpointFragmenter(maxchars=width - LEAD, surround=LEAD).fragment_matches(text, tokens)
    best = max(fragments, key=lambda f: (BasicFragmentScorer()(f), -f.startchar))
    first = best.matches[0]
    start = _snap_start(text, first.startchar - LEAD, first.startchar)
    end = _snap_end(text, start, min(start + width, max(limit, best.matches[-1].endchar)))
    inside = [t for t in tokens if t.startchar >= start and t.endchar <= end]
    return _render(Fragment(text, inside, start, end)), tuple(sorted(shown))


def _render(fragment: Fragment) -> str:
    body = _Formatter().format_fragment(fragment).strip()
    return ("…" if fragment.startchar > 0 else "") + body + ("…" if fragment.endchar < len(fragment.text) else "")


def _snap_start(text: str, start: int, first: int) -> int:
    """Move start forward to the beginning of a word (never past the first highlighted word)."""
    if start <= 0:
        return 0
    line = text.rfind("\n", start, first)
    if line >= 0:
        return line + 1
    space = text.find(" ", start, first)
    return space + 1 if space >= 0 else first


def _snap_end(text: str, start: int, end: int) -> int:
    if end >= len(text):
        return len(text)
    if not text[end].isalnum() or not text[end - 1].isalnum():  # already at a word boundary
        return end
    space = text.rfind(" ", start, end)
    return space if space > start else end
