"""What changed since the last briefing: the facts a build used against the snapshot that the
previous good build of the same briefing kept beside its report.

Both sides are read as plain CSV text, so the comparison needs no source texts and reports a
changed cell exactly as the curator wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from briefing import fmt

#: Tables compared, with their id column and the column that names a row for the reader.
TRACKED = {
    "engagements": ("engagement_id", "summary"),
    "engagement_sources": ("link_id", "engagement_id"),
    "trade_observations": ("observation_id", "quote"),
    "trade_derivations": ("derivation_id", "quote"),
    "claims": ("claim_id", "statement"),
    "sources": ("source_id", "title"),
}
LABELS = {"engagements": "Engagement", "engagement_sources": "Engagement source",
          "trade_observations": "Trade figure", "trade_derivations": "Derived trade figure",
          "claims": "Claim", "sources": "Source"}
COLUMNS = ["What", "Id", "Change", "Detail"]


def _read(folder: Path, table: str) -> pd.DataFrame | None:
    path = Path(folder) / f"{table}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def compare(previous: Path | str, current: Path | str) -> pd.DataFrame:
    """Rows added, changed and removed between two folders of fact tables.

    Parameters
    ----------
    previous
        The snapshot of the previous build (``reports/<briefing>/facts-snapshot``).
    current
        The facts folder used now (``data/facts``).

    Returns
    -------
    pandas.DataFrame
        Columns What (kind of fact), Id, Change (added / changed / removed) and Detail (the
        row's summary, or for a change each changed column with its old and new value).
    """
    rows = []
    for table, (key, label) in TRACKED.items():
        old, new = _read(previous, table), _read(current, table)
        if new is None:
            continue
        if old is None:
            old = new.iloc[0:0]
        old_i, new_i = old.set_index(key), new.set_index(key)
        for rid in new_i.index.difference(old_i.index, sort=False):
            rows.append((LABELS[table], rid, "added", str(new_i.at[rid, label])))
        for rid in old_i.index.difference(new_i.index, sort=False):
            rows.append((LABELS[table], rid, "removed", str(old_i.at[rid, label])))
        for rid in new_i.index.intersection(old_i.index, sort=False):
            diffs = [f"{c}: \u201c{old_i.at[rid, c]}\u201d \u2192 \u201c{new_i.at[rid, c]}\u201d"
                     for c in new_i.columns if c in old_i.columns
                     and old_i.at[rid, c] != new_i.at[rid, c]]
            if diffs:
                rows.append((LABELS[table], rid, "changed", "; ".join(diffs)))
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(changes: pd.DataFrame, previous_build: str) -> str:
    """One sentence: how many facts were added, changed and removed since when."""
    previous_build = fmt.timestamp(previous_build)
    if changes.empty:
        return f"No fact has changed since the previous briefing, built {previous_build}."
    counts = changes["Change"].value_counts()
    parts = [f"{int(counts.get(k, 0))} {k}" for k in ("added", "changed", "removed")]
    return (f"Since the previous briefing, built {previous_build}: " + ", ".join(parts)
            + " (engagements, trade figures, claims and sources).")
