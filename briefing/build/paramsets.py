"""Parameter sets: what to build. A YAML file names the briefing (its folder under
``reports/``), its title, its notebooks and their parameters; the command line may override
parameters and the pair.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing import config
from briefing.build.errors import BuildError

KEYS = ("briefing", "title", "notebooks", "parameters")


@dataclass
class Briefing:
    """One briefing to build: its name, notebooks and parameters.

    ``name`` is the output folder under ``reports/``; ``title`` may be empty, and then the
    pair's name is used (:attr:`display_title`).
    """

    name: str
    title: str
    notebooks: list[Path]
    parameters: dict
    params_file: Path | None = None
    timings: list[tuple[str, float]] = field(default_factory=list)

    @property
    def out_dir(self) -> Path:
        return config.REPORTS_DIR / self.name

    def display_title(self) -> str:
        """The title, or the pair's name ("India–Kazakhstan") when none is given (the
        briefing's name when the parameters name no pair)."""
        if self.title:
            return self.title
        from briefing.pairs import pair_label, parse_pair

        try:
            return pair_label(parse_pair(self.parameters.get("pair", "")))
        except ValueError:
            return self.name


def plain(value):
    """YAML dates become ISO strings: notebooks take dates as ``str`` parameters."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def slug(text: str) -> str:
    """``"IND-UZB"`` -> ``"ind-uzb"``: lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_params(path: Path, overrides: dict | None = None, pair: str | None = None) -> Briefing:
    """Read a parameter set and apply command-line overrides.

    The file holds ``briefing`` (the output folder), optionally ``title``, ``notebooks``
    (names in ``notebooks/`` without ``.ipynb``) and ``parameters``. ``pair`` overrides the
    pair and the output folder (named after the pair).

    Raises
    ------
    BuildError
        If the file is missing, not YAML, or holds unknown keys or notebooks.
    """
    path = Path(path)
    if not path.is_file():
        raise BuildError(f"parameter file not found: {path}")
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML: {exc}") from exc
    unknown = set(spec) - set(KEYS)
    if unknown:
        raise BuildError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected "
                         f"{', '.join(KEYS)}")
    params = {k: plain(v) for k, v in (spec.get("parameters") or {}).items()}
    params.update({k: plain(v) for k, v in (overrides or {}).items()})
    name = str(spec.get("briefing") or path.stem)
    title = spec.get("title") or ""
    if pair:
        params["pair"] = pair
        name = slug(pair)
        title = ""
    names = spec.get("notebooks") or [p.stem for p in sorted(
        config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))]
    notebooks = []
    for nb in names:
        nb_path = config.NOTEBOOKS_DIR / f"{nb}.ipynb"
        if not nb_path.is_file():
            raise BuildError(f"{path}: notebook {nb!r} not found in {config.NOTEBOOKS_DIR}")
        notebooks.append(nb_path)
    return Briefing(name, title, notebooks, params, path)


def output_stem(notebook: Path) -> str:
    """Stable output name of a notebook: ``90-briefing.ipynb`` -> ``briefing``."""
    stem = notebook.stem
    head, _, rest = stem.partition("-")
    return rest if head.isdigit() and rest else stem


def notebook_meta(notebook: Path) -> dict:
    """The notebook's ``metadata.briefing``: ``title`` (the part of the briefing it renders,
    e.g. "engagement timeline") and ``reads`` (the fact tables it reads)."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return dict(meta.get("briefing") or {})


def notebook_title(notebook: Path) -> str:
    """What the notebook renders, from its metadata, else its first heading."""
    title = notebook_meta(notebook).get("title")
    if title:
        return str(title)
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return output_stem(notebook)
