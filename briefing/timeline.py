"""Engagement timeline analysis: selection as known on a date, chronology, cadence, mix.

Every function takes and returns pandas objects, so the notebooks stay thin and the logic is
tested here. The engagements frame is the one :func:`briefing.facts.load_facts` returns (or
any frame with the same columns, such as the synthetic ones of the tests and benchmark).

Conventions
-----------
* A *pair* is two ISO 3166 alpha-3 codes; an engagement belongs to the pair when its
  ``actor_country`` and ``counterpart_country`` are those two, in either order.
* The first domain listed on an engagement is its primary domain (its lane on the chart);
  counts by domain count an engagement once in each of its domains.
* ``timing`` says where an engagement stands on the ``as_of`` date: ``past`` (held),
  ``ongoing``, ``upcoming`` (planned, not yet due), ``overdue`` (planned, its date passed
  with no record of it being held) or ``undated``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing import fmt, vocab
from briefing.facts import LIST_SEP, Facts, split_list
from briefing.knowledge import known_sources
from briefing.pairs import country_name, pair_label, parse_pair  # noqa: F401 (re-exported)

#: Engagement levels counted as high-level for the cadence of visits.
HIGH_LEVELS = ("head_of_state_or_government", "minister")
#: A median gap between visits is given only from at least this many intervals.
MIN_INTERVALS_FOR_MEDIAN = 3
TIMING_ORDER = ["past", "ongoing", "upcoming", "overdue", "undated", "cancelled"]
#: The columns of the selected engagements a printed briefing shows (the notebook shows all).
#: Seven, so that the table fits an A4 page.
FACT_COLUMNS = ["engagement_id", "date_start", "date_precision", "type", "timing", "summary",
                "source_id"]


# --- pairs ---------------------------------------------------------------------------------


def available_pairs(engagements: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs present in the engagements, each sorted, with the most engagements first."""
    if engagements.empty:
        return []
    keys = [tuple(sorted(p)) for p in zip(engagements["actor_country"],
                                          engagements["counterpart_country"], strict=True)]
    counts = pd.Series(keys).value_counts()
    return [tuple(k) for k in counts.index]


# --- selection -----------------------------------------------------------------------------


