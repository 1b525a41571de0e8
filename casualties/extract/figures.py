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
_DASHES = frozenset("-–—‐")
_ASIDE = 8
_HARD_PUNCT = frozenset(".;:!?")
_NP_WINDOW = 4
_SIDE_WINDOW = 6
_AUX_WINDOW = 6
_BREAK_WINDOW = 7
_BRIDGE_WINDOW = 3
_TOLL_WINDOW = 20
_POST_ADJECTIVES = 2

#: Roles that end a noun phrase's search for its group.
_NOT_IN_PHRASE = frozenset(
    {"number", "outcome", "attrib", "qual", "weekday", "month", "relative", "calendar"}
)
#: Roles of articles and other words a phrase may skip ("the", "le").
_ARTICLES = frozenset({"bridge", "definite"})


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
    elliptical: bool = False
    own: str | None = None
    subpart: bool = False


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
    parts: dict[str, Count] = field(default_factory=dict)  # its breakdown, subsets included
    part_values: tuple[tuple[str, int], ...] = ()  # (category, value) of every part stated
    part_items: tuple[tuple[int, int], ...] = ()  # (first item, end of noun phrase) of each part
    continues: bool = False  # a part of a total stated before the sentence ("20000 of them")


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
        if (
            items[second].has("number")
            and items[second].roles["number"][1] is None
            and not _is_year(items[second], items[second].roles["number"][0])
        ):
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
        # A numeral glued to another by "-", "." or "/" is part of a date ("21-03-2016").
        if (
            prev.text in ("-", ".", "/")
            and first > 1
            and items[first - 2].has("numeral")
            and items[first - 2].end == prev.start
            and prev.end == items[first].start
        ):
            return True
    if (
        after + 1 < n
        and items[after].text in ("-", ".", "/")
        and items[after + 1].has("numeral")
        and items[after].end == items[after + 1].start
        and items[k].end == items[after].start
    ):
        return True
    if items[k].has("numeral") and len(items[k].text) > 1 and items[k].text[0] == "0":
        return True  # "016", "05": codes, clock times and date parts, not counts
    value = items[k].roles["number"][0]
    if _is_year(items[k], value):
        dated = first > 0 and (items[first - 1].has("month") or items[first - 1].has("numeral"))
        return dated or not (after < n and items[after].has("victim"))
    return False


# --------------------------------------------------------------------------------------------
# Victims and outcome


