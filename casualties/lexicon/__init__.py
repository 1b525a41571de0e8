"""Language knowledge as data.

Each language lives in ``<iso639-1>.toml`` beside this module (victim nouns, outcome verbs,
qualifiers, month and weekday names, …) and the source registry in ``sources.toml``. The
engine reads these tables and never names a word of any language itself, so adding a
language means adding a file, not code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = [
    "available_languages",
    "freeze",
    "load_lexicon",
    "load_sources",
    "month_names",
    "publication_prefixes",
    "weekday_names",
]


def freeze(value: Any) -> Any:
    """Return a read-only view of nested TOML data so a shared lexicon cannot be mutated."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def _read_toml(name: str) -> dict[str, Any]:
    with resources.files(__name__).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def available_languages() -> tuple[str, ...]:
    """ISO 639-1 codes of the languages that have a lexicon file.

    Examples
    --------
    >>> "fr" in available_languages()
    True
    """
    names = (entry.name for entry in resources.files(__name__).iterdir())
    return tuple(
        sorted(n[:-5] for n in names if n.endswith(".toml") and len(n) == 7 and n[:2].isalpha())
    )


@cache
def load_lexicon(language: str) -> MappingProxyType:
    """Load the lexicon of one language (read once, then shared read-only).

    Parameters
    ----------
    language
        ISO 639-1 code such as ``"en"`` or ``"fr"``.

    Raises
    ------
    KeyError
        When no lexicon file exists for ``language``.

    Examples
    --------
    >>> load_lexicon("fr")["months"]["août"]
    8
    """
    if language not in available_languages():
        raise KeyError(
            f"no lexicon for language {language!r}; available: {', '.join(available_languages())}"
        )
    return freeze(_read_toml(f"{language}.toml"))


@cache
def load_sources() -> MappingProxyType:
    """Load the source registry (``sources.toml``).

    Examples
    --------
    >>> "sohr" in load_sources()["sources"]
    True
    """
    return freeze(_read_toml("sources.toml"))


@cache
def month_names() -> MappingProxyType:
    """Month names and abbreviations of every lexicon, lower-cased, mapped to 1–12.

    Examples
    --------
    >>> month_names()["aug"], month_names()["août"]
    (8, 8)
    """
    table: dict[str, int] = {}
    for language in available_languages():
        for name, number in load_lexicon(language).get("months", {}).items():
            table.setdefault(name.lower(), int(number))
    return MappingProxyType(table)


@cache
def weekday_names() -> MappingProxyType:
    """Weekday names of every lexicon, lower-cased, mapped to ISO numbers (Monday = 0).

    Examples
    --------
    >>> weekday_names()["mardi"], weekday_names()["tue"]
    (1, 1)
    """
    table: dict[str, int] = {}
    for language in available_languages():
        for name, number in load_lexicon(language).get("weekdays", {}).items():
            table.setdefault(name.lower(), int(number))
    return MappingProxyType(table)


@cache
def publication_prefixes() -> tuple[str, ...]:
    """Phrases that introduce a printed publication date, longest first.

    Examples
    --------
    >>> "published" in publication_prefixes()
    True
    """
    phrases = {
        phrase.lower()
        for language in available_languages()
        for phrase in load_lexicon(language).get("publication", {}).get("prefixes", ())
    }
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))
