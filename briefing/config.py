"""Every path the project uses, built from the repository root.

Notebooks import these instead of writing paths, so they work both from the repository root
(papermill, the build) and from ``notebooks/`` (JupyterLab).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]


def _env_path(name: str, default: Path) -> Path:
    """The path in environment variable ``name``, else ``default``.

    A relative value is taken from the working directory of the process that reads it first
    and written back absolute, so the kernels it starts (papermill and nbval run them in
    ``notebooks/``) find the same folder: ``BRIEFING_DATA_DIR=tests/fixtures/seed`` given at
    the repository root means that folder in every kernel too.
    """
    value = os.environ.get(name)
    if not value:
        return default
    path = Path(value).expanduser().absolute()
    os.environ[name] = str(path)
    return path


#: Root of the data; ``BRIEFING_DATA_DIR`` overrides it (tests and reruns on a copy).
DATA_DIR = _env_path("BRIEFING_DATA_DIR", PROJ_ROOT / "data")
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
PARAMS_DIR = PROJ_ROOT / "params"
#: The parameter set built when none is given; ``BRIEFING_PARAMS`` overrides it (the tests
#: point it at their frozen fixture).
DEFAULT_PARAMS = _env_path("BRIEFING_PARAMS", PARAMS_DIR / "india-kazakhstan.yaml")
REPORTS_DIR = _env_path("BRIEFING_REPORTS_DIR", PROJ_ROOT / "reports")
TEMPLATES_DIR = PROJ_ROOT / "briefing" / "templates"
#: Validated facts, keyed by the bytes of their inputs; ``BRIEFING_CACHE_DIR`` overrides it.
CACHE_DIR = _env_path("BRIEFING_CACHE_DIR", PROJ_ROOT / ".cache")


def sources_dir(data_dir: Path | str | None = None) -> Path:
    """Folder of the raw source texts (immutable) under ``data_dir``."""
    return Path(data_dir or DATA_DIR) / "sources"


def facts_dir(data_dir: Path | str | None = None) -> Path:
    """Folder of the curated fact tables and their ``datapackage.json`` under ``data_dir``."""
    return Path(data_dir or DATA_DIR) / "facts"


def resolve_data_dir(data_dir: Path | str | None) -> Path:
    """Resolve a notebook's ``data_dir`` parameter.

    An empty value means the project's data; a relative path is taken from the repository
    root, so the same parameter works from any working directory.
    """
    if not data_dir:
        return DATA_DIR
    path = Path(data_dir).expanduser()
    return path if path.is_absolute() else PROJ_ROOT / path
