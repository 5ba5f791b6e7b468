"""Steps of a build as small objects that know their inputs (after Our World in Data's etl):
each computes a checksum of what its outputs depend on and says whether it is dirty, i.e.
whether the last good build made its outputs from other inputs.

- :class:`BriefingStep`: a whole briefing; unchanged inputs skip the build entirely.
- :class:`NotebookStep`: one notebook of a briefing; unchanged inputs reuse its outputs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from briefing import config
from briefing.build.paramsets import Briefing, notebook_meta

#: The record of a good build, beside its outputs.
RECORD_FILE = "build.json"


def _files_under(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    out = []
    for pattern in patterns:
        out += [p for p in root.glob(pattern) if p.is_file() and not p.is_symlink()
                and "__pycache__" not in p.parts]
    return sorted(set(out))


def _hash_files(h, files: list[Path], data_dir: Path) -> str:
    """Add each file's name (relative to the data or the repository) and bytes to ``h``."""
    for f in files:
        if f.is_relative_to(data_dir):
            key = f.relative_to(data_dir)
        elif f.is_relative_to(config.PROJ_ROOT):
            key = f.relative_to(config.PROJ_ROOT)
        else:
            key = Path(f.parent.name) / f.name  # e.g. a notebooks folder set by a test
        h.update(str(key).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _code_files() -> list[Path]:
    """The package code, its template and the lock: part of every step's inputs."""
    files = _files_under(config.PROJ_ROOT / "briefing", ("**/*.py", "templates/**/*"))
    return files + [config.PROJ_ROOT / "requirements.txt"]


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def outputs_intact(folder: Path, record: dict, outputs: list[str]) -> bool:
    """True when each of ``outputs`` exists in ``folder`` with the SHA-256 the record says
    the build wrote: a truncated, garbled or replaced output is never skipped or reused."""
    hashes = record.get("output_sha256")
    if not isinstance(hashes, dict) or not outputs:
        return False
    for rel in outputs:
        path = folder / rel
        try:
            if rel not in hashes or not path.is_file() or sha256(path) != hashes[rel]:
                return False
        except OSError:
            return False
    return True


def read_record(out_dir: Path) -> dict | None:
    """The last good build's record in ``out_dir``, or None if absent or unreadable."""
    try:
        record = json.loads((out_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


@dataclass
class BriefingStep:
    """A whole briefing: parameters, notebooks, data, code, template and the lock."""

    briefing: Briefing
    data_dir: Path

    def checksum(self) -> str:
        b = self.briefing
        h = hashlib.sha256()
        h.update(json.dumps({"name": b.name, "title": b.title, "parameters": b.parameters,
                             "notebooks": [p.name for p in b.notebooks]},
                            sort_keys=True).encode())
        files = list(b.notebooks) + _files_under(self.data_dir, ("facts/*", "sources/**/*"))
        return _hash_files(h, files + _code_files(), self.data_dir)

    def is_dirty(self, checksum: str | None = None) -> bool:
        """True unless the last good build had the same inputs and its outputs exist."""
        record = read_record(self.briefing.out_dir)
        if record is None:
            return True
        outputs = record.get("outputs")
        return not (record.get("fingerprint") == (checksum or self.checksum())
                    and isinstance(outputs, list)
                    and outputs_intact(self.briefing.out_dir, record, outputs))


@dataclass
class NotebookStep:
    """One notebook of a briefing: executed by papermill, rendered to HTML and PDF.

    ``parameters`` are those the notebook declares; ``stage`` is the briefing's staging
    folder; ``title``, ``header_right`` and ``footer`` go into the rendered page.
    """

    briefing: str
    notebook: Path
    stem: str
    parameters: dict
    title: str
    header_right: str
    footer: str
    created: str
    stage: Path
    failed_dir: Path
    checksum_value: str = ""
    timings: list[tuple[str, float]] = field(default_factory=list)

    @property
    def outputs(self) -> list[str]:
        """Output files, relative to the briefing's folder."""
        return [f"{self.stem}.html", f"{self.stem}.pdf", f"notebooks/{self.notebook.name}"]

    def reads(self) -> list[str] | None:
        """The fact tables the notebook declares it reads; None means every table."""
        reads = notebook_meta(self.notebook).get("reads")
        return list(reads) if reads else None

    def checksum(self, data_dir: Path) -> str:
        """SHA-256 over what this notebook's outputs depend on: the notebook, the parameters
        it receives (except the previous build's, which change every time), the page's
        words, the fact tables it reads, every source text, the schema, the code, the
        template and the lock. Every table is still validated before any notebook runs, so
        a table a notebook does not read cannot make its output wrong."""
        h = hashlib.sha256()
        # the previous build's facts change every time; data_dir names this build's snapshot
        # of the data, whose bytes are hashed below
        params = {k: v for k, v in self.parameters.items()
                  if not k.startswith("previous_") and k != "data_dir"}
        h.update(json.dumps({"params": params, "title": self.title,
                             "header": self.header_right}, sort_keys=True).encode())
        reads = self.reads()
        tables = None if reads is None else ["datapackage.json"] + [f"{t}.csv" for t in reads]
        files = [self.notebook]
        files += [f for f in _files_under(data_dir, ("facts/*",))
                  if tables is None or f.name in tables]
        files += _files_under(data_dir, ("sources/**/*",))
        self.checksum_value = _hash_files(h, files + _code_files(), data_dir)
        return self.checksum_value

    def is_dirty(self, out_dir: Path) -> bool:
        """True unless the last good build in ``out_dir`` made this notebook's outputs from
        the same inputs and they are all there."""
        record = read_record(out_dir)
        if record is None or not self.checksum_value:
            return True
        notebooks = record.get("notebooks")
        same = isinstance(notebooks, dict) and notebooks.get(self.stem) == self.checksum_value
        return not (same and outputs_intact(out_dir, record, self.outputs))
