"""Shared fixtures: a private copy of the data for tests that break or extend it.

The test environment (frozen seed fixture, scratch cache and reports) is set by the
repository's root ``conftest.py``, before anything imports the package.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from briefing import config


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data folder."""
    dest = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dest


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write a CSV file the way the curated tables are written."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Set one cell of the row whose first column is ``row_id``; return its line number."""
    header, rows = read_rows(path)
    for i, row in enumerate(rows):
        if row[header[0]] == row_id:
            row[column] = value
            write_rows(path, header, rows)
            return i + 2  # header is line 1; no multi-line cells in the curated tables
    raise KeyError(row_id)


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); return its line number."""
    header, rows = read_rows(path)
    rows.append({h: values.get(h, "") for h in header})
    write_rows(path, header, rows)
    return len(rows) + 1


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """One build of the reference briefing on the frozen seed, shared by the whole session:
    the folder ``reports/india-kazakhstan`` of a session reports folder."""
    from briefing import build

    root = tmp_path_factory.mktemp("reports")
    mp = pytest.MonkeyPatch()
    mp.setattr(config, "REPORTS_DIR", root)
    try:
        build.build(force=True)
    finally:
        mp.undo()
    return root / "india-kazakhstan"
