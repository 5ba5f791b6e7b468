"""One snapshot of the inputs, taken when a build starts.

Curators may edit ``data/`` while a build runs. The build therefore copies the fact tables
and the source texts once, at its start, and reads only that copy: the checks, the
notebooks and the facts snapshot kept beside the briefing all see the same bytes.
Symbolic links are copied as links, so that validation still sees and refuses them.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from briefing import config


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs (a build that left a folder may still be going)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale() -> None:
    """Remove the snapshots of builds whose process no longer runs."""
    for folder in config.REPORTS_DIR.glob(".inputs-*"):
        parts = folder.name.split("-")
        if len(parts) >= 3 and parts[1].isdigit() and not process_alive(int(parts[1])):
            shutil.rmtree(folder, ignore_errors=True)


def take(data_dir: Path) -> Path:
    """Copy ``facts/`` and ``sources/`` of ``data_dir`` to a fresh folder under the reports
    folder and return it (the caller removes it)."""
    remove_stale()
    dest = config.REPORTS_DIR / f".inputs-{os.getpid()}-{time.time_ns()}"
    dest.mkdir(parents=True)
    for part in ("facts", "sources"):
        src = Path(data_dir) / part
        if src.is_dir():
            shutil.copytree(src, dest / part, symlinks=True)
    return dest
