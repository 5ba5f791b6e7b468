"""Date expressions in a sentence, resolved to a span with its precision.

Absolute expressions ("on April 09, 2021", "9 April 2021", "in February 1992", "January
2019", "in 2009", "from 10 to 19 March 2021", "January-May 2020") are read by pattern;
relative ones ("today", "on Friday", "tomorrow", "last month", "next week", "this year",
"earlier this year in March", "last year") are resolved against the source's publication
date with dateparser's ``RELATIVE_BASE`` and widened to the span the words mean. Every
result keeps the words as written (``expression``), where they are (``start``, ``end``)
and how the date was obtained (``basis``: ``stated`` or ``relative``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import dateparser

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"\s*(?:-|–|—|to|and|until|till)\s*"
_YEAR = r"(1[89]\d\d|20\d\d)"
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


@dataclass(frozen=True)
class DateFound:
    """One date expression found in a text.

    Attributes
    ----------
    start, end
        Character offsets of the expression in the text searched.
    expression
        The words as written.
    date_start, date_end
        The span the words mean (``None`` when they give no date, e.g. "recently").
    precision
        ``day``, ``month``, ``year``, ``range`` or ``undated``.
    basis
        ``stated`` (the words give the date) or ``relative`` (resolved against the
        publication date).
    """

    start: int
    end: int
    expression: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    basis: str

    @property
    def resolution(self) -> str:
        return ""


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _nearest_year(m: int, d: int, base: dt.date, future: bool | None) -> int:
    """The year that puts month ``m`` (day ``d``) nearest to ``base``; ``future`` breaks
    the tie towards after (True) or before (False) the base date."""
    options = []
    for y in (base.year - 1, base.year, base.year + 1):
        day = _day(y, m, min(d, calendar.monthrange(y, m)[1]))
        options.append((abs((day - base).days), y, day))
    if future is not None:
        kept = [o for o in options if (o[2] >= base) == future or o[2] == base]
        # a month named in the past tense is the last one before the base (or its own)
        if kept:
            options = kept
    return min(options)[1]


def _parse_relative(words: str, base: dt.date, future: bool) -> dt.date | None:
    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
                "PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    found = dateparser.parse(words, languages=["en"], settings=settings)
    return found.date() if found else None


# Each pattern: (regex, handler name). Longest and most specific first; a span once taken
# is not matched again by a later pattern.
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"\b(?:the\s+)?(?:(?:financial|fiscal|calendar)\s+)?year\s+(?:ended|ending|to)\s+"
                rf"(\d{{1,2}})\s+({MONTH}),?\s+{_YEAR}\b", re.I), "year_ended"),
    (re.compile(rf"\b(?:the\s+)?(\w+)\s+months\s+(?:ended|ending|to|through)\s+"
                rf"(\d{{1,2}})\s+({MONTH}),?\s+{_YEAR}\b", re.I), "months_ended"),
    (re.compile(rf"\b(\d{{1,2}}){_ORD}{_DASH}(\d{{1,2}}){_ORD}\s+(?:of\s+)?({MONTH}),?\s+{_YEAR}\b"),
     "days_month_year"),
    (re.compile(rf"\b({MONTH})\s+(\d{{1,2}}){_ORD}{_DASH}(\d{{1,2}}){_ORD},?\s+{_YEAR}\b"),
     "month_days_year"),
    (re.compile(rf"\b(\d{{1,2}}){_ORD}\s+({MONTH}){_DASH}(\d{{1,2}}){_ORD}\s+({MONTH}),?\s+"
                rf"{_YEAR}\b"), "day_month_day_month_year"),
    (re.compile(rf"\b({MONTH})\s*(?:-|–|—|to|through)\s*({MONTH}),?\s+{_YEAR}\b"),
     "months_year"),
    (re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({MONTH}),?\s+{_YEAR}\b"), "day_month_year"),
    (re.compile(rf"\b({MONTH})\s+(\d{{1,2}}){_ORD},?\s+{_YEAR}\b"), "month_day_year"),
    (re.compile(rf"\b(?:the\s+)?(first|second|third|fourth|last|final)\s+(week|fortnight|half)\s+"
                rf"of\s+({MONTH})(?:,?\s+{_YEAR})?\b", re.I), "part_of_month"),
    (re.compile(rf"\b(?:earlier|later)\s+this\s+year\s+in\s+({MONTH})\b"), "month_this_year"),
    (re.compile(rf"\b(?:in\s+)?({MONTH})\s+(?:of\s+)?(?:that|the\s+same)\s+year\b"),
     "month_that_year"),
    (re.compile(rf"\b(?:in\s+)?({MONTH})\s+(?:of\s+)?(this|last|next)\s+year\b"),
     "month_rel_year"),
    (re.compile(rf"\b({MONTH}),?\s+{_YEAR}\b"), "month_year"),
    (re.compile(rf"\b(?:on\s+)?(\d{{1,2}}){_ORD}{_DASH}(\d{{1,2}}){_ORD}\s+(?:of\s+)?({MONTH})"
                rf"\b(?![\s,]*\d)"), "days_month"),
    (re.compile(rf"\b(?:on\s+)?(\d{{1,2}}){_ORD}\s+(?:of\s+)?({MONTH})\b(?![\s,]*\d)"),
     "day_month"),
    (re.compile(rf"\b(?:on\s+)?({MONTH})\s+(\d{{1,2}}){_ORD}\b(?![\s,]*\d)"), "month_day"),
    (re.compile(rf"\b(?:[Tt]he\s+)?({MONTH})\s+quarter(?:\s+of)?\s+{_YEAR}\b"), "month_quarter"),
    (re.compile(rf"\b(first|second)\s+half\s+(?:of\s+)?{_YEAR}\b", re.I), "half_year"),
    (re.compile(rf"\b[Tt]he\s+{_YEAR}\s+(?:total|figure|level|result)s?\b"), "year"),
    (re.compile(rf"\b(?:(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+"
                rf"|Q[1-4]\s+){_YEAR}\b", re.I), "quarter"),
    (re.compile(r"\b(?:the\s+)?(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter\s+of\s+"
                r"(this|next|last|the\s+current|the\s+coming)\s+year\b", re.I),
     "quarter_rel_year"),
    (re.compile(rf"\b(?:[Ii]n|[Dd]uring|of|for)\s+(?:the\s+year\s+|(?:the\s+)?calendar\s+year\s+|"
                rf"early\s+|mid-?\s*|late\s+)?{_YEAR}"
                r"\b(?!\s*[-–]\s*\d)"), "year"),
    (re.compile(
        r"\b(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"fifteen|twenty(?:-five)?|thirty|forty|fifty)\s+years?\s+ago\b", re.I), "years_ago"),
    (re.compile(r"\b(?:in|earlier|later|since)?\s*(?:the\s+)?(?:day\s+before\s+yesterday|"
                r"day\s+after\s+tomorrow|yesterday|today|tonight|tomorrow|this\s+(?:morning|"
                r"afternoon|evening))\b", re.I), "relative_day"),
    (re.compile(rf"\b(?:on\s+|this\s+|last\s+|next\s+|coming\s+)?({_WEEKDAYS})\b"), "weekday"),
    (re.compile(r"\b(?:first|second|last)\s+half\s+of\s+(?:the|this)\s+year\b", re.I),
     "half_this_year"),
    (re.compile(rf"\b(last|next|this|past|coming)\s+({MONTH})(?![\s,]*\d)", re.I),
     "relative_month"),
    (re.compile(rf"\b(?:(?:in|during|by)\s+)?(?:the\s+|this\s+|last\s+|next\s+)?"
                rf"(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{_YEAR})?\b", re.I),
     "season"),
    (re.compile(r"\b(?:earlier|later|sometime|some\s+time)\s+this\s+(year|month)\b", re.I),
     "this_period"),
    (re.compile(r"\b(last|next|this|past|coming)\s+(week|month|year)\b", re.I),
     "relative_period"),
    (re.compile(r"\b(?:in|during|by)\s+the\s+(first|second|third|fourth|1st|2nd|3rd|4th)\s+"
                r"quarter\b(?!\s+of)", re.I), "bare_quarter"),
    (re.compile(r"\bNew\s+Year[’']s\s+(Day|Eve)\b"), "new_year"),
    (re.compile(rf"\b(?:[Ii]n|[Aa]t\s+the\s+(?:end|start|beginning)\s+of|[Ee]arly|[Ll]ate|"
                rf"[Mm]id-?|[Tt]hroughout|[Dd]uring)\s*({MONTH})\b(?![\s,]*\d)"),
     "bare_month"),
    (re.compile(r"\b(recently|lately|in\s+recent\s+(?:years|months|times))\b", re.I),
     "undated"),
]


def find_dates(text: str, published: dt.date | None, future: bool = False) -> list[DateFound]:
    """Every date expression in ``text``, in reading order.

    Parameters
    ----------
    text
        A sentence (or any span of a source).
    published
        The source's publication date: the base of relative expressions. ``None`` keeps
        relative expressions undated (their words are still recorded).
    future
        The sentence speaks of something planned: a bare weekday or month is the next one
        rather than the last one.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateFound] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            # leading whitespace of optional groups is not part of the expression
            while s < e and text[s].isspace():
                s += 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            result = _HANDLERS[kind](m, published, future)
            if result is None:
                continue
            start, end, precision, basis = result
            taken.append((s, e))
            found.append(DateFound(s, e, text[s:e], start, end, precision, basis))
    found.sort(key=lambda f: f.start)
    return _more_years(text, _ranges(text, found))


