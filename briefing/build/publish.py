"""Publishing: staging folders, the record of a good build, the facts snapshot, and the
atomic switch that puts a complete briefing in place.

Layout under ``reports/``::

    india-kazakhstan -> .india-kazakhstan.d/b-<id>     the published briefing (a symlink)
    .india-kazakhstan.d/b-<id>/                        complete builds (the current one)
    .india-kazakhstan.d/staging-<pid>-<ns>/            a build under way
    .india-kazakhstan.lock                             held while publishing or cleaning
    india-kazakhstan.failed/                           the partly run notebooks of the
                                                       latest failure, if any

A build writes into a staging folder; when all its notebooks succeeded, the folder is renamed
to a build folder and the symlink is replaced by a new one in one ``rename`` (atomic on
POSIX), so at every instant ``reports/<briefing>`` is either the old complete briefing or the
new one, and a crash at any point loses neither it nor its facts snapshot (the change
history). Stale staging folders of builds that died are removed by a later build, under the
lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from briefing import config
from briefing.build.snapshot import process_alive
from briefing.build.steps import RECORD_FILE, read_record, sha256

SNAPSHOT = "facts-snapshot"


def store(name: str) -> Path:
    """The folder holding the builds of briefing ``name``."""
    return config.REPORTS_DIR / f".{name}.d"


@contextlib.contextmanager
def locked(name: str):
    """Hold the briefing's lock (one publisher or cleaner at a time)."""
    config.REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    with open(config.REPORTS_DIR / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _pid_of(folder: Path) -> int | None:
    """The process id in a staging folder's name (``staging-<pid>-<ns>``), if any."""
    parts = folder.name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def remove_stale(name: str) -> list[Path]:
    """Remove what builds of ``name`` that died left behind: staging folders of processes that
    no longer run, and complete builds that are no longer published. Returns what went."""
    removed = []
    if not store(name).is_dir() and not any(config.REPORTS_DIR.glob(f".{name}.staging-*")):
        return removed  # nothing was ever built here: write nothing, not even a lock
    with locked(name):
        current = published(name)
        folder = store(name)
        for child in sorted(folder.iterdir()) if folder.is_dir() else []:
            if child.name.startswith("staging-"):
                pid = _pid_of(child)
                if pid is not None and pid != os.getpid() and process_alive(pid):
                    continue
                if pid == os.getpid():
                    continue
            elif child.name.startswith("b-"):
                if current is not None and child.resolve() == current.resolve():
                    continue
            else:
                continue
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
        # the layout before the symlink switch left dot-folders beside the briefing
        for child in config.REPORTS_DIR.glob(f".{name}.staging-*"):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
    return removed


def published(name: str) -> Path | None:
    """The folder of the published briefing ``name`` (through its symlink), or None."""
    final = config.REPORTS_DIR / name
    if final.is_symlink():
        target = final.resolve()
        return target if target.is_dir() else None
    return final if final.is_dir() else None


def new_stage(name: str) -> Path:
    """A fresh staging folder for briefing ``name``, beside its builds."""
    folder = store(name)
    folder.mkdir(parents=True, exist_ok=True)
    stage = folder / f"staging-{os.getpid()}-{time.time_ns()}"
    stage.mkdir()
    return stage


def previous_build(name: str, stage: Path) -> dict:
    """Copy the last good build's facts snapshot into the staging folder and say where it is
    and when that build was made.

    Returns the parameters ``previous_facts`` and ``previous_build`` for the briefing
    notebook, or an empty dict when there is no earlier good build.
    """
    current = published(name)
    if current is None:
        return {}
    snapshot, record = current / SNAPSHOT, read_record(current)
    if not snapshot.is_dir() or record is None:
        return {}
    dest = stage / "previous-facts"
    shutil.copytree(snapshot, dest)
    params = record.get("parameters") if isinstance(record.get("parameters"), dict) else {}
    return {"previous_facts": str(dest), "previous_build": str(record.get("built_at", "")),
            "previous_as_of": str(params.get("as_of", ""))}


def snapshot_facts(data_dir: Path, dest: Path) -> None:
    """Copy the fact tables a build used beside its outputs (for the next change list)."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted((data_dir / "facts").glob("*")):
        if f.is_file() and not f.is_symlink():
            shutil.copy(f, dest / f.name)


def write_record(stage: Path, record: dict) -> None:
    """Write ``build.json`` into the staging folder, with the SHA-256 of every output, so a
    later build skips or reuses an output only when its bytes are still the ones it made."""
    record = dict(record)
    record["output_sha256"] = {rel: sha256(stage / rel) for rel in record.get("outputs", [])}
    (stage / RECORD_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")


def publish(stage: Path, name: str) -> Path:
    """Make the complete build in ``stage`` the published briefing ``name``, atomically.

    The staging folder becomes a build folder (a rename in the same folder), then a new
    symlink replaces ``reports/<name>`` in one rename. Older build folders are removed after
    the switch. A briefing published by an earlier version as a real folder is first moved
    into the store, so that it too is kept until the switch.
    """
    final = config.REPORTS_DIR / name
    with locked(name):
        build_dir = stage.parent / f"b-{stage.name.removeprefix('staging-')}"
        os.rename(stage, build_dir)
        if final.exists() and not final.is_symlink():  # the folder layout of old builds
            os.rename(final, store(name) / f"b-legacy-{time.time_ns()}")
        link = config.REPORTS_DIR / f".{name}.link-{os.getpid()}-{time.time_ns()}"
        os.symlink(os.path.relpath(build_dir, config.REPORTS_DIR), link)
        os.replace(link, final)  # the one atomic step: old briefing, or new
        for child in store(name).iterdir():
            if child.name.startswith("b-") and child != build_dir:
                shutil.rmtree(child, ignore_errors=True)
    return build_dir
