"""Trade figures: normalisation, derived values, like-period comparisons, conflicts, claims.

Rules this module keeps
-----------------------
* Values are converted to one unit (USD million by default) within a currency; there is no
  exchange-rate data, so figures in another currency are kept apart, never converted.
* Periods keep their basis (calendar year, Indian fiscal year April–March, quarter, month,
  partial year). Growth is computed only between *like* periods: the same basis and the same
  months in different years. A partial year is never compared with a full year;
  :class:`IncomparablePeriods` is raised instead.
* Annualising a partial year happens only on request and is marked as an estimate.
* Derived values are computed here from the reported ones and the rule recorded in
  ``trade_derivations``; they are always marked ``derived`` with their formula.
* Where sources disagree on one measure and period, all values are kept. The headline
  value follows :data:`HEADLINE_RULE`.
"""

from __future__ import annotations

import re

import pandas as pd

from briefing import fmt, vocab
from briefing.facts import Facts
from briefing.knowledge import publication_spans
from briefing.knowledge import published_words as knowledge_words
from briefing.pairs import country_name

#: Size of each unit in millions.
UNIT_IN_MILLIONS = {"units": 1e-6, "thousand": 1e-3, "lakh": 0.1, "million": 1.0,
                    "crore": 10.0, "billion": 1e3}
UNIT_WORDS = {"units": "", "thousand": "thousand", "lakh": "lakh", "million": "million",
              "crore": "crore", "billion": "billion"}
#: Units values are converted to for a reader (lakh and crore are read, not written).
TARGET_UNITS = ("units", "thousand", "million", "billion")
#: Figures a source gives with no period: shown as stated, never in a series or comparison.
NOT_STATED = "not_stated"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
#: The columns of the selected trade figures a printed briefing shows (the notebook shows
#: all).
FACT_COLUMNS = ["observation_id", "flow", "period", "period_basis", "value", "unit",
                "currency", "method", "source_id"]

#: How the headline value is chosen among values that disagree, in order.
HEADLINE_RULE = (
    "Among values for the same measure and period, the headline is: a reported value before "
    "a derived one; then a value whose reporting country is named before an unattributed "
    "one; then the most recently published source; then the first recorded (lowest id)."
)


class IncomparablePeriods(ValueError):
    """Two periods are not alike (different basis or months): no growth between them."""


# --- periods -------------------------------------------------------------------------------


