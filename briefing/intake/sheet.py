"""Steps 2–4 of intake: the review sheet, and merging its accepted rows into the facts.

A review sheet, ``data/intake/<source_id>.csv``, holds one candidate per row
(:data:`~briefing.intake.extract.SHEET_COLUMNS`). The analyst sets ``accept`` to ``yes``
or ``no``, edits any field, or adds rows. :func:`accept` gives accepted rows ids, writes
them into the fact tables (entities, places and aliases first; links as further sources or
status updates of the engagement they match), validates everything on a staging copy, and
writes nothing if any problem is found: each problem names the sheet's line and column.
Merged rows are marked ``merged`` with their fact id, so accepting again adds nothing;
rejected and pending rows stay in the sheet.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from briefing import config
from briefing.cells import LIST_SEP, split_list
from briefing.intake.extract import KINDS, SHEET_COLUMNS
from briefing.intake.store import IntakeError, write_csv_atomic

ACCEPT_VALUES = ("yes", "no", "", "merged")
#: Kind -> (table, id column, id prefix). Entities and places keep the proposed id.
TABLES = {
    "entity": ("entities", "entity_id", None),
    "place": ("places", "place_id", None),
    "alias": ("aliases", "alias", None),
    "engagement": ("engagements", "engagement_id", "eng-"),
    "link": ("engagement_sources", "link_id", "lnk-"),
    "trade": ("trade_observations", "observation_id", "trd-"),
    "claim": ("claims", "claim_id", "clm-"),
}
_ORDER = ["entity", "place", "alias", "engagement", "link", "trade", "claim"]
#: Table column -> sheet column, where the names differ (for error messages).
_SHEET_COLUMN = {
    "entity_id": "fact_id", "place_id": "fact_id", "alias": "name", "kind": "type",
    "variant_kind": "type", "engagement_id": "fact_id", "link_id": "fact_id",
    "observation_id": "fact_id", "claim_id": "fact_id", "subjects": "participants",
    "statement": "summary", "country_a": "actor_country", "country_b": "counterpart_country",
    "source_id": "quote",
}


@dataclass
class SheetRow:
    line: int
    values: dict


def sheet_path(source_id: str, data_dir: Path | None = None) -> Path:
    """Where a source's review sheet lives: ``<data>/intake/<source_id>.csv``."""
    return Path(data_dir or config.DATA_DIR) / "intake" / f"{source_id}.csv"


def write_sheet(path: Path, rows: list[dict]) -> None:
    """Write a review sheet (UTF-8 CSV a spreadsheet opens), through one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(path, SHEET_COLUMNS, rows)


def read_sheet(path: Path) -> list[SheetRow]:
    """Rows of a review sheet with their line numbers.

    Raises
    ------
    IntakeError
        If the file is not a sheet (missing columns, unknown columns, a broken row).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise IntakeError(f"{path}:{line}: not UTF-8; save the sheet as UTF-8 CSV") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise IntakeError(f"{path}: the sheet is empty") from None
    except csv.Error as exc:
        raise IntakeError(f"{path}:1: {exc}") from None
    missing = [c for c in SHEET_COLUMNS if c not in header]
    if missing:
        raise IntakeError(f"{path}:1: the header lacks column(s) {', '.join(missing)}")
    extra = [c for c in header if c not in SHEET_COLUMNS]
    if extra or len(set(header)) != len(header):
        raise IntakeError(f"{path}:1: unknown or repeated column(s) "
                          f"{', '.join(extra) or 'in the header'}")
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise IntakeError(f"{path}:{line}: a broken row: {exc}") from None
        if cells and any(c.strip() for c in cells):
            if len(cells) != len(header):
                raise IntakeError(f"{path}:{line}: {len(cells)} cells, the header has "
                                  f"{len(header)} (an unquoted comma?)")
            rows.append(SheetRow(line, dict(zip(header, cells, strict=True))))
        line = reader.line_num + 1
    return rows