#: Words between the two ends of a span of days: "from 30 October to 11 November 2023",
#: "started on 4 November and culminated on 13 November 2019".
_RANGE_GAP = re.compile(r"\s*(?:to|until|till|through|-|–|—|and\s+(?:ended|culminated|"
                        r"concluded|closed|finished|wound\s+up|ran\s+until|continued\s+"
                        r"until|lasted\s+until)(?:\s+on)?)\s*$", re.I)


def _ranges(text: str, found: list[DateFound]) -> list[DateFound]:
    """Two days joined as a span become one range; the first takes the year written only
    after the second ("from October 30 to November 11, 2023")."""
    out: list[DateFound] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.precision == f.precision == "day" and \
                prev.date_start and f.date_start and \
                _RANGE_GAP.fullmatch(text[prev.end:f.start]):
            first, basis = prev.date_start, f.basis
            if prev.basis == f.basis == "relative" and f.date_start < first and \
                    month_of(f.expression) and not re.search(r"\b(?:1[89]|20)\d\d\b",
                                                             f.expression):
                # "from April 7 to April 10" read as one span: the end follows the start
                for k in (0, 1):
                    later = _day(first.year + k, f.date_start.month, f.date_start.day)
                    if later and later >= first:
                        f = DateFound(f.start, f.end, f.expression, later, later, "day",
                                      "relative")
                        break
            if prev.basis == "relative" and not re.search(r"\b(?:1[89]|20)\d\d\b",
                                                          prev.expression) \
                    and f.basis == "stated":
                first = _day(f.date_start.year, first.month, first.day) or first
                if first > f.date_start:
                    first = _day(first.year - 1, first.month, first.day) or first
            elif prev.basis != f.basis:
                basis = "relative"
            if first < f.date_start:
                out[-1] = DateFound(prev.start, f.end, text[prev.start:f.end], first,
                                    f.date_end, "range", basis)
                continue
        if prev is not None and prev.basis == "relative" and f.basis == "stated" and \
                prev.date_start and f.date_start and month_of(prev.expression) and \
                not re.search(r"\b(?:1[89]|20)\d\d\b|\b(?:last|next|this)\b",
                              prev.expression, re.I) and \
                re.fullmatch(r"\s*,?\s*(?:and|or|as\s+well\s+as)?\s*(?:on|in)?\s*",
                             text[prev.end:f.start], re.I):
            # "on May 3 and on May 9, 2021": the year written once serves the list
            shift = f.date_start.year - prev.date_start.year
            a = _day(prev.date_start.year + shift, prev.date_start.month, prev.date_start.day)
            b = _day(prev.date_end.year + shift, prev.date_end.month, prev.date_end.day)
            if a and b and a <= f.date_start:
                out[-1] = DateFound(prev.start, prev.end, prev.expression, a, b,
                                    prev.precision, "stated")
        out.append(f)
    return out


