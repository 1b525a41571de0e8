"""Tag the tokens of a sentence with the lexicon's roles.

A sentence becomes a list of :class:`Item` s, one per token or per lexicon phrase (longest
match first), each carrying its roles: ``number`` (value and inherent qualifier), ``victim``,
``outcome``, ``qual``, ``source``, ``weekday``… Numbers are read here: numerals (with a scale
word after them), written numbers (runs of number words read with text2num) and fixed phrases
(``dozens``, ``une vingtaine``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .numbers import MAX_COUNT, parse_numeral, read_words
from .resources import Resources, resources
from .text import Token, tokenize

__all__ = ["Item", "tag", "tag_sentence"]


@dataclass(slots=True)
class Item:
    """A token or a phrase of a sentence with its roles."""

    first: int  # index of its first token
    last: int  # index after its last token
    start: int  # character offsets in the dispatch text
    end: int
    text: str
    roles: dict[str, Any] = field(default_factory=dict)

    def has(self, role: str) -> bool:
        return role in self.roles

    def get(self, role: str, default: Any = None) -> Any:
        return self.roles.get(role, default)


_EMPTY: dict[str, Any] = {}


def _phrase_at(
    texts: list[str], lowers: list[str], i: int, res: Resources
) -> tuple[int, dict[str, Any]]:
    """Length and roles of the longest lexicon phrase starting at token ``i`` (0 if none)."""
    table = res.phrases
    n = len(texts)
    best_len, best_roles = 0, _EMPTY
    lengths = table.exact_lengths.get(texts[i])
    if lengths:
        for length in lengths:
            if i + length <= n:
                roles = table.exact.get(tuple(texts[i : i + length]))
                if roles is not None:
                    best_len, best_roles = length, roles
                    break
    lengths = table.folded_lengths.get(lowers[i])
    if lengths:
        for length in lengths:
            if length <= best_len:
                break
            if i + length <= n:
                roles = table.folded.get(tuple(lowers[i : i + length]))
                if roles is not None:
                    best_len, best_roles = length, roles
                    break
    return best_len, best_roles


def _overlapped(texts: list[str], lowers: list[str], i: int, length: int, res: Resources) -> bool:
    """Whether a phrase starting inside tokens ``i … i + length`` reaches beyond them."""
    end = i + length
    for k in range(i + 1, end):
        other, _ = _phrase_at(texts, lowers, k, res)
        if k + other > end:
            return True
    return False


def _word_number(tokens: list[Token], i: int, res: Resources) -> tuple[int, int | None]:
    """Length and value of the written number starting at token ``i`` (0 if none)."""
    words = res.number_words
    if tokens[i].lower not in words:
        return 0, None
    j = i + 1
    n = len(tokens)
    while j < n:
        lower = tokens[j].lower
        if lower in words:
            j += 1
        elif lower in res.joiners and j + 1 < n and tokens[j + 1].lower in words:
            j += 2
        else:
            break
    if j - i == 1 and tokens[i].lower in res.not_alone:
        return 0, None
    value = read_words([t.lower for t in tokens[i:j]], res.language)
    while value is None and j - i > 1:  # a trailing word that does not fit ("one and")
        j -= 1
        value = read_words([t.lower for t in tokens[i:j]], res.language)
    if value is None:
        return 0, None
    return j - i, value


def _numeral(tokens: list[Token], i: int, res: Resources) -> tuple[int, int | None]:
    """Length and value of a numeral at token ``i`` with an optional scale word after it."""
    value = parse_numeral(tokens[i].text, res.decimal)
    if value is None:
        return 1, None
    length = 1
    if i + 1 < len(tokens):
        scale = res.scales.get(tokens[i + 1].lower)
        if scale:
            value *= scale
            length = 2
    if value != int(value) or value > MAX_COUNT:
        return length, None
    return length, int(value)


def tag(tokens: list[Token], text: str, res: Resources) -> list[Item]:
    """Tag ``tokens`` (of one sentence of ``text``) with lexicon roles.

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.text import tokenize
    >>> res = resources("en")
    >>> s = "at least twenty-five people killed"
    >>> items = tag(tokenize(s, 0, len(s), res.numeral), s, res)
    >>> [(i.text, sorted(i.roles)) for i in items]  # doctest: +NORMALIZE_WHITESPACE
    [('at least', ['qual']), ('twenty-five', ['number', 'written']), ('people', ['victim']),
     ('killed', ['outcome'])]
    """
    items: list[Item] = []
    n = len(tokens)
    texts = [t.text for t in tokens]
    lowers = [t.lower for t in tokens]
    i = 0
    while i < n:
        token = tokens[i]
        if token.kind == "num":
            length, value = _numeral(tokens, i, res)
            roles: dict[str, Any] = {"numeral": True}
            if value is not None:
                roles["number"] = (value, None)
            last = i + length
            items.append(
                Item(
                    i, last, token.start, tokens[last - 1].end, _span(text, tokens, i, last), roles
                )
            )
            i = last
            continue
        phrase_len, phrase_roles = _phrase_at(texts, lowers, i, res)
        if phrase_len > 1 and _overlapped(texts, lowers, i, phrase_len, res):
            # A longer phrase starts inside this one ("le ministère russe de la Défense" inside
            # "le ministère"): leave this token plain so the longer one wins.
            phrase_len, phrase_roles = 0, _EMPTY
        word_len, word_value = _word_number(tokens, i, res)
        if word_len and word_len >= phrase_len and "number" not in phrase_roles:
            roles = {"number": (word_value, None), "written": True}
            last = i + word_len
        elif phrase_len:
            roles = dict(phrase_roles)
            last = i + phrase_len
        else:
            roles = {}
            last = i + 1
        items.append(
            Item(i, last, token.start, tokens[last - 1].end, _span(text, tokens, i, last), roles)
        )
        i = last
    return items


def tag_sentence(sentence: str, language: str) -> list[Item]:
    """The items of one sentence in ``language`` (tokenised and tagged).

    Examples
    --------
    >>> [item.text for item in tag_sentence("Au moins 13 morts", "fr")]
    ['Au moins', '13', 'morts']
    """
    res = resources(language)
    return tag(tokenize(sentence, 0, len(sentence), res.numeral), sentence, res)


def _span(text: str, tokens: list[Token], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last - 1].end]
