"""Sentences and tokens, with character offsets into the dispatch text.

Tokens are runs of letters, numerals (with their digit-group and decimal marks) or single
punctuation marks. Sentences end at ``.``, ``!`` or ``?`` followed by a space and a capital,
digit or quote, or at a line break; a full stop after an abbreviation of the lexicon or after a
single capital letter (an initial) does not end one. Nothing here names a word of a language:
abbreviations come from the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Token", "Sentence", "split_sentences", "tokenize", "numeral_pattern", "token_pattern"]

_BREAK = re.compile(
    r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[^\W_a-zà-ÿ])|\n\s*\n|\n(?=\s*[^\W_a-zà-ÿ])"
    # a full stop that lost its space ("such gross violations.In a letter"), not "U.S." nor
    # "Mr.Smith" (two lower-case letters before it, a capitalised word after it)
    r"|(?<=[a-zà-ÿ][a-zà-ÿ][.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])"
)
_WORD_BEFORE = re.compile(r"([^\W_][\w.\-]*)\.[\"'”’»)\]]*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its text and where it starts and ends in the dispatch."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Token:
    """A token: surface form, lower-cased form and offsets in the dispatch text."""

    text: str
    lower: str
    start: int
    end: int
    kind: str  # "num", "word" or "punct"


def split_sentences(text: str, abbreviations: Iterable[str] = ()) -> list[Sentence]:
    """Split ``text`` into sentences with offsets.

    Parameters
    ----------
    text
        The dispatch text.
    abbreviations
        Lower-case abbreviations (without their final full stop) after which a full stop does
        not end a sentence.

    Examples
    --------
    >>> [s.text for s in split_sentences("Ten died. U.S. troops left. The end", ["u.s"])]
    ['Ten died.', 'U.S. troops left.', 'The end']
    >>> [s.text for s in split_sentences("Ten died.The toll may rise.")]
    ['Ten died.', 'The toll may rise.']
    """
    abbrevs = frozenset(abbreviations)
    sentences: list[Sentence] = []
    start = 0
    for match in _BREAK.finditer(text):
        head = text[start : match.start()]
        word = _WORD_BEFORE.search(head[-40:])
        if word is not None and head.rstrip().endswith("."):
            stem = word.group(1).lower()
            if stem in abbrevs or (len(stem) == 1 and stem.isalpha()):
                continue
        _add(sentences, text, start, match.start())
        start = match.end()
    _add(sentences, text, start, len(text))
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


def numeral_pattern(groups: Iterable[str], decimal: str) -> str:
    """Regular expression of a numeral with the given digit-group and decimal marks.

    A group mark must be followed by exactly three digits (``20.000``, ``20 000``,
    ``20,000``); the decimal mark by any digits (``1,5``, ``1.5``).

    Examples
    --------
    >>> bool(re.fullmatch(numeral_pattern([".", " "], ","), "20 000"))
    True
    """
    marks = "".join(re.escape(g) for g in groups if g != decimal)
    grouped = rf"\d{{1,3}}(?:[{marks}]\d{{3}})+(?![\d])" if marks else r"(?!x)x"
    return rf"(?:{grouped}|\d+)(?:{re.escape(decimal)}\d+)?"


def token_pattern(numeral: str) -> re.Pattern:
    """Compiled pattern of one token: a numeral, a run of letters, or one other mark.

    Examples
    --------
    >>> [m.group(0) for m in token_pattern(numeral_pattern([","], ".")).finditer("20,000 dead.")]
    ['20,000', 'dead', '.']
    """
    return re.compile(rf"(?P<num>{numeral})|(?P<word>[^\W\d_]+)|[^\s]", re.UNICODE)


def tokenize(text: str, start: int, end: int, pattern: re.Pattern) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    ``pattern`` is a compiled pattern from :func:`token_pattern` (numerals are tried first,
    so ``20.000`` stays one token).

    Examples
    --------
    >>> pattern = token_pattern(numeral_pattern([","], "."))
    >>> [t.text for t in tokenize("At least 20,000 people.", 0, 23, pattern)]
    ['At', 'least', '20,000', 'people', '.']
    """
    tokens = []
    append = tokens.append
    for match in pattern.finditer(text, start, end):
        piece = match.group()
        kind = match.lastgroup
        if kind == "word":
            append(Token(piece, piece.lower(), match.start(), match.end(), "word"))
        elif kind == "num":
            append(Token(piece, piece, match.start(), match.end(), "num"))
        else:
            append(Token(piece, piece, match.start(), match.end(), "punct"))
    return tokens