#: A bare year naming an act ("his 2009 visit", "the 2016 summit").
_YEAR_OF_ACT = re.compile(rf"\b{_YEAR}(?=\s+(?:(?:state|official|working|first|maiden)\s+)?"
                          r"(?:visit|trip|tour|summit|meeting|talks|agreement|deal|accord|treaty|"
                          r"edition|session|exercise|round)s?\b)")
#: A year continuing a list of years ("in 2019 and 2021", "in 2016, 2018 and 2021").
_MORE_YEAR = re.compile(rf"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:in\s+)?{_YEAR}\b"
                        r"(?!\s*[-–]\s*\d)")


def _more_years(text: str, found: list[DateFound]) -> list[DateFound]:
    """Years no pattern takes alone: "23 years ago" (against the publication date), "his
    2009 visit", and the later years of a list ("in 2019 and 2021")."""
    taken = [(f.start, f.end) for f in found]
    extra: list[DateFound] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in taken)

    for m in _YEAR_OF_ACT.finditer(text):
        if free(*m.span(1)):
            y = int(m.group(1))
            extra.append(DateFound(m.start(1), m.end(1), m.group(1), dt.date(y, 1, 1),
                                   dt.date(y, 12, 31), "year", "stated"))
            taken.append(m.span(1))
    for f in sorted([*found, *extra], key=lambda f: f.start):
        end = f.end
        while f.precision == "year" and f.basis == "stated":
            m = _MORE_YEAR.match(text, end)
            if not m or not free(*m.span(1)):
                break
            y = int(m.group(1))
            extra.append(DateFound(m.start(1), m.end(1), m.group(1), dt.date(y, 1, 1),
                                   dt.date(y, 12, 31), "year", "stated"))
            taken.append(m.span(1))
            end = m.end()
    return sorted([*found, *extra], key=lambda f: f.start)


