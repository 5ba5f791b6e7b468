"""The briefing's own content: key judgments with footnotes, domains, source notes, run record.

Every sentence a reader relies on is built from the numbers and carries numbered footnotes
to the exact quotes behind it (:class:`Footnotes`). Rendering to HTML happens through
:mod:`briefing.show`, which escapes all data text.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata

import pandas as pd

from briefing import confidence as conf
from briefing import config, fmt, show, vocab
from briefing import timeline as tl
from briefing import trade as tr
from briefing.facts import LIST_SEP, Facts, split_list

#: The key judgments quote at most this many claims; the rest are counted.
MAX_CLAIMS_IN_JUDGMENTS = 3
#: Packages whose versions the run record lists.
RECORDED_PACKAGES = ("pandas", "matplotlib", "papermill", "nbconvert", "nbclient", "weasyprint",
                     "frictionless", "pycountry")


@dataclass
class Footnotes:
    """Numbered footnotes to source quotes, numbered in order of first citation."""

    facts: Facts
    derived: pd.DataFrame | None = None
    order: list[str] = field(default_factory=list)
    _known: dict | None = field(default=None, repr=False)
    _numbers: dict = field(default_factory=dict, repr=False)

    def _lookup(self) -> dict[str, tuple[str, str, str]]:
        """fact id -> (quote, source id, extra), built once."""
        if self._known is None:
            self._known = self._build_lookup()
        return self._known

    def _build_lookup(self) -> dict[str, tuple[str, str, str]]:
        found = {}
        for name, key in (("engagements", "engagement_id"), ("claims", "claim_id"),
                          ("trade_observations", "observation_id"),
                          ("source_defects", "defect_id")):
            df = self.facts.tables[name]
            for fid, quote, sid in zip(df[key], df["quote"], df["source_id"]):
                found[fid] = (quote, sid, "")
        formulas = {}
        if self.derived is not None and len(self.derived):
            formulas = dict(zip(self.derived["observation_id"], self.derived["formula"]))
        for d in self.facts.trade_derivations.itertuples():
            formula = formulas.get(d.derivation_id, "")
            found[d.derivation_id] = (d.quote, d.source_id,
                                      f"Derived value: {formula}. Reading: {d.reading}")
        return found

    def cite(self, *fact_ids: str) -> str:
        """Register citations and return their markers, e.g. ``"[1][2]"``."""
        known = self._lookup()
        marks = []
        for fid in fact_ids:
            if fid not in known:
                raise KeyError(f"no fact {fid!r} to cite")
            if fid not in self._numbers:
                self.order.append(fid)
                self._numbers[fid] = len(self.order)
            marks.append(f"[{self._numbers[fid]}]")
        return "".join(marks)

    def html_marks(self, text: str) -> str:
        """Escape a sentence and turn its ``[n]`` markers into links to the footnotes.

        Markers that follow each other (``[1][2]``, ``[1] [2]``) become one superscript whose
        numbers are separated by commas ("1, 2"), never run together ("12").
        """
        return html_marks(text)

    def entries(self) -> list[dict]:
        """The footnotes in order: number, fact id, quote, source line, extra."""
        known = self._lookup()
        out = []
        for n, fid in enumerate(self.order, start=1):
            quote, sid, extra = known[fid]
            out.append({"n": n, "fact_id": fid, "quote": quote, "source": f"[{sid}]",
                        "extra": extra})
        return out

    def show(self) -> None:
        """Display the footnotes as an ordered list with anchors."""
        from IPython.display import HTML, display

        items = []
        for e in self.entries():
            extra = f' <span class="fn-extra">{show.esc(e["extra"])}</span>' if e["extra"] \
                else ""
            items.append(
                f'<li id="fn-{e["n"]}"><span class="quote">\u201c{show.esc(e["quote"])}'
                f'\u201d</span> <span class="fn-source">{show.esc(e["source"])} '
                f'Fact {show.esc(e["fact_id"])}.</span>{extra}</li>')
        display(HTML('<ol class="footnotes">' + "".join(items) + "</ol>"))


# --- evidence and confidence -----------------------------------------------------------------

_MARKS = re.compile(r"\s*((?:\[\d+\]\s?)*\[\d+\])")


def html_marks(text: str) -> str:
    """Escape a sentence and turn its ``[n]`` markers into one superscript per run of
    markers, the numbers linked to their footnotes and separated by commas ("1, 2")."""
    def sup(m: re.Match) -> str:
        numbers = sorted({int(n) for n in re.findall(r"\d+", m.group(1))})
        links = ", ".join(f'<a class="fn" href="#fn-{n}">{n}</a>' for n in numbers)
        return f'<sup class="fn">{links}</sup>'


    return _MARKS.sub(sup, show.esc(text))


@dataclass
class Judgment:
    """One key judgment: its sentence (with ``[n]`` markers), the facts it rests on and the
    confidence the rule gives it."""

    text: str
    facts: tuple[str, ...]
    confidence: conf.Assessment


def fact_sources(facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame
                 ) -> dict[str, list[str]]:
    """Fact id -> the ids of every source that supports it (an engagement's own source, the
    further sources that corroborate or date it and the later ones that update it)."""
    out: dict[str, list[str]] = {}
    cells = selection["sources"] if "sources" in selection else selection["source_id"]
    for eid, cell in zip(selection["engagement_id"], cells):
        out[eid] = split_list(cell)
    for oid, sid in zip(trade_table["observation_id"], trade_table["source_id"]):
        out[oid] = [sid]
    for cid, sid in zip(facts.claims["claim_id"], facts.claims["source_id"]):
        out[cid] = [sid]
    return out


def disagreement(fact_ids, facts: Facts, selection: pd.DataFrame,
                 trade_table: pd.DataFrame) -> str:
    """Whether the sources disagree on these facts: ``"none"``, ``"resolved"`` (every
    disagreement is settled by an official source: the version shown is official and every
    contrary one secondary) or ``"unresolved"``."""
    ids = set(fact_ids)
    authority = dict(zip(facts.sources["source_id"], facts.sources["authority"]))

    def settled(shown, against) -> bool:
        return bool(len(shown)) and all(authority.get(s) == "official" for s in shown) \
            and not any(authority.get(s) == "official" for s in against)

    states = []
    flags = selection.get("disputed", pd.Series(False, index=selection.index)).astype(bool)
    if "place_disputed" in selection:
        flags |= selection["place_disputed"].astype(bool)
    disputed = set(selection.loc[flags, "engagement_id"]) & ids
    obs = facts.observations
    for eid in sorted(disputed):
        o = obs[obs["engagement_id"] == eid] if obs is not None else pd.DataFrame(
            columns=["source_id", "shown", "agrees"])
        states.append(settled(list(o.loc[o["shown"].astype(bool), "source_id"]),
                              list(o.loc[~o["agrees"].astype(bool), "source_id"])))
    c = tr.conflicts(trade_table)
    for _, g in (c.groupby(["period", "flow", "unit_norm"]) if len(c) else []):
        if ids & set(g["observation_id"]):
            states.append(settled(list(g.loc[g["headline"], "source_id"]),
                                  list(g.loc[~g["headline"], "source_id"])))
    if not states:
        return "none"
    return "resolved" if all(states) else "unresolved"


def evidence(fact_ids, facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame,
             as_of) -> conf.Assessment:
    """The confidence of a judgment resting on ``fact_ids`` (:func:`briefing.confidence.assess`
    on the sources of those facts and their disagreement)."""
    by_fact = fact_sources(facts, selection, trade_table)
    ids = {s for f in fact_ids for s in by_fact.get(f, [])}
    sources = facts.sources[facts.sources["source_id"].isin(ids)]
    return conf.assess(sources, as_of, disagreement(fact_ids, facts, selection, trade_table))


def reliance(facts: Facts, used_sources) -> str:
    """A sentence for the top of the briefing when everything rests on a single source
    (one publisher); empty otherwise."""
    src = facts.sources[facts.sources["source_id"].isin(list(used_sources))]
    publishers = {str(p).strip().casefold() for p in src["publisher"]}
    if len(src) == 0 or len(publishers) != 1:
        return ""
    official = bool((src["authority"] == "official").any())
    best = conf.level(1, official, "none", True)
    kind = "an official source" if official else "a secondary source"
    what = (show.source_line(facts, [src["source_id"].iloc[0]]).removeprefix("Source: ")
            if len(src) == 1 else f"{fmt.count(len(src), 'text')} of one publisher, "
            f"{src['publisher'].iloc[0]}")
    return (f"This briefing rests on a single source, {kind}: {what.rstrip('.')}. "
            "No second publisher confirms any of it, so no judgment is held with more than "
            f"{best} confidence.")


# --- what the facts say, for the summary and the judgments ----------------------------------

_PARTNERSHIP = re.compile(
    r"\b((?:(?:comprehensive|enhanced|special|privileged|global|strategic|multifaceted|"
    r"extended)[ -](?:and )?)+partnership)", re.IGNORECASE)


def _when(row) -> str:
    return fmt.date_label(row["date_start"], row["date_end"], row["date_precision"])


def partnership(facts: Facts, selection: pd.DataFrame) -> dict | None:
    """The level of the relationship, when a fact names one ("strategic partnership").

    Returns
    -------
    dict or None
        ``phrase`` (lower case), ``when`` (the date of the engagement that set it, or
        ``""``) and ``ids`` (the engagement and the claims that say so); ``None`` when no
        engagement summary or political claim names a partnership.
    """
    held = selection[selection["timing"].isin(["past", "ongoing", "undated"])]
    hits = [(r, m.group(1).lower()) for _, r in held.iterrows()
            if (m := _PARTNERSHIP.search(str(r["summary"])))]
    claims = facts.claims[facts.claims["topic"] == "political"]
    said = [(c, m.group(1).lower()) for _, c in claims.iterrows()
            if (m := _PARTNERSHIP.search(str(c["statement"])))]
    if not hits and not said:
        return None
    if hits:
        row, phrase = sorted(hits, key=lambda h: (pd.isna(h[0]["date_start"]),
                                                  h[0]["date_start"]))[-1]
        ids = [row["engagement_id"]] + [c["claim_id"] for c, p in said
                                        if c["engagement_id"] == row["engagement_id"]]
        when = _when(row) if pd.notna(row["date_start"]) else ""
    else:
        claim, phrase = said[0]
        ids, when = [claim["claim_id"]], ""
        linked = selection[selection["engagement_id"] == claim["engagement_id"]]
        if len(linked) and pd.notna(linked.iloc[0]["date_start"]):
            ids.append(linked.iloc[0]["engagement_id"])
            when = _when(linked.iloc[0])
    return {"phrase": phrase, "when": when, "ids": ids}


def _of_type(selection: pd.DataFrame, *types: str) -> pd.DataFrame:
    return selection[selection["type"].isin(types) & (selection["timing"] != "cancelled")]


def _high(selection: pd.DataFrame) -> pd.DataFrame:
    return selection[selection["level"].isin(tl.HIGH_LEVELS)]


def latest_contact(selection: pd.DataFrame) -> pd.Series | None:
    """The latest dated high-level engagement held (head of state or government, minister)."""
    held = _high(selection)
    held = held[(held["timing"] == "past") & held["date_start"].notna()]
    if held.empty:
        return None
    return held.sort_values(["date_end", "date_start"], kind="stable").iloc[-1]


def next_contacts(selection: pd.DataFrame, level: str | None = None) -> pd.DataFrame:
    """Planned high-level engagements not yet due, soonest first (undated last)."""
    up = _high(selection)
    up = up[up["timing"] == "upcoming"]
    if level is not None:
        up = up[up["level"] == level]
    return up.sort_values(["date_end", "date_start"], na_position="last", kind="stable")


def _planned_words(row) -> str:
    when = _when(row)
    if when == "undated":
        return "no date given"
    return when if row["date_precision"] == "day" else f"{when}, no day fixed"


def trade_level(trade_table: pd.DataFrame) -> dict | None:
    """The latest reported headline figure and its growth on the previous like period.

    Returns
    -------
    dict or None
        ``latest`` (the row), ``growth`` (the :func:`briefing.trade.like_period_growth` row
        ending at it, or ``None``) and ``earlier_ids`` (the observations of the earlier
        period).
    """
    rep = trade_table[trade_table["method"] == "reported"]
    if rep.empty:
        return None
    heads = tr.headline(rep)
    if heads.empty:
        return None
    latest = heads.sort_values(["period_end", "period_start"]).iloc[-1]
    growth = tr.like_period_growth(trade_table)
    g = growth[(growth["to"] == latest["period"]) & (growth["flow"] == latest["flow"])
               & (growth["growth_pct"].notna() | growth["cagr_pct"].notna())]
    g = g.iloc[0] if len(g) else None
    earlier = []
    if g is not None:
        earlier = list(trade_table[(trade_table["period"] == g["from"])
                                   & (trade_table["flow"] == g["flow"])]["observation_id"])
    return {"latest": latest, "growth": g, "earlier_ids": earlier}


def _flow_words(row) -> str:
    return "trade turnover" if row["measure"] == "turnover" else row["flow"]


def _trend(pct: float) -> str:
    if round(pct) == 0:
        return "about level with"
    return f"{'up' if pct > 0 else 'down'} {fmt.percent(abs(pct))} on"


def _trade_sentence(level: dict, notes: Footnotes) -> str:
    r, g = level["latest"], level["growth"]
    text = (f"{_flow_words(r)[:1].upper()}{_flow_words(r)[1:]} was "
            f"{fmt.money(r['value_norm'], r['unit_norm'])} in {r['period']} "
            + notes.cite(r["observation_id"]))
    if g is None:
        return text + ", and no figure for a like earlier period gives a trend."
    derived = "derived" in g["inputs"]
    if pd.isna(g["growth_pct"]):
        # the last like period is more than a year earlier: the average yearly change
        pct = g["cagr_pct"]
        change = ("about level" if round(pct) == 0 else
                  f"{'up' if pct > 0 else 'down'} {fmt.percent(abs(pct))} a year on average")
        return (text + f", {change} since {g['from']} "
                f"({fmt.money(g['from_value'], g['unit'])}) " + notes.cite(*level["earlier_ids"])
                + ".")
    return (text + f", {_trend(g['growth_pct'])} {g['from']} "
            + (f"({fmt.money(g['from_value'], g['unit'])}, a value derived from the "
               "source's own statement of growth) " if derived else "")
            + notes.cite(*level["earlier_ids"]) + ".")


def _main_caveat(facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame,
                 used_sources, level: dict | None, notes: Footnotes) -> str:
    src = facts.sources[facts.sources["source_id"].isin(list(used_sources))]
    publishers = {str(p).strip().casefold() for p in src["publisher"]}
    if len(publishers) == 1:
        kind = "official" if (src["authority"] == "official").any() else "secondary"
        return (f"The main caveat: everything here rests on a single {kind} source, "
                f"{src['publisher'].iloc[0]}, so no fact is confirmed by a second publisher.")
    flags = selection.get("disputed", pd.Series(False, index=selection.index)).astype(bool)
    n_dis = int(flags.sum()) + (tr.conflicts(trade_table).groupby(["period", "flow"]).ngroups
                                if len(tr.conflicts(trade_table)) else 0)
    if n_dis:
        return (f"The main caveat: the sources disagree on {fmt.count(n_dis, 'fact')} shown "
                "here; the briefing follows a stated rule and lists every version.")
    if level is not None and level["growth"] is not None and "derived" in \
            level["growth"]["inputs"]:
        return ("The main caveat: the trade trend rests on a value derived from a statement "
                "of growth, not on two reported figures.")
    undated = int(selection["date_start"].isna().sum())
    if undated:
        return (f"The main caveat: {fmt.count(undated, 'engagement')} "
                f"{fmt.plural(undated, 'has', 'have')} no date in the sources and cannot be "
                "placed in time.")
    return f"The sources behind it come from {fmt.count(len(publishers), 'publisher')}."


def summary(facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame,
            notes: Footnotes, label: str, as_of, used_sources) -> list[str]:
    """Three to five sentences, bottom line up front, every one built from the facts: where
    the relationship stands, the latest high-level contact, the next one planned, the trade
    level and its trend on one basis, and the main caveat. Every number carries footnote
    markers."""
    out = []
    part = partnership(facts, selection)
    dip = _of_type(selection, "diplomatic_relations")
    dip = dip[dip["date_start"].notna()].sort_values("date_start")
    dip_words = (f"diplomatic relations date from {_when(dip.iloc[0])} "
                 + notes.cite(dip.iloc[0]["engagement_id"])) if len(dip) else ""
    if part is not None:
        since = f" since {part['when']}" if part["when"] else ""
        first = (f"{label} relations stand at the level of a {part['phrase']}{since} "
                 + notes.cite(*part["ids"]))
        out.append(first + (f"; {dip_words}." if dip_words else "."))
    else:
        out.append("The facts do not say at what level the relationship stands"
                   + (f"; {dip_words}." if dip_words else "."))
    last = latest_contact(selection)
    if last is not None:
        out.append(f"The latest high-level contact was on {_when(last)}: "
                   f"{last['summary'].rstrip('.')} {notes.cite(last['engagement_id'])}.")
    else:
        out.append(f"The facts record no dated high-level contact held by {fmt.date(as_of)}.")
    nxt = next_contacts(selection)
    if len(nxt):
        n = nxt.iloc[0]
        sentence = (f"Next planned ({_planned_words(n)}): {n['summary'].rstrip('.')} "
                    + notes.cite(n["engagement_id"]))
        top = next_contacts(selection, "head_of_state_or_government")
        if len(top) and top.iloc[0]["engagement_id"] != n["engagement_id"]:
            t = top.iloc[0]
            sentence += (f"; at the highest level, {t['summary'].rstrip('.')} "
                         f"({_planned_words(t)}) " + notes.cite(t["engagement_id"]))
        out.append(sentence + ".")
    else:
        out.append("No high-level contact is planned in the facts.")
    level = trade_level(trade_table)
    if level is not None:
        out.append(_trade_sentence(level, notes))
    else:
        out.append("The facts hold no reported trade figure for the pair.")
    out.append(_main_caveat(facts, selection, trade_table, used_sources, level, notes))
    return out


def key_judgments(facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame,
                  notes: Footnotes, label: str, as_of, recent_years: int = 3
                  ) -> list[Judgment]:
    """The key judgments, each a sentence built from the facts with footnote markers and the
    confidence the rule (:mod:`briefing.confidence`) gives the facts it rests on.

    Where the relationship stands; which track leads recent contact; how often the leaders
    meet; where trade stands and which way it moves; how the sources describe the trade
    relationship.
    """
    as_of = pd.Timestamp(as_of)
    out: list[Judgment] = []

    def add(text: str, ids) -> None:
        ids = tuple(dict.fromkeys(ids))
        out.append(Judgment(text, ids, evidence(ids, facts, selection, trade_table, as_of)))

    part = partnership(facts, selection)
    if part is not None:
        since = f", a level set in {part['when']}" if part["when"] else ""
        add(f"The relationship stands at the level of a {part['phrase']}{since} "
            + notes.cite(*part["ids"]) + ".", part["ids"])

    names = dict(zip(facts.domains["domain"], facts.domains["label"]))
    cut = as_of - pd.DateOffset(years=recent_years)
    held = selection[(selection["timing"] == "past") & selection["date_start"].notna()
                     & (selection["date_start"] > cut)]
    if len(held):
        per = held.assign(domain=held["domains"].map(split_list)).explode("domain")
        counts = per["domain"].dropna().value_counts(sort=True)
        if len(counts):
            top = counts.index[0]
            ids = held[held["domains"].map(lambda d: top in split_list(d))]
            ids = ids.sort_values("date_start")
            k, n = len(ids), len(held)
            span = f"held in the {fmt.count(recent_years, 'year')} to {fmt.date(as_of)}"
            share = (f"the only engagement {span} concerns" if n == 1 else
                     f"all {fmt.count(n, 'engagement')} {span} concern" if k == n else
                     f"{k} of the {fmt.count(n, 'engagement')} {span} concern")
            lead = names.get(top, top)
            text = (f"{lead} leads recent contact: {share} {lead.lower()}, the latest on "
                    f"{_when(ids.iloc[-1])} " + notes.cite(*ids["engagement_id"]) + ".")
            said = facts.claims[facts.claims["topic"] == top].head(1)
            for c in said.itertuples():
                text += f" The source also says: {c.statement.rstrip('.')} " \
                        + notes.cite(c.claim_id) + "."
            add(text, list(ids["engagement_id"]) + list(said["claim_id"]))

    summit = _high(selection)
    summit = summit[(summit["level"] == "head_of_state_or_government")
                    & (summit["type"] == "visit")]
    done = summit[(summit["timing"] == "past") & summit["date_start"].notna()]
    planned = next_contacts(selection, "head_of_state_or_government")
    if len(done):
        last = done.sort_values(["date_end", "date_start"], kind="stable").iloc[-1]
        years = int((as_of - last["date_end"]).days // 365.25)
        pace = ("Visits by heads of state or government are infrequent" if years >= 2
                else "Visits by heads of state or government are current")
        ago = (f", more than {fmt.count(years, 'year')} before {fmt.date(as_of)}"
               if years >= 1 else "")
        text = (f"{pace}: the last was in {_when(last)}{ago} ({last['summary'].rstrip('.')}) "
                + notes.cite(last["engagement_id"]))
        ids = [last["engagement_id"]]
        if len(planned):
            p = planned.iloc[0]
            text += (f"; the next, {p['summary'].rstrip('.')}, is planned ({_planned_words(p)}) "
                     + notes.cite(p["engagement_id"]))
            ids.append(p["engagement_id"])
        else:
            text += "; none is planned in the facts"
        add(text + ".", ids)

    level = trade_level(trade_table)
    if level is not None:
        g = level["growth"]
        r = level["latest"]
        if g is None:
            head = "Recorded trade has no trend yet"
        else:
            pct = g["growth_pct"] if pd.notna(g["growth_pct"]) else g["cagr_pct"]
            head = ("Recorded trade is rising" if pct > 0 else
                    "Recorded trade is falling" if pct < 0 else
                    "Recorded trade is flat")
        add(f"{head}: {_trade_sentence(level, notes)[:1].lower()}"
            f"{_trade_sentence(level, notes)[1:]}",
            [r["observation_id"]] + level["earlier_ids"])

    claims = facts.claims[facts.claims["topic"] == "trade"].head(MAX_CLAIMS_IN_JUDGMENTS)
    if len(claims):
        who = "The source describes" if facts.claims.loc[claims.index, "source_id"].nunique() \
            == 1 else "The sources describe"
        parts = [f"{c.statement.rstrip('.')} {notes.cite(c.claim_id)}"
                 for c in claims.itertuples()]
        parts = parts[:1] + [p[:1].lower() + p[1:] if p.startswith("The ") else p
                             for p in parts[1:]]
        add(f"{who} the trade relationship: " + "; ".join(parts) + ".",
            list(claims["claim_id"]))
    return out


def judgments_html(judgments: list[Judgment]) -> str:
    """The key judgments as an ordered list: the confidence first, in words, then the
    sentence with its footnote markers, then the evidence the confidence was judged from."""
    items = []
    for j in judgments:
        c = j.confidence
        items.append(
            f'<li><span class="confidence confidence-{c.level}">{c.level.capitalize()} '
            f'confidence.</span> {html_marks(j.text)} '
            f'<span class="evidence">({show.esc(c.reason)}.)</span></li>')
    return '<ol class="judgments">' + "".join(items) + "</ol>"


def confidence_table(judgments: list[Judgment]) -> pd.DataFrame:
    """Each judgment's evidence as the rule reads it, for the annex."""
    rows = []
    for n, j in enumerate(judgments, start=1):
        c = j.confidence
        rows.append({
            "Judgment": f"{n}. " + re.sub(r"\s*\[\d+\]", "", j.text.split(":")[0]),
            "Independent sources": c.publishers,
            "Official": "yes" if c.official else "no",
            "Disagreement": c.disagreement,
            "Latest source": fmt.date(c.latest) if pd.notna(c.latest) else "date not known",
            "Recent": "yes" if c.recent else "no",
            "Confidence": c.level,
        })
    return pd.DataFrame(rows, columns=["Judgment", "Independent sources", "Official",
                                       "Disagreement", "Latest source", "Recent",
                                       "Confidence"])


