"""Incident or running total (DESIGN §5 rule 7).

A figure is ``cumulative`` when its sentence carries a cue of a running total from the lexicon
(``since the start of the conflict``, ``so far``, ``depuis le début de la révolte``, ``the war's
death toll``). A ``since``-type cue followed by a weekday or a relative day opens an incident
period instead (``since Sunday``); followed by a date, month or year it states the total's start
(``since March 2011`` → 2011-03-01). Weak cues (``in the war``) count only when no day-level
date is stated in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import When
from .tagging import Item

__all__ = ["Kind", "kind_of"]

#: Items between a "since" cue and the date it opens ("depuis le 1er novembre").
_START_GAP = 4
#: Items before a cue within which a superlative makes it a comparison.
_SUPERLATIVE = 4


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
    cues = [
        j
        for j, item in enumerate(items)
        if "cumul" in item.roles
        # "l'une des plus meurtrières depuis le début du conflit": a comparison.
        and not any("superlative" in items[k].roles for k in range(max(j - _SUPERLATIVE, 0), j))
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
            and not (w.start == w.end == published)  # not a dateline
            and w.item not in starts  # not the start of the total ("depuis le 6 juin")
        ]
        if any(abs(w.item - figure) < nearest_cue for w in day_dates):
            return Kind("incident")
    strong = any("cumul_strong" in item.roles for item in items)
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