_UNIT_RANK = {"day": 0, "month": 1, "year": 2}


def _unit(expression: str) -> str:
    """The coarsest unit a relative expression names: "last year" speaks of years, "next
    month" and "this spring" of months, "on Friday" and "last week" of days."""
    if re.search(r"\b(?:years?|(?:1[89]|20)\d\d)\b", expression, re.I):
        return "year"
    if re.search(r"\b(?:months?|quarter|spring|summer|autumn|fall|winter)\b",
                 expression, re.I):
        return "month"
    return "day"


def find_dates_coarse(text: str, span: tuple[dt.date, dt.date], future: bool = False
                      ) -> list[DateFound]:
    """:func:`find_dates` for a source whose publication is known only to a month, a year
    or a range of days (``span``, first and last day it may have appeared).

    A month written without its year ("on August 3", "in September") takes the year of
    publication: the end of the span for a past act, its start for a planned one. An
    expression finer than the span ("on Wednesday", "yesterday", "last week") cannot be
    placed more exactly than the span itself, so it is widened to it.
    """
    first, last = span
    found = find_dates(text, first if future else last, future)
    days = (last - first).days
    span_unit = "day" if days == 0 else ("month" if days <= 31 else "year")
    precision = {"day": "day", "month": "month", "year": "year"}[span_unit]
    if span_unit == "month" and (first.day != 1 or month_span(first.year, first.month)[1]
                                 != last):
        precision = "range"
    if span_unit == "year" and (first.month, first.day, last.month, last.day) != \
            (1, 1, 12, 31):
        precision = "range"
    out = []
    for f in found:
        if f.basis == "relative" and f.date_start is not None and \
                month_of(f.expression) is None and \
                _UNIT_RANK[_unit(f.expression)] < _UNIT_RANK[span_unit]:
            f = DateFound(f.start, f.end, f.expression, first, last, precision, "relative")
        out.append(f)
    return out


def _h_days_month_year(m, base, future):
    y, mo = int(m.group(4)), _month(m.group(3))
    a, b = _day(y, mo, int(m.group(1))), _day(y, mo, int(m.group(2)))
    return (a, b, "range", "stated") if a and b and a <= b else None