def months_in(start, end) -> int | None:
    """Number of calendar months from ``start`` to ``end`` inclusive (None without a
    period)."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_label(start, end, basis: str) -> str:
    """A reader's label: ``"Jan–May 2020"``, ``"FY 2010-11"``, ``"2019"``, ``"Q1 2020"``,
    ``"1 Jan–7 Apr 2021 (year to date)"``, ``"period not given"``."""
    if basis == NOT_STATED or start is None or pd.isna(start):
        return "period not given"
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if basis == "year_to_date":
        return f"{start.day} {MONTHS[start.month - 1]}\u2013{fmt.date(end)} (year to date)"
    if basis == "calendar_year":
        return f"{start.year}"
    if basis == "fiscal_year_in":
        return f"FY {start.year}-{str(end.year)[2:]}"
    if basis == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if basis == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    span = f"{MONTHS[start.month - 1]}\u2013{MONTHS[end.month - 1]}"
    if start.year == end.year:
        return f"{span} {start.year}"
    return f"{span} {start.year}-{str(end.year)[2:]}"


def like_periods(a: pd.Series, b: pd.Series) -> bool:
    """True when two observations cover the same months of different years on one basis."""
    return (
        a["period_basis"] == b["period_basis"]
        and (a["period_start"].month, a["period_start"].day, a["period_end"].month,
             a["period_end"].day)
        == (b["period_start"].month, b["period_start"].day, b["period_end"].month,
            b["period_end"].day)
        and months_in(a["period_start"], a["period_end"])
        == months_in(b["period_start"], b["period_end"])
    )


# --- observations --------------------------------------------------------------------------


def derive(facts: Facts) -> pd.DataFrame:
    """Compute every derived observation from its base and rule.

    Returns
    -------
    pandas.DataFrame
        One row per derivation, in the columns of ``trade_observations`` plus ``method``
        (``"derived"``), ``formula`` and ``derived_from``; ``quote`` is the quote of the
        rule (e.g. "an increase of two times …").
    """
    obs = facts.trade_observations.set_index("observation_id")
    rows = []
    for d in facts.trade_derivations.itertuples(index=False):
        base = obs.loc[d.base_observation_id]
        if d.method == "growth_factor":
            value = base["value"] / d.factor
            op = f"\u00f7 {d.factor:g}"
        else:  # growth_percent
            value = base["value"] / (1 + d.factor / 100)
            op = f"\u00f7 (1 + {d.factor:g}%)"
        unit = UNIT_WORDS[base["unit"]]
        base_period = period_label(base["period_start"], base["period_end"],
                                   base["period_basis"])
        formula = (f"{period_label(d.period_start, d.period_end, d.period_basis)} = "
                   f"{base_period}"
                   f" value {base['value']:g} {unit} {base['currency']} {op} "
                   f"[{d.base_observation_id}]")
        rows.append({
            "observation_id": d.derivation_id, "source_id": d.source_id, "quote": d.quote,
            "reporter": base["reporter"], "measure": base["measure"],
            "country_a": base["country_a"], "country_b": base["country_b"],
            "period_start": d.period_start, "period_end": d.period_end,
            "period_basis": d.period_basis, "value": value, "unit": base["unit"],
            "currency": base["currency"], "note": d.reading, "method": "derived",
            "formula": formula, "derived_from": d.base_observation_id,
        })
    columns = list(facts.trade_observations.columns) + ["method", "formula", "derived_from"]
    return pd.DataFrame(rows, columns=columns)


def trade_table(facts: Facts, pair: tuple[str, str], as_of=None, unit: str = "million",
                ) -> pd.DataFrame:
    """Reported and derived observations of a pair, normalised to one unit.

    Parameters
    ----------
    pair
        Two alpha-3 codes; turnover matches either order, exports and imports keep their
        direction in ``country_a``/``country_b``.
    as_of
        Leave out sources published after it and periods ending after it.
    unit
        Target unit: ``"million"`` (default), ``"billion"``, ``"thousand"`` or ``"units"``.

    Returns
    -------
    pandas.DataFrame
        One row per observation with ``value_norm`` (in ``unit``), ``unit_norm`` (e.g.
        ``"USD million"``), ``period`` (reader's label), ``months``, ``method`` and, for
        derived rows, ``formula`` and ``derived_from``; sorted by period and source.
    """
    if unit not in TARGET_UNITS:
        raise ValueError(f"unit {unit!r}: expected one of {', '.join(TARGET_UNITS)}")
    reported = facts.trade_observations.assign(method="reported", formula="", derived_from="")
    table = pd.concat([reported, derive(facts)], ignore_index=True)
    a, b = pair
    mask = ((table["country_a"] == a) & (table["country_b"] == b)) | (
        (table["country_a"] == b) & (table["country_b"] == a))
    table = table[mask].copy()
    columns = list(table.columns) + ["published", "value_norm", "unit_norm", "period",
                                     "months", "flow"]
    if table.empty or facts.sources.empty:
        return pd.DataFrame(columns=columns)
    # when a source was published, at the latest (a source known only by its year counts
    # from the end of that year): for the as_of cut and the headline rule
    published = table["source_id"].map(publication_spans(facts.sources)["latest"])
    table["published"] = published
    if as_of is not None:
        as_of = pd.Timestamp(as_of)
        table = table[(published <= as_of) & ((table["period_end"] <= as_of)
                                              | table["period_end"].isna())].copy()
        if table.empty:
            return pd.DataFrame(columns=columns)
    factor = table["unit"].map(UNIT_IN_MILLIONS) / UNIT_IN_MILLIONS[unit]
    table["value_norm"] = table["value"].astype(float) * factor
    table["unit_norm"] = table["currency"] + (" " + UNIT_WORDS[unit] if UNIT_WORDS[unit] else "")
    table["period"] = [period_label(s, e, bs) for s, e, bs in zip(
        table["period_start"], table["period_end"], table["period_basis"])]
    stated = table["period_basis"] == NOT_STATED
    if stated.any():  # "stated on 7 Apr 2021, period not given"
        sources = facts.sources.set_index("source_id", drop=False)
        table.loc[stated, "period"] = [
            f"stated {knowledge_words(sources.loc[sid])}, period not given"
            for sid in table.loc[stated, "source_id"]]
    table["months"] = [months_in(s, e) for s, e in zip(table["period_start"],
                                                         table["period_end"])]
    table["flow"] = [_flow(r) for r in table.itertuples()]
    return table.sort_values(["period_start", "period_end", "method", "source_id"],
                             ascending=[True, True, False, True]).reset_index(drop=True)


def _flow(row) -> str:
    if row.measure == "turnover":
        a, b = sorted((row.country_a, row.country_b))
        return f"{a}\u2013{b} turnover"
    verb = "exports to" if row.measure == "exports" else "imports from"
    return f"{row.country_a} {verb} {row.country_b}"


def _flow_key(table: pd.DataFrame) -> pd.Series:
    """Measure and direction, with turnover the same in either order."""
    pair = [tuple(sorted((a, b))) if m == "turnover" else (a, b)
            for a, b, m in zip(table["country_a"], table["country_b"], table["measure"])]
    return pd.Series([f"{m}:{p[0]}-{p[1]}" for m, p in zip(table["measure"], pair)],
                     index=table.index)


# --- conflicts and headline ------------------------------------------------------------------


def _group_keys(table: pd.DataFrame) -> list[str]:
    return ["flow_key", "period_start", "period_end", "currency"]


def conflicts(table: pd.DataFrame) -> pd.DataFrame:
    """Measures and periods on which the values disagree, every value with its source.

    Returns
    -------
    pandas.DataFrame
        One row per value in a disagreement: period, measure, value, method, source, the
        group's ``spread`` (max − min) and ``spread_pct`` (relative to the minimum), and
        ``headline`` (True for the value the headline uses, by :data:`HEADLINE_RULE`).
    """
    columns = ["period", "flow", "value_norm", "unit_norm", "method", "source_id",
               "observation_id", "spread", "spread_pct", "headline"]
    if "period_basis" in table:
        table = table[table["period_basis"] != NOT_STATED]
    if table.empty:
        return pd.DataFrame(columns=columns)
    t = _with_rank(table)
    keys = _group_keys(t)
    t["_value"] = t["value_norm"].round(9)
    groups = t.groupby(keys, sort=False)["_value"]
    distinct = groups.transform("nunique")
    lo, hi = groups.transform("min"), groups.transform("max")
    t["spread"] = hi - lo
    t["spread_pct"] = ((hi - lo) / lo * 100).round(1).where(lo > 0)
    return t.loc[distinct >= 2, columns].reset_index(drop=True)


def conflicts_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`conflicts` for the reader: formatted values, the headline marked."""
    c = conflicts(table)
    return pd.DataFrame({
        "Period": c["period"], "Flow": c["flow"],
        "Value": c["value_norm"].map(lambda v: f"{v:,.1f}"), "Unit": c["unit_norm"],
        "Reported or derived": c["method"], "Source": "[" + c["source_id"] + "]",
        "Spread": c["spread"].map(lambda v: f"{v:,.1f}"),
        "Spread %": c["spread_pct"].map(lambda v: f"{v:.1f}%"),
        "Headline": c["headline"].map({True: "headline", False: ""}),
    })


def _with_rank(table: pd.DataFrame) -> pd.DataFrame:
    t = table.copy()
    t["flow_key"] = _flow_key(t)
    t["_derived"] = (t["method"] == "derived").astype(int)
    t["_unattributed"] = (t["reporter"].fillna("") == "").astype(int)
    t["_neg_published"] = [-d.value if pd.notna(d) else 0 for d in t["published"]]
    t = t.sort_values(["_derived", "_unattributed", "_neg_published", "observation_id"])
    first = ~t.duplicated(_group_keys(t), keep="first")
    t["headline"] = first
    return t.sort_index()


def headline(table: pd.DataFrame) -> pd.DataFrame:
    """One value per measure and period: the one :data:`HEADLINE_RULE` picks (figures with
    no stated period have no place in a series and no headline)."""
    if "period_basis" in table:
        table = table[table["period_basis"] != NOT_STATED]
    t = _with_rank(table)
    return t[t["headline"]].drop(columns=["_derived", "_unattributed", "_neg_published"])


# --- comparisons -----------------------------------------------------------------------------


def growth(a: pd.Series, b: pd.Series) -> float:
    """Growth in percent from observation ``a`` to the later like period ``b``.

    Raises
    ------
    IncomparablePeriods
        If the two are not the same months on the same basis (e.g. a partial year against a
        full year), measure, direction or currency.
    """
    if not like_periods(a, b):
        raise IncomparablePeriods(
            f"{a['period']} ({a['period_basis']}) and {b['period']} ({b['period_basis']}) are "
            "not like periods: growth is computed only between the same months of different "
            "years on one basis")
    if (a["measure"], a["currency"]) != (b["measure"], b["currency"]):
        raise IncomparablePeriods("different measures or currencies")
    return (b["value_norm"] / a["value_norm"] - 1) * 100


def like_period_growth(table: pd.DataFrame) -> pd.DataFrame:
    """Growth between consecutive like periods of the headline values.

    Compares each headline value with the previous one of the same measure, basis and months
    (year on year for full years, the same months for partial years and months); the
    growth of one year apart is ``growth_pct``, and ``cagr_pct`` annualises longer gaps.
    """
    columns = ["flow", "from", "to", "from_value", "to_value", "unit", "years", "growth_pct",
               "cagr_pct", "inputs", "same_source", "caveat"]
    h = headline(table)
    if h.empty:
        return pd.DataFrame(columns=columns)
    h = h.assign(span=[(s.month, s.day, e.month, e.day) for s, e in zip(h["period_start"],
                                                                       h["period_end"])])
    keys = ["flow_key", "period_basis", "span", "currency"]
    h = h.sort_values(keys + ["period_start"], kind="stable")
    prev = h.groupby(keys, sort=False)[["period", "value_norm", "period_start", "method",
                                        "observation_id", "source_id"]].shift(1)
    has = prev["period"].notna()
    cur, prev = h[has], prev[has]
    years = cur["period_start"].dt.year - prev["period_start"].dt.year
    ratio = cur["value_norm"] / prev["value_norm"]
    cagr_pct = ((ratio ** (1 / years.clip(lower=1)) - 1) * 100).round(1)
    out = pd.DataFrame({
        "flow": cur["flow"], "from": prev["period"], "to": cur["period"],
        "from_value": prev["value_norm"], "to_value": cur["value_norm"],
        "unit": cur["unit_norm"], "years": years,
        "growth_pct": ((ratio - 1) * 100).round(1).where(years == 1),
        "cagr_pct": cagr_pct,
        "inputs": prev["method"] + " [" + prev["observation_id"] + "], " + cur["method"]
        + " [" + cur["observation_id"] + "]",
        "same_source": prev["source_id"] == cur["source_id"],
    })
    # an endpoint derived from a statement of growth, or disputed between sources, is said
    c = conflicts(table)
    disputed = set(zip(c["period"], c["flow"], c["unit_norm"])) if len(c) else set()
    caveats = []
    for r_prev, r_cur, unit, flow, inputs in zip(prev["period"], cur["period"],
                                                 cur["unit_norm"], cur["flow"], out["inputs"]):
        words = []
        if "derived" in inputs:
            words.append("an endpoint is derived, not reported")
        if (r_prev, flow, unit) in disputed or (r_cur, flow, unit) in disputed:
            words.append("sources disagree on an endpoint (headline value used)")
        caveats.append("; ".join(words))
    out["caveat"] = caveats
    out["growth_pct"] = out["growth_pct"].astype(object).where(out["growth_pct"].notna(), None)
    return out[columns].reset_index(drop=True)


def basis_words(basis: str) -> str:
    """The adjective for a period basis ("calendar-year"), from the schema's labels."""
    return vocab.labels("trade_observations", "period_basis", form="adjectives").get(basis,
                                                                                       basis)


def growth_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`like_period_growth` for the reader: labelled columns, formatted numbers."""
    g = like_period_growth(table)
    pct = lambda v: "" if v is None or pd.isna(v) else f"{v:+.1f}%"  # noqa: E731
    return pd.DataFrame({
        "Flow": g["flow"], "From": g["from"], "To": g["to"],
        "From value": g["from_value"].map(lambda v: f"{v:,.1f}"),
        "To value": g["to_value"].map(lambda v: f"{v:,.1f}"), "Unit": g["unit"],
        "Years apart": g["years"], "Growth": g["growth_pct"].map(pct),
        "Annual (compound)": g["cagr_pct"].map(pct),
        "Inputs": g["inputs"],
        "Same source": g["same_source"].map({True: "yes", False: "no"}),
        "Caveat": g["caveat"],
    })


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate in percent."""
    if years <= 0 or first <= 0:
        raise ValueError("CAGR needs a positive first value and a positive number of years")
    return ((last / first) ** (1 / years) - 1) * 100


def series_cagr(table: pd.DataFrame, basis: str = "calendar_year",
                measure: str = "turnover") -> dict | None:
    """CAGR over the full years of one basis (first to last headline value), or None if
    fewer than two years are known."""
    if basis not in ("calendar_year", "fiscal_year_in"):
        raise ValueError(f"basis {basis!r}: expected 'calendar_year' or 'fiscal_year_in'")
    h = headline(table)
    full = h[(h["period_basis"] == basis) & (h["measure"] == measure) & (h["months"] == 12)]
    if full["currency"].nunique() > 1:
        # never across currencies: the currency with the most full years (then USD, then
        # the first in the alphabet)
        counts = full["currency"].value_counts()
        best = sorted(counts.index, key=lambda c: (-counts[c], c != "USD", c))[0]
        full = full[full["currency"] == best]
    if len(full) < 2:
        return None
    full = full.sort_values("period_start")
    first, last = full.iloc[0], full.iloc[-1]
    years = last["period_start"].year - first["period_start"].year
    return {"from": first["period"], "to": last["period"], "years": years,
            "cagr_pct": round(cagr(first["value_norm"], last["value_norm"], years), 1),
            "unit": last["unit_norm"]}


def annualise(row: pd.Series) -> dict:
    """Scale a partial-period value to twelve months — an estimate, marked as such."""
    months = row["months"]
    if months >= 12:
        raise ValueError(f"{row['period']} is already a full year")
    return {"period": f"{row['period']} annualised",
            "value_norm": row["value_norm"] * 12 / months,
            "unit_norm": row["unit_norm"], "method": "estimate",
            "formula": f"{row['value_norm']:.1f} \u00d7 12 / {months} (assumes an even pace "
                       "through the year; an estimate, not a reported figure)"}


# --- balance and claims -------------------------------------------------------------------


def balance(table: pd.DataFrame, pair: tuple[str, str]) -> pd.DataFrame:
    """Trade balance of ``pair[0]`` with ``pair[1]`` for periods where both its exports and
    its imports are known (headline values); empty when none is."""
    h = headline(table)
    a, b = pair
    exp = h[(h["measure"] == "exports") & (h["country_a"] == a) & (h["country_b"] == b)]
    imp = h[(h["measure"] == "imports") & (h["country_a"] == a) & (h["country_b"] == b)]
    # b's exports to a are a's imports from b (and the reverse)
    exp = pd.concat([exp, h[(h["measure"] == "imports") & (h["country_a"] == b)
                            & (h["country_b"] == a)]])
    imp = pd.concat([imp, h[(h["measure"] == "exports") & (h["country_a"] == b)
                            & (h["country_b"] == a)]])
    keys = ["period_start", "period_end", "currency"]
    merged = exp.drop_duplicates(keys).merge(imp.drop_duplicates(keys), on=keys,
                                             suffixes=("_exp", "_imp"))
    if merged.empty:
        return pd.DataFrame(columns=["period", "exports", "imports", "balance", "unit",
                                     "in_favour_of"])
    merged["balance"] = merged["value_norm_exp"] - merged["value_norm_imp"]
    return pd.DataFrame({
        "period": merged["period_exp"], "exports": merged["value_norm_exp"],
        "imports": merged["value_norm_imp"], "balance": merged["balance"],
        "unit": merged["unit_norm_exp"],
        "in_favour_of": merged["balance"].map(lambda v: a if v > 0 else b if v < 0 else "even"),
    })


def trade_claims(facts: Facts, topics=("trade", "investment", "energy")) -> pd.DataFrame:
    """Qualitative claims on trade, investment and energy, each with its quote and source."""
    c = facts.claims
    c = c[c["topic"].isin(topics)]
    return pd.DataFrame({"Topic": c["topic"].str.capitalize(), "Claim": c["statement"],
                         "Quote": "\u201c" + c["quote"] + "\u201d",
                         "Source": "[" + c["source_id"] + "]"}).reset_index(drop=True)


def as_reported(row: pd.Series) -> str:
    """The value in the source's own unit: ``"1.57 billion USD"``."""
    unit = UNIT_WORDS[row["unit"]]
    return f"{row['value']:g} {unit + ' ' if unit else ''}{row['currency']}"


def figures_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every figure for the reader: period, basis, flow, value, method, source, formula."""
    basis = vocab.labels("trade_observations", "period_basis")
    return pd.DataFrame({
        "Period": table["period"], "Basis": table["period_basis"].map(basis),
        "Flow": table["flow"], "Value": table["value_norm"].map(lambda v: f"{v:,.1f}"),
        "Unit": table["unit_norm"],
        "As reported": [as_reported(r) if r["method"] == "reported" else "" for _, r in
                        table.iterrows()],
        "Reported or derived": table["method"],
        "Reporter": table["reporter"].replace("", "not stated"),
        "Source": "[" + table["source_id"] + "]",
        "Formula / quote": [f if m == "derived" else f"\u201c{q}\u201d" for f, m, q in zip(
            table["formula"], table["method"], table["quote"])],
    })


def comparable_groups(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Split observations into the panels of the trade chart: one per basis and flow, and for
    partial years one per span of months (Jan–May is never drawn beside Jan–Dec). Monthly
    and quarterly series stay one panel each; growth still compares only like months."""
    out = []
    table = table[table["period_basis"] != NOT_STATED]  # listed, never drawn as a series
    t = table.assign(span=[(s.month, s.day, e.month, e.day) if b == "partial_year" else None
                           for s, e, b in zip(table["period_start"], table["period_end"],
                                              table["period_basis"])])
    several = t["unit_norm"].nunique() > 1
    # one panel never holds two currencies: a series, an axis and a comparison stay in one
    for (basis, _span, measure, flow, unit), g in t.groupby(
            ["period_basis", "span", "measure", "flow", "unit_norm"], sort=False,
            dropna=False):
        first = g.iloc[0]
        if basis == "partial_year":
            title = (f"{MONTHS[first['period_start'].month - 1]}\u2013"
                     f"{MONTHS[first['period_end'].month - 1]} of each year (part of a year)")
        else:
            title = vocab.labels("trade_observations", "period_basis", form="plurals")[basis]
        what = (vocab.labels("trade_observations", "measure")[measure] if measure == "turnover"
                else flow)
        out.append((f"{what}: {title}" + (f", {unit}" if several else ""),
                    g.drop(columns="span")))
    return out


# --- words built from the numbers ----------------------------------------------------------


def _fmt(v: float, unit: str) -> str:
    return fmt.money(v, unit, 1)


def key_numbers_text(table: pd.DataFrame, pair: tuple[str, str]) -> str:
    """The key numbers as plain text (pinned by nbval in the notebook)."""
    if table.empty:
        return "figures: 0"
    n_rep = int((table["method"] == "reported").sum())
    n_der = int((table["method"] == "derived").sum())
    lines = [f"figures: {len(table)} ({n_rep} reported, {n_der} derived)"]
    rep = table[table["method"] == "reported"].sort_values(["period_end", "published"])
    if len(rep):
        r = rep.iloc[-1]
        lines.append(f"latest reported: {r['period']} {r['flow']} "
                     f"{_fmt(r['value_norm'], r['unit_norm'])} (as reported: {as_reported(r)})"
                     f" [{r['observation_id']}]")
    for _, d in table[table["method"] == "derived"].iterrows():
        lines.append(f"derived: {d['period']} {d['flow']} {_fmt(d['value_norm'], d['unit_norm'])}"
                     f" (derived: {d['formula']}) [{d['observation_id']}]")
    for _, g in like_period_growth(table).iterrows():
        if g["growth_pct"] is not None and not pd.isna(g["growth_pct"]):
            lines.append(f"growth {g['from']} -> {g['to']}: {g['growth_pct']:+.1f}% "
                         f"({g['inputs']})")
    c = conflicts(table)
    n_conf = c.groupby(["period", "flow"]).ngroups if len(c) else 0
    lines.append(f"conflicting measure-periods: {n_conf}")
    bal = balance(table, pair)
    lines.append("balance: " + ("; ".join(
        f"{b['period']} {b['balance']:+,.1f} {b['unit']} (in favour of {b['in_favour_of']})"
        for _, b in bal.iterrows()) if len(bal) else "not known (no export and import figures)"))
    return "\n".join(lines)


def summary_sentences(table: pd.DataFrame, facts: Facts, pair: tuple[str, str],
                      label: str) -> list[str]:
    """Sentences for the reader, each built from the figures of the table."""
    if table.empty:
        return [f"The data hold no trade figures for {label}."]
    out = []
    rep = table[table["method"] == "reported"].sort_values(["period_end", "published"])
    if len(rep):
        r = rep.iloc[-1]
        flow = r["flow"].replace("turnover", "trade turnover")
        out.append(f"The latest reported figure is {flow}"
                   f" of {_fmt(r['value_norm'], r['unit_norm'])} in {r['period']} "
                   f"[{r['source_id']}].")
    for _, g in like_period_growth(table).iterrows():
        if g["growth_pct"] is None or pd.isna(g["growth_pct"]):
            continue
        derived_note = (" The earlier value is derived from the source's own statement of "
                        "growth, so this restates that statement rather than confirming it."
                        if "derived" in g["inputs"] else "")
        out.append(f"{g['to']} against {g['from']}: {g['growth_pct']:+.1f}% "
                   f"({_fmt(g['from_value'], g['unit'])} to {_fmt(g['to_value'], g['unit'])})."
                   + derived_note)
    for basis in ("calendar_year", "fiscal_year_in"):
        c = series_cagr(table, basis)
        if c:
            out.append(f"Over {c['from']}\u2013{c['to']} ({c['years']} years) trade turnover grew"
                       f" by {c['cagr_pct']:.1f}% a year (compound).")
    c = conflicts(table)
    if len(c):
        n = c.groupby(["period", "flow"]).ngroups
        worst = c.sort_values("spread_pct", ascending=False).iloc[0]
        out.append(f"Sources disagree on {fmt.count(n, 'figure')}; the widest gap is "
                   f"{worst['spread_pct']:.1f}% ({worst['period']}). All values are shown "
                   "below; the headline follows a stated rule.")
    bal = balance(table, pair)
    if len(bal):
        b = bal.iloc[-1]
        out.append(f"In {b['period']} the balance was {b['balance']:+,.1f} {b['unit']} for "
                   f"{pair[0]}, in favour of {b['in_favour_of']}.")
    else:
        claim = facts.claims[facts.claims["statement"].str.contains("balance", case=False)]
        text = ""
        if len(claim):
            c = claim.iloc[0]
            # which side the source's own words favour: a country of the pair named right
            # after "in favour of"
            said = re.search(r"in favou?r of\s+(.{0,40})", c["quote"], flags=re.IGNORECASE)
            named = [country_name(code) for code in pair
                     if said and said.group(1).lower().startswith(country_name(code).lower())]
            side = named[0] if len(named) == 1 else "one side"
            text = (f" The source says only that the balance is tilted in favour of {side} "
                    f"[{c['source_id']}].")
        out.append("Exports and imports are not known separately, so the balance of trade "
                   "cannot be computed." + text)
    return out