def what_to_watch(selection: pd.DataFrame, trade_table: pd.DataFrame, notes: Footnotes,
                  as_of) -> list[str]:
    """What to watch: planned engagements after ``as_of``, planned ones whose date passed
    with no later news, and trade series whose trend turned."""
    out = []
    up = selection[selection["timing"] == "upcoming"].sort_values(
        ["date_end", "date_start"], na_position="last", kind="stable")
    for _, r in up.iterrows():
        when = _planned_words(r)
        out.append(f"{when[:1].upper()}{when[1:]}: {r['summary'].rstrip('.')} (planned) "
                   f"{notes.cite(r['engagement_id'])}.")
    due = selection[selection["timing"] == "overdue"].sort_values("date_end")
    for r in due.itertuples():
        when = fmt.date_label(r.date_start, r.date_end, r.date_precision)
        out.append(f"{r.summary.rstrip('.')}: planned for {when}; the date has passed and no "
                   f"later source says whether it was held {notes.cite(r.engagement_id)}.")
    if up.empty and due.empty:
        out.append(f"No planned engagement after {fmt.date(as_of)} is in the facts.")
    turns = trend_turns(trade_table)
    for t in turns:
        out.append(f"{t['flow'][:1].upper()}{t['flow'][1:]} turned: "
                   f"{fmt.percent(t['before'], sign=True)} to {t['middle']}, then "
                   f"{fmt.percent(t['after'], sign=True)} to {t['to']} "
                   + notes.cite(*t["ids"]) + ".")
    if not turns:
        n = int(tr.like_period_growth(trade_table)["growth_pct"].notna().sum()) \
            if len(trade_table) else 0
        out.append("No trade trend changed direction: "
                   + ("the figures give no growth between like periods." if n == 0 else
                      f"the figures give {fmt.count(n, 'growth rate')} between like periods"
                      + (", too few to show a turn." if n < 2 else ", all in one direction.")))
    return out


