"""Lay a test fixture (clearly marked test data) over a copy of the shipped data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from briefing import config

FIXTURES = Path(__file__).parent / "fixtures"


def data_with_fixture(name: str, dest: Path) -> Path:
    """Copy ``data/`` to ``dest`` and append the fixture's rows and source texts.

    The fixture folder holds ``sources/*.txt`` and ``facts/<table>.csv`` files whose header
    matches the table's; their rows are appended to the copied tables.
    """
    shutil.copytree(config.DATA_DIR, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return apply_fixture(name, dest)


def apply_fixture(name: str, dest: Path) -> Path:
    """Append a fixture's rows and source texts to the data folder ``dest``."""
    fixture = FIXTURES / name
    for text in (fixture / "sources").glob("*"):
        shutil.copy(text, dest / "sources" / text.name)
    for table in (fixture / "facts").glob("*.csv"):
        target = dest / "facts" / table.name
        with open(table, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        with open(target, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        if rows[0] != header:
            raise ValueError(f"{table}: header differs from {target}")
        with open(target, "a", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows[1:])
    return dest
