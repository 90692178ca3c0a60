"""Snippets: the passage of a page that best shows why it matched, matched words in <b></b>, the rest escaped.

Page text is untrusted as far as HTML goes (it is content, and content is written by people): every character
outside the <b></b> tags this module adds is HTML-escaped, quotes included.

Made only for the hits actually returned. Instead of re-analysing the whole page word by word for every query
(slow in Python), each page's distinct words, their stems (memoised) and where they start are collected once
(PageWords, kept by the service); a snippet then only looks up the query's stems.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from brochure_app.search import analysis

WIDTH = 220  # characters of page text in a snippet
LEAD = 50  # context kept before the first highlighted word
_SPACE = re.compile(r"\s+")
_FIGURE = re.compile(r"\d")
_stem_of = analysis.term_of


@dataclass(frozen=True, slots=True)
class PageWords:
    """A page's distinct words grouped by stem, and (filled in as queries ask) where each word starts. Worth
    keeping per page (pages are shown again and again): a snippet then only looks up the query's stems."""

    text: str
    by_stem: dict[str, list[str]]
    _starts: dict[str, list[int]] = field(default_factory=dict)

    def starts(self, raw: str) -> list[int]:
        found = self._starts.get(raw)
        if found is None:
            text, size, found = self.text, len(raw), []
            pos = text.find(raw)
            while pos >= 0:
                end = pos + size
                before = pos == 0 or not _is_word_char(text[pos - 1])
                if before and (end == len(text) or not _is_word_char(text[end])):  # a whole word, not a part
                    found.append(pos)
                pos = text.find(raw, end)
            self._starts[raw] = found
        return found


def _is_word_char(ch: str) -> bool:
    return analysis.WORD.match(ch) is not None


def page_words(text: str) -> PageWords:
    by_stem: dict[str, list[str]] = {}
    for raw in set(analysis.WORD.findall(text)):
        term = _stem_of(raw)
        if term is not None:
            by_stem.setdefault(term, []).append(raw)
    return PageWords(text, by_stem)


def matches(text: str, singles, phrases, words: PageWords | None = None) -> list[tuple[int, int, str, float]]:
    """(start, end, stem, weight) of every word to highlight: single terms anywhere, phrase words only where the
    whole phrase stands together. singles maps stem -> weight, phrases maps a tuple of stems -> weight."""
    weights = dict(singles)
    for phrase in phrases:
        for term in phrase:
            weights.setdefault(term, 0.0)
    if not weights:
        return []
    if words is None:
        words = page_words(text)
    found = []
    for term in weights:
        weight = singles.get(term, 0.0)
        for raw in words.by_stem.get(term, ()):
            size = len(raw)
            found.extend([start, start + size, term, weight] for start in words.starts(raw))
    if not found:
        return []
    found.sort()
    for phrase, weight in phrases.items():
        n = len(phrase)
        for i in range(len(found) - n + 1):
            if found[i][2] != phrase[0]:
                continue
            if all(found[i + k][2] == phrase[k] and _adjacent(text, found[i + k - 1][1], found[i + k][0])
                   for k in range(1, n)):
                for k in range(n):
                    found[i + k][3] = max(found[i + k][3], weight)
    return [(s, e, t, w) for s, e, t, w in found if w > 0.0]


def _adjacent(text: str, end: int, start: int) -> bool:
    """Whether only punctuation, spaces and stop words stand between two words (as the index sees it)."""
    return all(_stem_of(w) is None for w in analysis.WORD.findall(text, end, start))


def make(text: str, singles, phrases, width: int = WIDTH, words: PageWords | None = None) -> str:
    """The best passage of text, escaped, with the matched words in <b></b> (see passage)."""
    return passage(text, singles, phrases, width, words)[0]


def passage(text: str, singles, phrases, width: int = WIDTH, words: PageWords | None = None
            ) -> tuple[str, tuple[str, ...]]:
    """The best passage of text, escaped, with the matched words in <b></b>; and every word of the page that
    matched, as written there in lower case (for the window to highlight on the page, ignoring case).

    The page text starts with its title (which the result shows anyway) and ends with its sources: a passage
    from between the two is preferred when it has any match."""
    found = matches(text, singles, phrases, words)
    terms = tuple(sorted({text[s:e].lower() for s, e, *_ in found}))
    return _passage(text, found, width), terms


def _passage(text: str, found, width: int) -> str:
    body_start = text.find("\n\n")
    body_start = 0 if body_start < 0 else body_start + 2
    body_end = text.rfind("\n\nSources:")
    body_end = len(text) if body_end < body_start else body_end
    in_body = [m for m in found if body_start <= m[0] < body_end]
    limit = body_end if in_body or not found else len(text)
    found = in_body or found
    if not found:
        start = body_start if body_start < len(text) else 0
        return _render(text, start, _snap_end(text, start, min(start + width, limit)), [])
    best_i = _best_window(found, width - LEAD, text)
    first = found[best_i][0]
    start = _snap_start(text, first - LEAD, first)
    end = _snap_end(text, start, min(start + width, max(limit, found[best_i][1])))
    shown = [m for m in found if m[0] >= start and m[1] <= end]
    return _render(text, start, end, shown)


def _best_window(found: list[tuple[int, int, str, float]], span: int, text: str = "") -> int:
    """The index of the match that starts the best window of span characters: the most weight of distinct terms,
    then one with figures in it (a court user asking for "unpaid work hours" wants the hours), then the most
    matches, then the earliest (one pass, a sliding window)."""
    weight: dict[str, float] = {}
    for _, _, term, w in found:
        if w > weight.get(term, 0.0):
            weight[term] = w
    counts: dict[str, int] = {}
    score, j, best_i, best_key = 0.0, 0, 0, None
    for i in range(len(found)):
        if j < i:  # match i - 1 alone was wider than the window: start afresh
            j, score = i, 0.0
            counts.clear()
        while j < len(found) and found[j][1] - found[i][0] <= span:
            term = found[j][2]
            counts[term] = counts.get(term, 0) + 1
            if counts[term] == 1:
                score += weight[term]
            j += 1
        start = found[i][0]
        figures = _FIGURE.search(text, max(0, start - LEAD), start + span) is not None
        key = (round(score, 6), figures, j - i)
        if best_key is None or key > best_key:
            best_i, best_key = i, key
        if j > i:  # match i leaves the window
            term = found[i][2]
            counts[term] -= 1
            if counts[term] == 0:
                score -= weight[term]
    return best_i


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


def _render(text: str, start: int, end: int, shown) -> str:
    out = []
    pos = start
    for s, e, *_ in shown:
        out.append(_plain(text[pos:s]))
        out.append("<b>" + html.escape(text[s:e], quote=True) + "</b>")
        pos = e
    out.append(_plain(text[pos:end]))
    body = "".join(out).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _plain(segment: str) -> str:
    return html.escape(_SPACE.sub(" ", segment), quote=True)
