"""Incident or running total (DESIGN §5 rule 7).

A figure is ``cumulative`` when its sentence carries a cue of a running total from the lexicon
(``since the start of the conflict``, ``so far``, ``depuis le début de la révolte``, ``the war's
death toll``). A ``since``-type cue followed by a weekday or a relative day opens an incident
period instead (``since Sunday``); followed by a date, month or year it states the total's start
(``since March 2011`` → 2011-03-01). Weak cues (``in the war``) count only when no day-level
date is stated in the sentence.

Two cues are read from the sentence's structure rather than from one phrase: the war itself as
the subject of the toll (``the war has killed``, ``le conflit a fait … morts``) is a strong cue,
and the displacement of a mass of people stated with the toll (``… and millions forced to flee
their homes``, ``… and nearly half of the population has fled``) a weak one: a war's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import When
from .tagging import Item

__all__ = ["Kind", "kind_of", "mass_displacement", "state_dates", "war_subject"]

#: Items between a "since" cue and the date it opens ("depuis le 1er novembre").
_START_GAP = 4
#: Items before a cue within which a superlative makes it a comparison (with no number between:
#: "by far the worst reported use of poison gas in the two-year-old civil war").
_SUPERLATIVE = 10
#: Items before a cue that may state the war's length ("two - year-old civil war").
_OWN_LENGTH = 2
#: Items between a preposition and the war it governs ("in Syria's five - year conflict").
_GOVERNED = 5
#: Items between the war and the pronoun of its clause ("the conflict in Syria , which").
_OWNER = 4
#: Items of a relative clause between the war and its toll ("which began … in 2011").
_CLAUSE = 12
#: Items between the war as a subject and its toll ("the conflict, which has claimed the lives of").
_ACTOR_GAP = 6
#: Roles of the words between the war as a subject and its toll.
_VERBAL = frozenset(
    {"aux", "bridge", "outcome", "toll", "qual", "definite", "before_only", "not_attribution"}
)
#: Items around a displacement word within which its mass stands ("millions forced to flee").
_MASS_BEFORE, _MASS_AFTER = 8, 4
#: Items after a share within which its population stands ("half of the country's population").
_SHARE = 4
#: A displaced number this large is a mass ("10 million displaced").
_MASS = 1_000_000


@dataclass(frozen=True, slots=True)
class Kind:
    """The kind of a figure and, for cumulative ones or ``since`` periods, the start."""

    kind: str  # incident | cumulative
    start: date | None = None
    start_item: int | None = None  # the temporal expression giving the start, if any
    since: When | None = None  # an incident period opened by "since <weekday>"


def kind_of(
    items: list[Item], whens: list[When], published: date | None, figure: int | None = None
) -> Kind:
    """Whether a figure (at item ``figure``) of a sentence is an incident or a running total.

    A day-level date nearer to the figure than the cue keeps it an incident ("Mercredi, au
    moins 305 personnes … l'une des journées les plus meurtrières depuis le début de la
    révolte").

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.tagging import tag
    >>> from casualties.extract.text import tokenize
    >>> from casualties.extract.dates import temporal_expressions
    >>> res = resources("en")
    >>> s = "More than 300000 people have been killed since the conflict began in March 2011"
    >>> tokens = tokenize(s, 0, len(s), res.numeral)
    >>> items = tag(tokens, s, res)
    >>> kind_of(items, temporal_expressions(items, tokens, date(2016, 10, 14), []), None, 2).start
    datetime.date(2011, 3, 1)
    """
    displaced = mass_displacement(items)
    subject = figure is not None and war_subject(items, figure)
    cues = [
        j
        for j, item in enumerate(items)
        if ("cumul" in item.roles or j in displaced)
        # "l'une des plus meurtrières depuis le début du conflit": a comparison.
        and not _compared(items, j)
        and not _modifier(items, j)
        and not _dates_a_state(items, j)
        and (subject or "war_noun" not in item.roles or _governed(items, j))
    ]
    if not cues:
        return Kind("incident")
    if figure is not None:
        nearest_cue = min(abs(cue - figure) for cue in cues)
        starts = {
            w.item
            for w in whens
            for cue in cues
            if "start" in items[cue].roles and 0 < w.item - cue <= _START_GAP
        }
        day_dates = [
            w
            for w in whens
            if w.precision == "day"
            # not a dateline (a weekday on the day of publication is a date all the same)
            and not (w.basis == "explicit" and w.start == w.end == published)
            and w.item not in starts  # not the start of the total ("depuis le 6 juin")
        ]
        if any(abs(w.item - figure) < nearest_cue for w in day_dates):
            return Kind("incident")
    strong = subject or any("cumul_strong" in items[j].roles for j in cues)
    war = any("war" in item.roles for item in items)
    for cue in cues:
        if "start" not in items[cue].roles:
            continue
        after = [w for w in whens if w.item > cue]
        if not after:
            continue
        first = after[0]
        if first.basis in ("weekday", "relative") and not strong:
            return Kind("incident", since=first)
        if first.basis == "explicit":
            return Kind("cumulative", first.start, first.item)
    start_cues = [cue for cue in cues if "start" in items[cue].roles]
    day_level = any(w.basis != "explicit" or w.precision == "day" for w in whens)
    if strong or (start_cues and war) or (not start_cues and not day_level):
        explicit = [w for w in whens if w.basis == "explicit" and w.item > cues[0]]
        if not explicit:
            explicit = [w for w in whens if w.basis == "explicit" and w.precision != "day"]
        if explicit:
            return Kind("cumulative", explicit[0].start, explicit[0].item)
        # A cue that is itself a period ("over the past year") starts the total there.
        own = [w for w in whens if w.item in cues and w.basis == "relative" and w.resolved]
        if own:
            return Kind("cumulative", own[0].start, own[0].item)
        return Kind("cumulative")
    return Kind("incident")


def _modifier(items: list[Item], cue: int) -> bool:
    """Whether the cue is the first half of a hyphenated modifier ("war-torn", "in the
    war-ravaged country", "war-monitoring group")."""
    if cue + 2 >= len(items):
        return False
    hyphen, after = items[cue + 1], items[cue + 2]
    return hyphen.text in _HYPHENS and hyphen.start == items[cue].end and after.start == hyphen.end


_HYPHENS = frozenset({"-", "‐", "‑"})


def _dates_a_state(items: list[Item], cue: int) -> bool:
    """Whether a "since" cue dates a state right before it ("besieged since 2013", "divided
    since July 2012"), not the toll."""
    return "start" in items[cue].roles and any(
        "state" in it.roles or "fate" in it.roles for it in items[max(cue - 2, 0) : cue]
    )


def state_dates(items: list[Item]) -> set[int]:
    """Items of the dates a "since" gives a state ("besieged since 2013"): no temporal
    expression of a figure.

    Examples
    --------
    >>> from casualties.extract.tagging import tag_sentence
    >>> items = tag_sentence("43 civilians were killed in Ghouta, besieged since 2013", "en")
    >>> sorted(items[j].text for j in state_dates(items))
    ['2013']
    """
    found: set[int] = set()
    for j in range(len(items)):
        if _dates_a_state(items, j):
            found.update(range(j + 1, min(j + 1 + _START_GAP, len(items))))
    return found


def _governed(items: list[Item], cue: int) -> bool:
    """Whether a preposition puts the toll in the war the cue names ("killed in Syria's
    five-year conflict", "the toll from the war"), a few words before it."""
    return any("war_prep" in it.roles for it in items[max(cue - _GOVERNED, 0) : cue])


def _compared(items: list[Item], cue: int) -> bool:
    """Whether a superlative before the cue makes it a comparison ("the deadliest since")."""
    for k in range(cue - 1, max(cue - 1 - _SUPERLATIVE, -1), -1):
        # The war's own length ("the two-year-old civil war") is no figure between them.
        if "number" in items[k].roles and cue - k > _OWN_LENGTH:
            return False
        if "superlative" in items[k].roles:
            return True
    return False


def war_subject(items: list[Item], figure: int) -> bool:
    """Whether the war itself states the toll of the figure at item ``figure``: a war noun of
    the cues before it with only an auxiliary, verbs and qualifiers between (``the war has
    killed more than``, ``the conflict, which has claimed the lives of``, ``le conflit a fait
    plus de``; not ``the ongoing war killing``, ``the conflict which also saw``).

    Examples
    --------
    >>> from casualties.extract.tagging import tag_sentence
    >>> items = tag_sentence("The war has killed more than 300000 people", "en")
    >>> war_subject(items, 5), war_subject(items, 1)
    (True, False)
    """
    first = figure - 1 if figure and "qual" in items[figure - 1].roles else figure
    for j in range(first - 1, max(first - 1 - _ACTOR_GAP, -1), -1):
        roles = items[j].roles
        if "cumul" in roles and "war" in roles:
            # A perfect ("has killed", "a fait"): not "the ongoing war killing 3000 in September".
            return any("aux" in it.roles for it in items[j + 1 : first])
        if items[j].text == "," or (roles and roles.keys() <= _VERBAL):
            continue
        return _relative_subject(items, j + 1, first)
    return _relative_subject(items, max(first - _ACTOR_GAP, 0), first)


def _relative_subject(items: list[Item], verb: int, first: int) -> bool:
    """Whether the war is the subject of the perfect ``items[verb:first]`` across a relative
    clause ("The civil war, which began with peaceful protests in 2011, has killed")."""
    if not any("aux" in it.roles for it in items[verb:first]):
        return False
    for j in range(verb - 1, max(verb - 1 - _CLAUSE, -1), -1):
        roles = items[j].roles
        if "attrib" in roles or "outcome" in roles or items[j].text in ".;:":
            return False
        if "rel_pronoun" in roles:
            # "the conflict in Syria, which": the war a few words before its clause
            return any("war_noun" in it.roles for it in items[max(j - _OWNER, 0) : j])
    return False


def mass_displacement(items: list[Item]) -> set[int]:
    """Items of a displacement word whose quantity is a mass of people (``millions forced to
    flee``, ``nine million have been driven from their homes``, ``half of the population has
    fled``, not ``half of the residents``): a toll stated with it sums up a war.

    Examples
    --------
    >>> from casualties.extract.tagging import tag_sentence
    >>> items = tag_sentence("300000 people have been killed and millions forced to flee", "en")
    >>> sorted(items[j].text for j in mass_displacement(items))
    ['forced to flee']
    """
    found: set[int] = set()
    n = len(items)
    for j, item in enumerate(items):
        if "displacement" not in item.roles:
            continue
        for k in range(max(j - _MASS_BEFORE, 0), min(j + 1 + _MASS_AFTER, n)):
            roles = items[k].roles
            if (
                "mass" in roles
                or ("number" in roles and roles["number"][0] >= _MASS)
                or (
                    "share" in roles
                    and any("population" in it.roles for it in items[k + 1 : k + 1 + _SHARE])
                )
            ):
                found.add(j)
                break
    return found