def _h_month_days_year(m, base, future):
    y, mo = int(m.group(4)), _month(m.group(1))
    a, b = _day(y, mo, int(m.group(2))), _day(y, mo, int(m.group(3)))
    return (a, b, "range", "stated") if a and b and a <= b else None


def _h_day_month_day_month_year(m, base, future):
    y = int(m.group(5))
    a = _day(y, _month(m.group(2)), int(m.group(1)))
    b = _day(y, _month(m.group(4)), int(m.group(3)))
    return (a, b, "range", "stated") if a and b and a <= b else None


def _h_months_year(m, base, future):
    y = int(m.group(3))
    a, b = _month(m.group(1)), _month(m.group(2))
    if a > b:
        return None
    return month_span(y, a)[0], month_span(y, b)[1], "range", "stated"


def _h_day_month_year(m, base, future):
    d = _day(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    return (d, d, "day", "stated") if d else None


def _h_month_day_year(m, base, future):
    d = _day(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    return (d, d, "day", "stated") if d else None


def _h_month_this_year(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    return (*month_span(base.year, _month(m.group(1))), "month", "relative")


def _h_month_that_year(m, base, future):
    # the year is the one the text was speaking of: resolved by the extractor from context
    return None, None, "undated", "context"


def month_of(expression: str) -> int | None:
    """The month an expression names ("October of that year" -> 10), or None."""
    m = re.search(MONTH, expression)
    return _month(m.group(0)) if m else None


def _h_part_of_month(m, base, future):
    """"the first week of December (2024)", "the second half of March": a span of days."""
    mo = _month(m.group(3))
    if m.group(4):
        y = int(m.group(4))
    elif base is None:
        return None, None, "undated", "relative"
    else:
        y = _nearest_year(mo, 15, base, future)
    first, last = month_span(y, mo)
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m.group(1).lower(), 0)
    size = {"week": 7, "fortnight": 14, "half": 15}[m.group(2).lower()]
    if n == 0:   # the last or final part
        start = last - dt.timedelta(days=(last.day - 15) if size == 15 else size - 1)
        return start, last, "range", "stated" if m.group(4) else "relative"
    start = first + dt.timedelta(days=size * (n - 1))
    if start > last or (size >= 14 and n > 2):
        return None
    end = min(last, start + dt.timedelta(days=size - 1))
    if size >= 14 and n == 2:   # the second half or fortnight runs to the month's end
        start, end = first + dt.timedelta(days=size), last
    return start, end, "range", "stated" if m.group(4) else "relative"


def _h_month_rel_year(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    y = base.year + {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
    return (*month_span(y, _month(m.group(1))), "month", "relative")


def _h_month_year(m, base, future):
    return (*month_span(int(m.group(2)), _month(m.group(1))), "month", "stated")


def _h_day_month(m, base, future):
    return _day_no_year(_month(m.group(2)), int(m.group(1)), base, future)


def _h_month_day(m, base, future):
    return _day_no_year(_month(m.group(1)), int(m.group(2)), base, future)


def _day_no_year(mo, d, base, future):
    if not 1 <= d <= 31:
        return None
    if base is None:
        return None, None, "undated", "relative"
    day = _day(_nearest_year(mo, d, base, future), mo, d)
    return (day, day, "day", "relative") if day else None


def _h_quarter(m, base, future):
    y = int(m.group(1))
    words = m.group(0).lower()
    q = next(i for i, w in enumerate(("first|1st|q1", "second|2nd|q2", "third|3rd|q3",
                                      "fourth|4th|q4"), 1)
             if re.search(rf"\b(?:{w})\b", words))
    return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range", "stated"


def _h_year(m, base, future):
    y = int(m.group(1))
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "stated"


def _h_years_ago(m, base, future):
    """"23 years ago": the year that many years before publication."""
    if base is None:
        return None, None, "undated", "relative"
    n = m.group(1).lower()
    n = int(n) if n.isdigit() else {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4,
                                    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                                    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                                    "twenty": 20, "twenty-five": 25, "thirty": 30,
                                    "forty": 40, "fifty": 50}[n]
    y = base.year - n
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "relative"


def _h_relative_day(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    words = re.sub(r"^(?:in|earlier|later|since)\s+|^the\s+", "", m.group(0).strip(), flags=re.I)
    w = words.lower()
    offset = {"day before yesterday": -2, "day after tomorrow": 2, "yesterday": -1,
              "tomorrow": 1}
    key = next((k for k in offset if k in " ".join(w.split())), None)
    day = _parse_relative(key, base, future) if key else base
    if day is None:
        day = base + dt.timedelta(days=offset.get(key, 0))
    return day, day, "day", "relative"


def _h_weekday(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    words = m.group(0).lower()
    ahead = future or words.startswith(("next", "coming"))
    if words.startswith(("last", "past")):
        ahead = False
    if calendar.day_name[base.weekday()] == m.group(1) and not words.startswith(
            ("last", "past", "next", "coming")):
        # news names the publication day by its weekday ("said on Thursday")
        return base, base, "day", "relative"
    day = _parse_relative(m.group(1), base, ahead)
    if day is None:
        return None
    return day, day, "day", "relative"


def _h_relative_period(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    which, unit = m.group(1).lower(), m.group(2).lower()
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[which]
    if unit == "year":
        y = base.year + step
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "relative"
    if unit == "month":
        anchor = _parse_relative(f"{which} month", base, step > 0) if step else base
        if anchor is None:
            return None
        return (*month_span(anchor.year, anchor.month), "month", "relative")
    anchor = base + dt.timedelta(weeks=step)
    monday = anchor - dt.timedelta(days=anchor.weekday())
    return monday, monday + dt.timedelta(days=6), "range", "relative"


def _h_relative_month(m, base, future):
    """"last November" is the latest November before the base date, "next March" the
    first one after it, "this May" the one of the base date's year."""
    if base is None:
        return None, None, "undated", "relative"
    which, mo = m.group(1).lower(), _month(m.group(2))
    if which == "this":
        y = base.year
    elif which in ("last", "past"):
        y = base.year if mo < base.month else base.year - 1
    else:
        y = base.year if mo > base.month else base.year + 1
    return (*month_span(y, mo), "month", "relative")


#: Seasons as months (northern hemisphere, as news in English mostly means them).
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 2)}


def _h_season(m, base, future):
    """"the autumn", "last winter", "spring 2024": three months, read in the northern
    hemisphere; the year as stated, else the season nearest the base date in the tense."""
    if m.group(1).lower() == "fall" and not re.search(r"\b(?:the|this|last|next|in)\s",
                                                      m.group(0), re.I):
        return None   # "fall" alone is a verb
    first_mo, last_mo = _SEASONS[m.group(1).lower()]
    words = m.group(0).lower()
    if m.group(2):
        y = int(m.group(2))
    elif base is None:
        return None, None, "undated", "relative"
    elif "last" in words.split():
        y = base.year - 1 if first_mo >= base.month else base.year
    elif "next" in words.split():
        y = base.year + 1 if first_mo <= base.month else base.year
    else:
        y = _nearest_year(first_mo + 1 if first_mo < 12 else 1, 15, base, future)
        if first_mo == 12:
            y -= 1
    end_y = y + 1 if last_mo < first_mo else y
    start = dt.date(y, first_mo, 1)
    end = month_span(end_y, last_mo)[1]
    return start, end, "range", "stated" if m.group(2) else "relative"


def _h_year_ended(m, base, future):
    """"the year ended 31 December 2024": the twelve months to that day."""
    end = _day(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    if end is None:
        return None
    start = _day(end.year - 1, end.month, end.day) or end.replace(day=28, year=end.year - 1)
    return start + dt.timedelta(days=1), end, "range", "stated"


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "18": 18}


def _h_months_ended(m, base, future):
    """"the six months to 30 June 2025": that many months to that day."""
    n = _NUMBER_WORDS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit()
                                                   else None)
    end = _day(int(m.group(4)), _month(m.group(3)), int(m.group(2)))
    if not n or end is None:
        return None
    mo = end.month - n + 1
    y = end.year
    while mo < 1:
        mo += 12
        y -= 1
    start = dt.date(y, mo, 1) if end == month_span(end.year, end.month)[1] else \
        (_day(y, mo, end.day + 1) or dt.date(y, mo, 1))
    return start, end, "range", "stated"


def _h_this_period(m, base, future):
    """"earlier this month" runs from its first day to the day before the base date,
    "later this month" from the day after to its end; "this year" likewise by year words."""
    if base is None:
        return None, None, "undated", "relative"
    words = m.group(0).lower()
    if m.group(1).lower() == "year":
        first, last = dt.date(base.year, 1, 1), dt.date(base.year, 12, 31)
        if words.startswith("earlier") and base > first:
            return first, base - dt.timedelta(days=1), "range", "relative"
        if words.startswith("later") and base < last:
            return base + dt.timedelta(days=1), last, "range", "relative"
        return first, last, "year", "relative"
    first, last = month_span(base.year, base.month)
    if words.startswith("earlier") and base > first:
        return first, base - dt.timedelta(days=1), "range", "relative"
    if words.startswith("later") and base < last:
        return base + dt.timedelta(days=1), last, "range", "relative"
    return first, last, "month", "relative"


def _h_bare_month(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    mo = _month(m.group(1))
    y = _nearest_year(mo, 15, base, future)
    if base.month == mo:
        y = base.year
    return (*month_span(y, mo), "month", "relative")


def _h_days_month(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    mo = _month(m.group(3))
    y = _nearest_year(mo, int(m.group(1)), base, future)
    a, b = _day(y, mo, int(m.group(1))), _day(y, mo, int(m.group(2)))
    return (a, b, "range", "relative") if a and b and a <= b else None


def _h_quarter_rel_year(m, base, future):
    """"the second quarter of this year", "the last quarter of next year"."""
    if base is None:
        return None, None, "undated", "relative"
    which = m.group(2).lower()
    y = base.year + (1 if which.startswith("next") else -1 if which == "last" else 0)
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4, "last": 4}[m.group(1).lower()]
    return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range", "relative"


def _h_bare_quarter(m, base, future):
    """"in the second quarter": of the base year, or of the next if a plan's quarter has
    passed (of the last if a past act's quarter is still to come)."""
    if base is None:
        return None, None, "undated", "relative"
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4}[m.group(1).lower()]
    y = base.year
    if future and month_span(y, 3 * q)[1] < base:
        y += 1
    elif not future and month_span(y, 3 * q - 2)[0] > base:
        y -= 1
    return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range", "relative"


def _h_new_year(m, base, future):
    """"on New Year's Day" (1 January) or "Eve" (31 December) nearest the base date."""
    if base is None:
        return None, None, "undated", "relative"
    mo, d = (1, 1) if m.group(1) == "Day" else (12, 31)
    day = dt.date(_nearest_year(mo, d, base, future), mo, d)
    return day, day, "day", "relative"


def _h_half_this_year(m, base, future):
    if base is None:
        return None, None, "undated", "relative"
    if m.group(0).lower().startswith("first"):
        return dt.date(base.year, 1, 1), dt.date(base.year, 6, 30), "range", "relative"
    return dt.date(base.year, 7, 1), dt.date(base.year, 12, 31), "range", "relative"


def _h_month_quarter(m, base, future):
    y, last = int(m.group(2)), _month(m.group(1))
    if last < 3:
        return None
    return month_span(y, last - 2)[0], month_span(y, last)[1], "range", "stated"


def _h_half_year(m, base, future):
    y = int(m.group(2))
    if m.group(1).lower() == "first":
        return dt.date(y, 1, 1), dt.date(y, 6, 30), "range", "stated"
    return dt.date(y, 7, 1), dt.date(y, 12, 31), "range", "stated"


def _h_undated(m, base, future):
    return None, None, "undated", "relative"


_HANDLERS = {name[3:]: fn for name, fn in globals().items() if name.startswith("_h_")}


def resolution(found: DateFound, published: dt.date | None, label: str = "") -> str:
    """How a relative date was resolved, for the record (empty for a stated one).

    ``label`` names a publication known less exactly than a day ("the publication year
    2018")."""
    if found.basis != "relative" or found.date_start is None or (published is None and
                                                                 not label):
        return ""
    return (f"'{found.expression}' read against "
            f"{label or 'the publication date ' + published.isoformat()}")