def trend_turns(trade_table: pd.DataFrame) -> list[dict]:
    """Trade series whose growth changed sign between consecutive like periods.

    Returns
    -------
    list of dict
        ``flow``, ``middle`` and ``to`` (periods), ``before`` and ``after`` (growth in
        percent) and ``ids`` (the observations behind both growth rates).
    """
    if trade_table.empty:
        return []
    g = tr.like_period_growth(trade_table)
    g = g[g["growth_pct"].notna()].reset_index(drop=True)
    out = []
    for i in range(1, len(g)):
        a, b = g.iloc[i - 1], g.iloc[i]
        if (a["flow"], a["to"]) == (b["flow"], b["from"]) and \
                (a["growth_pct"] > 0) != (b["growth_pct"] > 0) and b["growth_pct"] != 0:
            ids = re.findall(r"\[([^\]]+)\]", a["inputs"] + b["inputs"])
            out.append({"flow": b["flow"], "middle": b["from"], "to": b["to"],
                        "before": float(a["growth_pct"]), "after": float(b["growth_pct"]),
                        "ids": list(dict.fromkeys(ids))})
    return out


def background(facts: Facts, selection: pd.DataFrame, notes: Footnotes) -> list[str]:
    """The relationship's foundations from the facts: recognition, diplomatic relations,
    the partnership level, institutional mechanisms and agreements; each says plainly when
    the facts give none."""
    def listed(rows: pd.DataFrame) -> str:
        parts = []
        for _, r in rows.iterrows():
            when = _when(r)
            when = "no date given" if when == "undated" else when
            parts.append(f"{r['summary'].rstrip('.')} ({when}) {notes.cite(r['engagement_id'])}")
        return "; ".join(parts)

    out = []
    rec = _of_type(selection, "recognition")
    out.append("Recognition: " + (listed(rec) + "." if len(rec)
                                  else "the facts do not record it."))
    dip = _of_type(selection, "diplomatic_relations")
    out.append("Diplomatic relations: " + (listed(dip) + "." if len(dip)
                                           else "the facts do not say when they began."))
    part = partnership(facts, selection)
    out.append("Level of the relationship: " + (
        f"{part['phrase']}" + (f", since {part['when']}" if part["when"] else "") + " "
        + notes.cite(*part["ids"]) + "." if part is not None
        else "no fact names a partnership or another level."))
    mech = selection[(selection["type"] == "working_group") | selection["summary"].str.contains(
        r"commission|consultations|working group|joint committee", case=False, regex=True)]
    out.append("Institutional mechanisms: " + (
        listed(mech) + "." if len(mech) else
        "the facts name no intergovernmental commission, working group or consultations."))
    agreements = _of_type(selection, "agreement")
    out.append("Agreements: " + (listed(agreements) + "." if len(agreements)
                                 else "the facts record no agreement signed between the two."))
    return out


