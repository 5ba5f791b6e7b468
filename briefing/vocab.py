"""Labels of the vocabularies (statuses, levels, defect kinds, measures, period bases).

They are read from the schema, ``datapackage.json`` (``x-labels`` beside each field's
``enum``), so that a code and the words a reader sees for it are defined once, next to the
data, and never copied into code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from briefing import config


@lru_cache(maxsize=8)
def _fields(descriptor: Path) -> dict[tuple[str, str], dict]:
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    return {(res["name"], f["name"]): f for res in package["resources"]
            for f in res["schema"]["fields"]}


def labels(table: str, field: str, data_dir: Path | str | None = None,
           form: str = "labels") -> dict[str, str]:
    """Code -> reader's label of a vocabulary field, from the schema of ``data_dir``.

    ``form`` picks the schema's ``x-<form>``: ``labels`` (the default: "calendar year"),
    ``adjectives`` ("calendar-year") or ``plurals`` ("Calendar years").

    Raises
    ------
    KeyError
        If the schema has no such field or the field has no such labels.
    """
    descriptor = (config.facts_dir(data_dir) / "datapackage.json").resolve()
    found = _fields(descriptor).get((table, field))
    if found is None or f"x-{form}" not in found:
        raise KeyError(f"{descriptor}: {table}.{field} has no x-{form}")
    return dict(found[f"x-{form}"])
