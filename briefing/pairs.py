"""Pairs of countries: reading a pair from a parameter, and naming it for a reader.

A pair is two ISO 3166 alpha-3 codes (pycountry); ``"IND-KAZ"``, ``"IND,KAZ"`` and
``"India,Kazakhstan"`` all read as ``("IND", "KAZ")``.
"""

from __future__ import annotations

import pycountry


def parse_pair(pair: str) -> tuple[str, str]:
    """Read a pair such as ``"IND-KAZ"``, ``"IND,KAZ"`` or ``"India,Kazakhstan"``.

    Returns
    -------
    tuple of str
        The two ISO 3166 alpha-3 codes, in the order given.

    Raises
    ------
    ValueError
        If the text does not name two different, known countries.
    """
    text = str(pair).strip()
    parts = [p.strip() for p in (text.split(",") if "," in text else text.split("-"))]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"pair {pair!r}: expected two countries, e.g. 'IND-KAZ' or "
                         "'India,Kazakhstan'")
    codes = []
    for part in parts:
        country = pycountry.countries.get(alpha_3=part.upper())
        if country is None:
            try:
                country = pycountry.countries.lookup(part)
            except LookupError:
                raise ValueError(f"pair {pair!r}: {part!r} is not a country code or name "
                                 "known to ISO 3166") from None
        codes.append(country.alpha_3)
    if codes[0] == codes[1]:
        raise ValueError(f"pair {pair!r}: the two countries must differ")
    return codes[0], codes[1]


def country_name(code: str) -> str:
    """Common short name of a country from its alpha-3 code (the code itself if unknown)."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def pair_label(pair: tuple[str, str]) -> str:
    """``"India–Kazakhstan"``."""
    return "\u2013".join(country_name(c) for c in pair)