def domain_table(facts: Facts, selection: pd.DataFrame) -> pd.DataFrame:
    """Cooperation domains: engagements held or ongoing, planned, the latest dated one, and
    the claims on the domain's topic."""
    names = dict(zip(facts.domains["domain"], facts.domains["label"]))
    rows = []
    exploded = selection.assign(domain=selection["domains"].str.split(LIST_SEP)).explode("domain")
    for domain, g in exploded.groupby("domain"):
        dated = g[g["date_start"].notna() & (g["timing"] == "past")].sort_values("date_start")
        last = dated.iloc[-1] if len(dated) else None
        rows.append({
            "Domain": names.get(domain, domain),
            "Engagements": int(g["timing"].isin(["past", "ongoing", "undated"]).sum()),
            "Planned": int(g["timing"].eq("upcoming").sum()),
            "Latest dated": (fmt.date_label(last["date_start"], last["date_end"],
                                           last["date_precision"]) + f": {last['summary']}")
            if last is not None else "",
        })
    return pd.DataFrame(rows, columns=["Domain", "Engagements", "Planned", "Latest dated"]
                        ).sort_values(["Engagements", "Planned"], ascending=False,
                                      ignore_index=True)


def source_defects(facts: Facts, source_ids, shown=None) -> pd.DataFrame:
    """The curator's notes on the weaknesses of the given sources.

    With ``shown`` (the ids of the facts, entities and places a briefing shows), only the
    defects that concern what is shown are kept: those that affect a shown id, or the source
    itself; a typo in a passage about another pair stays out of this pair's briefing.
    """
    d = facts.source_defects[facts.source_defects["source_id"].isin(list(source_ids))]
    if shown is not None:
        keep = set(shown) | set(source_ids)
        d = d[d["affects"].map(lambda a: not split_list(a) or bool(set(split_list(a)) & keep))
              .astype(bool)]
    kinds = vocab.labels("source_defects", "kind", facts.data_dir)
    return pd.DataFrame({"Kind": d["kind"].map(kinds), "Where": "\u201c" + d["quote"] + "\u201d",
                         "Note": d["note"], "Source": "[" + d["source_id"] + "]"}
                        ).reset_index(drop=True)


