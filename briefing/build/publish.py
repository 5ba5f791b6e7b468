"""Publishing: staging folders, the record of a good build, the facts snapshot, and the swap
that puts a complete briefing in place under a lock.

Everything a build writes goes to a staging folder first; a briefing replaces the last good
one only when all its notebooks succeeded, so a failure never leaves a mixed set.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from briefing import config
from briefing.build.steps import RECORD_FILE, read_record


def new_stage(name: str) -> Path:
    """A fresh staging folder for briefing ``name`` under the reports folder."""
    stage = config.REPORTS_DIR / f".{name}.staging-{os.getpid()}-{time.time_ns()}"
    stage.mkdir(parents=True)
    return stage


def previous_build(out_dir: Path, stage: Path) -> dict:
    """Copy the last good build's facts snapshot into the staging folder (a concurrent build
    may replace it meanwhile) and say where it is and when that build was made.

    Returns the parameters ``previous_facts`` and ``previous_build`` for the briefing
    notebook, or an empty dict when there is no earlier build.
    """
    snapshot = out_dir / "facts-snapshot"
    record = read_record(out_dir)
    if not snapshot.is_dir() or record is None:
        return {}
    dest = stage / "previous-facts"
    shutil.copytree(snapshot, dest)
    return {"previous_facts": str(dest), "previous_build": record.get("built_at", "")}


def snapshot_facts(data_dir: Path, dest: Path) -> None:
    """Copy the fact tables a build used beside its outputs (for the next change list)."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted((data_dir / "facts").glob("*")):
        if f.is_file():
            shutil.copy(f, dest / f.name)


def write_record(stage: Path, record: dict) -> None:
    """Write ``build.json`` into the staging folder."""
    (stage / RECORD_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")


def swap_into_place(stage: Path, final: Path) -> None:
    """Replace ``final`` by ``stage`` under a lock, never leaving a mixed set."""
    lock_path = final.parent / f".{final.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = None
        if final.exists():
            old = final.parent / f".{final.name}.old-{os.getpid()}-{time.time_ns()}"
            os.rename(final, old)
        os.rename(stage, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
