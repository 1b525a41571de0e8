"""Guess the language of a dispatch when its metadata does not say."""

from __future__ import annotations

import unicodedata

import py3langid

from ..lexicon import available_languages

__all__ = ["detect_language"]

_ARABIC_SHARE = 0.3
_SHORT = 200


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for c in letters if unicodedata.name(c, "").startswith("ARABIC"))
    return arabic / len(letters)


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the language ``text`` is written in.

    Arabic script is decided by its share of letters (cheap and certain); other texts by
    py3langid's naive Bayes model on the first 2,000 characters; texts shorter than 200
    characters are assigned to the best-ranked language that has a lexicon.

    Parameters
    ----------
    text
        The dispatch text.
    default
        Returned when the text holds no letters.

    Examples
    --------
    >>> detect_language("Mardi, au moins 122 personnes ont été tuées en Syrie")
    'fr'
    >>> detect_language("At least 16 people were killed in Hasaka on Tuesday")
    'en'
    """
    sample = text[:2000]
    if not any(c.isalpha() for c in sample):
        return default
    if _arabic_share(sample) >= _ARABIC_SHARE:
        return "ar"
    ranking = py3langid.rank(sample)
    if len(sample) >= _SHORT:
        return ranking[0][0]
    # A headline-length text gives the model too little evidence (it calls "Ten killed." Danish):
    # choose among the languages we have lexicons for.
    known = set(available_languages()) | {"ar"}
    return next((lang for lang, _ in ranking if lang in known), default)