def _next_id(existing: set[str], prefix: str, taken: set[str]) -> str:
    numbers = [int(m.group(1)) for x in existing | taken
               if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", x))]
    return f"{prefix}{(max(numbers) if numbers else 0) + 1:03d}"


def _read_table(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def accept(path: Path, data_dir: Path | None = None) -> dict[str, int]:
    """Merge a review sheet's accepted rows into the fact tables.

    Parameters
    ----------
    path
        The sheet, ``<data>/intake/<source_id>.csv``.
    data_dir
        The data folder (the project's ``data/`` by default).

    Returns
    -------
    dict
        Rows added per table.

    Raises
    ------
    IntakeError
        With every problem found, each naming the sheet's line and column; nothing has
        been written.
    """
    from briefing.facts import FactsError, load_facts, normalise_text

    data_dir = Path(data_dir or config.DATA_DIR)
    path = Path(path)
    source_id = path.stem
    rows = read_sheet(path)
    facts_dir = config.facts_dir(data_dir)
    tables = {name: _read_table(facts_dir / f"{name}.csv")
              for name in ("sources", "entities", "places", "aliases", "engagements",
                           "engagement_sources", "engagement_updates", "trade_observations",
                           "claims")}
    src = [r for r in tables["sources"][1] if r["source_id"] == source_id]
    if not src:
        raise IntakeError(f"{path}: no source {source_id!r} in facts/sources.csv (the sheet's "
                          "name is its source id)")
    from briefing.facts import source_path

    text_file = source_path(data_dir, src[0]["path"])
    if isinstance(text_file, str):
        raise IntakeError(f"{path}: the source's text: {text_file}")
    normalised = normalise_text(text_file.read_text(encoding="utf-8"))
    problems: list[str] = []

    def bad(row: SheetRow, column: str, message: str) -> None:
        problems.append(f"{path}:{row.line}: column '{column}': {message}")

    todo: list[SheetRow] = []
    for row in rows:
        v = row.values
        acc = v["accept"].strip().lower()
        if acc not in ACCEPT_VALUES:
            bad(row, "accept", f"{v['accept']!r}: expected yes, no or empty (pending)")
            continue
        if v["kind"] not in KINDS:
            bad(row, "kind", f"{v['kind']!r}: expected one of {', '.join(KINDS)}")
            continue
        if acc != "yes":
            continue
        quote = v["quote"].strip()
        if not quote:
            bad(row, "quote", "an accepted row needs its quote")
            continue
        parts = [p.strip() for p in quote.split("…")] if "…" in quote else [quote]
        if not all(normalise_text(p) in normalised for p in parts if p):
            bad(row, "quote", "not found in the source's text: a quote must be an exact "
                "span of it (edit the other fields, not the quote)")
            continue
        todo.append(row)
    known = {
        "entities": {r["entity_id"] for r in tables["entities"][1]},
        "places": {r["place_id"] for r in tables["places"][1]},
        "aliases": {r["alias"] for r in tables["aliases"][1]},
        "engagements": {r["engagement_id"]: r for r in tables["engagements"][1]},
        "trade": {r["observation_id"]: r for r in tables["trade_observations"][1]},
    }
    new_ids: set[str] = set()
    added: dict[str, list[tuple[SheetRow, dict]]] = {}
    already: dict[int, str] = {}
    for kind in _ORDER:
        for row in (r for r in todo if r.values["kind"] == kind):
            same = _already_there(kind, row.values, source_id, tables)
            if same:
                # the row was merged before (e.g. a run that stopped before marking the
                # sheet): it is marked, not added twice
                already[id(row)] = same
                continue
            for table, out in _rows_for(kind, row, source_id, known, tables, new_ids, bad):
                added.setdefault(table, []).append((row, out))
    if problems:
        raise IntakeError(_summary(problems))
    if not added:
        if already:
            for row in rows:
                if id(row) in already:
                    row.values["fact_id"] = already[id(row)]
                    row.values["accept"] = "merged"
            write_sheet(path, [r.values for r in rows])
        return {}
    # stage: a copy of the data with the new rows, validated as a whole
    staging = data_dir / f".intake-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(facts_dir, staging / "facts")
        shutil.copytree(config.sources_dir(data_dir), staging / "sources")
        lines: dict[tuple[str, int], SheetRow] = {}
        for table, pairs in added.items():
            header, old = tables[table]
            write_csv_atomic(staging / "facts" / f"{table}.csv", header,
                             [*old, *(o for _, o in pairs)])
            with (staging / "facts" / f"{table}.csv").open(encoding="utf-8",
                                                           newline="") as fh:
                reader = csv.reader(fh)
                next(reader)
                starts = []
                while True:
                    start = reader.line_num + 1
                    try:
                        next(reader)
                    except StopIteration:
                        break
                    starts.append(start)
            for (row, _), start in zip(pairs, starts[len(old):], strict=True):
                lines[(f"{table}.csv", start)] = row
        try:
            load_facts(staging, use_cache=False)
        except FactsError as exc:
            for p in exc.problems:
                row = lines.get((Path(p.file).name, p.line or -1))
                if row is not None:
                    col = _SHEET_COLUMN.get(p.column or "", p.column or "")
                    bad(row, col, p.message)
                else:
                    where = Path(p.file).name if p.line is None else \
                        f"{Path(p.file).name}:{p.line}"
                    col = f" column '{p.column}':" if p.column else ""
                    problems.append(f"facts/{where}:{col} {p.message} (with the sheet's rows "
                                    "added)")
            raise IntakeError(_summary(problems)) from None
        # the sheet as it will read once merged: each row's first fact id (a link that is
        # also a status update is named by its link)
        first: dict[int, str] = {}
        for table, pairs in added.items():
            for row, out in pairs:
                first.setdefault(id(row), (table, out[_ID_COLUMN[table]]))
        for row in rows:
            if id(row) in first:
                row.values["fact_id"] = first[id(row)][1]
                row.values["accept"] = "merged"
            elif id(row) in already:
                row.values["fact_id"] = already[id(row)]
                row.values["accept"] = "merged"
        staged_sheet = staging / "sheet.csv"
        write_sheet(staged_sheet, [r.values for r in rows])
        # publish: dependencies first, each table by one rename, the sheet last
        order = ["entities", "places", "aliases", "engagements", "engagement_sources",
                 "engagement_updates", "trade_observations", "claims"]
        for table in order:
            if table in added:
                os.replace(staging / "facts" / f"{table}.csv", facts_dir / f"{table}.csv")
        os.replace(staged_sheet, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {t: len(p) for t, p in added.items()}


_ID_COLUMN = {"entities": "entity_id", "places": "place_id", "aliases": "alias",
              "engagements": "engagement_id", "engagement_sources": "link_id",
              "engagement_updates": "update_id", "trade_observations": "observation_id",
              "claims": "claim_id"}


def _already_there(kind: str, v: dict, source_id: str, tables) -> str:
    """The id of a fact this row already is (same source, quote and what it says), or ""."""
    quote = v["quote"].strip()
    if kind == "engagement":
        hits = [r["engagement_id"] for r in tables["engagements"][1]
                if r["source_id"] == source_id and r["quote"] == quote and r["type"] == v["type"]
                and r["date_start"] == v["date_start"]]
    elif kind == "link":
        hits = [r["link_id"] for r in tables["engagement_sources"][1]
                if r["source_id"] == source_id and r["quote"] == quote
                and r["engagement_id"] == v["matches"]]
    elif kind == "trade":
        hits = [r["observation_id"] for r in tables["trade_observations"][1]
                if r["source_id"] == source_id and r["quote"] == quote and
                r["value"] == v["value"] and r["period_start"] == v["period_start"]]
    elif kind == "claim":
        hits = [r["claim_id"] for r in tables["claims"][1]
                if r["source_id"] == source_id and r["quote"] == quote and
                r["statement"] == v["summary"]]
    else:
        return ""
    return hits[0] if hits else ""


def _summary(problems: list[str]) -> str:
    n = len(problems)
    return (f"{n} problem{'s' if n != 1 else ''} in the review sheet; nothing was written:\n"
            + "\n".join(f"  {p}" for p in problems))


def _rows_for(kind, row: SheetRow, source_id, known, tables, new_ids, bad):
    """The fact-table rows one accepted sheet row becomes: [(table, row), …]."""
    v = {k: (val.strip() if isinstance(val, str) else val) for k, val in row.values.items()}
    quote = v["quote"]
    if kind in ("entity", "place"):
        table = "entities" if kind == "entity" else "places"
        ref = v["fact_id"]
        if not ref:
            bad(row, "fact_id", "give the new id (e.g. the name in lower case with hyphens)")
            return []
        if ref in known[table]:
            bad(row, "fact_id", f"{ref!r} is already in {table}")
            return []
        new_ids.add(ref)
        known[table].add(ref)
        if kind == "entity":
            return [(table, {"entity_id": ref, "name": v["name"], "kind": v["type"],
                             "country": v["country"], "role": v["role"],
                             "source_id": source_id, "quote": quote, "note": v["note"]})]
        return [(table, {"place_id": ref, "name": v["name"], "kind": v["type"],
                         "country": v["country"], "source_id": source_id, "quote": quote,
                         "note": v["note"]})]
    if kind == "alias":
        if v["name"] in known["aliases"]:
            bad(row, "name", f"alias {v['name']!r} is already recorded")
            return []
        known["aliases"].add(v["name"])
        return [("aliases", {"alias": v["name"], "entity_id": v["matches"],
                             "variant_kind": v["type"], "source_id": source_id,
                             "quote": quote, "note": v["note"]})]
    for col in ("participants", "places"):
        for ref in split_list(v.get(col, "")):
            pool = known["places"] if col == "places" else known["entities"]
            if ref not in pool:
                bad(row, col, f"{ref!r} is neither in the data nor accepted in this sheet "
                    f"(accept its {('place' if col == 'places' else 'entity')} row, or fix "
                    "the id)")
    if kind == "engagement":
        ref = _next_id(set(known["engagements"]), "eng-", new_ids)
        new_ids.add(ref)
        return [("engagements", {
            "engagement_id": ref, "source_id": source_id, "quote": quote,
            "summary": v["summary"], "type": v["type"], "status": v["status"],
            "level": v["level"], "actor_country": v["actor_country"],
            "counterpart_country": v["counterpart_country"], "participants": v["participants"],
            "places": v["places"], "domains": v["domains"], "date_start": v["date_start"],
            "date_end": v["date_end"], "date_precision": v["date_precision"],
            "date_basis": v["date_basis"], "date_expression": v["date_expression"],
            "date_resolution": "", "part_of": "", "note": v["note"]})]
    if kind == "link":
        target = known["engagements"].get(v["matches"])
        if target is None:
            bad(row, "matches", f"{v['matches']!r} is not an engagement in the data")
            return []
        ref = _next_id({r["link_id"] for r in tables["engagement_sources"][1]}, "lnk-", new_ids)
        new_ids.add(ref)
        out = [("engagement_sources", {
            "link_id": ref, "engagement_id": v["matches"], "source_id": source_id,
            "quote": quote, "date_start": v["date_start"], "date_end": v["date_end"],
            "date_precision": v["date_precision"] if v["date_start"] else "",
            "participants": v["participants"], "places": v["places"], "note": v["note"]})]
        if v["status"] and v["status"] != target["status"] and v["status"] in (
                "held", "cancelled", "postponed", "planned"):
            upd = _next_id({r["update_id"] for r in tables["engagement_updates"][1]}, "upd-",
                           new_ids)
            new_ids.add(upd)
            out.append(("engagement_updates", {
                "update_id": upd, "engagement_id": v["matches"], "source_id": source_id,
                "quote": quote, "status": v["status"], "date_start": v["date_start"],
                "date_end": v["date_end"],
                "date_precision": v["date_precision"] if v["date_start"] else "",
                "note": v["note"]}))
        return out
    if kind == "trade":
        m = known["trade"].get(v["matches"])
        if m is not None and m["source_id"] == source_id and _same_figure(m, v):
            bad(row, "matches", f"the same figure from the same source is already "
                f"{v['matches']}: set accept to no")
            return []
        ref = _next_id(set(known["trade"]), "trd-", new_ids)
        new_ids.add(ref)
        note = "; ".join(x for x in (v["note"], f"growth as stated: {v['growth']}"
                                     if v["growth"] else "") if x)
        return [("trade_observations", {
            "observation_id": ref, "source_id": source_id, "quote": quote, "reporter": "",
            "measure": v["measure"], "country_a": v["actor_country"],
            "country_b": v["counterpart_country"], "period_start": v["period_start"],
            "period_end": v["period_end"], "period_basis": v["period_basis"],
            "value": v["value"], "unit": v["unit"], "currency": v["currency"], "note": note})]
    if kind == "claim":
        ref = _next_id({r["claim_id"] for r in tables["claims"][1]}, "clm-", new_ids)
        new_ids.add(ref)
        return [("claims", {"claim_id": ref, "source_id": source_id, "quote": quote,
                            "topic": v["topic"], "subjects": v["participants"],
                            "statement": v["summary"], "engagement_id": v["matches"],
                            "note": v["note"]})]
    return []


def _same_figure(obs: dict, v: dict) -> bool:
    try:
        return (float(obs["value"]) == float(v["value"]) and obs["unit"] == v["unit"] and
                obs["currency"] == v["currency"] and obs["period_start"] == v["period_start"]
                and obs["measure"] == v["measure"])
    except ValueError:
        return False


__all__ = ["accept", "read_sheet", "write_sheet", "sheet_path", "LIST_SEP"]
