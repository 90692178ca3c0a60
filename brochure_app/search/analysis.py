"""How text becomes index terms. The index, the query builder and the snippet maker all use these, so a word
typed by a user, a word in a page and a word highlighted in a snippet are always turned into the same term.

Words are runs of letters and digits (``\\w+``); they are lower-cased and accent-folded; stop words and one-letter
words are dropped; the rest are reduced to their Porter stem ("Programmes" -> "programm").

The index's analyser is TermTokenizer: the same steps as whoosh's RegexTokenizer | LowercaseFilter |
CharsetFilter(accent_map) | StopFilter | StemFilter chain, fused into one loop over a memo of word -> term (a
page repeats its words, and the pages share most of theirs), which makes building the index several times faster.
"""

from __future__ import annotations

import re

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS as _WHOOSH_STOP_WORDS
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(_WHOOSH_STOP_WORDS)
MIN_WORD = 2  # shorter words are not indexed
_MEMO_LIMIT = 200_000


def fold(word: str) -> str:
    """A word as the analysers see it before stemming (lower case, accents folded).

    Every value of the accent map is itself a run of word characters, so folding never splits a word."""
    return word.lower().translate(accent_map)


def is_indexed(word: str) -> bool:
    """Whether a folded word is kept by the analysers (not a stop word, not too short)."""
    return len(word) >= MIN_WORD and word not in STOP_WORDS


_stems: dict[str, str] = {}


def stem(folded: str) -> str:
    """The index term of a folded word."""
    term = _stems.get(folded)
    if term is None:
        if len(_stems) > _MEMO_LIMIT:
            _stems.clear()
        term = _stems[folded] = _porter_stem(folded)
    return term


_MISSING = object()
_terms: dict[str, str | None] = {}


def term_of(raw: str) -> str | None:
    """The index term of a word as it appears in text (any case, accents), or None for a dropped word."""
    term = _terms.get(raw, _MISSING)
    if term is _MISSING:
        folded = fold(raw)
        term = stem(folded) if is_indexed(folded) else None
        if len(_terms) > _MEMO_LIMIT:
            _terms.clear()
        _terms[raw] = term
    return term


def words(text: str) -> list[str]:
    """The folded words of a piece of text, in order, stop words included (the query builder decides)."""
    return [fold(raw) for raw in WORD.findall(text)]


def term_stems(text: str) -> tuple[str, ...]:
    """The index terms of a piece of text, in order, as the index holds them (dropped words left out)."""
    out = []
    for raw in WORD.findall(text):
        term = term_of(raw)
        if term is not None:
            out.append(term)
    return tuple(out)


def phrase_term(stems: tuple[str, ...]) -> str:
    """The single term under which a known phrase is indexed ("domestic abuse" -> "domest_abu").

    The index appends "domest_abus" to a field's text for each occurrence of the phrase; the analyser keeps it
    as one word (underscore is a word character) and stems it like any other word, hence the final stem."""
    return stem("_".join(stems))


class TermTokenizer(Tokenizer):
    """Text -> index terms, for whoosh (see the module's docstring). Positions are counted over the kept words,
    like StopFilter(renumber=True) does; character offsets are the words' own."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __hash__(self):
        return hash(self.__class__.__name__)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        if not (chars or keeporiginal):
            for raw in WORD.findall(value):
                term = term_of(raw)
                if term is None:
                    continue
                token.text, token.boost, token.stopped = term, 1.0, False
                if positions:
                    token.pos = pos
                    pos += 1
                yield token
            return
        for match in WORD.finditer(value):
            term = term_of(match.group())
            if term is None:
                continue
            token.text, token.boost, token.stopped = term, 1.0, False
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            yield token


def stem_analyzer() -> TermTokenizer:
    return TermTokenizer()
