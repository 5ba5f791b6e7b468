"""The briefing's own content: key judgments with footnotes, domains, source notes, run record.

Every sentence a reader relies on is built from the numbers and carries numbered footnotes
to the exact quotes behind it (:class:`Footnotes`). Rendering to HTML happens through
:mod:`briefing.show`, which escapes all data text.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from importlib import metadata

import pandas as pd

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
        """Escape a sentence and turn its ``[n]`` markers into links to the footnotes."""
        import re

        escaped = show.esc(text)
        return re.sub(r"\[(\d+)\]", r'<sup><a class="fn" href="#fn-\1">\1</a></sup>', escaped)

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


def key_judgments(facts: Facts, selection: pd.DataFrame, cad: tl.Cadence,
                  trade_table: pd.DataFrame, notes: Footnotes, label: str,
                  recent_years: int = 3) -> list[str]:
    """A handful of sentences built from the data, each with footnote markers.

    The most active track, the last and next high-level visits, the latest trade figure and
    its trend, and what the sources claim about the trade relationship.
    """
    out = []
    as_of = cad.as_of
    names = dict(zip(facts.domains["domain"], facts.domains["label"]))
    shift = tl.domain_shift(selection, as_of, recent_years) if len(selection) else pd.DataFrame()
    if len(shift) and shift["recent"].sum():
        top = shift.index[0]
        cut = as_of - pd.DateOffset(years=recent_years)
        ids = selection[(selection["date_start"] > cut) & (selection["timing"] == "past")
                        & selection["domains"].map(lambda d: top in split_list(d))
                        ]["engagement_id"]
        out.append(
            f"{names.get(top, top)} is the most active track: {int(shift.loc[top, 'recent'])} of "
            f"{int(shift['recent'].sum())} domain mentions among engagements held in the "
            f"{recent_years} years to {fmt.date(as_of)}. " + notes.cite(*ids))
    if cad.last is not None:
        r = cad.last
        when = fmt.date_label(r["date_start"], r["date_end"], r["date_precision"])
        out.append(f"Last high-level visit ({when}): {r['summary']}. "
                   + notes.cite(r["engagement_id"]))
    if cad.next is not None:
        r = cad.next
        when = fmt.date_label(r["date_start"], r["date_end"], r["date_precision"])
        out.append(f"Next planned high-level visit ({when}): {r['summary']}. "
                   + notes.cite(r["engagement_id"]))
    rep = trade_table[trade_table["method"] == "reported"]
    if len(rep):
        latest = tr.headline(rep).sort_values("period_end").iloc[-1]
        flow = latest["flow"].replace("turnover", "trade turnover")
        sentence = (f"Latest trade figure: {flow} of "
                    f"{fmt.money(latest['value_norm'], latest['unit_norm'])} in "
                    f"{latest['period']} " + notes.cite(latest["observation_id"]))
        growth = tr.like_period_growth(trade_table)
        g = growth[growth["to"] == latest["period"]]
        if len(g) and pd.notna(g.iloc[0]["growth_pct"]):
            g = g.iloc[0]
            earlier = trade_table[trade_table["period"] == g["from"]]
            cites = notes.cite(*earlier["observation_id"])
            kind = "derived " if (earlier["method"] == "derived").all() else ""
            sentence += (f", {g['growth_pct']:+.0f}% on the {kind}{g['from']} value of "
                         f"{fmt.money(g['from_value'], g['unit'])} {cites}")
        out.append(sentence + ".")
    claims = facts.claims[facts.claims["topic"] == "trade"]
    if len(claims):
        shown = claims.head(MAX_CLAIMS_IN_JUDGMENTS)
        parts = [f"{c.statement.rstrip('.')} {notes.cite(c.claim_id)}"
                 for c in shown.itertuples()]
        parts = [parts[0]] + [p[:1].lower() + p[1:] if p.startswith("The ") else p
                              for p in parts[1:]]
        more = len(claims) - len(shown)
        out.append("The sources describe the relationship: " + "; ".join(parts)
                   + (f"; and {fmt.count(more, 'further claim')} in the trade section"
                      if more else "") + ".")
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
