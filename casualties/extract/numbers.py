"""Reading numbers: numerals with locale marks, scale words and written numbers.

``20.000``, ``20 000`` and ``20,000`` are twenty thousand (a group mark is followed by exactly
three digits); ``1,5 million`` and ``1.5 million`` one and a half million. Written numbers
(``cent vingt-deux``, ``twenty-five``) are read with text2num once the tokens that form them
have been found with the lexicon's number words, so text2num only ever sees a short candidate.
"""

from __future__ import annotations

import re

from text_to_num import text2num

__all__ = ["parse_numeral", "read_words", "MAX_COUNT"]

#: Counts above this are not casualty figures (and would overflow Int64 arithmetic downstream).
MAX_COUNT = 10**9

_GROUP_THEN_THREE = re.compile(r"^\d{1,3}(?:([^\d])\d{3})+$")


def parse_numeral(token: str, decimal: str) -> float | None:
    """Value of a numeral token, honouring digit-group and decimal marks.

    A mark followed by exactly three digits groups digits, unless it is the language's decimal
    mark and the numeral has a single such mark followed by a scale word (handled by the
    caller); any other mark is decimal.

    Parameters
    ----------
    token
        The numeral as written (``"20.000"``, ``"1,5"``, ``"280000"``).
    decimal
        The language's decimal mark.

    Examples
    --------
    >>> parse_numeral("20.000", ","), parse_numeral("20,000", "."), parse_numeral("1,5", ",")
    (20000.0, 20000.0, 1.5)
    >>> parse_numeral("20 000", ","), parse_numeral("2.5", ".")
    (20000.0, 2.5)
    """
    if token.isdigit():
        return float(int(token)) if len(token) < 16 else None
    grouped = _GROUP_THEN_THREE.match(token)
    if grouped:
        digits = re.sub(r"\D", "", token)
        return float(int(digits)) if len(digits) < 16 else None
    head, _, tail = token.replace(decimal, ".").rpartition(".")
    head = re.sub(r"\D", "", head)
    if not head.isdigit() or not tail.isdigit() or len(head) >= 16:
        return None
    return float(f"{head}.{tail}")


def read_words(words: list[str], language: str) -> int | None:
    """Value of a written number, or ``None`` when the words do not form one.

    Examples
    --------
    >>> read_words(["cent", "vingt", "-", "deux"], "fr"), read_words(["twenty", "five"], "en")
    (122, 25)
    >>> read_words(["and"], "en") is None
    True
    """
    phrase = " ".join(words).replace(" - ", "-")
    try:
        value = text2num(phrase, language)
    except (ValueError, TypeError):
        return None
    if not isinstance(value, int) or value < 0 or value > MAX_COUNT:
        return None
    return value
