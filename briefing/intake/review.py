"""Review of a sheet in JupyterLab: each candidate with its sentence, the quote marked, the
proposed fields and what it matches in the data (``notebooks/05-intake.ipynb``)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from briefing import config
from briefing.facts import source_path
from briefing.intake.extract import sentences
from briefing.intake.sheet import read_sheet
from briefing.intake.store import IntakeError, read_sources

#: Fields shown for each kind of candidate.
FIELDS = {
    "engagement": ["type", "status", "level", "date_start", "date_end", "date_precision",
                   "date_basis", "date_expression", "participants", "places",
                   "actor_country", "counterpart_country", "domains"],
    "link": ["matches", "type", "status", "date_start", "date_end", "date_precision",
             "date_expression", "participants", "places"],
    "trade": ["measure", "value", "unit", "currency", "period_start", "period_end",
              "period_basis", "date_expression", "growth", "actor_country",
              "counterpart_country", "matches"],
    "claim": ["topic", "participants", "matches"],
    "entity": ["fact_id", "name", "type", "country", "role"],
    "place": ["fact_id", "name", "type", "country"],
    "alias": ["name", "matches", "type"],
}


def pending(sheet: Path) -> int:
    """How many rows of a sheet await a decision (``accept`` empty); 0 for a sheet that
    cannot be read (opening it shows why)."""
    try:
        return sum(1 for r in read_sheet(sheet) if not r.values.get("accept", "").strip())
    except IntakeError:
        return 0


def newest_sheet(data_dir: Path | str | None = None) -> Path | None:
    """The sheet to review under ``<data>/intake/``: the most recently written of those
    with rows awaiting a decision, else the most recently written; None if there is none.

    A fresh clone gives every file the same time, so without pending rows the choice falls
    to the last name: the notebook says which sheet it shows and why.
    """
    folder = Path(data_dir or config.DATA_DIR) / "intake"
    sheets = sorted(folder.glob("*.csv"), key=lambda p: (p.stat().st_mtime, p.name))
    waiting = [p for p in sheets if pending(p)]
    return (waiting or sheets)[-1] if sheets else None


def load(sheet: Path | str, data_dir: Path | str | None = None) -> tuple[pd.DataFrame, str]:
    """A sheet as a DataFrame (one row per candidate, with its line in the file) and its
    source's text."""
    data_dir = Path(data_dir or config.DATA_DIR)
    sheet = Path(sheet)
    rows = read_sheet(sheet)
    frame = pd.DataFrame([{"line": r.line, **r.values} for r in rows])
    _, sources = read_sources(config.facts_dir(data_dir) / "sources.csv")
    origin = next((s for s in sources if s["source_id"] == sheet.stem), None)
    text = ""
    if origin is not None:
        path = source_path(data_dir, origin["path"])
        if not isinstance(path, str):
            text = path.read_text(encoding="utf-8")
    return frame, text


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Candidates per kind and decision (yes, no, pending, merged)."""
    if frame.empty:
        return pd.DataFrame()
    decision = frame["accept"].str.strip().str.lower().replace("", "pending")
    return pd.crosstab(frame["kind"], decision).rename_axis(index="kind", columns="accept")


def _sentence(text: str, quote: str) -> tuple[str, int, int]:
    at = text.find(quote)
    if at < 0:
        return "", -1, -1
    for s, e in sentences(text):
        if s <= at < e:
            s, e = min(s, at), max(e, at + len(quote))
            return text[s:e], at - s, at - s + len(quote)
    return quote, 0, len(quote)


def cards_html(frame: pd.DataFrame, text: str, existing: dict[str, str] | None = None,
               kinds: tuple[str, ...] = ("engagement", "link", "trade", "claim", "entity",
                                         "place", "alias")) -> str:
    """One card per candidate: its sentence with the quote marked, its fields, its match.

    Parameters
    ----------
    frame
        The sheet (:func:`load`).
    text
        The source's text.
    existing
        Fact id -> a line describing it, to show what ``matches`` points at.
    """
    existing = existing or {}
    out = ["<div style='font-family:sans-serif;font-size:13px'>"]
    for row in frame.itertuples():
        if row.kind not in kinds:
            continue
        sentence, a, b = _sentence(text, row.quote)
        if a < 0:
            shown = ("<span style='color:#b00'>the quote is not in the source's text: "
                     f"{html.escape(row.quote)}</span>")
        else:
            shown = (html.escape(sentence[:a]) + "<mark>" + html.escape(sentence[a:b]) +
                     "</mark>" + html.escape(sentence[b:]))
        fields = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{f}</th>"
            f"<td style='text-align:left'>{html.escape(str(getattr(row, f)))}</td></tr>"
            for f in FIELDS[row.kind] if str(getattr(row, f)).strip())
        match = ""
        if row.matches and row.matches in existing:
            match = (f"<p style='margin:.3em 0'>matches <b>{html.escape(row.matches)}</b>: "
                     f"{html.escape(existing[row.matches])}</p>")
        decision = row.accept.strip() or "pending"
        note = f"<p style='margin:.3em 0;color:#555'>{html.escape(row.note)}</p>" \
            if row.note else ""
        out.append(
            "<div style='border:1px solid #ccc;border-radius:4px;padding:.5em;margin:.5em 0'>"
            f"<b>{html.escape(row.candidate_id)}</b> · {html.escape(row.kind)} · line "
            f"{row.line} · accept: <b>{html.escape(decision)}</b>"
            f"<p style='margin:.3em 0'>{shown}</p>{match}"
            f"<table style='margin:0'>{fields}</table>{note}</div>")
    out.append("</div>")
    return "".join(out)


def existing_facts(data_dir: Path | str | None = None) -> dict[str, str]:
    """Id -> one line, for every engagement and trade figure in the data."""
    from briefing.facts import load_facts

    facts = load_facts(data_dir)
    eng = facts.raw_engagements if facts.raw_engagements is not None else facts.engagements
    out = {e.engagement_id: f"{e.summary} ({e.date_precision}"
           f"{', ' + e.date_start.date().isoformat() if pd.notna(e.date_start) else ''}; "
           f"{e.source_id})" for e in eng.itertuples()}
    out.update({t.observation_id: f"{t.measure} {t.value:g} {t.unit} {t.currency} "
                f"({t.period_basis}; {t.source_id})"
                for t in facts.trade_observations.itertuples()})
    return out