def _noun_phrase(items: list[Item], last: int) -> tuple[str | None, int, str | None, bool, bool]:
    """Category, end of the noun phrase, its own outcome, whether elliptical, part marker."""
    n = len(items)
    j = last
    if (
        j < n
        and "of_quantity" in items[j].roles
        and "number" in items[last - 1].roles
        and (items[last - 1].roles["number"][1] is not None or " " in items[last - 1].text)
    ):
        j += 1  # "dozens of people", "1,5 million de morts"
    start = j
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
            if (
                "victim" not in roles
                and j + 1 < n
                and "victim" in items[j + 1].roles
                and "number" not in items[j + 1].roles
                and "outcome" not in items[j + 1].roles
            ):
                head = j + 1  # "four more civilians" (but not "21 autres blessés")
            break
        if "side" in roles:
            side = side or roles["side"]
            j += 1
            steps += 1
            continue
        if roles.keys() <= _ARTICLES and steps == 0 and part_marker:
            j += 1  # "one of them a child"
            continue
        if roles or (not item.text[0].isalnum() and item.text not in _SOFT_PUNCT):
            break
        j += 1
        steps += 1
    if head is None and side is None and start < n and "of_quantity" in items[start].roles:
        # "one of their activists": a group named after "of".
        k = start + 1
        while k < n and k - start <= 2 and "victim" not in items[k].roles:
            if items[k].roles.keys() - _ARTICLES or items[k].text[:1].isupper():
                break
            k += 1
        if k < n and "victim" in items[k].roles and "outcome" not in items[k].roles:
            head = k
    if head is None and side is None and start < n and "among" in items[start].roles:
        # "… et 14 parmi les insurgés", "and 14 among the rebels": the group is the figure's.
        k = start + 1
        while k < n and items[k].roles.keys() <= _ARTICLES:
            k += 1
        if k < n and items[k].roles.get("victim") not in (None, "unspecified"):
            return items[k].roles["victim"], k + 1, own_outcome, False, part_marker
    if head is None:
        return side, (j if side else start), own_outcome, False, part_marker
    item = items[head]
    category = item.get("victim")
    end = head + 1
    # Adjectives after the noun ("62 soldats syriens"): plain lower-case words.
    while (
        end < n
        and end - head <= _POST_ADJECTIVES
        and not items[end].roles
        and items[end].text[:1].islower()
    ):
        end += 1
    if end < n and "side" in items[end].roles and "victim" not in items[end].roles:
        end += 1  # "11 combattants kurdes"
    if item.has("elliptical") and category is None:
        return None, end, own_outcome or item.get("outcome"), True, part_marker
    elliptical = items[head - 1].has("elliptical") if head > last else False
    if category == "unspecified" and end < n and "among" in items[end].roles:
        # "1 600 morts parmi les civils", "23 morts dans les rangs des forces du régime".
        k = end + 1
        while k < n and items[k].roles.keys() <= _ARTICLES:
            k += 1
        if k < n and items[k].roles.get("victim") not in (None, "unspecified"):
            category, end = items[k].roles["victim"], k + 1
    if category == "unspecified" and not item.has("sided"):
        # "65 bodies of civilians", "one of their activists": the group after "of".
        k = end
        if k < n and "of_quantity" in items[k].roles:
            k += 1
            while k < n and k - end <= 2 and not items[k].roles.keys() - _ARTICLES:
                if "victim" in items[k].roles:
                    break
                k += 1
            if k < n and items[k].roles.get("victim") not in (None, "unspecified"):
                category, end = items[k].roles["victim"], k + 1
    if (
        not item.has("sided")
        and category is not None
        and end < n
        and items[end].roles.keys()
        & {
            "place_prep",
            "of_quantity",
        }
    ):
        # "14 jihadists from the Islamic State group": the group belongs to the noun phrase.
        named, after = _side_after(items, end, end)
        if named is not None and after - end <= _SIDE_WINDOW // 2 + 1:
            end = after
    if item.has("sided") or category is None:
        if side is None:
            side, end = _side_after(items, head + 1, end)
        elif end > head + 1 and "side" in items[end - 1].roles:
            pass
        category = side or category or "unspecified"
    return category, end, own_outcome or item.get("outcome"), elliptical, part_marker


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
        if roles.keys() & _NOT_IN_PHRASE or item.text in _HARD_PUNCT:
            break  # not "23 civilians on Thursday activists reported"
        j += 1
        steps += 1
    return None, end


