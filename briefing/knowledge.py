"""Knowledge on a date, and one truth from many sources.

Two ideas, both pure functions of the validated tables:

**Known on a date** (:func:`known_on`). A source counts on a date ``D`` only when the latest
day it may have been published is not after ``D``: a day-precise source published that day,
a source known only by its month or year once that month or year is over, a source of
unknown date once it was retrieved. Every table is filtered to the facts of those sources,
so a briefing as of ``D`` reproduces what could have been said on ``D``.

**Reconciled engagements** (:func:`reconcile`). Each source that speaks of an engagement
is an *observation* of it: the engagement's own row, each further source
(``engagement_sources``) and each status update (``engagement_updates``). The date shown
follows one rule, :data:`DATE_RULE`; every observation whose date does not contain the date
shown is a disagreement, kept with its source. The status shown is the latest status a
known source gives (:data:`STATUS_RULE`).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from briefing.cells import LIST_SEP, split_list

PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "year": 3, "undated": 4, "": 4}
AUTHORITY_RANK = {"official": 0, "secondary": 1}

DATE_RULE = (
    "The date shown is the most precise date that no more authoritative source contradicts "
    "(official sources before secondary ones; among equals, the most precise, then the "
    "latest published). A coarser date that contains it agrees with it; any other date is "
    "listed as a disagreement with its source.")
STATUS_RULE = (
    "The status shown is the one given by the latest published source known on the date of "
    "the briefing: a later source saying a planned engagement was held, cancelled or "
    "postponed updates it; a planned engagement whose date passed is shown as \u201cplanned "
    "(date passed)\u201d only when no later source says what became of it.")


# --- publication dates -----------------------------------------------------------------------


def publication_spans(sources: pd.DataFrame) -> pd.DataFrame:
    """Earliest and latest possible day of publication of every source.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``source_id``, with ``earliest`` (``NaT`` when unknown) and ``latest``:
        ``date_published_end`` when given, else the end of the day, month or year of
        ``date_published``, else (date unknown) ``date_retrieved``.
    """
    s = sources.set_index("source_id")
    start = s["date_published"]
    prec = s["date_published_precision"]
    latest = s["date_published_end"].copy()
    month_end = start + pd.offsets.MonthEnd(0)
    year_end = start + pd.offsets.YearEnd(0)
    latest = latest.where(latest.notna(), start.where(prec == "day"))
    latest = latest.where(latest.notna(), month_end.where(prec == "month"))
    latest = latest.where(latest.notna(), year_end.where(prec == "year"))
    latest = latest.where(latest.notna(), s["date_retrieved"])
    return pd.DataFrame({"earliest": start, "latest": latest})


def published_words(source: pd.Series, basis_labels: dict[str, str] | None = None) -> str:
    """How a reader is told when a source was published: ``"7 Apr 2021"``, ``"2018,
    inferred from its content"``, ``"date not known"`` (never an invented day)."""
    from briefing import fmt

    prec = source.get("date_published_precision", "day")
    start = source.get("date_published")
    if prec == "unknown" or start is None or pd.isna(start):
        when = "date not known"
    elif prec == "day":
        when = fmt.date(start)
    elif prec == "month":
        when = fmt.month(start)
    elif prec == "year":
        when = f"{pd.Timestamp(start):%Y}"
    else:
        when = "between " + fmt.date_label(start, source.get("date_published_end"), "range")
    basis = source.get("date_published_basis", "")
    if basis in ("inferred",) or prec not in ("day", "unknown"):
        label = (basis_labels or {}).get(basis, basis.replace("_", " "))
        if label and basis not in ("stated", "unknown"):
            when += f", {label}"
    return when


# --- known on a date -------------------------------------------------------------------------


def known_sources(sources: pd.DataFrame, as_of) -> set[str]:
    """Ids of the sources whose latest possible publication day is not after ``as_of``."""
    spans = publication_spans(sources)
    return set(spans.index[spans["latest"] <= pd.Timestamp(as_of)])


def known_on(facts, as_of, only=None):
    """The facts as they could be known on ``as_of``: every table keeps only the rows of
    sources known by then (:func:`known_sources`); entities, places and aliases first
    recorded from a later source are kept when a known fact names them. Engagements are
    reconciled again from what is left. ``only`` (source ids) keeps just those sources
    among the known ones: what a chosen set of sources supported on that date."""
    known = known_sources(facts.sources, as_of)
    if only:
        known &= set(only)
    if known == set(facts.sources["source_id"]):  # everything is known: nothing to cut
        return dataclasses.replace(facts, as_of=pd.Timestamp(as_of))
    tables = {}
    for name, df in facts.tables.items():
        if name == "sources":
            tables[name] = df[df["source_id"].isin(known)].reset_index(drop=True)
        elif "source_id" in df.columns and name not in ("entities", "places", "aliases"):
            tables[name] = df[df["source_id"].isin(known)].reset_index(drop=True)
        else:
            tables[name] = df
    raw = facts.raw_engagements
    raw = raw[raw["source_id"].isin(known)].reset_index(drop=True)
    named = set()
    for col in ("participants", "places"):
        for cell in raw[col]:
            named.update(split_list(cell))
    for name, key in (("entities", "entity_id"), ("places", "place_id")):
        df = facts.tables[name]
        tables[name] = df[df["source_id"].isin(known) | df[key].isin(named)].reset_index(
            drop=True)
    aliases = facts.tables["aliases"]
    tables["aliases"] = aliases[aliases["source_id"].isin(known)
                                | aliases["entity_id"].isin(named)].reset_index(drop=True)
    merged, observations = reconcile(raw, tables["engagement_sources"],
                                     tables["engagement_updates"], tables["sources"])
    tables["engagements"] = merged
    texts = {k: v for k, v in facts.source_texts.items() if k in known}
    paths = {f"sources/{p}" for p in tables["sources"]["path"]}
    files = {k: v for k, v in facts.files.items()
             if not k.startswith("sources/") or k in paths}
    return dataclasses.replace(facts, tables=tables, source_texts=texts, files=files,
                               raw_engagements=raw, observations=observations,
                               as_of=pd.Timestamp(as_of))


