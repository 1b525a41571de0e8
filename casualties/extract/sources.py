"""Who states a figure: claimants, anaphora and the outlet (DESIGN §5 rule 4).

A registry alias (``the Syrian Observatory for Human Rights``), an unregistered claimant of the
lexicon (``local sources``) or an anaphor (``the monitor``, ``la même source``, ``it said``) is a
*claimant* of its sentence when an attribution word stands next to it (``said``, ``according
to``, ``selon``). A figure takes the claimant of its sentence nearest to it (every claimant of a
coordinated group ``X and Y said``); an anaphor takes the nearest claimant before it in the
dispatch (of the anaphor's kind when it names one: ``the monitor``), an indefinite description
(``a monitoring group said``) the nearest of its kind before or after; a figure whose sentence
has no claimant belongs to the outlet — the outlet's registry id when the outlet is itself a
source (SANA, the Syrian National Coalition), else ``outlet:<slug>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .resources import registry, slug
from .tagging import Item

__all__ = ["Mention", "claimant_mentions", "outlet_source", "nearest_claimants", "Attribution"]

_BEFORE = 6  # attribution word at most this many items before a claimant ("according to X")
_AFTER = 12  # … or after it ("X, a Britain-based monitor, said")
_ARTICLES = frozenset({"bridge", "definite"})
_ACTOR = 4  # an outcome verb this close after a name makes it the actor
_SUBJECT = 2  # a claimant this early in its sentence is its subject
_NEAR = 3  # attribution words this close make a claimant certain


@dataclass(frozen=True, slots=True)
class Mention:
    """A claimant (or anaphor) in a sentence."""

    item: int
    last: int
    source_id: str | None  # registry id or other:<slug>; None for anaphora and "nobody"
    name: str
    kind: str  # registry kind, "other", or the kind an anaphor looks for
    distance: int = 0  # items between the claimant and its attribution word
    anaphor: bool = False
    indefinite: bool = False
    nobody: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """The source of a claim: id and the claimant as written."""

    source_id: str
    name: str
    attributed: bool  # a claimant named or pointed at, as opposed to the outlet


def outlet_source(outlet: str) -> Attribution:
    """The source of an unattributed figure: the outlet, or its registry id.

    Examples
    --------
    >>> outlet_source("AFP").source_id, outlet_source("SANA").source_id
    ('outlet:afp', 'sana')
    >>> outlet_source("Syrian National Coalition").source_id
    'opposition'
    """
    key = slug(outlet or "unknown")
    source_id = registry().outlets.get(key)
    return Attribution(source_id or f"outlet:{key}", outlet or "unknown", False)


def _attribution_distance(items: list[Item], first: int, last: int) -> int | None:
    """Items between a claimant and the nearest attribution word that can govern it.

    ``according to``-type words govern the claimant after them, verbs (``said``) the one
    before or after; a name right after ``told`` is its hearer, not a claimant.
    """
    if first > 0 and "recipient" in items[first - 1].roles:
        return None
    if first > 1 and "recipient" in items[first - 2].roles and "bridge" in items[first - 1].roles:
        return None
    best = None
    for j in range(max(first - _BEFORE, 0), min(last + _AFTER, len(items))):
        roles = items[j].roles
        if "attrib" not in roles or "not_attribution" in roles:
            continue
        if j >= last and "attrib_prefix" in roles:
            continue
        distance = first - j - 1 if j < first else max(j - last, 0)
        best = distance if best is None else min(best, distance)
    return best


def _actor(items: list[Item], j: int) -> bool:
    """Whether the name at ``j`` is the subject of an outcome verb ("ISIL killed 20")."""
    for k in range(j + 1, min(j + 1 + _ACTOR, len(items))):
        roles = items[k].roles
        if "outcome" in roles and "victim" not in roles:
            return True
        if "number" in roles or "attrib" in roles or items[k].text in ".;:":
            return False
        if "war" in roles or ("definite" in roles and k > j + 1):
            # "a report by the SCPR the conflict has claimed the lives of": another subject.
            return False
    return False


def claimant_mentions(
    items: list[Item],
    indefinite: frozenset[str] = frozenset(),
    skip: frozenset[int] | set[int] | None = None,
) -> list[Mention]:
    """Claimants and anaphora of one sentence, in order.

    Parameters
    ----------
    items
        The sentence's items.
    indefinite
        Lower-case determiners that make a description indefinite (``a monitor``).
    skip
        Item indexes to ignore (those inside a figure's noun phrase: *20 FSA members*).

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.tagging import tag
    >>> from casualties.extract.text import tokenize
    >>> res = resources("en")
    >>> s = "13 died, the Syrian Observatory for Human Rights said."
    >>> [m.source_id for m in claimant_mentions(tag(tokenize(s, 0, len(s), res.numeral), s, res))]
    ['sohr']
    """
    kinds = registry().kinds
    mentions: list[Mention] = []
    for j, item in enumerate(items):
        roles = item.roles
        if skip and j in skip:
            continue
        if "source" in roles or "other" in roles or "anaphor" in roles or "nobody" in roles:
            distance = 0 if "attrib" in roles else _attribution_distance(items, j, j + 1)
            if distance is None and j <= _SUBJECT and _attributes_later(items, j):
                distance = _AFTER  # the sentence's subject, with its verb further on
            if distance is None or (distance > 1 and _actor(items, j)):
                continue
            if "source" in roles:
                source_id = roles["source"]
                mentions.append(
                    Mention(j, j + 1, source_id, item.text, kinds.get(source_id, "other"), distance)
                )
            elif "other" in roles:
                mentions.append(
                    Mention(j, j + 1, f"other:{roles['other']}", item.text, "other", distance)
                )
            elif "anaphor" in roles:
                kind = roles["anaphor"]
                if kind == "none":
                    continue
                first_word = item.text.split()[0].lower()
                mentions.append(
                    Mention(
                        j,
                        j + 1,
                        None,
                        item.text,
                        kind,
                        distance,
                        anaphor=True,
                        indefinite=first_word in indefinite,
                    )
                )
            else:
                mentions.append(Mention(j, j + 1, None, item.text, "any", distance, nobody=True))
    return mentions


def _reported_subject(
    items: list[Item], mentions: list[Mention], mention: Mention, position: int
) -> bool:
    """Whether ``mention`` opens the clause a claimant before the verb reports, between that
    verb and the figure ("Washington and Paris say forces loyal to President Bashar al-Assad
    were behind the attack in which more than 1400 …"): the subject of the claim, not its
    claimant."""
    if not mention.item < position:
        return False
    if mention.last < len(items) and "attrib" in items[mention.last].roles:
        return False  # "… a day after rights groups said": a claimant with its own verb
    verbs = [
        j
        for j in range(max(mention.item - _NEAR - 1, 0), mention.item)
        if "attrib" in items[j].roles and "attrib_prefix" not in items[j].roles
    ]
    if not verbs or any(
        "attrib_prefix" in items[k].roles for k in range(verbs[-1] + 1, mention.item)
    ):
        return False  # "SANA reported the attack quoting Homs Governor …": a claimant cited
    return any(
        other.source_id and other.last <= verbs[-1] and verbs[-1] - other.last <= _NEAR
        for other in mentions
        if other is not mention
    )


def _attributes_later(items: list[Item], j: int) -> bool:
    return any("attrib" in item.roles for item in items[j + 1 :])


def nearest_claimants(items: list[Item], mentions: list[Mention], position: int) -> list[Mention]:
    """The claimant of a figure at item ``position``, with the claimants coordinated with it.

    Claimants right next to their attribution word (``selon l'OSDH``, ``X said``) come before
    those further from it; among equals the one nearest to the figure wins.

    Examples
    --------
    >>> nearest_claimants([], [], 0)
    []
    """
    if not mentions:
        return []
    candidates = [m for m in mentions if not _reported_subject(items, mentions, m, position)]
    best = min(
        candidates or mentions,
        key=lambda m: (m.distance > _NEAR, abs(m.item - position), m.item < position),
    )
    group = [best]
    index = mentions.index(best)
    for step in (-1, 1):
        k = index + step
        while 0 <= k < len(mentions):
            a, b = (mentions[k], group[0]) if step < 0 else (group[-1], mentions[k])
            between = items[a.last : b.item]
            if (
                mentions[k].source_id
                and 0 < len(between) <= 3
                and any("conj" in it.roles for it in between)
                and all("conj" in it.roles or it.roles.keys() <= _ARTICLES for it in between)
            ):
                if step < 0:
                    group.insert(0, mentions[k])
                else:
                    group.append(mentions[k])
                k += step
            else:
                break
    return group
