"""Casualty figures in one tagged sentence: quantity, victims, outcome, groups and breakdowns.

For each number of the sentence the engine reads

- its **quantity**: qualifier before it (``at least``, ``près de``), ranges (``between 20 and
  30``, ``6.000 ou 8.000``), the inherent qualifier of vague quantities (``dozens``);
- whether it is **not a count of people**: a noun of things after it (``33 targets``), a word
  before it (``aged 13``, ``resolution 2254``), a month next to it (a date), a bare year;
- its **victims**: the head noun after it (``civilians``, ``Daesh members``, ``members of the
  FSA``), or none (an elliptical ``another 17``, which takes the group of the figure before);
- its **outcome**: an outcome word right after its noun phrase (``… were killed``, ``13
  morts``), else right before it (``killing 31``, ``the death toll rose to 31``);

then joins coordinated figures (``8 soldiers and 12 rebels``) into one claim, and attaches
breakdowns (``dont 59 civils, 32 soldats et 31 rebelles``; ``two women … were among eight
people killed``; ``Among the dead were 22 children`` → the previous claim).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .categories import Count, add_counts, count_for, partition
from .tagging import Item

__all__ = ["Figure", "SentenceClaim", "read_figures"]

_SOFT_PUNCT = frozenset("-'’‐")
_HARD_PUNCT = frozenset(".;:!?")
_NP_WINDOW = 4
_SIDE_WINDOW = 6
_AUX_WINDOW = 4
_BRIDGE_WINDOW = 3
_TOLL_WINDOW = 12


@dataclass(eq=False)
class Figure:
    """One stated quantity of the sentence and what the engine learnt about it."""

    index: int  # item of the (first) number
    first: int  # first item (qualifier, range opener)
    last: int  # item after the quantity
    count: Count
    span: tuple[int, int]
    category: str | None = None
    np_end: int = 0
    outcome: str | None = None
    blocked: bool = False
    part_marker: bool = False
    members: list[Figure] = field(default_factory=list)
    parent: Figure | None = None
    to_previous: bool = False


@dataclass
class SentenceClaim:
    """A claim found in one sentence, before source, date and place are attached."""

    outcome: str
    rows: dict[str, Count]
    item: int  # item index of the figure (for distances to sources, dates, places)
    last_item: int
    span: tuple[int, int]
    total: Count
    category: str
    flags: tuple[str, ...] = ()


@dataclass
class Reading:
    """Claims of a sentence, and parts it adds to the previous claim of the dispatch."""

    claims: list[SentenceClaim]
    previous_parts: dict[str, Count]
    last_category: str | None
    covered: frozenset[int] = frozenset()  # items inside figures' noun phrases


# --------------------------------------------------------------------------------------------
# Quantities


def _quantity(items: list[Item], k: int) -> tuple[int, int, Count] | None:
    """First item, item after, and count of the quantity whose number is item ``k``."""
    value, inherent = items[k].roles["number"]
    first = k
    qualifier = None
    if k > 0 and items[k - 1].has("qual"):
        qualifier = items[k - 1].roles["qual"]
        first = k - 1
    n = len(items)
    # Ranges: "between 20 and 30", "from 20 to 30", "20 to 30", "6.000 ou 8.000", "20-30".
    opener = first - 1 >= 0 and items[first - 1].has("range_open")
    if k + 2 < n and inherent is None:
        join = items[k + 1]
        second = k + 2
        if second < n and items[second].has("qual") and second + 1 < n:
            second += 1
        if items[second].has("number") and items[second].roles["number"][1] is None:
            high = items[second].roles["number"][0]
            ranged = (opener and join.has("range_join")) or (
                join.has("range_join_bare") and high > value
            )
            if ranged and high != value and not _is_year(items[k], value):
                start = first - 1 if opener else first
                return start, second + 1, count_for(value, "range", high)
    if inherent == "vague":
        return first, k + 1, count_for(value, "vague")
    return first, k + 1, count_for(value, qualifier or inherent or "exact")


def _is_year(item: Item, value: int) -> bool:
    return item.has("numeral") and len(item.text) == 4 and 1900 <= value <= 2100


def _not_people(items: list[Item], first: int, k: int, last: int) -> bool:
    """Whether the number at ``k`` counts something else than people (or is a date)."""
    n = len(items)
    after = last
    if after < n and items[after].text in _SOFT_PUNCT:
        after += 1
    if after < n:
        nxt = items[after]
        if nxt.has("nonclaim_noun") and not nxt.has("victim"):
            return True
        if nxt.has("month") or nxt.text in (":", "/"):
            return True
    if first > 0:
        prev = items[first - 1]
        if prev.has("month") or (prev.has("nonclaim_before") and not prev.has("outcome")):
            return True
        if prev.text in ("/", ":", "#", "№"):
            return True
    value = items[k].roles["number"][0]
    if _is_year(items[k], value):
        return not (after < n and items[after].has("victim"))
    return False


# --------------------------------------------------------------------------------------------
# Victims and outcome


def _noun_phrase(items: list[Item], last: int) -> tuple[str | None, int, str | None, bool, bool]:
    """Category, end of the noun phrase, its own outcome, whether elliptical, part marker."""
    n = len(items)
    j = last
    part_marker = False
    own_outcome = None
    if j < n and items[j].has("break_part"):
        part_marker = True
        own_outcome = items[j].get("outcome")
        j += 1
        while j < n and items[j].has("aux") and not items[j].has("victim"):
            j += 1
    side = None
    steps = 0
    head = None
    while j < n and steps <= _NP_WINDOW:
        item = items[j]
        roles = item.roles
        if "number" in roles:
            break
        if "victim" in roles or "elliptical" in roles:
            head = j
            break
        if "side" in roles:
            side = side or roles["side"]
            j += 1
            steps += 1
            continue
        if roles or (not item.text[0].isalnum() and item.text not in _SOFT_PUNCT):
            break
        j += 1
        steps += 1
    if head is None:
        return side, (j if side else last), own_outcome, side is None, part_marker
    item = items[head]
    category = item.get("victim")
    end = head + 1
    if item.has("elliptical") and category is None:
        return None, end, own_outcome or item.get("outcome"), True, part_marker
    if item.has("sided") or category is None:
        if side is None:
            side, end = _side_after(items, head + 1, end)
        category = side or category or "unspecified"
    return category, end, own_outcome or item.get("outcome"), False, part_marker


def _side_after(items: list[Item], j: int, end: int) -> tuple[str | None, int]:
    """Side named after a head noun ("members of the FSA", "militants of the Islamic State")."""
    n = len(items)
    steps = 0
    while j < n and steps <= _SIDE_WINDOW:
        item = items[j]
        roles = item.roles
        if "side" in roles:
            return roles["side"], j + 1
        if "victim" in roles and roles["victim"] != "unspecified":
            return roles["victim"], j + 1
        if "number" in roles or "outcome" in roles or "attrib" in roles or "qual" in roles:
            break
        if item.text in _HARD_PUNCT:
            break
        j += 1
        steps += 1
    return None, end


def _post_outcome(items: list[Item], j: int) -> tuple[str | None, bool]:
    """Outcome word after a noun phrase (skipping auxiliaries); and whether a fate blocks it."""
    n = len(items)
    skipped = 0
    while j < n and skipped < _AUX_WINDOW:
        roles = items[j].roles
        if "outcome" in roles or "combined" in roles or "fate" in roles:
            break
        if "aux" not in roles:
            break
        j += 1
        skipped += 1
    if j >= n:
        return None, False
    roles = items[j].roles
    if "combined" in roles:
        return None, True
    if "outcome" in roles:
        return roles["outcome"], False
    if "fate" in roles:
        return None, True
    return None, False


def _pre_outcome(items: list[Item], first: int) -> tuple[str | None, bool]:
    """Outcome word before a quantity ("killing 31", "the death toll rose to 31")."""
    j = first - 1
    skipped = 0
    while j >= 0 and skipped < _BRIDGE_WINDOW and "bridge" in items[j].roles:
        if "outcome" in items[j].roles or "toll" in items[j].roles:
            break
        j -= 1
        skipped += 1
    if j >= 0:
        roles = items[j].roles
        if "combined" in roles:
            return None, True
        if "outcome" in roles:
            return roles["outcome"], False
        if "fate" in roles:
            return None, True
    # A toll noun may stand further away: "the death toll from the car bombing rose to 22".
    for j in range(first - 1, max(first - 1 - _TOLL_WINDOW, -1), -1):
        roles = items[j].roles
        if "number" in roles or items[j].text in _HARD_PUNCT:
            break
        if "toll" in roles:
            return ("killed", False) if "combined" not in roles else (None, True)
    return None, False


# --------------------------------------------------------------------------------------------
# Reading a sentence


def _figures(items: list[Item]) -> list[Figure]:
    figures: list[Figure] = []
    k = 0
    n = len(items)
    while k < n:
        if "number" not in items[k].roles:
            k += 1
            continue
        found = _quantity(items, k)
        if found is None:  # pragma: no cover - _quantity always answers
            k += 1
            continue
        first, last, count = found
        if _not_people(items, first, k, last):
            k = last
            continue
        span = (items[k].start, items[last - 1].end)
        category, np_end, own, _elliptical, part_marker = _noun_phrase(items, last)
        figure = Figure(k, first, last, count, span, category, np_end, part_marker=part_marker)
        post, post_block = _post_outcome(items, np_end)
        if own is not None:
            post = own
        pre, pre_block = _pre_outcome(items, first)
        figure.outcome = post or pre
        figure.blocked = (post_block and pre is None) or (pre_block and post is None)
        figures.append(figure)
        k = last
    return figures


def _only_conjunctions(items: list[Item], start: int, stop: int) -> bool:
    if stop <= start or stop - start > 2:
        return False
    return all(items[j].has("conj") for j in range(start, stop))


def _group(items: list[Item], figures: list[Figure]) -> list[Figure]:
    """Join coordinated figures into lists; return the list leaders in order."""
    leaders: list[Figure] = []
    for figure in figures:
        if leaders:
            leader = leaders[-1]
            tail = leader.members[-1] if leader.members else leader
            if (
                not figure.part_marker
                and _only_conjunctions(items, tail.np_end, figure.first)
                and (figure.outcome is None or leader.outcome in (None, figure.outcome))
            ):
                leader.members.append(figure)
                if leader.outcome is None:
                    leader.outcome = figure.outcome
                leader.blocked = leader.blocked or figure.blocked
                continue
        figure.members = []
        leaders.append(figure)
    return leaders


def _members(leader: Figure) -> list[Figure]:
    return [leader, *leader.members]


def _end(leader: Figure) -> int:
    return _members(leader)[-1].np_end


def _attach_breakdowns(items: list[Item], leaders: list[Figure]) -> None:
    n = len(items)
    prev_marker = next((j for j, item in enumerate(items) if item.has("break_prev")), None)
    for position, leader in enumerate(leaders):
        totals = [
            other for other in leaders[:position] if other.parent is None and not other.to_previous
        ]
        previous_total = totals[-1] if totals else None
        # "… including 59 civilians": a forward marker just before the figure.
        marker = leader.first - 1
        if (
            marker >= 1
            and not items[marker].roles
            and items[marker - 1].has("break_fwd")
        ):
            marker -= 1
        if marker >= 0 and items[marker].has("break_fwd") and not items[marker].has("number"):
            if previous_total is not None:
                leader.parent = previous_total
                continue
            if leader.outcome is None:
                leader.to_previous = True
                continue
        # "two of them children": a part of the total before it.
        if leader.part_marker and previous_total is not None:
            leader.parent = previous_total
            continue
        # "6 children among 19 dead", "… were among the dead".
        j = _end(leader)
        while j < n and items[j].has("aux") and not items[j].has("break_back"):
            j += 1
        if j < n and items[j].has("break_back"):
            after = j + 1
            if after < n and not items[after].roles and after + 1 < n:
                after += 1
            following = next((f for f in leaders[position + 1 :] if f.first == after), None)
            if following is not None:
                leader.parent = following
                continue
            if items[j].has("break_prev") or leader.outcome is None:
                leader.to_previous = True
                continue
        if prev_marker is not None and prev_marker < leader.first and leader.outcome is None:
            leader.to_previous = True


def _parts_by_category(parts: list[Figure]) -> dict[str, Count]:
    grouped: dict[str, list[Count]] = {}
    for part in parts:
        for member in _members(part):
            if member.category is None:
                continue
            grouped.setdefault(member.category, []).append(member.count)
    return {category: add_counts(counts) for category, counts in grouped.items()}


def read_figures(items: list[Item], context_category: str | None = None) -> Reading:
    """Claims stated in one tagged sentence.

    Parameters
    ----------
    items
        The sentence's items (:func:`casualties.extract.tagging.tag`).
    context_category
        Category of the last figure before this sentence, for elliptical figures
        (``another 17 were injured``).

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.tagging import tag
    >>> from casualties.extract.text import tokenize
    >>> res = resources("fr")
    >>> s = "au moins 122 personnes ont été tuées dont 59 civils, 32 soldats et 31 rebelles"
    >>> reading = read_figures(tag(tokenize(s, 0, len(s), res.numeral), s, res))
    >>> claim = reading.claims[0]
    >>> claim.outcome, sorted((k, v.low) for k, v in claim.rows.items())
    ('killed', [('civilians', 59), ('rebels', 31), ('soldiers', 32)])
    """
    figures = _figures(items)
    leaders = _group(items, figures)
    _attach_breakdowns(items, leaders)
    claims: list[SentenceClaim] = []
    previous_parts: list[Figure] = []
    last_category = context_category
    for leader in leaders:
        for member in _members(leader):
            if member.category is None:
                member.category = last_category
            else:
                last_category = member.category
        if leader.to_previous:
            previous_parts.append(leader)
            continue
        if leader.parent is not None:
            continue
        if leader.outcome is None or leader.blocked:
            continue
        parts = [f for f in leaders if f.parent is leader]
        members = _members(leader)
        flags: tuple[str, ...] = ()
        if len(members) == 1:
            category = leader.category or "unspecified"
            rows, exceeds = partition(leader.count, category, _parts_by_category(parts))
            total = leader.count
            if exceeds:
                flags = ("breakdown_exceeds_total",)
        else:
            grouped: dict[str, list[Count]] = {}
            for member in members:
                grouped.setdefault(member.category or "unspecified", []).append(member.count)
            rows = {c: add_counts(v) for c, v in grouped.items()}
            total = add_counts([m.count for m in members])
            category = next(iter(rows)) if len(rows) == 1 else "unspecified"
        last = members[-1]
        claims.append(
            SentenceClaim(
                outcome=leader.outcome,
                rows=rows,
                item=leader.index,
                last_item=last.np_end,
                span=(leader.span[0], last.span[1]),
                total=total,
                category=category,
                flags=flags,
            )
        )
    covered = frozenset(j for f in figures for j in range(f.first, max(f.np_end, f.last)))
    return Reading(claims, _parts_by_category(previous_parts), last_category, covered)
