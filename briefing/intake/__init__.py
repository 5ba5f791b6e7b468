"""Intake: from a saved article to reviewed, verified facts.

1. :func:`ingest` stores the article (:mod:`.store`) and writes a review sheet of
   candidate facts proposed by the extractor (:mod:`.extract`, :mod:`.dates`,
   :mod:`.lexicon`).
2. The analyst reviews the sheet (a spreadsheet, or ``notebooks/05-intake.ipynb``).
3. :func:`briefing.intake.sheet.accept` merges the accepted rows into the fact tables,
   all or nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefing import config
from briefing.intake.extract import Knowledge, propose
from briefing.intake.sheet import accept, read_sheet, sheet_path, write_sheet
from briefing.intake.store import IntakeError, store

__all__ = ["ingest", "accept", "read_sheet", "IntakeError", "Knowledge", "propose",
           "knowledge_of", "Ingested"]


@dataclass
class Ingested:
    """What :func:`ingest` did: the source stored and the sheet written."""

    source_id: str
    sheet: Path
    candidates: int
    pair: tuple[str, str] | None


def knowledge_of(data_dir: Path | None = None) -> Knowledge:
    """What the data knows, for matching names and engagements (validated facts)."""
    from briefing.facts import load_facts

    return Knowledge.from_facts(load_facts(data_dir))


def _published_date(row: dict) -> dt.date | None:
    if row.get("date_published_precision") == "day" and row.get("date_published"):
        return dt.date.fromisoformat(row["date_published"])
    return None


def _published_span(row: dict) -> tuple[dt.date, dt.date] | None:
    """First and last day of a publication known only to a month, a year or a range."""
    precision, start = row.get("date_published_precision"), row.get("date_published")
    if precision in (None, "", "day", "unknown", "undated") or not start:
        return None
    first = dt.date.fromisoformat(start)
    if precision == "month":
        return first, dt.date(first.year, first.month,
                              calendar.monthrange(first.year, first.month)[1])
    if precision == "year":
        return first, dt.date(first.year, 12, 31)
    end = row.get("date_published_end")
    return (first, dt.date.fromisoformat(end)) if end else None


def ingest(file: Path, *, url: str | None = None, title: str | None = None,
           author: str | None = None, publisher: str | None = None,
           published: str | None = None, pair: str | None = None,
           authority: str | None = None, language: str = "en",
           published_basis: str | None = None, published_note: str | None = None,
           note: str | None = None, data_dir: Path | None = None) -> Ingested:
    """Store ``file`` as a source and write its review sheet.

    Relative dates are resolved only against a day-precise publication date; with a
    coarser or unknown one they are proposed undated, their words kept.

    Raises
    ------
    IntakeError
        On bad input; nothing is written.
    """
    from briefing.pairs import parse_pair

    data_dir = Path(data_dir or config.DATA_DIR)
    codes = None
    if pair:
        try:
            codes = parse_pair(pair)
        except ValueError as exc:
            raise IntakeError(f"--pair: {exc}") from None
    know = knowledge_of(data_dir)
    stored = store(Path(file), url=url, title=title, author=author, publisher=publisher,
                   published=published, authority=authority, language=language,
                   published_basis=published_basis, published_note=published_note,
                   note=note, data_dir=data_dir)
    rows, found_pair = propose(stored.text, know, _published_date(stored.row), codes,
                               _published_span(stored.row))
    path = sheet_path(stored.source_id, data_dir)
    write_sheet(path, rows)
    return Ingested(stored.source_id, path, len(rows), found_pair)
