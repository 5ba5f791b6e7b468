"""What changed since the last briefing, in words.

The previous good build of a briefing keeps its fact tables beside it (``facts-snapshot``)
and its parameters in ``build.json``. :func:`since` opens the briefing that build could show
(the same pair, as of its own date) and compares it with the one shown now, fact by fact:
what a reader sees ("date refined: Apr 2021 → 7–10 Apr 2021 (per [src])", "status: Planned →
Held (per [src])", "new disagreement on its date"), then every other table row by row, and
the parameters ("as_of moved from 7 Apr 2021 to 31 Dec 2024"). It never says that nothing
changed when what the briefing shows did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from briefing import fmt
from briefing.cells import split_list

COLUMNS = ["What", "Id", "Change", "Detail"]
#: Tables compared row by row (what the reader sees of the others is compared as shown).
LABELS = {"engagements": "Engagement", "engagement_sources": "Engagement source",
          "engagement_updates": "Engagement update", "trade_observations": "Trade figure",
          "trade_derivations": "Derived trade figure", "claims": "Claim", "sources": "Source",
          "entities": "Entity", "aliases": "Alias", "places": "Place",
          "source_defects": "Source defect", "engagement_types": "Engagement type",
          "domains": "Domain"}
_PRECISION = {"day": 0, "range": 1, "month": 2, "year": 3, "undated": 4}


def _read(folder: Path, table: str) -> pd.DataFrame | None:
    path = Path(folder) / f"{table}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _keys(folder: Path) -> dict[str, str]:
    """Table -> its id column, from the folder's datapackage.json."""
    try:
        package = json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8"))
        return {r["name"]: r["schema"]["primaryKey"][0] for r in package["resources"]
                if r["schema"].get("primaryKey")}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return {}


def compare(previous: Path | str, current: Path | str,
            tables: list[str] | None = None) -> pd.DataFrame:
    """Rows added, changed and removed between two folders of fact tables, as written.

    Parameters
    ----------
    previous
        The snapshot of the previous build (``reports/<briefing>/facts-snapshot``).
    current
        The facts folder used now.
    tables
        The tables to compare (default: every table of the current schema).

    Returns
    -------
    pandas.DataFrame
        Columns What (kind of fact), Id, Change (added / changed / removed) and Detail (the
        row's first words, or each changed column with its old and new value).
    """
    rows = []
    keys = _keys(Path(current))
    for table in tables or list(keys):
        key = keys.get(table)
        old, new = _read(previous, table), _read(current, table)
        if new is None or key is None or key not in new:
            continue
        if old is None or key not in old:
            old = new.iloc[0:0]
        label = next((c for c in ("summary", "statement", "name", "title", "alias", "quote")
                      if c in new.columns and c != key), None)
        what = LABELS.get(table, table)
        old_i, new_i = old.set_index(key), new.set_index(key)
        for rid in new_i.index.difference(old_i.index, sort=False):
            rows.append((what, rid, "added", str(new_i.at[rid, label]) if label else rid))
        for rid in old_i.index.difference(new_i.index, sort=False):
            rows.append((what, rid, "removed", str(old_i.at[rid, label]) if label else rid))
        for rid in new_i.index.intersection(old_i.index, sort=False):
            diffs = [f"{c}: \u201c{old_i.at[rid, c]}\u201d \u2192 \u201c{new_i.at[rid, c]}\u201d"
                     for c in new_i.columns if c in old_i.columns
                     and old_i.at[rid, c] != new_i.at[rid, c]]
            if diffs:
                rows.append((what, rid, "changed", "; ".join(diffs)))
    return pd.DataFrame(rows, columns=COLUMNS)


def _status_words(row: pd.Series) -> str:
    if row.get("timing") == "overdue" and row.get("status") == "planned":
        return "Planned (date passed)"
    return str(row.get("status", "")).capitalize()


def _per(source: str) -> str:
    return f" (per [{source}])" if source else ""