def shown_ids(selection: pd.DataFrame, trade_table: pd.DataFrame, facts: Facts) -> set[str]:
    """Ids of everything a briefing shows: engagements, their participants and places,
    trade figures and claims."""
    ids = set(selection["engagement_id"]) | set(trade_table["observation_id"])
    ids |= set(facts.claims["claim_id"])
    for col in ("participants", "places"):
        ids |= {x for cell in selection[col] for x in split_list(cell)}
    return ids


def caveats(facts: Facts, selection: pd.DataFrame, trade_table: pd.DataFrame) -> list[str]:
    """Caveats for the reader: undated items, derived figures, name variants, readings."""
    out = []
    undated = selection[selection["date_start"].isna()]
    if len(undated):
        n = len(undated)
        out.append(f"{fmt.count(n, 'engagement')} {fmt.plural(n, 'has', 'have')} no date in "
                   f"{fmt.plural(n, 'its')} source and {fmt.plural(n, 'is', 'are')} not placed "
                   "on the timeline: " + "; ".join(undated["summary"]) + ".")
    for _, d in trade_table[trade_table["method"] == "derived"].iterrows():
        out.append(f"The {d['period']} figure ({fmt.money(d['value_norm'], d['unit_norm'])}) is "
                   f"derived, not reported: {d['formula']}. {d['note']}")
    named = {e for cell in selection["participants"] for e in split_list(cell)}
    variants = facts.aliases[(facts.aliases["variant_kind"] == "misspelling")
                             & facts.aliases["entity_id"].isin(named)]
    names = dict(zip(facts.entities["entity_id"], facts.entities["name"]))
    for v in variants.itertuples():
        out.append(f"The source spells {names[v.entity_id]} as \u201c{v.alias}\u201d; both are "
                   "treated as one person.")
    relative = selection[selection["date_basis"] == "relative"]
    if len(relative):
        out.append("Dates resolved from relative words against the publication date: " + "; ".join(
            f"\u201c{r.date_expression}\u201d \u2192 "
            f"{fmt.date_label(r.date_start, r.date_end, r.date_precision)}"
            for r in relative.itertuples()) + ".")
    return out


