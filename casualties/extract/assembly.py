"""One dispatch → its claims: the pipeline that joins figures, sources, dates and places.

Extraction is a pure function of one dispatch and the lexicons (DESIGN §12):

1. split the text into sentences; keep those with an outcome word and a quantity (cheap
   regular expressions over the whole text, before any tagging);
2. tag each kept sentence and read its figures (:mod:`.figures`);
3. give each figure its source (:mod:`.sources`; earlier sentences are tagged lazily when an
   anaphor needs them), kind and period (:mod:`.kinds`, :mod:`.dates`) and place
   (:mod:`.places`); what a sentence does not restate comes from the claims before it
   (:func:`apply_context`), else the dateline;
4. merge the same figure stated twice (headline and body): the attributed occurrence wins
   (DESIGN §5 rule 8), and a headline figure equal to a part of a breakdown is that part;
5. write one row per (claim, category) with a deterministic ``claim_id``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import pandas as pd

from ..gazetteer import country, resolve
from ..io.dateline import parse_dateline
from ..schema import ClaimSchema
from .categories import CATEGORY_ORDER, Count, partition
from .dates import When, temporal_expressions
from .figures import SentenceClaim, read_figures
from .kinds import Kind, kind_of, state_dates
from .places import PlaceMention, choose_place, chrome_tokens, place_mentions
from .resources import Resources, resources, slug
from .sources import Attribution, Mention, claimant_mentions, nearest_claimants, outlet_source
from .tagging import Item, tag
from .text import Sentence, Token, split_sentences, tokenize

__all__ = [
    "Draft",
    "DispatchOutcome",
    "apply_context",
    "extract_one",
    "merge_drafts",
    "COUNTRY_PRIOR",
    "ROW_FIELDS",
]

#: The conflict's country: the gazetteer's prior for every place name.
COUNTRY_PRIOR = "SY"
#: Characters around an outcome word within which a quantity makes its sentence a candidate.
_CUE_WINDOW = 160
#: How many sentences an indefinite description ("a monitor said") looks ahead.
_LOOKAHEAD = 4

#: Columns of the rows a dispatch yields: the Claim schema's.
ROW_FIELDS = tuple(ClaimSchema.to_schema().columns)


@dataclass
class Draft:
    """A claim before merging: everything about it, and how it was found."""

    sentence: int
    outcome: str
    rows: dict[str, Count]
    total: Count
    category: str
    attribution: Attribution
    kind: str
    event_start: date | None
    event_end: date | None
    date_basis: str
    place: PlaceMention | None
    span: tuple[int, int]
    quote: str
    flags: list[str] = field(default_factory=list)
    parts: dict[str, Count] = field(default_factory=dict)
    part_values: tuple[tuple[str, int], ...] = ()
    date_flags: list[str] = field(default_factory=list)
    own_when: bool = True  # its sentence states a temporal expression (or it is a total)
    own_place: bool = True  # its sentence names a place (or points back to one)
    position: int = -1  # where it sits in the text for context (merging may move it)
    continues: bool = False  # a part of the claim before it ("20000 of them had died")

    @property
    def info(self) -> tuple:
        """How much the occurrence says, for choosing among duplicates (higher is better)."""
        return (
            self.attribution.attributed,
            len(self.rows) > 1 or next(iter(self.rows)) != "unspecified",
            self.total.qualifier != "exact",
            self.date_basis != "published",
            self.place is not None and self.place.place is not None,
        )


@dataclass
class DispatchOutcome:
    """What extraction made of one dispatch."""

    rows: list[dict[str, Any]]
    status: str  # claims | none | rejected
    reason: str | None = None
    n_claims: int = 0


class _Context:
    """Lazily tagged sentences of one dispatch."""

    def __init__(self, text: str, res: Resources, sentences: list[Sentence]):
        self.text = text
        self.res = res
        self.sentences = sentences
        self._tagged: dict[int, tuple[list[Token], list[Item]]] = {}
        self._mentions: dict[int, list[Mention]] = {}
        self._covered: dict[int, frozenset[int]] = {}
        self._places: dict[int, list[PlaceMention]] = {}
        self.dateline_end = 0

    def places(self, index: int) -> list[PlaceMention]:
        """Places named in sentence ``index`` (the dateline excluded)."""
        found = self._places.get(index)
        if found is None:
            tokens, items = self.tagged(index)
            found = place_mentions(tokens, items, self.text, self.res, COUNTRY_PRIOR)
            if self.dateline_end:
                found = [p for p in found if tokens[p.first].start >= self.dateline_end]
            self._places[index] = found
        return found

    def cover(self, index: int, covered: frozenset[int]) -> None:
        """Items of sentence ``index`` inside figures: a source named there is no claimant."""
        self._covered[index] = covered
        self._mentions.pop(index, None)

    def tagged(self, index: int) -> tuple[list[Token], list[Item]]:
        found = self._tagged.get(index)
        if found is None:
            sentence = self.sentences[index]
            tokens = tokenize(self.text, sentence.start, sentence.end, self.res.numeral)
            found = (tokens, tag(tokens, self.text, self.res))
            self._tagged[index] = found
        return found

    def mentions(self, index: int) -> list[Mention]:
        found = self._mentions.get(index)
        if found is None:
            found = claimant_mentions(
                self.tagged(index)[1], self.res.indefinite, self._covered.get(index)
            )
            self._mentions[index] = found
        return found


def _candidates(text: str, sentences: list[Sentence], res: Resources) -> list[int]:
    """Sentences with an outcome (or breakdown) word and, near it, something that reads as a
    quantity. Two regular expressions over the text: nothing is tokenised yet."""
    starts = [s.start for s in sentences]
    chosen: list[int] = []
    seen = -1
    quantity = res.candidate_quantity
    for match in res.candidate_cue.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index <= seen or index < 0:
            continue
        sentence = sentences[index]
        low = max(sentence.start, match.start() - _CUE_WINDOW)
        high = min(sentence.end, match.end() + _CUE_WINDOW)
        if quantity.search(text, low, high):
            seen = index
            chosen.append(index)
    return chosen


def _resolve_anaphor(context: _Context, mention: Mention, sentence: int) -> Mention | None:
    """The claimant an anaphor points at."""
    wanted = mention.kind

    def fits(candidate: Mention) -> bool:
        return candidate.source_id is not None and (wanted == "any" or candidate.kind == wanted)

    mentions = context.mentions(sentence)
    apposed = [m for m in mentions if m.last == mention.item and m.source_id is not None]
    if apposed:  # "the Syrian Center for Policy Research, an NGO, …": the name it describes
        return apposed[-1]
    here = [m for m in mentions if m.item < mention.item and fits(m)]
    if here:
        return here[-1]
    for index in range(sentence - 1, -1, -1):
        found = [m for m in context.mentions(index) if fits(m)]
        if found:
            return found[-1]
    if mention.indefinite or wanted != "any":
        later = [m for m in context.mentions(sentence) if m.item > mention.item and fits(m)]
        if later:
            return later[0]
        stop = min(sentence + 1 + _LOOKAHEAD, len(context.sentences))
        for index in range(sentence + 1, stop):
            found = [m for m in context.mentions(index) if fits(m)]
            if found:
                return found[0]
    return None


#: Items between "according to" and the claimant it governs ("according to a new report by").
_RELAY = 6


def _attribution(
    context: _Context, sentence: int, claim: SentenceClaim, outlet: Attribution
) -> Attribution:
    """The source of a claim. A figure attributed jointly (*activists and the group said*,
    *selon l'OSDH et des militants*) is one claim of the first-named claimant (GUIDE)."""
    _tokens, items = context.tagged(sentence)
    mentions = context.mentions(sentence)
    relayed = False
    for mention in nearest_claimants(items, mentions, claim.item):
        if mention.nobody:
            continue
        if mention.anaphor:
            target = _resolve_anaphor(context, mention, sentence)
            if target is None:
                continue
            mention = target
        source_id = mention.source_id or outlet.source_id
        if source_id == outlet.source_id or slug(mention.name) == slug(outlet.name):
            # "According to a report by the SCPR … Press TV reported" in Press TV's dispatch:
            # the outlet relays a claimant named in the same sentence.
            relayed = True
            continue
        return Attribution(source_id, mention.name, True)
    if not relayed:
        return outlet
    others = [
        m
        for m in mentions
        if m.source_id is not None
        and not (m.anaphor or m.nobody)
        and m.source_id != outlet.source_id
        and slug(m.name) != slug(outlet.name)
        # governed by "according to" ("according to a new report by the SCPR"), not an actor
        and any("attrib_prefix" in it.roles for it in items[max(m.item - _RELAY, 0) : m.item])
    ]
    if others:
        mention = min(others, key=lambda m: (m.distance, abs(m.item - claim.item)))
        return Attribution(mention.source_id, mention.name, True)
    return Attribution(outlet.source_id, outlet.name, True)


_PRINTED_WEEKDAY = 3


def _printed(w: When, items: list[Item], published: date | None) -> bool:
    """Whether a temporal expression is the publication date printed with the article
    (*Reuters Wednesday 25 Feb 2015*, *Date of publication 16 September 2016*): a full date
    with its year, equal to the publication day. It is no temporal expression of a figure
    (GUIDE, *Context*)."""
    if w.basis != "explicit" or not _restates(w, published) or w.precision != "day":
        return False
    around = items[max(w.item - 2, 0) : w.item + 3]
    return any(it.has("numeral") and len(it.text) == 4 for it in around)


def _restates(w: When, published: date | None) -> bool:
    return published is not None and w.start == published and w.end == published


def _nearest_when(
    whens: list[When], item: int, exclude: int | None, published: date | None
) -> When | None:
    """The temporal expression of a figure: the nearest one, an expression that only restates
    the publication day (a printed date, "said on Wednesday") counting last."""
    usable = [w for w in whens if w.item != exclude]
    if not usable:
        return None

    coarse = all(w.precision != "day" for w in usable if not _restates(w, published))

    def restates(w: When) -> bool:
        # A date that only repeats the publication day yields to a finer one, not to a month.
        return not coarse and _restates(w, published)

    return min(usable, key=lambda w: (restates(w), abs(w.item - item), w.item < item))


#: A toll this large, stated with no temporal expression, is a running total (flag
#: ``kind_by_size``): the deadliest single attacks of the Syrian war killed hundreds to some
#: fifteen hundred people.
WAR_SCALE = 10_000


def _dates(
    whens: list[When], kind: Kind, claim: SentenceClaim, published: date | None
) -> tuple[str, date | None, date | None, str, list[str]]:
    """Kind, event start and end, date basis and flags of a claim."""
    flags: list[str] = []
    if kind.kind == "cumulative":
        if published is None:
            flags.append("date_unresolved")
        return "cumulative", kind.start, published, "explicit" if kind.start else "published", flags
    since = kind.since
    if since is not None and since.start is not None:
        # "tuées mercredi …, alors que les combats font rage depuis quatre jours": a day
        # nearer to the figure than the "since" period is its date.
        nearer = [
            w
            for w in whens
            if w is not since
            and w.precision == "day"
            and abs(w.item - claim.item) < abs(since.item - claim.item)
        ]
        if not nearer:
            return "incident", since.start, published, since.basis, flags
    when = _nearest_when(whens, claim.item, kind.start_item, published)
    if when is None:
        if published is None:
            flags.append("date_unresolved")
        if claim.total.value >= WAR_SCALE:
            # "470,000 people have been killed": no attack kills this many in a day; with no
            # temporal expression and no cue, the figure is a war's running total all the same.
            return "cumulative", None, published, "published", [*flags, "kind_by_size"]
        return "incident", published, published, "published", flags
    if not when.resolved:
        flags.append("date_unresolved")
        return "incident", None, None, when.basis, flags
    start, end = when.start, when.end
    if published is not None and end is not None and end > published:
        flags.append("date_after_published")
        start, end = published, published
    return "incident", start, end, when.basis, flags


def _place_rank(mention: PlaceMention | None) -> int:
    """0 for a named village the gazetteer does not know, then towns, governorates, countries."""
    if mention is None:
        return 4
    if mention.place is None:
        return 0
    return {"city": 1, "admin1": 2}.get(mention.place.level, 3)


def _paired(items: list[Item], claims: list[SentenceClaim], position: int) -> bool:
    """Whether claim ``position`` and the next are one coordinated pair with nothing of their
    own between them ("killed three citizens and injured two others")."""
    between = items[
        max(claims[position].last_item, claims[position].item + 1) : claims[position + 1].item
    ]
    if len(between) > _PAIR_GAP or not any(it.has("conj") for it in between):
        return False
    return not any(
        it.roles.keys() & _NOT_IN_PAIR or it.text in _CLAUSE_END or it.text[:1].isupper()
        for it in between
    )


_PAIR_GAP = 6
#: What makes the words between two figures more than "… and …" (a claimant, a time, a place).
_NOT_IN_PAIR = frozenset(
    {
        "attrib",
        "source",
        "other",
        "anaphor",
        "month",
        "weekday",
        "relative",
        "calendar",
        "settlement",
        "number",
    }
)


#: Capitalised words after "said in" that name where a claimant spoke ("said in Saudi Arabia").
_SPOKE_IN = 3


def _claimant_tokens(items: list[Item], figure: int) -> set[int]:
    """Tokens of attribution phrases, whose places are the claimant's, not the event's:
    after a prefix before the figure up to the comma (*Selon le gouverneur de Homs, …*), after
    a verb that follows the figure up to the next comma or attribution word (*…, a annoncé le
    gouverneur de la province de Hatay*)."""
    found: set[int] = set()
    n = len(items)
    for j, item in enumerate(items):
        roles = item.roles
        if "attrib" not in roles or "not_attribution" in roles:
            continue
        if j < figure and "attrib_prefix" in roles:
            k = j + 1
            while k < figure and items[k].text != ",":
                k += 1
            if k < figure:  # the phrase ends before the figure
                found.update(range(item.last, items[k].first))
        elif j < figure and j + 2 < figure and "place_prep" in items[j + 1].roles:
            # "George Sabra said in Turkey the attack had killed 1300": where the claimant spoke.
            k = j + 2
            while k < min(figure, j + 2 + _SPOKE_IN) and items[k].text[:1].isupper():
                k += 1
            # Not "said in Aleppo 12 people were killed": there the place is the figure's.
            if k > j + 2 and not items[k].roles.keys() & {"number", "qual"}:
                found.update(range(items[j + 1].first, items[k - 1].last))
        elif j > figure:
            # "…, the governor of Hama said": the claimant set off before its verb …
            if "attrib_prefix" not in roles:
                comma = next((k for k in range(j - 1, figure, -1) if items[k].text == ","), None)
                if comma is not None and any(
                    items[k].roles.keys() & _CLAIMANT_ROLES for k in range(comma + 1, j)
                ):
                    found.update(range(items[comma].last, item.first))
            # … and after it, up to the next comma or attribution word.
            k = j + 1
            while k < n and items[k].text not in _CLAUSE_END and "attrib" not in items[k].roles:
                k += 1
            found.update(range(item.last, items[k - 1].last if k > j + 1 else item.last))
    return found


def _chrome_items(tokens: list[Token], items: list[Item]) -> frozenset[int]:
    """Items of a page's keyword list (*Tags … Syrian Network for Human Rights …*): no
    claimants there."""
    if not any("chrome" in item.roles for item in items):
        return frozenset()
    blocked = chrome_tokens(tokens, items)
    return frozenset(j for j, item in enumerate(items) if item.first in blocked)


#: Auxiliaries and adverbs between a side and its losses ("has so far lost").
_LOSER = 3


def _subject_places(items: list[Item], mentions: list[PlaceMention]) -> set[int]:
    """First tokens of places that are the subject of an attribution verb right after them
    (*Washington and Paris say …*, *Damascus said*): a government, not where it happened.
    Not *a reporter in Aleppo said*."""
    verbs = {
        it.first
        for it in items
        if it.has("attrib") and not it.has("attrib_prefix") and not it.has("not_attribution")
    }
    # A country that lost men is a side ("Russia has so far lost at least 12 soldiers").
    losses = {
        items[k].first
        for j, it in enumerate(items)
        if it.has("loss")
        for k in range(max(j - _LOSER, 0), j + 1)
        if all(x.has("aux") or x.has("cumul") for x in items[k:j])
    }
    if not verbs and not losses:
        return set()
    before = {it.last: it for it in items}
    found: set[int] = set()
    for mention in mentions:
        if mention.last in losses and mention.place is not None:
            if mention.place.level == "country":
                found.add(mention.first)
            continue
        if mention.last not in verbs:
            continue
        if mention.place is not None and mention.place.level == "admin1":
            continue  # "… in the eastern Deir ezzor province, says a monitoring group"
        previous = before.get(mention.first)
        if previous is None or not previous.has("name_prep"):
            found.add(mention.first)
    return found


def _partner_places(tokens: list[Token], mentions: list[PlaceMention], res: Resources) -> set[int]:
    """First tokens of places named beside the event ("at a border crossing with Turkey",
    "avec la Turquie"): not where it happened."""
    found: set[int] = set()
    for mention in mentions:
        k = mention.first - 1
        while k >= 0 and tokens[k].lower in res.definite_words:
            k -= 1
        if k >= 0 and tokens[k].lower in res.partners:
            found.add(mention.first)
    return found


def _part_places(items: list[Item], claim: SentenceClaim, mentions: list[PlaceMention]) -> set[int]:
    """First tokens of the places of a breakdown's parts (*140 morts en Syrie, dont une
    centaine à Hama*; *54 civilians … including 9 in Alsaliheen 8 in Ansari*): a place right
    after a number of the breakdown is that part's, not the total's (*19 children by mines in
    schools and on roads in Manbij* is not)."""
    if not claim.part_items:
        return set()
    start = min(items[first].first for first, _ in claim.part_items)
    numbers = [
        it.last
        for index, it in enumerate(items)
        if "number" in it.roles and it.first >= start and index != claim.item  # not the total
    ]
    stops = [it.first for it in items if it.text in _CLAUSE_END]
    found: set[int] = set()
    for mention in mentions:
        if mention.first < start:
            continue
        before = [end for end in numbers if end <= mention.first]
        if (
            before
            and mention.first - before[-1] <= _PART_REACH
            and not any(before[-1] <= stop < mention.first for stop in stops)
        ):
            found.add(mention.first)  # not "dont quatre enfants, à Maaret al-Noomane"
    return found


_CLAUSE_END = frozenset({",", ".", ";", ":", "!", "?"})
_PART_REACH = 6
_CLAIMANT_ROLES = frozenset({"source", "other", "anaphor"})
_LIST_JOINERS = frozenset({",", "/"})


def _listed(mentions: list[PlaceMention], chosen: PlaceMention, items: list[Item]) -> bool:
    """Whether the chosen place is one of a list of places of its level (*in Aleppo, Hama and
    Damascus*, *in Aleppo and Quneitra*): the figure then has no one place."""
    if chosen.place is None or chosen.place.level == "country":
        return False
    linkers = {
        t
        for it in items
        if it.has("conj") or it.text in _LIST_JOINERS
        for t in range(it.first, it.last)
    }
    joiners = linkers | {
        t for it in items if it.has("place_prep") for t in range(it.first, it.last)
    }
    same = sorted(
        (m for m in mentions if m.place is not None and m.place.level == chosen.place.level),
        key=lambda m: m.first,
    )
    if chosen not in same:
        return False
    run = [chosen]
    for step in (-1, 1):
        at = same.index(chosen)
        while 0 <= at + step < len(same):
            a, b = (same[at + step], same[at]) if step < 0 else (same[at], same[at + step])
            gap = range(a.last, b.first)
            if (
                len(gap) > 3
                or any(t not in joiners for t in gap)
                or (gap and not any(t in linkers for t in gap))
            ):
                break
            run.append(same[at + step])
            at += step
    return len({m.place.place_id for m in run}) > 1


def _dateline_place(text: str) -> PlaceMention | None:
    dateline = parse_dateline(text)
    if dateline is None:
        return None
    place = resolve(dateline.place, COUNTRY_PRIOR)
    if place is None:
        return None
    return PlaceMention(-1, -1, dateline.place, place)


#: Share of a text before which a list of related links is the page's header, run together
#: with the story's first sentence (Ahram Online); after it, the story is over.
_RELATED_AFTER = 0.25
_COUNTER = re.compile(r"\d[\d,]*\s*$")
#: Characters before the marker a view count may take (no need to scan the whole story).
_COUNTER_SPAN = 16


def _related_blocks(text: str, sentences: list[Sentence], res: Resources) -> list[tuple[int, int]]:
    """Spans of a page's lists of links to other stories after the story (*… Related News
    Death toll rises to 70 as …*): from the marker to the end of its sentence, since headlines
    carry no full stops. Their figures are other dispatches' claims.

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.text import split_sentences
    >>> res = resources("en")
    >>> text = "Four people were killed in Idlib. 85 Related Air strike kills 54 in Deir Ezzor"
    >>> _related_blocks(text, split_sentences(text, res.abbreviations), res)
    [(34, 78)]
    """
    if res.related is None:
        return []
    ends = [s.end for s in sentences]
    blocks = []
    for match in res.related.finditer(text, int(len(text) * _RELATED_AFTER)):
        following = text[match.end() : match.end() + 3].lstrip()
        if following[:1].islower():
            continue  # prose: "Related violence killed 12"
        at = bisect.bisect_right(ends, match.start())
        # The page's count of views printed just before it ("Views 85 Related …") is no figure.
        counter = _COUNTER.search(text, max(match.start() - _COUNTER_SPAN, 0), match.start())
        start = counter.start() if counter else match.start()
        blocks.append((start, ends[at] if at < len(ends) else len(text)))
    return blocks


def _draft_claims(dispatch: dict[str, Any], res: Resources) -> list[Draft]:
    text: str = dispatch["text"]
    published: date | None = dispatch.get("published_day")
    outlet = outlet_source(dispatch.get("outlet") or "unknown")
    sentences = split_sentences(text, res.abbreviations)
    context = _Context(text, res, sentences)
    parsed = parse_dateline(text)
    dateline_end = parsed.end if parsed is not None else 0
    drafts: list[Draft] = []
    last_category: str | None = None
    for index in _candidates(text, sentences, res):
        tokens, items = context.tagged(index)
        reading = read_figures(items, last_category)
        last_category = reading.last_category or last_category
        chrome = _chrome_items(tokens, items)
        context.cover(index, reading.covered | chrome if chrome else reading.covered)
        if reading.previous_parts and drafts:
            _add_previous_parts(drafts, reading.previous_parts)
        if not reading.claims:
            continue
        whens = temporal_expressions(
            items, tokens, published, res.counted, res.ambiguous_months, res.ordinals
        )
        # The dateline ("ALEP (Syrie), 8 août 2012 (AFP) -") is the fallback, not a mention.
        context.dateline_end = dateline_end
        places = context.places(index)
        if dateline_end:
            whens = [w for w in whens if items[w.item].start >= dateline_end]
        stated = state_dates(items)
        if stated:
            whens = [w for w in whens if w.item not in stated]
        printed = [w.item for w in whens if _printed(w, items, published)]
        if printed:
            # The printed date and the weekday printed with it ("Wednesday 25 Feb 2015").
            whens = [
                w for w in whens if not any(0 <= p - w.item <= _PRINTED_WEEKDAY for p in printed)
            ]
        sentence = sentences[index]
        bounds = [items[c.item].first for c in reading.claims]
        ends = [items[max(c.last_item, c.item + 1) - 1].last for c in reading.claims]
        previous_place: PlaceMention | None = None
        previous_listed = False
        subjects = _subject_places(items, places)
        partners = _partner_places(tokens, places, res)
        for position, claim in enumerate(reading.claims):
            kind = kind_of(items, whens, published, claim.item)
            kind_name, start, end, basis, flags = _dates(whens, kind, claim, published)
            window = (
                ends[position - 1] if position else 0,
                bounds[position + 1] if position + 1 < len(bounds) else len(tokens),
            )
            if position + 1 < len(bounds) and _paired(items, reading.claims, position):
                # "Three were killed and two others injured … on the outskirts of Khneifis":
                # the pair's place follows the second figure.
                window = (
                    window[0],
                    bounds[position + 2] if position + 2 < len(bounds) else len(tokens),
                )
            # A clause without a place name (even one pointing back, "in the city") takes its
            # place from context (apply_context).
            claimed = _claimant_tokens(items, claim.item) | _part_places(items, claim, places)
            claimed |= subjects | partners
            own = [m for m in places if m.first not in claimed] if claimed else places
            place = choose_place(own, items[claim.item].first, window, COUNTRY_PRIOR)
            listed = (
                place is not None
                and place.first > items[claim.item].first
                and _listed(places, place, items)
            )
            if listed:
                place = None  # "in Aleppo, Hama and Damascus": no one place
            elif (
                position
                and (place is None or not window[0] <= place.first < window[1])
                and (previous_place is not None or previous_listed)
            ):
                # "… where 23 people were killed in an airstrike that also wounded dozens":
                # a figure whose clause names no place shares that of the figure before it.
                place, listed = previous_place, previous_listed
            previous_place, previous_listed = place, listed
            attribution = _attribution(context, index, claim, outlet)
            drafts.append(
                Draft(
                    sentence=index,
                    outcome=claim.outcome,
                    rows=dict(claim.rows),
                    total=claim.total,
                    category=claim.category,
                    attribution=attribution,
                    kind=kind_name,
                    event_start=start,
                    event_end=end,
                    date_basis=basis,
                    place=place,
                    span=claim.span,
                    quote=sentence.text,
                    flags=list(claim.flags),
                    parts=dict(claim.parts),
                    part_values=claim.part_values,
                    date_flags=list(flags),
                    own_when=kind_name == "cumulative" or basis != "published",
                    own_place=place is not None or listed,
                    position=claim.span[0],
                    continues=claim.continues,
                )
            )
    blocks = _related_blocks(text, sentences, res)
    if blocks:
        drafts = [d for d in drafts if not any(a <= d.span[0] < b for a, b in blocks)]
    return drafts


def _add_previous_parts(drafts: list[Draft], parts: dict[str, Count]) -> None:
    """Attach a breakdown stated after its total ("Among the dead were 22 children.")."""
    target = next((d for d in reversed(drafts) if d.outcome == "killed"), None)
    if target is None or len(target.rows) > 1 or target.category != "unspecified":
        return
    rows, exceeds = partition(target.total, target.category, parts)
    if exceeds:
        return
    for draft in drafts:  # every occurrence of the total
        if draft.span == target.span and draft.outcome == target.outcome:
            draft.rows = dict(rows)
            draft.parts = dict(parts)
            draft.part_values += tuple((c, v.best) for c, v in parts.items())


def _compatible(a: Draft, b: Draft) -> bool:
    if a.outcome != b.outcome or a.kind != b.kind or a.total.best != b.total.best:
        return False
    return a.category == b.category or "unspecified" in (a.category, b.category)


def _absorbed(draft: Draft, drafts: list[Draft]) -> bool:
    """A figure equal to one part of another claim's breakdown is that part."""
    if len(draft.rows) != 1:
        return False
    ((category, count),) = draft.rows.items()
    if category == "unspecified":
        return False
    for other in drafts:
        # A lead or headline figure summarises a breakdown stated after it, not before.
        if other is draft or other.outcome != draft.outcome or other.sentence <= draft.sentence:
            continue
        if (
            draft.attribution.attributed
            and other.attribution.source_id != draft.attribution.source_id
        ):
            continue
        if (category, count.best) in other.part_values:
            return True
    return False


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One claim per figure per dispatch (DESIGN §5 rule 8).

    Occurrences of the same figure (same outcome, kind and value, compatible categories) are
    merged; the attributed occurrence wins; the same figure stated by two different named
    sources stays two claims. A figure equal to a part of another claim's breakdown is dropped.

    Examples
    --------
    >>> merge_drafts([])
    []
    """
    kept = [d for d in drafts if not _absorbed(d, drafts)]
    groups: list[list[Draft]] = []
    for draft in kept:
        for group in groups:
            if _compatible(group[0], draft):
                group.append(draft)
                break
        else:
            groups.append([draft])
    merged: list[Draft] = []
    for group in groups:
        attributed = [d for d in group if d.attribution.attributed]
        if attributed:
            by_source: dict[str, list[Draft]] = {}
            for draft in attributed:
                by_source.setdefault(draft.attribution.source_id, []).append(draft)
            chosen = [max(ds, key=lambda d: d.info) for ds in by_source.values()]
        else:
            chosen = [max(group, key=lambda d: d.info)]
        richest = max(group, key=lambda d: (len(d.rows), d.info))
        for draft in chosen:
            _complete(draft, group)
            if draft.category == "unspecified" and len(richest.rows) > len(draft.rows):
                # The breakdown another occurrence gave, applied to this occurrence's total.
                parts = richest.parts or {
                    k: v for k, v in richest.rows.items() if k != "unspecified"
                }
                rows, exceeds = partition(draft.total, "unspecified", parts)
                draft.rows = dict(richest.rows) if exceeds else rows
            merged.append(draft)
    merged.sort(key=lambda d: (d.span[0], d.attribution.source_id))
    return merged


def _complete(draft: Draft, group: list[Draft]) -> None:
    """What the winning occurrence of a figure does not state, another occurrence may: a
    headline figure merged into a body claim takes the body's time and place, and sits at the
    body's position (GUIDE, *Context*)."""
    others = sorted((d for d in group if d is not draft), key=lambda d: d.span[0])
    if not others:
        return
    if not draft.own_when:
        donor = next((d for d in others if d.own_when and d.kind == draft.kind), None)
        if donor is not None:
            draft.event_start, draft.event_end = donor.event_start, donor.event_end
            draft.date_basis, draft.date_flags = donor.date_basis, list(donor.date_flags)
            draft.own_when = True
    if not draft.own_place:
        # The most specific place another occurrence names (the body's village, not the
        # headline's governorate).
        donor = min(
            (d for d in others if d.own_place),
            key=lambda d: (_place_rank(d.place), d.span[0]),
            default=None,
        )
        if donor is not None:
            draft.place, draft.own_place = donor.place, True
    if draft.sentence == 0:
        # The first sentence holds the headline: the claim sits where the body states it.
        body = next((d for d in others if d.sentence > 0), None)
        if body is not None:
            draft.position = body.span[0]


def apply_context(drafts: list[Draft], dateline: Callable[[], PlaceMention | None]) -> list[Draft]:
    """Time and place a claim's sentence does not restate (GUIDE, *Context*).

    In text order, a part of the claim before it (*20000 of them*) whose sentence states no
    temporal expression is a running total when that claim is one; an incident claim whose
    sentence states no temporal expression takes the period and date basis of the nearest
    preceding incident claim; one whose sentence names no place takes the place of the nearest
    preceding incident claim that has one, else the dateline's. A running total whose sentence
    names no place takes the country of the nearest preceding claim's place, else the
    dateline's country. Context is only ever what earlier claims carry: never a sentence
    without a claim.

    Examples
    --------
    >>> apply_context([], lambda: None)
    []
    """
    period: tuple[date | None, date | None, str, list[str]] | None = None
    place: PlaceMention | None = None
    nation: str | None = None
    before: Draft | None = None
    for draft in sorted(drafts, key=lambda d: (d.position, d.span[0])):
        if (
            draft.continues
            and (not draft.own_when or "kind_by_size" in draft.date_flags)
            and before is not None
            and before.kind == "cumulative"
        ):
            # "At least 60000 people have died in jails during the conflict. … 20000 of them
            # had died at Sednaya": a part of a running total is one too, over its period.
            draft.kind = "cumulative"
            draft.event_start, draft.event_end = before.event_start, before.event_end
            draft.date_basis, draft.date_flags = before.date_basis, list(before.date_flags)
        before = draft
        if draft.kind == "incident":
            if not draft.own_when and period is not None:
                draft.event_start, draft.event_end, draft.date_basis = period[:3]
                draft.date_flags = list(period[3])
            if not draft.own_place:
                draft.place = place or dateline()
            period = (draft.event_start, draft.event_end, draft.date_basis, draft.date_flags)
            if draft.place is not None:
                place = draft.place
        elif not draft.own_place:
            if nation is None:
                fallback = dateline()
                if fallback is not None and fallback.place is not None:
                    nation = fallback.place.country
            if nation is not None:
                land = country(nation)
                draft.place = PlaceMention(-1, -1, land.name, land)
        if draft.place is not None and draft.place.place is not None:
            nation = draft.place.place.country
    return drafts


def claim_id(dispatch_id: str, draft: Draft) -> str:
    """Deterministic id of a claim: a hash of its dispatch, figure span, outcome and source.

    Examples
    --------
    >>> out = extract_one({"dispatch_id": "d", "text": "Ten people died.", "language": "en",
    ...                    "outlet": "AFP", "published": None})
    >>> out.rows[0]["claim_id"] == extract_one({"dispatch_id": "d", "text": "Ten people died.",
    ...     "language": "en", "outlet": "AFP", "published": None}).rows[0]["claim_id"]
    True
    """
    key = "\x1f".join(
        (
            dispatch_id,
            str(draft.span[0]),
            str(draft.span[1]),
            draft.outcome,
            draft.attribution.source_id,
        )
    )
    return "c-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _rows(dispatch: dict[str, Any], draft: Draft) -> list[dict[str, Any]]:
    place = draft.place
    resolved = place.place if place is not None else None
    flags = [*draft.date_flags, *draft.flags]
    if place is not None and resolved is None:
        flags.append("place_unresolved")
    base = {
        "claim_id": claim_id(dispatch["dispatch_id"], draft),
        "dispatch_id": dispatch["dispatch_id"],
        "source_id": draft.attribution.source_id,
        "source_name": draft.attribution.name,
        "outcome": draft.outcome,
        "kind": draft.kind,
        "event_start": draft.event_start,
        "event_end": draft.event_end,
        "date_basis": draft.date_basis,
        "place_name": place.name if place is not None else None,
        "place": resolved.name if resolved is not None else None,
        "place_id": resolved.place_id if resolved is not None else None,
        "admin1": resolved.admin1 if resolved is not None else None,
        "country": resolved.country if resolved is not None else None,
        "language": dispatch["language"],
        "outlet": dispatch.get("outlet") or "unknown",
        "published": dispatch.get("published"),
        "quote": draft.quote,
        "span_start": draft.span[0],
        "span_end": draft.span[1],
        "flags": ";".join(dict.fromkeys(flags)),
    }
    rows = []
    for category in CATEGORY_ORDER:
        count = draft.rows.get(category)
        if count is None:
            continue
        rows.append(
            {
                **base,
                "category": category,
                "low": count.low,
                "high": count.high,
                "best": count.best,
                "qualifier": count.qualifier,
            }
        )
    return rows


def extract_one(dispatch: dict[str, Any]) -> DispatchOutcome:
    """Extract the claims of one dispatch (a mapping with the Dispatch fields).

    ``published`` may be a timestamp or ``None``; ``published_day`` (its UTC date) is derived
    when absent.

    Examples
    --------
    >>> out = extract_one({"dispatch_id": "d", "text": "Au moins 13 morts à Alep.",
    ...                    "language": "fr", "outlet": "AFP", "published": None})
    >>> out.status, out.rows[0]["low"], out.rows[0]["place"], out.rows[0]["source_id"]
    ('claims', 13, 'Aleppo', 'outlet:afp')
    """
    language = dispatch.get("language")
    text = dispatch.get("text")
    if not isinstance(text, str) or not text.strip():
        return DispatchOutcome([], "rejected", "empty text: the dispatch has no text")
    try:
        res = resources(language)
    except KeyError:
        return DispatchOutcome([], "rejected", f"no lexicon for language {language!r}")
    if "published_day" not in dispatch:
        dispatch = {**dispatch, "published_day": _day(dispatch.get("published"))}
    text = dispatch["text"]
    drafts = apply_context(
        merge_drafts(_draft_claims(dispatch, res)), cache(lambda: _dateline_place(text))
    )
    rows = [row for draft in drafts for row in _rows(dispatch, draft)]
    status = "claims" if drafts else "none"
    return DispatchOutcome(rows, status, None, len(drafts))


def _day(published: Any) -> date | None:
    """UTC calendar day of a publication value."""
    if published is None:
        return None
    try:
        stamp = pd.Timestamp(published)
    except (ValueError, TypeError):
        return None
    if stamp is pd.NaT or stamp != stamp:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.date()
