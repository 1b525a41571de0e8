"""The lexicon of one language compiled for extraction (built once per process, then shared).

Every phrase of the lexicon (victim nouns, outcome words, qualifiers, cues…) and every alias of
the source registry goes into one phrase table keyed by its token sequence; a phrase may carry
several roles (``"morts"`` is both an outcome and a victim noun). Phrases written entirely in
capitals (``IS``, ``WHO``, ``OSDH``) are matched on exact case, all others case-insensitively.
Two cheap regular expressions find the sentences worth tagging: one for anything that reads
as a quantity, one for outcome and breakdown words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..lexicon import available_languages, load_lexicon, load_sources
from .text import numeral_pattern, token_pattern, tokenize

__all__ = ["Resources", "resources", "Registry", "registry", "slug"]

Roles = dict[str, Any]


def slug(name: str) -> str:
    """Lower-case ``name`` and replace runs of non-alphanumerics by ``-``.

    Examples
    --------
    >>> slug("Ahram Online"), slug("AFP"), slug("  Al-Manar ")
    ('ahram-online', 'afp', 'al-manar')
    """
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "unknown"


def _is_exact(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass
class PhraseTable:
    """Token sequences → roles, case-insensitive and exact-case, with first-token indexes."""

    folded: dict[tuple[str, ...], Roles] = field(default_factory=dict)
    exact: dict[tuple[str, ...], Roles] = field(default_factory=dict)
    folded_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    exact_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, tokens: tuple[str, ...], exact: bool, role: str, value: Any) -> None:
        table = self.exact if exact else self.folded
        roles = table.setdefault(tokens, {})
        roles.setdefault(role, value)

    def finish(self) -> None:
        for table, lengths in (
            (self.folded, self.folded_lengths),
            (self.exact, self.exact_lengths),
        ):
            collected: dict[str, set[int]] = {}
            for key in table:
                collected.setdefault(key[0], set()).add(len(key))
            lengths.update({k: tuple(sorted(v, reverse=True)) for k, v in collected.items()})


@dataclass
class Registry:
    """The source registry: ids with name, kind and alignment; outlet names that are sources."""

    names: dict[str, str]
    kinds: dict[str, str]
    alignments: dict[str, str]
    outlets: dict[str, str]
    aliases: dict[str, list[str]]


@cache
def registry() -> Registry:
    """The source registry of ``sources.toml``.

    Examples
    --------
    >>> registry().kinds["sohr"], registry().outlets["sana"]
    ('monitor', 'sana')
    """
    data = load_sources()["sources"]
    names, kinds, alignments, outlets, aliases = {}, {}, {}, {}, {}
    for source_id, entry in data.items():
        names[source_id] = entry["name"]
        kinds[source_id] = entry["kind"]
        alignments[source_id] = entry["alignment"]
        for outlet in entry.get("outlets", ()):
            outlets[slug(outlet)] = source_id
        aliases[source_id] = [a for lang in entry.get("aliases", {}).values() for a in lang]
    return Registry(names, kinds, alignments, outlets, aliases)


@dataclass
class Resources:
    """Everything the engine needs about one language, compiled."""

    language: str
    numeral: re.Pattern
    decimal: str
    abbreviations: frozenset[str]
    number_words: frozenset[str]
    joiners: frozenset[str]
    not_alone: frozenset[str]
    scales: dict[str, int]
    phrases: PhraseTable
    counted: list[tuple[tuple[str, ...], str, int]]
    weekdays: dict[str, int]
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    place_stop: frozenset[str]
    place_fragments: frozenset[str]
    particles: frozenset[str]
    possessive: tuple[str, ...]
    indefinite: frozenset[str]
    ordinals: frozenset[str]
    candidate_quantity: re.Pattern
    candidate_cue: re.Pattern
    related: re.Pattern | None = None  # a page's list of links to other stories
    regional: frozenset[str] = frozenset()  # "across", "throughout": a region, not its city
    partners: frozenset[str] = frozenset()  # "with": a place beside the event, not its place
    definite_words: frozenset[str] = frozenset()  # articles before a place name
    max_phrase: int = 8

    def tokens_of(self, phrase: str) -> tuple[str, ...]:
        return tuple(t.text for t in tokenize(phrase, 0, len(phrase), self.numeral))


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words``, factored as a trie (fast to scan)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(root)


def _words_regex(words: list[str]) -> str:
    unique = sorted({w.lower() for w in words if w})
    return r"(?<![^\W\d_])(?:" + _trie(unique) + r")(?![^\W\d_])"


def _lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _holds_any(tokens: tuple[str, ...], phrases: list[tuple[str, ...]]) -> bool:
    return any(
        phrase and tokens[i : i + len(phrase)] == phrase
        for phrase in phrases
        for i in range(len(tokens) - len(phrase) + 1)
    )


def _build(language: str) -> Resources:
    lex = load_lexicon(language)
    numbers = lex.get("numbers", {})
    decimal = numbers.get("decimal", ".")
    numeral = token_pattern(numeral_pattern(numbers.get("groups", ()), decimal))
    months = {k.lower(): int(v) for k, v in lex.get("months", {}).items()}
    dates = lex.get("dates", {})
    place_words = lex.get("places", {})
    running_months = {m.lower(): months[m.lower()] for m in dates.get("months", ()) if m in months}
    res = Resources(
        language=language,
        numeral=numeral,
        decimal=decimal,
        abbreviations=frozenset(
            a.lower() for a in lex.get("sentences", {}).get("abbreviations", ())
        ),
        number_words=frozenset(w.lower() for w in numbers.get("words", ())),
        joiners=frozenset(numbers.get("joiners", ())),
        not_alone=frozenset(numbers.get("not_alone", ())),
        scales={k.lower(): int(v) for k, v in numbers.get("scales", {}).items()},
        phrases=PhraseTable(),
        counted=[],
        weekdays={k.lower(): int(v) for k, v in dates.get("weekdays", {}).items()},
        months=running_months,
        ambiguous_months=frozenset(m.lower() for m in dates.get("ambiguous_months", ())),
        place_stop=frozenset(place_words.get("stop", ())),
        place_fragments=frozenset(place_words.get("fragments", ())),
        regional=_lowered(place_words.get("regional", ())),
        partners=_lowered(place_words.get("partners", ())),
        definite_words=_lowered(place_words.get("definite", ())),
        particles=frozenset(place_words.get("particles", ())),
        possessive=tuple(place_words.get("possessive", ())),
        indefinite=frozenset(lex.get("attribution", {}).get("indefinite", ())),
        ordinals=frozenset(o.lower() for o in dates.get("ordinals", ())),
        candidate_quantity=re.compile("x"),
        candidate_cue=re.compile("x"),
    )
    table = res.phrases

    def add(phrases, role: str, value: Any = True) -> None:
        for phrase in phrases:
            tokens = res.tokens_of(phrase)
            if not tokens:
                continue
            exact = _is_exact(phrase)
            key = tokens if exact else tuple(t.lower() for t in tokens)
            table.add(key, exact, role, value)

    add(numbers.get("of", ()), "of_quantity")
    for phrase, (value, qualifier) in numbers.get("phrases", {}).items():
        add([phrase], "number", (int(value), qualifier))
    quals = lex.get("qualifiers", {})
    for kind in ("at_least", "at_most", "approx"):
        add(quals.get(kind, ()), "qual", kind)
    add(quals.get("range_open", ()), "range_open")
    add(quals.get("range_join", ()), "range_join")
    add(quals.get("range_join_bare", ()), "range_join_bare")
    outcomes = lex.get("outcomes", {})
    for outcome in ("killed", "wounded"):
        add(outcomes.get(outcome, ()), "outcome", outcome)
    add(outcomes.get("tolls", ()), "toll")
    add(outcomes.get("before_only", ()), "before_only")
    add(outcomes.get("losses", ()), "loss")
    add(outcomes.get("auxiliaries", ()), "aux")
    add(outcomes.get("bridges", ()), "bridge")
    add(outcomes.get("combined", ()), "combined")
    victims = lex.get("victims", {})
    for category in ("civilians", "soldiers", "rebels", "unspecified"):
        add(victims.get(category, ()), "victim", category)
    add(victims.get("elliptical", ()), "elliptical")
    add(victims.get("more", ()), "elliptical")
    add(victims.get("more", ()), "more")
    add(victims.get("sided", ()), "sided")
    add(victims.get("among", ()), "among")
    for category, groups in lex.get("sides", {}).items():
        add(groups, "side", category)
    add(lex.get("figures", {}).get("conjunctions", ()), "conj")
    add(lex.get("figures", {}).get("along", ()), "along")
    breakdown = lex.get("breakdown", {})
    add(breakdown.get("forward", ()), "break_fwd")
    add(breakdown.get("part_of", ()), "break_part")
    add(breakdown.get("backward", ()), "break_back")
    add(breakdown.get("previous", ()), "break_prev")
    nonclaims = lex.get("nonclaims", {})
    add(nonclaims.get("nouns", ()), "nonclaim_noun")
    add(nonclaims.get("before", ()), "nonclaim_before")
    add(nonclaims.get("fates", ()), "fate")
    attribution = lex.get("attribution", {})
    add(attribution.get("verbs", ()), "attrib")
    add(attribution.get("prefix", ()), "attrib")
    add(attribution.get("prefix", ()), "attrib_prefix")
    add(attribution.get("recipient", ()), "attrib")
    add(attribution.get("recipient", ()), "recipient")
    add(attribution.get("not_attribution", ()), "not_attribution")
    verbs = {v.lower() for v in attribution.get("verbs", ()) if " " not in v}
    for phrase, kind in attribution.get("anaphora", {}).items():
        add([phrase], "anaphor", kind)
        if verbs & {t.lower() for t in res.tokens_of(phrase)}:
            add([phrase], "attrib")  # "it said", "selon la même source" carry their own verb
    claimants = lex.get("claimants", {})
    for name, phrases in claimants.get("others", {}).items():
        add(phrases, "other", slug(name))
    add(claimants.get("none", {}).get("nobody", ()), "nobody")
    for source_id, aliases in registry().aliases.items():
        add(aliases, "source", source_id)
    for name, number in res.weekdays.items():
        add([name], "weekday", number)
    for name, number in res.months.items():
        add([name], "month", number)
    for phrase, (start, end) in dates.get("relative", {}).items():
        add([phrase], "relative", (int(start), int(end)))
    for phrase, (unit, offset) in dates.get("calendar", {}).items():
        add([phrase], "calendar", (unit, int(offset)))
    for phrase, shift in dates.get("year_shift", {}).items():
        add([phrase], "year_shift", int(shift))
    add(dates.get("month_prepositions", ()), "month_prep")
    for phrase, (mode, unit) in dates.get("counted", {}).items():
        tokens = tuple(t.lower() for t in res.tokens_of(phrase))
        res.counted.append((tokens, mode, int(unit)))
    # Longest patterns first, and among equals those with more words after the number ("# days
    # ago" before "past # days" before "# days").
    res.counted.sort(key=lambda entry: (-len(entry[0]), entry[0].index("#")))
    cumulative = lex.get("cumulative", {})
    add(cumulative.get("cues", ()), "cumul")

    add(cumulative.get("strong", ()), "cumul_strong")
    add(cumulative.get("war_words", ()), "war")
    add(cumulative.get("war_nouns", ()), "war_noun")
    add(cumulative.get("war_prepositions", ()), "war_prep")
    add(cumulative.get("relatives", ()), "rel_pronoun")
    add(cumulative.get("states", ()), "state")
    add(cumulative.get("start_words", ()), "start")
    add(cumulative.get("superlatives", ()), "superlative")
    add(cumulative.get("displacement", ()), "displacement")
    add(cumulative.get("displacement", ()), "fate")  # the displaced are no casualties
    add(cumulative.get("masses", ()), "mass")
    add(cumulative.get("shares", ()), "share")
    add(cumulative.get("populations", ()), "population")
    places = lex.get("places", {})
    add(places.get("settlements", ()), "settlement")
    add(places.get("districts", ()), "district")
    add(places.get("institutions", ()), "institution")
    add(places.get("chrome", ()), "chrome")
    add(places.get("definite", ()), "definite")
    add(places.get("prepositions", ()), "place_prep")
    add(places.get("name_prepositions", ()), "name_prep")
    # A longer phrase holding a toll noun ("the total death toll", "put the death toll") is a
    # toll too: the tagger keeps the longest phrase only.
    tolls = [tuple(t.lower() for t in res.tokens_of(p)) for p in outcomes.get("tolls", ())]
    for key, roles in table.folded.items():
        if "toll" not in roles and _holds_any(key, tolls):
            roles["toll"] = True
    # A claimant named by its fighters ("les jihadistes", "the rebels") is that side too: the
    # tagger keeps the longest phrase only, so the phrase carries its last word's side ("Les
    # jihadistes ont perdu 20 hommes": rebels). Not civilians: "local activists" who say a
    # toll do not make its dead civilians.
    for key, roles in (*table.folded.items(), *table.exact.items()):
        if "source" in roles and "victim" not in roles and len(key) > 1:
            head = table.folded.get(key[-1:], {}).get("victim")
            if head in ("rebels", "soldiers"):
                roles["victim"] = head
    table.finish()
    res.max_phrase = max((len(k) for k in (*table.folded, *table.exact)), default=1)

    quantity_words = list(res.number_words)
    quantity_words += [p for p in numbers.get("phrases", {})]
    res.candidate_quantity = re.compile(r"\d|" + _words_regex(quantity_words), re.IGNORECASE)
    cue_words = [*outcomes.get("killed", ()), *outcomes.get("wounded", ())]
    cue_words += [*breakdown.get("previous", ()), *victims.get("civilians", ())[:0]]
    res.candidate_cue = re.compile(_words_regex(cue_words), re.IGNORECASE)
    related = lex.get("page", {}).get("related", ())
    if related:
        # Written as the page prints it (capitals), so "related to" in prose is no marker.
        res.related = re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(r) for r in sorted(related, key=len, reverse=True))
            + r")(?!\w)"
        )
    return res


@cache
def resources(language: str) -> Resources:
    """The compiled resources of ``language`` (``KeyError`` when it has no lexicon).

    Examples
    --------
    >>> resources("fr").phrases.folded[("au", "moins")]["qual"]
    'at_least'
    """
    if language not in available_languages():
        raise KeyError(f"no lexicon for language {language!r}")
    return _build(language)