def compare_shown(previous, current) -> pd.DataFrame:
    """What a reader sees changed between two views of one pair (engagements with their
    date, status, sources and disagreements; trade figures; claims; sources)."""
    rows = []
    pe = previous.engagements.set_index("engagement_id")
    ce = current.engagements.set_index("engagement_id")
    pdates = dict(zip(pe.index, fmt.date_labels(pe.reset_index())))
    cdates = dict(zip(ce.index, fmt.date_labels(ce.reset_index())))
    for eid in ce.index.difference(pe.index, sort=False):
        rows.append(("Engagement", eid, "added", f"{ce.at[eid, 'summary']} ({cdates[eid]})"))
    for eid in pe.index.difference(ce.index, sort=False):
        rows.append(("Engagement", eid, "removed", f"{pe.at[eid, 'summary']} ({pdates[eid]})"))
    for eid in ce.index.intersection(pe.index, sort=False):
        p, c, words = pe.loc[eid], ce.loc[eid], []
        if pdates[eid] != cdates[eid]:
            finer = _PRECISION.get(c["date_precision"], 4) < _PRECISION.get(
                p["date_precision"], 4)
            words.append(f"date {'refined' if finer else 'changed'}: {pdates[eid]} \u2192 "
                         f"{cdates[eid]}{_per(c.get('date_source', ''))}")
        if _status_words(p) != _status_words(c):
            words.append(f"status: {_status_words(p)} \u2192 {_status_words(c)}"
                         f"{_per(c.get('status_source', ''))}")
        if bool(c.get("disputed", False)) and not bool(p.get("disputed", False)):
            words.append("new disagreement between sources on its date")
        if bool(c.get("place_disputed", False)) and not bool(p.get("place_disputed", False)):
            words.append("new disagreement between sources on its place")
        new_sources = [s for s in split_list(c.get("sources", ""))
                       if s not in split_list(p.get("sources", ""))]
        if new_sources:
            words.append("further source " + ", ".join(f"[{s}]" for s in new_sources))
        if p["summary"] != c["summary"]:
            words.append(f"summary: \u201c{p['summary']}\u201d \u2192 \u201c{c['summary']}\u201d")
        if words:
            rows.append(("Engagement", eid, "changed", "; ".join(words)))
    pt = previous.trade.set_index("observation_id")
    ct = current.trade.set_index("observation_id")
    for oid in ct.index.difference(pt.index, sort=False):
        r = ct.loc[oid]
        rows.append(("Trade figure", oid, "added",
                     f"{r['flow']} {fmt.money(r['value_norm'], r['unit_norm'], 1)} in "
                     f"{r['period']}"))
    for oid in pt.index.difference(ct.index, sort=False):
        r = pt.loc[oid]
        rows.append(("Trade figure", oid, "removed",
                     f"{r['flow']} {fmt.money(r['value_norm'], r['unit_norm'], 1)} in "
                     f"{r['period']}"))
    for oid in ct.index.intersection(pt.index, sort=False):
        p, c = pt.loc[oid], ct.loc[oid]
        if (p["value_norm"], p["unit_norm"], p["period"]) != (
                c["value_norm"], c["unit_norm"], c["period"]):
            rows.append(("Trade figure", oid, "changed",
                         f"{fmt.money(p['value_norm'], p['unit_norm'], 1)} in {p['period']} "
                         f"\u2192 {fmt.money(c['value_norm'], c['unit_norm'], 1)} in "
                         f"{c['period']}"))
    for table, key, label, what in (("claims", "claim_id", "statement", "Claim"),
                                    ("sources", "source_id", "title", "Source")):
        p = previous.facts.tables[table].set_index(key)
        c = current.facts.tables[table].set_index(key)
        for rid in c.index.difference(p.index, sort=False):
            rows.append((what, rid, "added", str(c.at[rid, label])))
        for rid in p.index.difference(c.index, sort=False):
            rows.append((what, rid, "removed", str(p.at[rid, label])))
    return pd.DataFrame(rows, columns=COLUMNS)


def since(previous_facts: Path | str, current, previous_as_of: str = "",
          current_folder: Path | str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Everything that changed since the previous build of a briefing.

    Parameters
    ----------
    previous_facts
        The previous build's facts snapshot.
    current
        The view shown now (:class:`briefing.view.View`).
    previous_as_of
        The previous build's ``as_of`` (empty: the same as now).
    current_folder
        The fact tables used now (default: the view's data folder's ``facts/``).

    Returns
    -------
    (changes, notes)
        The changes (:data:`COLUMNS`): what the reader sees, then the rows of the other
        tables; and sentences on the parameters ("as_of moved from … to …").
    """
    from briefing import knowledge, view
    from briefing.facts import FactsError, read_snapshot

    notes = []
    if previous_as_of and pd.Timestamp(previous_as_of) != current.as_of:
        notes.append(f"as_of moved from {fmt.date(previous_as_of)} to "
                     f"{fmt.date(current.as_of)}")
    folder = Path(current_folder) if current_folder else current.facts.data_dir / "facts"
    shown_tables = ["engagements", "engagement_sources", "engagement_updates",
                    "trade_observations", "claims", "sources"]
    try:
        old = read_snapshot(previous_facts)
        as_of = pd.Timestamp(previous_as_of) if previous_as_of else current.as_of
        before = view.View(view.for_pair(knowledge.known_on(old, as_of, current.only),
                                         current.codes),
                           current.codes, current.label, as_of, current.window_start,
                           current.window_end, current.unit, current.only)
        shown = compare_shown(before, current)
        rest = compare(previous_facts, folder,
                       [t for t in _keys(folder) if t not in shown_tables])
    except (FactsError, KeyError, ValueError, TypeError):
        # a snapshot of an older schema: compare the tables as written
        shown, rest = compare(previous_facts, folder), pd.DataFrame(columns=COLUMNS)
    return pd.concat([shown, rest], ignore_index=True), notes


def summary(changes: pd.DataFrame, previous_build: str, notes: list[str] | None = None) -> str:
    """One sentence: what changed since when (facts added, changed, removed; parameters)."""
    when = fmt.timestamp(previous_build)
    moved = f" {'; '.join(notes)}." if notes else ""
    if changes.empty:
        if notes:
            return f"Since the previous briefing, built {when}:{moved}"
        return ("Nothing this briefing draws on has changed since the previous briefing, "
                f"built {when}.")
    counts = changes["Change"].value_counts()
    parts = [f"{int(counts.get(k, 0))} {k}" for k in ("added", "changed", "removed")]
    return (f"Since the previous briefing, built {when}: " + ", ".join(parts)
            + " (engagements, trade figures, claims, sources and the other tables)." + moved)