def _post_outcome(
    items: list[Item], j: int, after_noun: bool = True
) -> tuple[str | None, bool, int | None]:
    """Outcome word after a noun phrase, whether a fate blocks the figure, and where it stands.

    Auxiliaries are skipped, and so is a breakdown without numbers ("15 civilians including
    children have been killed").
    """
    n = len(items)
    skipped = 0
    plain_words = 0
    while j < n and skipped < _AUX_WINDOW:
        roles = items[j].roles
        if "outcome" in roles or "combined" in roles or "fate" in roles:
            break
        if items[j].text in _DASHES and j + 1 < n and "break_fwd" in items[j + 1].roles:
            # "23 civilians - including nine children - dead": skip the aside.
            close = next(
                (k for k in range(j + 2, min(j + 2 + _ASIDE, n)) if items[k].text in _DASHES),
                None,
            )
            if close is not None:
                j = close + 1
                skipped += 1
                continue
        if "break_fwd" in roles:
            k = j + 1
            while k < n and k - j <= _BREAK_WINDOW and not (items[k].roles.keys() & _BREAK_END):
                k += 1
            if (
                k < n
                and "number" not in items[k].roles
                and k - j <= _BREAK_WINDOW
                # a group ("including a number of children", "dont des femmes et des
                # enfants"), not a clause after it ("including a child and causing injuries")
                and not any(
                    items[i].has("conj")
                    and not items[i + 1].roles
                    and items[i + 1].text.isalpha()
                    and not any(items[m].has("victim") for m in range(i + 1, k))
                    for i in range(j + 1, k - 1)
                )
            ):
                j = k
                skipped += 1
                continue
            break
        if "place_prep" in roles and _place_complement(items, j) > j + 1:
            j = _place_complement(items, j)  # "20 people in Aleppo were killed"
            skipped += 1
            continue
        if "conj" in roles and after_noun:
            # "86 members of government forces and its allies were killed": a second noun
            # of the same phrase, without a number of its own.
            k = j + 1
            while k < n and k - j <= 2 and not items[k].roles.keys() - _ARTICLES:
                k += 1
            if k > j + 1 and k < n and items[k].roles.keys() & {"aux", "outcome"}:
                j = k
                skipped += 1
                continue
        plain = (
            after_noun
            and not roles
            and items[j].text[:1].islower()
            and plain_words < _POST_ADJECTIVES
        )
        if "aux" not in roles and items[j].text != "," and not plain:
            break
        plain_words += plain
        j += 1
        skipped += 1
    if j >= n:
        return None, False, None
    roles = items[j].roles
    if "combined" in roles:
        return None, True, j
    if "outcome" in roles and "before_only" not in roles:
        if _joined_outcome(items, j, 1):
            return None, True, j
        return roles["outcome"], False, j
    if "fate" in roles:
        return None, True, j
    return None, False, None


def _place_complement(items: list[Item], j: int) -> int:
    """End of "<preposition> <Capitalised Name>" starting at ``j`` (``j`` when there is none)."""
    k = j + 1
    while k < len(items) and k - j <= 3 and not items[k].roles and items[k].text[:1].isupper():
        k += 1
    return k if k > j + 1 else j


#: Roles that end a breakdown without numbers ("including children …").
_BREAK_END = frozenset({"number", "outcome", "aux", "attrib", "combined", "fate"})


def _joined_outcome(items: list[Item], j: int, step: int) -> bool:
    """Whether the outcome at ``j`` is coordinated with the other one ("killed and wounded")."""
    k = j + step
    if not (0 <= k < len(items)) or not ({"conj", "range_join"} & items[k].roles.keys()):
        return False
    k += step
    if not (0 <= k < len(items)):
        return False
    other = items[k].roles.get("outcome")
    return other is not None and other != items[j].roles["outcome"]