def select_engagements(
    engagements: pd.DataFrame,
    pair: tuple[str, str],
    as_of: str | pd.Timestamp,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    sources: pd.DataFrame | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """Engagements of a pair in a window, as known on ``as_of``.

    Parameters
    ----------
    engagements
        The engagements table.
    pair
        Two alpha-3 codes, in either order.
    as_of
        Date of knowledge: held engagements after it are left out; planned ones get a
        ``timing`` of ``upcoming`` (not yet due) or ``overdue`` (their date passed).
    start, end
        The window: dated engagements whose date span meets ``[start, end]`` are kept.
    sources
        The sources table: when given, only engagements whose source's latest possible
        publication day is not after ``as_of`` are kept (what could be known then; see
        :mod:`briefing.knowledge`, whose view does this for every table at once).
    include_undated
        Keep undated engagements (they cannot be placed in a window).

    Returns
    -------
    pandas.DataFrame
        The selected rows, sorted by date (undated last), with ``timing`` and
        ``primary_domain`` added.
    """
    as_of = pd.Timestamp(as_of)
    eng = engagements
    a, b = pair
    mask = ((eng["actor_country"] == a) & (eng["counterpart_country"] == b)) | (
        (eng["actor_country"] == b) & (eng["counterpart_country"] == a)
    )
    dated = eng["date_start"].notna()
    # what could be known on as_of: a source published by then (every source, whatever it
    # reports), and no engagement held after it
    if sources is not None and not sources.empty:
        mask &= eng["source_id"].isin(known_sources(sources, as_of))
    mask &= ~(dated & (eng["status"] == "held") & (eng["date_start"] > as_of))
    if start is not None:
        mask &= ~dated | (eng["date_end"] >= pd.Timestamp(start))
    if end is not None:
        mask &= ~dated | (eng["date_start"] <= pd.Timestamp(end))
    if not include_undated:
        mask &= dated
    out = eng.loc[mask].copy()
    out["timing"] = _timing(out, as_of)
    out["primary_domain"] = out["domains"].map(lambda d: (split_list(d) or ["unspecified"])[0])
    return out.sort_values(["date_start", "engagement_id"], na_position="last",
                           kind="stable").reset_index(drop=True)


def _timing(eng: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    timing = pd.Series("past", index=eng.index, dtype=object)
    timing[eng["status"] == "ongoing"] = "ongoing"
    # a postponed engagement is planned again (for the date its update gives, if any)
    planned = eng["status"].isin(["planned", "postponed"])
    timing[planned & (eng["date_end"] >= as_of)] = "upcoming"
    timing[planned & (eng["date_end"] < as_of)] = "overdue"
    undated = eng["date_start"].isna()
    timing[undated & planned] = "upcoming"
    timing[undated & ~planned & (eng["status"] != "ongoing")] = "undated"
    timing[eng["status"] == "cancelled"] = "cancelled"
    return timing


# --- reader's tables -----------------------------------------------------------------------


def chronology(selection: pd.DataFrame, facts: Facts) -> pd.DataFrame:
    """The chronology a reader sees: one row per engagement, in date order.

    Columns: Date (at its precision), Status, Type, Level, Domains, Participants (canonical
    names), Place, Engagement (the curator's summary) and Source (``[source_id]``), indexed
    by engagement id.
    """
    columns = ["Date", "Status", "Type", "Level", "Domains", "Participants", "Place",
               "Engagement", "Source"]
    if selection.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    ents = dict(zip(facts.entities["entity_id"], facts.entities["name"], strict=True))
    places = dict(zip(facts.places["place_id"], facts.places["name"], strict=True))
    types = dict(zip(facts.engagement_types["type"], facts.engagement_types["label"],
                     strict=True))
    domains = dict(zip(facts.domains["domain"], facts.domains["label"], strict=True))
    labels = {**vocab.labels("engagement_updates", "status", facts.data_dir),
              **vocab.labels("engagements", "status", facts.data_dir)}
    status = selection["status"].map(labels)
    status = status.where((selection["timing"] != "overdue")
                          | (selection["status"] != "planned"), "Planned (date passed)")
    if "status_source" in selection:
        updated = selection["status_source"].fillna("") != ""
        status = status.where(~updated, status + " (per [" + selection["status_source"] + "])")
    out = pd.DataFrame(
        {
            "Date": fmt.date_labels(selection),
            "Status": status.to_numpy(),
            "Type": selection["type"].map(types).to_numpy(),
            "Level": selection["level"].map(vocab.labels("engagements", "level",
                                                          facts.data_dir)).to_numpy(),
            "Domains": selection["domains"].map(
                lambda v: ", ".join(domains.get(d, d) for d in split_list(v))).to_numpy(),
            "Participants": selection["participants"].map(
                lambda v: ", ".join(ents.get(e, e) for e in split_list(v))).to_numpy(),
            "Place": selection["places"].map(
                lambda v: ", ".join(places.get(p, p) for p in split_list(v))).to_numpy(),
            "Engagement": selection["summary"].to_numpy(),
            "Source": (selection["sources"] if "sources" in selection else selection["source_id"]
                       ).map(lambda v: "".join(f"[{x}]" for x in split_list(v))).to_numpy(),
        },
        index=pd.Index(selection["engagement_id"].to_numpy(), name="id"),
    )
    return out


# --- cadence -------------------------------------------------------------------------------


@dataclass
class Cadence:
    """High-level visits of a pair: the visits, per-direction statistics, last and next."""

    visits: pd.DataFrame
    by_direction: pd.DataFrame
    last: pd.Series | None
    next: pd.Series | None
    as_of: pd.Timestamp

    @property
    def days_since_last(self) -> int | None:
        """Days from the last held high-level visit to ``as_of``; ``None`` when there is none
        or its date is not day-precise (days are counted only between exact days)."""
        if self.last is None or self.last["date_precision"] != "day":
            return None
        return int((self.as_of - self.last["date_start"]).days)


def high_level_visits(selection: pd.DataFrame) -> pd.DataFrame:
    """Top-level visits (not legs of another visit) at head-of-state/government or
    minister level, dated or planned."""
    mask = (
        (selection["type"] == "visit")
        & selection["level"].isin(HIGH_LEVELS)
        & (selection["part_of"].fillna("") == "")
    )
    return selection.loc[mask]


def cadence(selection: pd.DataFrame, as_of: str | pd.Timestamp) -> Cadence:
    """Cadence of high-level visits in each direction.

    Returns
    -------
    Cadence
        ``by_direction`` has one row per (visitor → host, level) with the number held, the
        first and last, the median gap in years between consecutive visits (from the start
        of each date span; only from at least :data:`MIN_INTERVALS_FOR_MEDIAN` intervals,
        else empty), and the number upcoming; ``last`` is the latest held visit and
        ``next`` the earliest upcoming one.
    """
    as_of = pd.Timestamp(as_of)
    visits = high_level_visits(selection)
    held = visits[visits["timing"] == "past"].dropna(subset=["date_start"])
    upcoming = visits[visits["timing"] == "upcoming"]
    rows = []
    levels = vocab.labels("engagements", "level")
    directions = visits.groupby(["actor_country", "counterpart_country", "level"], sort=True)
    for (actor, host, level), group in directions:
        h = group[group["timing"] == "past"].dropna(subset=["date_start"])
        gaps = h["date_start"].sort_values().diff().dropna().dt.days / 365.25
        rows.append({
            "Direction": f"{actor} \u2192 {host}",
            "Level": levels.get(level, level),
            "Held": len(h),
            "First": fmt.date_label(*_span(h.iloc[0])) if len(h) else "",
            "Last": fmt.date_label(*_span(h.iloc[-1])) if len(h) else "",
            "Median gap (years)": (round(float(gaps.median()), 1)
                                   if len(gaps) >= MIN_INTERVALS_FOR_MEDIAN else float("nan")),
            "Upcoming": int((group["timing"] == "upcoming").sum()),
        })
    by_direction = pd.DataFrame(rows, columns=["Direction", "Level", "Held", "First", "Last",
                                               "Median gap (years)", "Upcoming"])
    last = held.sort_values("date_start").iloc[-1] if len(held) else None
    nxt = None
    if len(upcoming):
        nxt = upcoming.sort_values("date_start", na_position="last").iloc[0]
    return Cadence(visits, by_direction, last, nxt, as_of)


def _span(row: pd.Series) -> tuple:
    return row["date_start"], row["date_end"], row["date_precision"]


# --- mix over time ---------------------------------------------------------------------------


def period_start_year(year: pd.Series, period_years: int, origin: int = 1990) -> pd.Series:
    """First year of the ``period_years``-long period each year falls in."""
    if period_years < 1:
        raise ValueError("period_years must be at least 1")
    return origin + (year - origin) // period_years * period_years


def mix_by_period(selection: pd.DataFrame, by: str = "domain", period_years: int = 5,
                  origin: int = 1990, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Counts of dated, held or ongoing engagements per period and type or domain.

    Parameters
    ----------
    by
        ``"domain"`` (an engagement counts once in each of its domains) or ``"type"``.
    period_years
        Length of the periods; periods are labelled by their years.
    as_of
        If given, a last period that runs past it is labelled as incomplete
        (``"2020–2024 (to Apr 2021)"``).

    Returns
    -------
    pandas.DataFrame
        Index: period label (``"2015–2019"``); columns: domains or types; values: counts.
    """
    if by not in ("domain", "type"):
        raise ValueError("by must be 'domain' or 'type'")
    dated = selection[selection["date_start"].notna()
                      & selection["timing"].isin(["past", "ongoing"])]
    if dated.empty:
        return pd.DataFrame()
    first = period_start_year(dated["date_start"].dt.year, period_years, origin)
    frame = pd.DataFrame({"period": first.to_numpy(), "key": dated["type"].to_numpy()
                          if by == "type" else dated["domains"].to_numpy()})
    if by == "domain":
        frame["key"] = frame["key"].str.split(LIST_SEP)
        frame = frame.explode("key")
    counts = frame.groupby(["period", "key"]).size().unstack(fill_value=0)
    last = int(counts.index.max())
    if as_of is not None:  # show the periods up to as_of, even empty ones
        last = max(last, int(period_start_year(pd.Series([pd.Timestamp(as_of).year]),
                                               period_years, origin).iloc[0]))
    full = range(int(counts.index.min()), last + 1, period_years)
    counts = counts.reindex(full, fill_value=0)
    labels = [_period_label(p, period_years) for p in counts.index]
    if as_of is not None:
        as_of = pd.Timestamp(as_of)
        last = int(counts.index[-1])
        if last + period_years - 1 >= as_of.year:
            labels[-1] += f" (to {fmt.month(as_of)})"
    counts.index = labels
    counts.index.name = "period"
    counts.columns.name = by
    return counts[counts.sum().sort_values(ascending=False).index]


SHIFT_LABELS = {"recent": "Recent", "earlier": "Earlier", "upcoming": "Planned",
                "recent_share": "Recent share", "earlier_share": "Earlier share",
                "change_in_share": "Change in share"}


def _period_label(first: int, n: int) -> str:
    return str(first) if n == 1 else f"{first}\u2013{first + n - 1}"


def domain_shift(selection: pd.DataFrame, as_of: str | pd.Timestamp,
                 recent_years: int = 5) -> pd.DataFrame:
    """Which domains are most active in the recent window against before.

    Counts dated engagements held by ``as_of`` (and upcoming ones, in their own column) per
    domain, in the ``recent_years`` before ``as_of`` and earlier, with each domain's share.
    """
    as_of = pd.Timestamp(as_of)
    cut = as_of - pd.DateOffset(years=recent_years)
    dated = selection[selection["date_start"].notna()].copy()
    dated["window"] = "earlier"
    dated.loc[dated["date_start"] > cut, "window"] = "recent"
    dated.loc[dated["timing"] == "upcoming", "window"] = "upcoming"
    dated["domain"] = dated["domains"].str.split(LIST_SEP)
    exploded = dated.explode("domain")
    table = exploded.groupby(["domain", "window"]).size().unstack(fill_value=0)
    for col in ("recent", "earlier", "upcoming"):
        if col not in table:
            table[col] = 0
    table = table[["recent", "earlier", "upcoming"]]
    for col in ("recent", "earlier"):
        total = table[col].sum()
        table[f"{col}_share"] = (table[col] / total).round(3) if total else 0.0
    table["change_in_share"] = (table["recent_share"] - table["earlier_share"]).round(3)
    return table.sort_values(["recent", "change_in_share"], ascending=False)


def top_participants(selection: pd.DataFrame, facts: Facts, kind: str | None = "person",
                     n: int = 10) -> pd.DataFrame:
    """Participants by number of engagements (``kind`` filters entity kinds)."""
    ents = facts.entities.set_index("entity_id")
    ids = selection["participants"].str.split(LIST_SEP).explode().dropna()
    ids = ids[ids != ""]
    if kind is not None:
        ids = ids[ids.map(ents["kind"]) == kind]
    counts = ids.value_counts().head(n)
    return pd.DataFrame({
        "Participant": counts.index.map(ents["name"]),
        "Role": counts.index.map(ents["role"]),
        "Engagements": counts.to_numpy(),
    })


def top_places(selection: pd.DataFrame, facts: Facts, n: int = 10) -> pd.DataFrame:
    """Places by number of engagements."""
    places = facts.places.set_index("place_id")
    ids = selection["places"].str.split(LIST_SEP).explode().dropna()
    ids = ids[ids != ""]
    counts = ids.value_counts().head(n)
    return pd.DataFrame({
        "Place": counts.index.map(places["name"]),
        "Country": counts.index.map(places["country"]),
        "Engagements": counts.to_numpy(),
    })


def key_events(selection: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Events worth a label on the chart: high-level visits and meetings, agreements,
    recognition and relations, and everything upcoming; at most ``n``, preferring the
    highest level and then the most recent."""
    dated = selection[selection["date_start"].notna()]
    important_type = dated["type"].isin(
        ["visit", "recognition", "diplomatic_relations", "agreement", "third_location_meeting"])
    top = dated["part_of"].fillna("") == ""
    score = (
        dated["level"].eq("head_of_state_or_government") * 4
        + dated["level"].eq("minister") * 2
        + important_type * 2
        + dated["timing"].eq("upcoming") * 3
        + top * 3
    )
    order = pd.DataFrame({"score": score, "date": dated["date_start"]})
    chosen = order.sort_values(["score", "date"], ascending=False).head(n).index
    return dated.loc[chosen].sort_values("date_start")


# --- words built from the numbers ----------------------------------------------------------


def _visit_words(row: pd.Series) -> str:
    when = fmt.date_label(row["date_start"], row["date_end"], row["date_precision"])
    return f"{row['summary']} ({when}, {row['actor_country']} \u2192 {row['counterpart_country']})"


def key_numbers_text(selection: pd.DataFrame, cad: Cadence) -> str:
    """The key numbers of a selection as plain text (pinned by nbval in the notebook)."""
    timing = selection["timing"].value_counts() if len(selection) else pd.Series(dtype=int)
    lines = [f"engagements: {len(selection)}"]
    lines.append("  " + ", ".join(f"{t} {int(timing.get(t, 0))}" for t in TIMING_ORDER
                                  if t != "cancelled" or timing.get(t, 0)))
    held = cad.visits[cad.visits["timing"] == "past"]
    directions = held.groupby(["actor_country", "counterpart_country"]).size()
    dirs = ", ".join(f"{a} \u2192 {b} {n}" for (a, b), n in directions.items())
    lines.append(f"high-level visits held: {len(held)}" + (f" ({dirs})" if dirs else ""))
    lines.append("last high-level visit: " + (
        f"{_visit_words(cad.last)} [{cad.last['engagement_id']}]" if cad.last is not None
        else "none in the data"))
    lines.append("next planned high-level visit: " + (
        f"{_visit_words(cad.next)} [{cad.next['engagement_id']}]" if cad.next is not None
        else "none in the data"))
    return "\n".join(lines)


def summary_sentences(selection: pd.DataFrame, cad: Cadence, facts: Facts,
                      label: str, recent_years: int = 3) -> list[str]:
    """Sentences for the reader, each built from the numbers of the selection."""
    as_of = cad.as_of
    timing = selection["timing"].value_counts()
    dated = selection[selection["date_start"].notna()]
    span = (fmt.year_span(dated["date_start"].min().year, dated["date_end"].max().year)
            if len(dated) else "none of them dated")
    out = [
        f"The data hold {fmt.count(len(selection), 'engagement')} of {label} as known on "
        f"{fmt.date(as_of)}, {span}: {int(timing.get('past', 0))} held, "
        f"{int(timing.get('ongoing', 0))} ongoing, {int(timing.get('upcoming', 0))} planned "
        f"and {int(timing.get('undated', 0))} undated."
    ]
    if cad.last is not None:
        days = cad.days_since_last
        ago = ("" if days is None else ", on that date" if days == 0
               else f", {fmt.count(days, 'day')} before {fmt.date(as_of)}")
        out.append(f"Last high-level visit: {_visit_words(cad.last)}{ago}.")
    else:
        out.append("The data hold no dated high-level visit held by that date.")
    if cad.next is not None:
        out.append(f"Next planned: {_visit_words(cad.next)}.")
    shift = domain_shift(selection, as_of, recent_years)
    names = dict(zip(facts.domains["domain"], facts.domains["label"], strict=True))
    if len(shift) and shift["recent"].sum():
        top = shift.index[0]
        before = shift.sort_values("earlier", ascending=False).index[0]
        out.append(
            f"In the {fmt.count(recent_years, 'year')} to {fmt.month(as_of)} the most active "
            "domain is "
            f"{names.get(top, top).lower()} ({int(shift.loc[top, 'recent'])} of "
            f"{int(shift['recent'].sum())} domain mentions)"
            + (f", where before it was {names.get(before, before).lower()}."
               if before != top and shift["earlier"].sum() else ".")
        )
    overdue = int(timing.get("overdue", 0))
    if overdue:
        out.append(f"{fmt.count(overdue, 'planned engagement')} {fmt.plural(overdue, 'is')} "
                   f"past {fmt.plural(overdue, 'its')} date with no record in the data "
                   f"that {fmt.plural(overdue, 'it was', 'they were')} held.")
    undated = int(timing.get("undated", 0)) + int(
        ((selection["timing"] != "undated") & selection["date_start"].isna()).sum())
    if undated:
        out.append(f"{fmt.count(undated, 'engagement')} "
                   f"{fmt.plural(undated, 'carries', 'carry')} no date in "
                   f"{fmt.plural(undated, 'its')} source; "
                   f"{fmt.plural(undated, 'it is', 'they are')} listed, not placed on the "
                   "timeline.")
    return out


def no_data_message(engagements: pd.DataFrame, pair: tuple[str, str], start, end,
                    undated: int = 0) -> str:
    """A clear message for a pair or window without dated engagements, naming the pairs
    present."""
    pairs = available_pairs(engagements)
    counts = pd.Series([tuple(sorted(p)) for p in zip(
        engagements["actor_country"], engagements["counterpart_country"], strict=True)]
    ).value_counts()
    listed = ", ".join(f"{pair_label(p)} ({p[0]}-{p[1]}, {int(counts[p])})" for p in pairs)
    extra = (f" {fmt.count(undated, 'undated or ongoing engagement')} of the pair "
             f"{fmt.plural(undated, 'is', 'are')} listed below." if undated else "")
    return (f"No dated engagements of {pair_label(pair)} between {start} and {end} in the "
            f"data.{extra} Pairs with engagements: {listed or 'none'}.")
