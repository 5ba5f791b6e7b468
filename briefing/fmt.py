"""Words for numbers and dates: the one place that formats what a reader sees.

Notebooks, the briefing, charts and the change list all format through here, so a date
reads "7 Apr 2021" (or "7 April 2021" where the briefing spells it out), money reads
"USD 1,570 million", and counts agree with their nouns ("1 engagement", "2 engagements").
"""

from __future__ import annotations

import pandas as pd

#: Nouns whose plural is not the noun + "s".
_IRREGULAR = {"was": "were", "is": "are", "has": "have", "this": "these", "its": "their"}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun that agrees with ``n``: ``plural(1, "source")`` -> ``"source"``."""
    if int(n) == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular in _IRREGULAR:
        return _IRREGULAR[singular]
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    return singular + "s"


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """A number and its noun: ``count(1, "engagement")`` -> ``"1 engagement"``;
    ``count(1200, "claim")`` -> ``"1,200 claims"``."""
    return f"{int(n):,} {plural(n, singular, plural_form)}"


def date(ts) -> str:
    """A day in the short form used in tables and sentences: ``"7 Apr 2021"``."""
    ts = pd.Timestamp(ts)
    return f"{ts.day} {ts:%b %Y}"


def date_long(ts) -> str:
    """A day spelled out, for titles and running headers: ``"7 April 2021"``."""
    ts = pd.Timestamp(ts)
    return f"{ts.day} {ts:%B %Y}"


def month(ts) -> str:
    """``"Apr 2021"``."""
    return f"{pd.Timestamp(ts):%b %Y}"


def timestamp(ts) -> str:
    """A moment of a build, in UTC: ``"7 Apr 2021, 09:30 UTC"``; an unreadable value is
    returned as it is."""
    try:
        t = pd.Timestamp(ts)
    except (ValueError, TypeError):
        return str(ts)
    if t.tzinfo is not None:
        t = t.tz_convert("UTC")
    return f"{t.day} {t:%b %Y}, {t:%H:%M} UTC"


def year_span(first: int, last: int) -> str:
    """``"in 2021"`` for one year, ``"between 2009 and 2021"`` for several."""
    return f"in {first}" if first == last else f"between {first} and {last}"


def date_label(start, end, precision: str) -> str:
    """A date shown at its precision: ``"5 Sep 2020"``, ``"Feb 1992"``, ``"2009"``,
    ``"3–5 Sep 2020"`` or ``"undated"``."""
    if precision == "undated" or start is None or pd.isna(start):
        return "undated"
    start = pd.Timestamp(start)
    end = pd.Timestamp(end) if end is not None and not pd.isna(end) else start
    if precision == "day":
        return date(start)
    if precision == "month":
        return month(start)
    if precision == "year":
        return f"{start:%Y}"
    if start == end:
        return date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{end.day} {start:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} \u2013 {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} \u2013 {end.day} {end:%b %Y}"


def date_labels(frame: pd.DataFrame) -> list[str]:
    """:func:`date_label` for every row of a frame with ``date_start``, ``date_end`` and
    ``date_precision``, vectorised for the common precisions."""
    start, end, prec = frame["date_start"], frame["date_end"], frame["date_precision"]
    labels = pd.Series("undated", index=frame.index, dtype=object)
    dated = start.notna()
    day = dated & (prec == "day")
    labels[day] = start[day].dt.day.astype(str) + " " + start[day].dt.strftime("%b %Y")
    mon = dated & (prec == "month")
    labels[mon] = start[mon].dt.strftime("%b %Y")
    year = dated & (prec == "year")
    labels[year] = start[year].dt.strftime("%Y")
    rest = dated & ~(day | mon | year)
    labels[rest] = [date_label(s, e, p) for s, e, p in zip(start[rest], end[rest], prec[rest])]
    return labels.tolist()


def money(value: float, unit_norm: str, decimals: int = 0) -> str:
    """``money(1570, "USD million")`` -> ``"USD 1,570 million"``."""
    currency, _, scale = unit_norm.partition(" ")
    return f"{currency} {value:,.{decimals}f}" + (f" {scale}" if scale else "")


def percent(value: float, decimals: int = 0, sign: bool = False) -> str:
    """``percent(12.34, 1)`` -> ``"12.3%"``; with ``sign``, ``"+12.3%"``."""
    return f"{value:{'+' if sign else ''},.{decimals}f}%"


def number(value: float) -> str:
    """A value in a table, in the same style as :func:`money`: ``number(785.0)`` ->
    ``"785"``, ``number(1570)`` -> ``"1,570"``; a value under 10 that is not whole keeps
    one decimal (``"1.6"``), so it does not read as a round number."""
    value = float(value)
    if abs(value) >= 10 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.1f}"