def _pre_outcome(
    items: list[Item], first: int, numbers: set[int] | frozenset[int] = frozenset()
) -> tuple[str | None, bool, int | None]:
    """Outcome word before a quantity ("killing 31", "the death toll rose to 31")."""
    j = first - 1
    skipped = 0
    while (
        j >= 0
        and skipped < _BRIDGE_WINDOW
        # "ont tué vendredi au moins 88 manifestants", "killed on Friday 20 people"
        and items[j].roles.keys() & {"bridge", "weekday", "relative"}
    ):
        if "outcome" in items[j].roles or "toll" in items[j].roles:
            break
        j -= 1
        skipped += 1
    if j >= 0:
        roles = items[j].roles
        if "combined" in roles:
            return None, True, j
        if "outcome" in roles:
            if _joined_outcome(items, j, -1):
                return None, True, j
            return roles["outcome"], False, j
        if "fate" in roles:
            return None, True, j
    # A toll noun may stand further away: "the death toll from the car bombing rose to 22".
    for j in range(first - 1, max(first - 1 - _TOLL_WINDOW, -1), -1):
        roles = items[j].roles
        if j in numbers or items[j].text in _HARD_PUNCT:
            break
        if "toll" in roles:
            return ("killed", False, j) if "combined" not in roles else (None, True, j)
    return None, False, None


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
        first, last, count = _quantity(items, k)
        if not _not_people(items, first, k, last):
            span = (items[k].start, items[last - 1].end)
            category, np_end, own, elliptical, part_marker = _noun_phrase(items, last)
            figure = Figure(k, first, last, count, span, category, np_end, part_marker=part_marker)
            figure.elliptical = elliptical
            figure.own = own
            figures.append(figure)
        k = last
    numbers = {f.index for f in figures}
    for figure in figures:
        post, post_block, post_at = _post_outcome(items, figure.np_end, figure.np_end > figure.last)
        if figure.own is not None:
            post, post_at = figure.own, None
        pre, pre_block, pre_at = _pre_outcome(items, figure.first, numbers)
        # "claimed the lives of three citizens injured two others": the word after the noun
        # phrase introduces the next figure.
        if (
            post is not None
            and (pre is not None or pre_block)
            and post_at is not None
            and post != pre
            and _leads_to_number(items, post_at)
        ):
            # … nor in "Daesh kidnapped 900 Executed 18 People": the fate before governs.
            post = None
        figure.outcome = post or pre
        figure.blocked = (post_block and pre is None and figure.own is None) or (
            pre_block and post is None
        )
        # "putting the number of civilians killed at 13": the group before the outcome;
        # "Les insurgés ont perdu une dizaine d'hommes": a group's own men.
        if (
            figure.category is None
            and not figure.elliptical
            and pre_at is not None
            and 0 < pre_at < figure.first - 1
            and "before_only" not in items[pre_at].roles
            and "victim" in items[pre_at - 1].roles
        ) or (
            pre_at is not None
            and 0 < pre_at < figure.first
            and "loss" in items[pre_at].roles
            and items[pre_at - 1].roles.get("victim") not in (None, "unspecified")
            and any(items[j].has("sided") for j in range(figure.last, figure.np_end))
        ):
            figure.category = items[pre_at - 1].roles["victim"]
    return figures