def git_commit() -> str:
    """The repository's commit, with ``+changes`` when the tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.PROJ_ROOT, text=True,
                              capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "briefing", "data",
                                "notebooks", "params"], cwd=config.PROJ_ROOT, text=True,
                               capture_output=True, timeout=10).stdout.strip()
        return head + (" +uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def run_record(facts: Facts, parameters: dict) -> dict[str, pd.DataFrame]:
    """What produced this briefing: parameters, input file hashes, versions, commit."""
    params = pd.DataFrame({"Parameter": list(parameters),
                           "Value": [repr(v) for v in parameters.values()]})
    files = pd.DataFrame({"File": list(facts.files), "SHA-256": list(facts.files.values())})
    versions = {}
    for pkg in RECORDED_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    import platform

    versions["python"] = platform.python_version()
    software = pd.DataFrame({"Package": list(versions), "Version": list(versions.values())})
    commit = pd.DataFrame({"Item": ["git commit"], "Value": [git_commit()]})
    return {"parameters": params, "inputs": files, "software": software, "commit": commit}


def trade_sentences(facts: Facts, trade_table: pd.DataFrame, notes: Footnotes,
                    pair: tuple[str, str], label: str) -> list[str]:
    """The trade section's sentences for the briefing, cited with footnotes like every other
    sentence: the level and trend (:func:`trade_level`), what a derived endpoint means,
    disagreements between sources, and the balance (computed, or as the sources state it)."""
    if trade_table.empty:
        return [f"The data hold no trade figures for {label}."]
    out = []
    level = trade_level(trade_table)
    if level is not None:
        out.append(_trade_sentence(level, notes))
        g = level["growth"]
        if g is not None and "derived" in g["inputs"]:
            out.append("The earlier value is derived from the source's own statement of "
                       "growth, so the rise restates that statement rather than confirming it.")
    c = tr.conflicts(trade_table)
    if len(c):
        n = c.groupby(["period", "flow"]).ngroups
        worst = c.sort_values("spread_pct", ascending=False).iloc[0]
        out.append(f"Sources disagree on {fmt.count(n, 'figure')}; the widest gap is "
                   f"{fmt.percent(worst['spread_pct'])} ({worst['period']}) "
                   + notes.cite(*c["observation_id"]) + ". Every value is in the annex "
                   "of disagreements; the headline follows a stated rule.")
    bal = tr.balance(trade_table, pair)
    if len(bal):
        b = bal.iloc[-1]
        side = b["in_favour_of"]
        out.append(f"In {b['period']} the balance was {fmt.money(abs(b['balance']), b['unit'])} "
                   f"in favour of {side}.")
    else:
        said = facts.claims[facts.claims["statement"].str.contains("balance", case=False)]
        out.append("Exports and imports are not known separately, so the balance of trade "
                   "cannot be computed" + (
                       f"; the source says only: {said.iloc[0]['statement'].rstrip('.')} "
                       + notes.cite(said.iloc[0]["claim_id"]) if len(said) else "") + ".")
    return out


def note_column(notes: Footnotes, fact_ids) -> list[str]:
    """Footnote numbers for a table's "Note" column, one cell per fact id (``"4"``), so tables
    cite the same numbered notes as the sentences."""
    return [re.sub(r"\]\[", ", ", notes.cite(f)).strip("[]") for f in fact_ids]


def sentences_html(sentences: list[str], kind: str = "p", css_class: str = "summary") -> str:
    """Sentences with footnote markers as HTML: one paragraph each (``kind="p"``) or one
    bulleted list (``kind="ul"``); data text escaped, markers as linked superscripts."""
    if kind == "ul":
        return (f'<ul class="{css_class}">'
                + "".join(f"<li>{html_marks(s)}</li>" for s in sentences) + "</ul>")
    return "".join(f'<p class="{css_class}">{html_marks(s)}</p>' for s in sentences)
