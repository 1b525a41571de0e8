"""Where a figure happened: place names in a sentence, resolved through the gazetteer.

Candidates are runs of capitalised words (with the particles and hyphens of Arabic place names:
``Deir ez-Zor``, ``Ras al-Ain``), tried longest first against the gazetteer with the conflict's
country as prior, together with a governorate word around them (``Idlib province``, ``province
d'Idleb``). A name the gazetteer does not know is still a place when a settlement word of the
lexicon introduces it (``the village of Hass``, ``Kfar Saghir village``): it is kept as written,
unresolved. The figure takes the most specific named place nearest to it (towns and
governorates before countries), else the dispatch's dateline place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..gazetteer import Place, district_city, resolve
from ..gazetteer import _curated as _curated_places
from .resources import Resources
from .tagging import Item
from .text import Token

__all__ = [
    "PlaceMention",
    "chrome_tokens",
    "choose_place",
    "foreign_min_population",
    "place_mentions",
]

_MAX_RUN = 6
_CONNECTORS = frozenset("-'’‐")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a sentence: token range, name as written, resolved place (or None)."""

    first: int
    last: int
    name: str
    place: Place | None


@cache
def foreign_min_population() -> int:
    """Population a town outside the region needs to be believed (``places.toml``).

    Examples
    --------
    >>> foreign_min_population() > 0
    True
    """
    return int(_curated_places().get("foreign_min_population", 200000))


@cache
def _region() -> frozenset[str]:
    return frozenset(_curated_places().get("region", ()))


def _is_capital(token: Token) -> bool:
    if token.kind != "word":
        return False
    first = token.text[0]
    if first.isupper():
        return not (len(token.text) > 3 and token.text.isupper())
    return "\u0600" <= first <= "\u06ff"


def _believable(place: Place, country_hint: str | None) -> bool:
    if place.level != "city" or place.country == country_hint or place.country in _region():
        return True
    return place.population >= foreign_min_population()


def _lookup(name: str, country_hint: str | None, res: Resources) -> Place | None:
    place = resolve(name, country_hint)
    if place is None:
        for suffix in res.possessive:
            if name.endswith(suffix) and len(name) > len(suffix) + 2:
                place = resolve(name[: -len(suffix)], country_hint)
                if place is not None:
                    break
    if place is None:
        place = _owned(name, country_hint, res)
    if place is not None and not _believable(place, country_hint):
        return None
    return place


def _owned(name: str, country_hint: str | None, res: Resources) -> Place | None:
    """A place named after its country's possessive (*Syrias Deir az-Zour*, *Syria's Idlib*)."""
    head, _, rest = name.partition(" ")
    if not rest:
        return None
    for suffix in res.possessive:
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            owner = resolve(head[: -len(suffix)], country_hint)
            if owner is not None and owner.level == "country":
                return resolve(rest, owner.country)
    return None


def _run_end(tokens: list[Token], i: int, res: Resources, blocked: set[int]) -> int:
    """Index after the run of capitalised words (with particles and hyphens) starting at ``i``."""
    j = i + 1
    n = len(tokens)
    while j < n and j - i < _MAX_RUN:
        token = tokens[j]
        if j in blocked or token.text in res.place_stop:
            break
        if _is_capital(token) and tokens[j - 1].end < token.start:
            j += 1
        elif token.text in _CONNECTORS and token.start == tokens[j - 1].end and j + 1 < n:
            # "ez-Zor", "al-Bab"; but not "Britain-based", "Kurdish-led".
            following = tokens[j + 1]
            if (
                following.kind == "word"
                and following.start == token.end
                and (_is_capital(following) or following.lower in res.particles)
            ):
                j += 2
            else:
                break
        elif (
            token.lower in res.particles
            and j + 1 < n
            and (_is_capital(tokens[j + 1]) or tokens[j + 1].text in _CONNECTORS)
        ):
            j += 1
        else:
            break
    while j - 1 > i and (tokens[j - 1].text in _CONNECTORS or tokens[j - 1].lower in res.particles):
        j -= 1
    if (
        j == i + 1
        and tokens[i].text in res.place_fragments
        and j < n
        and tokens[j].kind == "word"
        and tokens[j].text[:1].islower()
        and j not in blocked
    ):
        j += 1  # "Deir ezzor", its second half written in lower case
    return j