def _leads_to_number(items: list[Item], j: int) -> bool:
    k = j + 1
    while k < len(items) and "bridge" in items[k].roles and "number" not in items[k].roles:
        k += 1
    if k < len(items) and "qual" in items[k].roles:
        k += 1
    return k < len(items) and "number" in items[k].roles


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
            adjacent = (
                tail.np_end == figure.first
                and tail.category is not None
                and figure.category is not None
                and tail.np_end > tail.last
            )  # "killed 14 jihadists 5 civilians" (a headline without commas)
            if (
                adjacent
                and tail.category == figure.category
                and not leader.members
                and figure.count.best < tail.count.best
            ):
                # "Three civilians two women and a man were killed": an apposition of the
                # same group is a breakdown, not a second group.
                figure.part_marker = True
            elif (
                not figure.part_marker
                and (
                    adjacent
                    or _only_conjunctions(items, tail.np_end, figure.first)
                    or _along_with(items, tail, figure)
                )
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


def _along_with(items: list[Item], tail: Figure, figure: Figure) -> bool:
    """ "29 fighters were killed along with six terrorists": the outcome, then a conjunction."""
    between = items[tail.np_end : figure.first]
    if figure.outcome is not None or figure.blocked or len(between) < 2:
        return False
    if "along" not in between[-1].roles:
        return False
    words = [it for it in between[:-1] if it.roles or not it.text[:1].islower()]
    return any("outcome" in it.roles for it in words) and all(
        "outcome" in it.roles or "aux" in it.roles for it in words
    )


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
        if marker >= 1 and not items[marker].roles and items[marker - 1].has("break_fwd"):
            marker -= 1
        if marker >= 0 and items[marker].has("break_fwd") and not items[marker].has("number"):
            before = leaders[position - 1] if position else None
            if before is not None and before.parent is not None:
                # "3.250 morts, dont 1.130 civils, parmi lesquels 270 enfants": a part of a part.
                leader.parent = before
                leader.subpart = True
                continue
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
        if j < n and items[j].has("break_fwd"):
            # "Six civilians including a child were among at least 22 people killed".
            k = j + 1
            while (
                k < n
                and k - j <= _BREAK_WINDOW
                and not items[k].roles.keys() & (_BREAK_END | {"break_back"})
            ):
                k += 1
            if k < n and k - j <= _BREAK_WINDOW and items[k].roles.keys() & {"aux", "break_back"}:
                j = k
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


def _victims(figure: Figure, leader_of: dict[int, Figure]) -> str | None:
    """Category of the victims of the claim a figure belongs to: its total's group (a part
    continues its total), one group for a list of one group, else ``unspecified``."""
    leader = leader_of.get(id(figure), figure)
    seen = 0
    while leader.parent is not None and seen < 8:
        leader = leader_of.get(id(leader.parent), leader.parent)
        seen += 1
    categories = {m.category for m in _members(leader)}
    if None in categories:
        return None
    return categories.pop() if len(categories) == 1 else "unspecified"


def read_figures(items: list[Item], context_category: str | None = None) -> Reading:
    """Claims stated in one tagged sentence.

    Parameters
    ----------
    items
        The sentence's items (:func:`casualties.extract.tagging.tag`).
    context_category
        Group of the victims of the dispatch's last figure before this sentence, for a
        sentence opening with ``others`` or ``more`` (``Une centaine d'autres ont été
        blessés``, ``Dozens more were injured``).

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
    previous: Figure | None = None
    leader_of = {id(m): leader for leader in leaders for m in _members(leader)}
    for figure in figures:
        # A figure without a noun takes the group of the figure before it in its clause
        # ("45 civilians in Aleppo and 22 in Idlib", "four civilians … and 21 others"); "others"
        # with no figure before it, the group named before it ("tuant un citoyen et blessant
        # cinq autres") or, opening the sentence, the last group of the sentence before.
        if figure.category is None and previous is not None and previous.category is not None:
            between = items[previous.np_end : figure.first]
            linked = any("conj" in it.roles for it in between) and not any(
                "attrib" in it.roles for it in between
            )
            if figure.elliptical:
                # "killed 19 people including six children and wounded 30 others": the
                # victims of the figure "others" continues (GUIDE), not of its last part.
                figure.category = _victims(previous, leader_of) or previous.category
            elif linked:
                figure.category = previous.category
                if linked and figure.outcome is None and not figure.blocked:
                    # "killed 45 civilians in Aleppo and 22 in Idlib": the same outcome too.
                    figure.outcome = previous.outcome
        elif figure.category is None and previous is None and figure.elliptical:
            named = next(
                (
                    items[j].roles["victim"]
                    for j in range(figure.first - 1, -1, -1)
                    if "victim" in items[j].roles and "outcome" not in items[j].roles
                ),
                None,
            )
            # "Dozens more were injured.": the victims of the last claim before it.
            figure.category = named or context_category
        previous = figure
    last_category = next(
        (_victims(f, leader_of) or f.category for f in reversed(figures) if f.category), None
    )
    for leader in leaders:
        if leader.to_previous:
            previous_parts.append(leader)
            continue
        if leader.parent is not None:
            continue
        parts = [f for f in leaders if f.parent is leader and not f.subpart]
        if leader.outcome is None:
            # "11 people including six children were killed": the outcome comes after the parts.
            leader.outcome = next((p.outcome for p in parts if p.outcome), None)
        if leader.outcome is None or leader.blocked:
            continue
        members = _members(leader)
        flags: tuple[str, ...] = ()
        stated = [
            f for f in leaders if f.parent is leader or (f.parent and f.parent.parent is leader)
        ]
        part_values = tuple(
            (m.category or leader.category or "unspecified", m.count.best)
            for f in stated
            for m in _members(f)
        )
        by_category = _parts_by_category(parts)
        if len(members) == 1:
            category = leader.category or "unspecified"
            rows, exceeds = partition(leader.count, category, by_category)
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
                parts=by_category if len(members) == 1 else {},
                part_values=part_values,
                part_items=tuple(
                    (m.first, max(m.np_end, m.last)) for f in stated for m in _members(f)
                ),
                continues=leader.part_marker,
            )
        )
    covered = frozenset(j for f in figures for j in range(f.first, max(f.np_end, f.last)))
    return Reading(claims, _parts_by_category(previous_parts), last_category, covered)
