# ruff: noqa: E501 - the answer-key checker, kept as its author wrote it
#!/usr/bin/env python3
"""Validate the intake-benchmark answer keys (stdlib only).

For every NN-slug.txt / NN-slug.json pair in this directory:
  * the article starts with the exact TEST DATA header line followed by a blank line;
  * the key has the required fields with allowed values;
  * every quote (engagements, trade, distractors, borderline) is an exact substring
    of the article (a warning is printed if it occurs more than once);
  * every date is a valid ISO date, start <= end, and consistent with its precision
    (month = first..last day, year = Jan 1..Dec 31, day = end null or equal, ...);
  * date_expression and participant names (other than country names) occur in the text;
  * the trade value and growth percentage are visible in the quote;
  * held/planned status is consistent with the publication date;
  * no distractor/borderline quote overlaps a keyed quote.

Usage: python3 check_keys.py [DIR]     exit status 0 = all keys pass (warnings allowed)
"""
import calendar
import datetime as dt
import glob
import json
import os
import re
import sys

HEADER = "TEST DATA — invented article for the intake benchmark; not a real source."
PRECISIONS = {"day", "month", "year", "range", "undated"}
STATUSES = {"held", "planned"}
UNITS = {"units", "thousand", "million", "billion"}
MEASURES = {"turnover", "exports", "imports"}
BASES = {"calendar_year", "partial_year", "quarter", "month", "year_to_date", "not_stated"}
DATE_SOURCES = {"explicit", "relative", "context", "document", "none"}
COUNTRIES = {
    "BRA": "Brazil", "VNM": "Vietnam", "FRA": "France", "KEN": "Kenya", "JPN": "Japan",
    "MNG": "Mongolia", "IDN": "Indonesia", "TUR": "Turkey", "CAN": "Canada", "CHL": "Chile",
    "KGZ": "Kyrgyzstan", "KOR": "South Korea",
    # the second held-out set (bench/intake/heldout2)
    "PRT": "Portugal", "AGO": "Angola", "GHA": "Ghana", "NGA": "Nigeria", "NZL": "New Zealand",
    "MYS": "Malaysia", "AZE": "Azerbaijan", "GEO": "Georgia", "THA": "Thailand",
    "BGD": "Bangladesh", "PAK": "Pakistan", "LKA": "Sri Lanka", "ITA": "Italy", "DZA": "Algeria",
    "NLD": "Netherlands", "COL": "Colombia",
    # the fourth held-out set
    "AUT": "Austria", "SEN": "Senegal", "NOR": "Norway", "TZA": "Tanzania", "CZE": "Czechia",
    "PER": "Peru", "SWE": "Sweden", "MEX": "Mexico", "ROU": "Romania", "JOR": "Jordan",
    "IRL": "Ireland", "RWA": "Rwanda", "SRB": "Serbia", "ARE": "United Arab Emirates",
    "HUN": "Hungary", "KHM": "Cambodia", "BEL": "Belgium", "MOZ": "Mozambique",
    "DEU": "Germany", "NAM": "Namibia", "ARG": "Argentina", "SAU": "Saudi Arabia",
    "FIN": "Finland", "URY": "Uruguay",
    # the fifth held-out set
    "GRC": "Greece", "EGY": "Egypt", "ESP": "Spain", "MAR": "Morocco", "POL": "Poland",
    "PHL": "Philippines", "CHE": "Switzerland", "ECU": "Ecuador", "AUS": "Australia",
    "FJI": "Fiji", "QAT": "Qatar", "NPL": "Nepal", "ETH": "Ethiopia", "DJI": "Djibouti",
    "LVA": "Latvia", "UZB": "Uzbekistan", "GBR": "United Kingdom", "PRY": "Paraguay",
    "HRV": "Croatia", "ALB": "Albania", "MLT": "Malta", "TUN": "Tunisia", "DNK": "Denmark",
    "LTU": "Lithuania",
}
ENG_FIELDS = ["quote", "date_start", "date_end", "date_precision", "date_expression",
              "participants", "status", "type"]
TRADE_FIELDS = ["quote", "value", "unit", "currency", "measure", "period_start",
                "period_end", "period_basis", "growth_percent"]
TOP_FIELDS = ["published", "pair", "style", "title", "publisher", "engagements", "trade"]


def parse_date(s):
    if s is None:
        return None
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(f"not YYYY-MM-DD: {s!r}")
    return dt.date.fromisoformat(s)  # raises on impossible dates such as 2021-02-30