def place_mentions(
    tokens: list[Token], items: list[Item], text: str, res: Resources, country_hint: str | None
) -> list[PlaceMention]:
    """Places named in one sentence, in order.

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.tagging import tag
    >>> from casualties.extract.text import tokenize
    >>> res = resources("fr")
    >>> s = "au moins 13 morts à Alep, dans la province d'Idleb et en Syrie"
    >>> tokens = tokenize(s, 0, len(s), res.numeral)
    >>> [(m.name, m.place.name) for m in place_mentions(tokens, tag(tokens, s, res), s, res, "SY")]
    [('Alep', 'Aleppo'), ("province d'Idleb", 'Idlib Governorate'), ('Syrie', 'Syria')]
    """
    settlement_at = _settlement_tokens(items)
    prepositions = _preposition_ends(items)
    blocked = (
        _role_tokens(items) | _institution_names(tokens, items, res) | chrome_tokens(tokens, items)
    )
    mentions: list[PlaceMention] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        starts = _is_capital(token) or (
            token.lower in res.particles  # "al-Bab", "ez-Zor"
            and i + 2 < n
            and tokens[i + 1].text in _CONNECTORS
            and _is_capital(tokens[i + 2])
            and tokens[i + 2].text not in res.place_stop  # "al-Assad"
        )
        if (
            not starts
            or i in blocked
            or token.text in res.place_stop
            or _compound_adjective(tokens, i)
        ):
            i += 1
            continue
        end = _run_end(tokens, i, res, blocked)
        found = None
        if (
            end - i > 1
            and _lookup(text[token.start : tokens[end - 1].end], country_hint, res) is None
        ):
            # "the village of Tall Tawil": a name the gazetteer only knows in part ("Tall") is
            # kept whole when a settlement word introduces it and its rest is no place either.
            whole = _named_settlement(tokens, i, end, text, settlement_at, res)  # no preposition
            rest = [t.text for t in tokens[i + 1 : end] if t.kind == "word"]
            if whole is not None and not any(_lookup(w, country_hint, res) for w in rest):
                mentions.append(whole)
                i = end
                continue
        for stop in range(end, i, -1):
            if stop - i == 1 and tokens[i].text in res.place_fragments:
                continue
            if tokens[stop - 1].text in _CONNECTORS or tokens[stop - 1].lower in res.particles:
                continue
            if stop - i == 1 and token.text.isupper() and len(token.text) > 1:
                place = _lookup(token.text, country_hint, res)
                if place is not None and place.level != "city":
                    found = PlaceMention(i, stop, token.text, place)
                    break
                continue
            name = text[tokens[i].start : tokens[stop - 1].end]
            found = _with_markers(tokens, i, stop, name, text, settlement_at, res, country_hint)
            if found is not None:
                break
        if found is not None:
            mentions.append(found)
            i = max(found.last, i + 1)
            continue
        resolvable = any(
            _lookup(t.text, country_hint, res) for t in tokens[i:end] if t.kind == "word"
        )
        unresolved = _named_settlement(
            tokens, i, end, text, settlement_at, res, set() if resolvable else prepositions
        )
        if unresolved is None:
            unresolved = _local_namesake(tokens, i, end, text, res, country_hint)
        if unresolved is not None:
            mentions.append(unresolved)
            i = end
            continue
        i += 1
    return [_regional(m, tokens, res, country_hint) for m in mentions]


def _regional(
    mention: PlaceMention, tokens: list[Token], res: Resources, country_hint: str | None
) -> PlaceMention:
    """The governorate a city names after "across" or "throughout" ("11 towns and villages
    across Idlib" are in Idlib Governorate, not the city)."""
    place = mention.place
    if (
        place is None
        or place.level != "city"
        or mention.first < 1
        or tokens[mention.first - 1].lower not in res.regional
    ):
        return mention
    region = resolve(f"{mention.name} province", country_hint)
    if region is None or region.level != "admin1" or region.admin1 != place.admin1:
        return mention
    return PlaceMention(mention.first, mention.last, mention.name, region)


def _local_namesake(
    tokens: list[Token], i: int, end: int, text: str, res: Resources, country_hint: str | None
) -> PlaceMention | None:
    """An Arabic place name (*al-Bayda*) the gazetteer knows only as a small town abroad (Al
    Bayda in Libya): a village of the conflict's country that has a namesake, kept as written
    and unresolved rather than placed abroad."""
    if tokens[i].lower not in res.particles or end - i < 2:
        return None
    name = text[tokens[i].start : tokens[end - 1].end]
    place = resolve(name, country_hint)
    if place is None or _believable(place, country_hint):
        return None
    return PlaceMention(i, end, name, None)