# --- one truth from many sources ---------------------------------------------------------------


def _contains(outer: tuple, inner: tuple) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def reconcile(raw: pd.DataFrame, links: pd.DataFrame, updates: pd.DataFrame,
              sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per engagement, from every source that speaks of it.

    Returns
    -------
    (engagements, observations)
        ``engagements`` is ``raw`` with the reconciled date (:data:`DATE_RULE`) and status
        (:data:`STATUS_RULE`), and ``sources`` (every source, the engagement's own first),
        ``date_source``, ``date_resolution``, ``status_source``, ``status_quote`` and
        ``disputed`` (True when some source gives a date that disagrees).
        ``observations`` has one row per dated observation: ``engagement_id``,
        ``source_id``, ``kind`` (record, further source, update), ``date_start``,
        ``date_end``, ``date_precision``, ``quote``, ``shown`` (the date shown comes from
        it) and ``agrees`` (its date contains the date shown).
    """
    eng = raw.copy()
    eng["sources"] = eng["source_id"]
    eng["date_source"] = eng["source_id"].where(eng["date_precision"] != "undated", "")
    eng["status_source"] = ""
    eng["status_quote"] = ""
    eng["disputed"] = False
    columns = ["engagement_id", "source_id", "kind", "aspect", "date_start", "date_end",
               "date_precision", "value", "quote", "shown", "agrees"]
    if eng.empty:
        return eng, pd.DataFrame(columns=columns)
    spans = publication_spans(sources) if len(sources) else pd.DataFrame(
        columns=["earliest", "latest"])
    authority = dict(zip(sources["source_id"], sources["authority"])) if len(sources) else {}
    latest = spans["latest"].to_dict()

    obs = [eng[["engagement_id", "source_id", "date_start", "date_end", "date_precision",
                "quote"]].assign(kind="record")]
    if len(links):
        obs.append(links[["engagement_id", "source_id", "date_start", "date_end",
                          "date_precision", "quote"]].assign(kind="further source"))
    if len(updates):
        obs.append(updates[["engagement_id", "source_id", "date_start", "date_end",
                            "date_precision", "quote"]].assign(kind="update"))
    obs = pd.concat(obs, ignore_index=True)
    obs = obs[obs["engagement_id"].isin(set(eng["engagement_id"]))]

    index = {eid: i for i, eid in zip(eng.index, eng["engagement_id"], strict=True)}

    def _newest_first(source_id: str) -> int:
        ts = latest.get(source_id)
        return -pd.Timestamp(ts).value if ts is not None and pd.notna(ts) else 0
    # every source of each engagement, the engagement's own first
    for eid, group in obs[obs["kind"] != "record"].groupby("engagement_id", sort=False):
        i = index[eid]
        ids = split_list(eng.at[i, "sources"])
        ids += [s for s in dict.fromkeys(group["source_id"]) if s not in ids]
        eng.at[i, "sources"] = LIST_SEP.join(ids)

    dated = obs[obs["date_start"].notna() & ~obs["date_precision"].isin(["", "undated"])].copy()
    dated["shown"] = False
    dated["agrees"] = True
    dated["aspect"] = "date"
    dated["value"] = ""
    # an engagement seen by one dated source needs no reconciling: its date is shown (most
    # engagements; this keeps 100,000 of them fast)
    seen = dated["engagement_id"].map(dated["engagement_id"].value_counts())
    dated.loc[seen == 1, "shown"] = True
    for eid, group in dated[seen > 1].groupby("engagement_id", sort=False):
        i = index[eid]
        cands = sorted(group.itertuples(), key=lambda o: (
            PRECISION_RANK.get(o.date_precision, 4),
            AUTHORITY_RANK.get(authority.get(o.source_id), 1), _newest_first(o.source_id),
            o.Index))
        chosen = cands[0]
        for c in cands:
            rank = AUTHORITY_RANK.get(authority.get(c.source_id), 1)
            span = (c.date_start, c.date_end)
            contradicted = any(
                AUTHORITY_RANK.get(authority.get(o.source_id), 1) < rank
                and not _contains((o.date_start, o.date_end), span) for o in cands)
            if not contradicted:
                chosen = c
                break
        shown = (chosen.date_start, chosen.date_end)
        dated.at[chosen.Index, "shown"] = True
        for o in group.itertuples():
            if not _contains((o.date_start, o.date_end), shown):
                dated.at[o.Index, "agrees"] = False
        if chosen.kind != "record" or chosen.source_id != eng.at[i, "source_id"]:
            old = eng.at[i, "date_precision"]
            eng.at[i, "date_start"], eng.at[i, "date_end"] = shown
            eng.at[i, "date_precision"] = chosen.date_precision
            eng.at[i, "date_basis"] = "stated"
            eng.at[i, "date_source"] = chosen.source_id
            eng.at[i, "date_resolution"] = (f"{chosen.date_precision} date from "
                                            f"{chosen.source_id} ({chosen.kind}; the record "
                                            f"had {old} precision)")
        eng.at[i, "disputed"] = not dated.loc[group.index, "agrees"].all()

    # places and participants: a further source that names people adds them; one whose
    # places share nothing with the engagement's own disagrees, and both are listed
    eng["place_disputed"] = False
    place_rows = []
    if len(links) and "places" in links:
        for link in links[links["engagement_id"].isin(index)].itertuples():
            i = index[link.engagement_id]
            people = split_list(eng.at[i, "participants"])
            extra = [p for p in split_list(link.participants) if p not in people]
            if extra:
                eng.at[i, "participants"] = LIST_SEP.join(people + extra)
            given, own = split_list(link.places), split_list(eng.at[i, "places"])
            if given and own and not set(given) & set(own):
                eng.at[i, "place_disputed"] = True
                for source, places, quote, shown in (
                        (eng.at[i, "source_id"], own, eng.at[i, "quote"], True),
                        (link.source_id, given, link.quote, False)):
                    place_rows.append({"engagement_id": link.engagement_id, "source_id": source,
                                       "kind": "record" if shown else "further source",
                                       "aspect": "place", "date_start": pd.NaT,
                                       "date_end": pd.NaT, "date_precision": "",
                                       "value": LIST_SEP.join(places), "quote": quote,
                                       "shown": shown, "agrees": shown})
    if place_rows:
        places = pd.DataFrame(place_rows).drop_duplicates(["engagement_id", "source_id",
                                                           "value"])
        dated = pd.concat([dated, places], ignore_index=True)

    if len(updates):
        known_updates = updates[updates["engagement_id"].isin(index)].copy()
        known_updates["published"] = known_updates["source_id"].map(latest)
        known_updates = known_updates.sort_values(["published", "update_id"])
        status_published = {eid: latest.get(eng.at[i, "source_id"])
                            for eid, i in index.items()}
        for u in known_updates.itertuples():
            i = index[u.engagement_id]
            since = status_published.get(u.engagement_id)
            if since is not None and pd.notna(since) and pd.notna(u.published) and \
                    u.published < since:
                continue  # an older source does not overrule the status of a later one
            status_published[u.engagement_id] = u.published
            eng.at[i, "status"] = u.status
            eng.at[i, "status_source"] = u.source_id
            eng.at[i, "status_quote"] = u.quote
    return eng, dated[columns].reset_index(drop=True)


def disagreements(observations: pd.DataFrame, engagements: pd.DataFrame,
                  place_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Engagements whose date or place the sources give differently: every version, the
    one shown first, with its source (for "Where the sources disagree")."""
    from briefing import fmt

    columns = ["Engagement", "On", "Given", "Source", "Shown", "Quote"]
    flags = engagements["disputed"].astype(bool)
    if "place_disputed" in engagements:
        flags |= engagements["place_disputed"].astype(bool)
    disputed = set(engagements.loc[flags, "engagement_id"])
    obs = observations[observations["engagement_id"].isin(disputed)].copy()
    if obs.empty:
        return pd.DataFrame(columns=columns)
    if "aspect" not in obs:
        obs["aspect"], obs["value"] = "date", ""
    # an aspect only where the sources differ on it
    differs = obs.groupby(["engagement_id", "aspect"])["agrees"].transform(lambda a: not a.all())
    obs = obs[differs.astype(bool)]
    summaries = dict(zip(engagements["engagement_id"], engagements["summary"], strict=True))
    obs = obs.sort_values(["engagement_id", "aspect", "shown"], ascending=[True, True, False])
    names = place_names or {}
    dates = fmt.date_labels(obs.assign(date_precision=obs["date_precision"].replace("",
                                                                                    "undated")))
    given = [d if a == "date" else ", ".join(names.get(p, p) for p in split_list(v))
             for a, d, v in zip(obs["aspect"], dates, obs["value"])]
    return pd.DataFrame({
        "Engagement": [f"{summaries[e]} [{e}]" for e in obs["engagement_id"]],
        "On": obs["aspect"].to_numpy(),
        "Given": given,
        "Source": ("[" + obs["source_id"] + "]").to_numpy(),
        "Shown": obs["shown"].map({True: "shown", False: ""}).to_numpy(),
        "Quote": ("\u201c" + obs["quote"] + "\u201d").to_numpy(),
    }).reset_index(drop=True)