def last_day(d):
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def number_forms(v):
    """Textual renderings of a number that may appear in a quote."""
    forms = {repr(v), str(v)}
    if float(v).is_integer():
        i = int(v)
        forms |= {str(i), f"{i:,}"}
    else:
        forms |= {f"{v:g}", f"{v:,}"}
    return forms


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")

    def check_quote(self, where, text, quote):
        if not isinstance(quote, str) or not quote:
            self.err(where, "missing/empty quote")
            return None
        n = text.count(quote)
        if n == 0:
            self.err(where, f"quote not found in article: {quote[:80]!r}")
            return None
        if n > 1:
            self.warn(where, f"quote occurs {n} times: {quote[:60]!r}")
        start = text.index(quote)
        return (start, start + len(quote))

    def check_range(self, where, start, end, precision, published, status):
        try:
            ds, de = parse_date(start), parse_date(end)
        except ValueError as e:
            self.err(where, f"invalid date: {e}")
            return
        if precision not in PRECISIONS:
            self.err(where, f"bad date_precision {precision!r}")
            return
        if precision == "undated":
            if ds or de:
                self.err(where, "undated but has dates")
            return
        if ds is None:
            self.err(where, f"precision {precision} but date_start is null")
            return
        if de is not None and de < ds:
            self.err(where, f"date_end {de} before date_start {ds}")
        if precision == "day":
            if de is not None and de != ds:
                self.err(where, "day precision but date_end != date_start")
        elif precision == "month":
            if ds.day != 1 or de != last_day(ds):
                self.err(where, "month precision must span first..last day of the month")
        elif precision == "year":
            if (ds.month, ds.day) != (1, 1) or de != dt.date(ds.year, 12, 31):
                self.err(where, "year precision must span Jan 1..Dec 31")
        elif precision == "range":
            if de is None or de <= ds:
                self.err(where, "range precision needs date_end after date_start")
        # status vs publication date
        last = de or ds
        if status == "held" and ds > published:
            self.err(where, f"held but starts after publication ({ds} > {published})")
        if status == "planned" and last < published:
            self.err(where, f"planned but ends before publication ({last} < {published})")

    def check_pair(self, base, txt_path, key_path):
        with open(txt_path, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        if lines[0] != HEADER:
            self.err(base, "first line is not the exact TEST DATA header")
        if len(lines) < 2 or lines[1] != "":
            self.err(base, "second line is not blank")
        words = len(text.split())
        try:
            with open(key_path, encoding="utf-8") as f:
                key = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            self.err(base, f"cannot load key: {e}")
            return None
        for fld in TOP_FIELDS:
            if fld not in key:
                self.err(base, f"key missing field {fld!r}")
        try:
            published = parse_date(key.get("published"))
        except ValueError as e:
            self.err(base, f"published: {e}")
            return None
        pair = key.get("pair", "")
        codes = pair.split("-") if isinstance(pair, str) else []
        if len(codes) != 2 or not all(re.fullmatch(r"[A-Z]{3}", c) for c in codes):
            self.err(base, f"bad pair {pair!r}")
            codes = []
        country_names = {COUNTRIES.get(c, c) for c in codes}

        keyed_spans = []
        for i, e in enumerate(key.get("engagements", [])):
            w = f"{base} engagement[{i}]"
            for fld in ENG_FIELDS:
                if fld not in e:
                    self.err(w, f"missing field {fld!r}")
            span = self.check_quote(w, text, e.get("quote"))
            if span:
                keyed_spans.append(span)
            if e.get("status") not in STATUSES:
                self.err(w, f"bad status {e.get('status')!r}")
            if e.get("date_source", "explicit") not in DATE_SOURCES:
                self.err(w, f"bad date_source {e.get('date_source')!r}")
            self.check_range(w, e.get("date_start"), e.get("date_end"),
                             e.get("date_precision"), published, e.get("status"))
            expr = e.get("date_expression")
            if expr is not None and expr not in text:
                self.err(w, f"date_expression not in article: {expr!r}")
            if (expr is None) != (e.get("date_precision") == "undated") and e.get("date_source") not in ("context", "document"):
                self.warn(w, "date_expression null for a dated engagement (or vice versa)")
            parts = e.get("participants")
            if not isinstance(parts, list) or not parts:
                self.err(w, "participants must be a non-empty list")
            else:
                for p in parts:
                    if p in country_names:
                        continue
                    if p not in text:
                        self.err(w, f"participant not in article: {p!r}")

        for i, t in enumerate(key.get("trade", [])):
            w = f"{base} trade[{i}]"
            for fld in TRADE_FIELDS:
                if fld not in t:
                    self.err(w, f"missing field {fld!r}")
            quote = t.get("quote") or ""
            span = self.check_quote(w, text, quote)
            if span:
                keyed_spans.append(span)
            v = t.get("value")
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
                self.err(w, f"bad value {v!r}")
            elif not any(f in quote for f in number_forms(v)):
                self.err(w, f"value {v} not visible in quote")
            if t.get("unit") not in UNITS:
                self.err(w, f"bad unit {t.get('unit')!r}")
            if not re.fullmatch(r"[A-Z]{3}", str(t.get("currency"))):
                self.err(w, f"bad currency {t.get('currency')!r}")
            if t.get("measure") not in MEASURES:
                self.err(w, f"bad measure {t.get('measure')!r}")
            basis = t.get("period_basis")
            if basis not in BASES:
                self.err(w, f"bad period_basis {basis!r}")
            try:
                ps, pe = parse_date(t.get("period_start")), parse_date(t.get("period_end"))
            except ValueError as ex:
                self.err(w, f"invalid period date: {ex}")
                ps = pe = None
            else:
                if (ps is None) != (pe is None):
                    self.err(w, "period_start/period_end must both be set or both null")
                if ps and pe:
                    if pe < ps:
                        self.err(w, "period_end before period_start")
                    if pe > published:
                        self.err(w, f"period ends after publication ({pe} > {published})")
                    if basis == "calendar_year" and (ps != dt.date(ps.year, 1, 1) or pe != dt.date(ps.year, 12, 31)):
                        self.err(w, "calendar_year period must be Jan 1..Dec 31")
                    if basis == "quarter" and (ps.day != 1 or ps.month not in (1, 4, 7, 10)
                                               or pe != last_day(dt.date(ps.year, ps.month + 2, 1))):
                        self.err(w, "quarter period must be a calendar quarter")
                    if basis == "month" and (ps.day != 1 or pe != last_day(ps)):
                        self.err(w, "month period must be one calendar month")
                if basis == "not_stated" and ps is not None:
                    self.err(w, "not_stated basis but period given")
                if basis != "not_stated" and ps is None:
                    self.err(w, f"basis {basis} but no period")
            g = t.get("growth_percent")
            if g is not None:
                if not isinstance(g, (int, float)):
                    self.err(w, f"bad growth_percent {g!r}")
                elif not any(f + "%" in quote for f in number_forms(abs(g))):
                    self.err(w, f"growth {g}% not visible in quote")
            rep = t.get("reporter")
            if rep is not None and rep not in codes:
                self.err(w, f"reporter {rep!r} not in pair {pair}")
            if t.get("measure") in ("exports", "imports") and rep is None:
                self.warn(w, "exports/imports without reporter")

        for kind in ("distractors", "borderline"):
            for i, d in enumerate(key.get(kind, [])):
                w = f"{base} {kind}[{i}]"
                span = self.check_quote(w, text, d.get("quote"))
                if span:
                    for ks in keyed_spans:
                        if span[0] < ks[1] and ks[0] < span[1]:
                            self.err(w, f"overlaps a keyed quote: {d.get('quote')[:60]!r}")
        return {"file": base, "words": words,
                "engagements": len(key.get("engagements", [])),
                "planned": sum(e.get("status") == "planned" for e in key.get("engagements", [])),
                "trade": len(key.get("trade", [])),
                "distractors": len(key.get("distractors", []))}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    txts = sorted(glob.glob(os.path.join(root, "[0-9][0-9]-*.txt")))
    jsons = sorted(glob.glob(os.path.join(root, "[0-9][0-9]-*.json")))
    c = Checker()
    stems_t = {os.path.splitext(p)[0] for p in txts}
    stems_j = {os.path.splitext(p)[0] for p in jsons}
    for s in sorted(stems_t ^ stems_j):
        c.err(os.path.basename(s), "article/key pair incomplete")
    rows = []
    for stem in sorted(stems_t & stems_j):
        r = c.check_pair(os.path.basename(stem), stem + ".txt", stem + ".json")
        if r:
            rows.append(r)
    print(f"{'file':48} {'words':>5} {'eng':>4} {'(plan)':>6} {'trade':>5} {'distr':>5}")
    for r in rows:
        print(f"{r['file']:48} {r['words']:5} {r['engagements']:4} {r['planned']:6} {r['trade']:5} {r['distractors']:5}")
    print(f"{'TOTAL':48} {sum(r['words'] for r in rows):5} {sum(r['engagements'] for r in rows):4} "
          f"{sum(r['planned'] for r in rows):6} {sum(r['trade'] for r in rows):5} {sum(r['distractors'] for r in rows):5}")
    for w in c.warnings:
        print("WARNING", w)
    for e in c.errors:
        print("ERROR", e)
    print(f"\n{len(rows)} article/key pairs checked: {len(c.errors)} errors, {len(c.warnings)} warnings")
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