def _settlement_tokens(items: list[Item]) -> dict[int, Item]:
    """Settlement and district words ("village", "province", "quartier"), by first token."""
    return {
        item.first: item for item in items if "settlement" in item.roles or "district" in item.roles
    }


def _preposition_ends(items: list[Item]) -> set[int]:
    """Token indexes that end a preposition before town names ("in", "à", "près de")."""
    return {item.last - 1 for item in items if "name_prep" in item.roles}


def _compound_adjective(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` opens a hyphenated adjective ("Britain-based", "US-backed")."""
    return (
        i + 2 < len(tokens)
        and tokens[i + 1].text in _CONNECTORS
        and tokens[i + 1].start == tokens[i].end
        and tokens[i + 2].kind == "word"
        and tokens[i + 2].text[:1].islower()
    )


#: Roles that make a capitalised word something else than a place name.
_NOT_PLACE = frozenset(
    {"month", "weekday", "source", "side", "victim", "other", "anaphor", "attrib", "number", "qual"}
)


def _institution_names(tokens: list[Token], items: list[Item], res: Resources) -> set[int]:
    """Tokens of a name right after an institution word (*l'hôpital al-Qods*): a hospital,
    school or mosque named after someone is no place."""
    found: set[int] = set()
    n = len(tokens)
    for item in items:
        if "institution" not in item.roles:
            continue
        j = item.last  # "l'université d'Alep" is in Aleppo: only a name right after it
        while j < n and (
            _is_capital(tokens[j])
            or tokens[j].text in _CONNECTORS
            or tokens[j].lower in res.particles
        ):
            found.add(j)
            j += 1
    return found


def chrome_tokens(tokens: list[Token], items: list[Item]) -> set[int]:
    """Tokens of a page's keyword list (*Tags Syria Raqqa Aleppo Russia …*): names, not the
    places of a figure. The list ends where prose starts: two lower-case words in a row.

    Examples
    --------
    >>> chrome_tokens([], [])
    set()
    """
    found: set[int] = set()
    n = len(tokens)
    for item in items:
        if "chrome" not in item.roles:
            continue
        j = item.last
        while j < n and j - item.last < _CHROME_REACH:
            if (
                j + 1 < n
                and tokens[j].text[:1].islower()
                and tokens[j + 1].text[:1].islower()
                and tokens[j].text.isalpha()
                and tokens[j + 1].text.isalpha()
            ):
                break
            found.add(j)
            j += 1
    return found


_CHROME_REACH = 30


def _role_tokens(items: list[Item]) -> set[int]:
    """Tokens inside lexicon phrases that are not places (months, claimants, groups…)."""
    blocked: set[int] = set()
    for item in items:
        if _NOT_PLACE & item.roles.keys():
            blocked.update(range(item.first, item.last))
    return blocked


def _with_markers(
    tokens: list[Token],
    i: int,
    stop: int,
    name: str,
    text: str,
    settlement_at: dict[int, Item],
    res: Resources,
    country_hint: str | None,
) -> PlaceMention | None:
    # A governorate word after the name ("Idlib province", "Aleppo countryside").
    marker = settlement_at.get(stop)
    before = settlement_at.get(i - 2) or settlement_at.get(i - 1)
    if (marker is not None and "district" in marker.roles) or (
        before is not None and "district" in before.roles
    ):
        # A known neighbourhood stands for its city ("the Salaheddine district" → Aleppo); an
        # unknown one for the town named with it ("the Shaghour neighbourhood in Damascus").
        city = district_city(name, text, tokens[i].start) or _lookup(name, country_hint, res)
        return PlaceMention(i, stop, name, city) if city is not None else None
    if marker is not None:
        place = _lookup(f"{name} {marker.text}", country_hint, res)
        if place is not None and place.level == "admin1":
            return PlaceMention(i, stop + 1, text[tokens[i].start : marker.end], place)
    # … or before it ("province of Idlib", "province d'Idleb").
    for back in (2, 3, 1):
        first = i - back
        if first >= 0 and first in settlement_at:
            phrase = text[tokens[first].start : tokens[stop - 1].end]
            place = _lookup(phrase, country_hint, res)
            if place is not None and place.level == "admin1":
                return PlaceMention(first, stop, phrase, place)
    place = _lookup(name, country_hint, res)
    if place is not None:
        return PlaceMention(i, stop, name, place)
    return None


def _named_settlement(
    tokens: list[Token],
    i: int,
    end: int,
    text: str,
    settlement_at: dict[int, Item],
    res: Resources,
    prepositions: set[int] = frozenset(),
) -> PlaceMention | None:
    """An unknown name introduced by a settlement word ("the village of Hass", "X village")."""
    if end - i == 1 and (
        tokens[i].text in (res.place_stop | res.place_fragments) or len(tokens[i].text) < 3
    ):
        return None  # not "U" of "U.S."
    name = text[tokens[i].start : tokens[end - 1].end]
    marker = settlement_at.get(end)
    if marker is None:
        for back in (2, 3, 1):
            first = i - back
            if (
                first >= 0
                and first in settlement_at
                # "the village of X", "la base d'X": only small words in between.
                and all(t.text[0].islower() or t.text in "'’" for t in tokens[first + 1 : i])
            ):
                marker = settlement_at[first]
                break
    if marker is None and i - 1 in prepositions:
        return PlaceMention(i, end, name, None)  # "à Maaret al-Noomane", "in Kanasba"
    if marker is None or "district" in marker.roles:
        # A neighbourhood the gazetteer does not know stands for the town named with it.
        return None
    return PlaceMention(i, end, name, None)


_SPECIFICITY = {"city": 1, "admin1": 2, "country": 3}


def _specificity(mention: PlaceMention) -> int:
    """0 for a named village the gazetteer does not know, then towns, governorates, countries."""
    return 0 if mention.place is None else _SPECIFICITY[mention.place.level]


def choose_place(
    mentions: list[PlaceMention],
    token_index: int,
    window: tuple[int, int] | None = None,
    prior: str | None = None,
) -> PlaceMention | None:
    """The place of a figure at ``token_index``.

    Within the figure's clause (``window``, token indexes: from the figure before it to the
    figure after it) the places after the figure are read first (*killed 10 in Azaz*), those
    before it otherwise (*À Alep, 20 morts*); among them the most specific wins — a named village,
    then a town, a governorate, a country —, the nearest at equal specificity, and of two towns
    named together the smaller (*the Damascus suburb of Jaramana*); of two countries the
    ``prior`` one. Without a place in the clause, the nearest town or governorate of the
    sentence, else its country.

    Examples
    --------
    >>> choose_place([], 3) is None
    True
    """
    if not mentions:
        return None

    def foreign(mention: PlaceMention) -> bool:
        # Of two countries ("at the Syria-Turkey border"), the conflict's.
        return (
            mention.place is not None
            and mention.place.level == "country"
            and (mention.place.country != prior)
        )

    def distance(mention: PlaceMention) -> float:
        if mention.first >= token_index:
            return mention.first - token_index
        return (token_index - mention.last) * 1.5 + 1

    if window is not None:
        inside = [m for m in mentions if window[0] <= m.first < window[1]]
        after = [
            m
            for m in inside
            if token_index <= m.first <= token_index + _REACH and _specificity(m) < 3
        ]
        pool = after or inside
        if pool:
            best = min(pool, key=lambda m: (_specificity(m), foreign(m), distance(m)))
            if best.place is not None and best.place.level == "city":
                # Towns named together ("the Damascus suburb of Jaramana"), or before the figure
                # ("Jaramana, une banlieue de Damas, … 54 morts"): the smaller one; a
                # neighbourhood yields to the town named with it ("al-Midan in Aleppo city").
                near = [
                    m
                    for m in pool
                    if m.place is not None
                    and m.place.level == "city"
                    and abs(m.first - best.first) <= _TOGETHER
                ]
                best = min(
                    near,
                    key=lambda m: (_is_district(m), m.place.population, distance(m)),
                )
            return best
    return min(mentions, key=lambda m: (_specificity(m) == 3, foreign(m), distance(m)))


def _is_district(mention: PlaceMention) -> bool:
    """Whether a mention names a neighbourhood that stands for its city ("Salaheddine")."""
    return district_city(mention.name) is not None


#: Tokens after a figure within which a town or governorate is its place ("killed 10 in Azaz").
_REACH = 10
#: Tokens within which two town names are read as one place phrase.
_TOGETHER = 4
