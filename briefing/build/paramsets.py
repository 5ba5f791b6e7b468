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

from briefing import config
from briefing.build.errors import BuildError
from briefing.notebooks import all_notebooks

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


#: A briefing's name is one folder under ``reports/``: lower-case letters, digits, hyphens.
NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
#: A notebook is named by its file name in ``notebooks/``, without ``.ipynb``.
NOTEBOOK = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def _notebook_path(name, where: str) -> Path:
    """The notebook ``notebooks/<name>.ipynb``, a regular file inside ``notebooks/``."""
    if not isinstance(name, str) or not NOTEBOOK.fullmatch(name):
        raise BuildError(f"{where}: {name!r} is not a notebook name (a file name in "
                         "notebooks/ without .ipynb, e.g. 10-timeline)")
    path = config.NOTEBOOKS_DIR / f"{name}.ipynb"
    inside = path.resolve().parent == config.NOTEBOOKS_DIR.resolve()
    if not (path.is_file() and inside):
        raise BuildError(f"{where}: notebook {name!r} not found in {config.NOTEBOOKS_DIR}")
    return path


def load_params(path: Path, overrides: dict | None = None, pair: str | None = None) -> Briefing:
    """Read a parameter set and apply command-line overrides.

    The file holds ``briefing`` (the output folder: one safe name under ``reports/``),
    optionally ``title``, ``notebooks`` (names in ``notebooks/`` without ``.ipynb``) and
    ``parameters``. ``pair`` overrides the pair and the output folder (named after it).

    Raises
    ------
    BuildError
        Naming the file and key: a file that is missing, unreadable, too large, not UTF-8 or
        not YAML (aliases and duplicate keys refused), not a mapping, with unknown keys, a
        briefing name that is not a plain folder name, or a notebook outside ``notebooks/``.
        Nothing has been written when it is raised.
    """
    from briefing.build import safeyaml

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError(f"parameter file not found: {path}") from None
    except OSError as exc:  # a folder, no permission, …
        raise BuildError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        spec = safeyaml.load(data, str(path))
    except safeyaml.YamlError as exc:
        raise BuildError(str(exc)) from None
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise BuildError(f"{path}: expected a mapping of {', '.join(KEYS)}, got a "
                         f"{type(spec).__name__}")
    unknown = set(map(str, spec)) - set(KEYS)
    if unknown:
        raise BuildError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected "
                         f"{', '.join(KEYS)}")
    parameters = spec.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise BuildError(f"{path}: key 'parameters': expected a mapping of name: value, got a "
                         f"{type(parameters).__name__}")
    bad = [k for k in parameters if not isinstance(k, str) or not k.isidentifier()]
    if bad:
        raise BuildError(f"{path}: key 'parameters': {bad[0]!r} is not a parameter name")
    params = {k: plain(v) for k, v in parameters.items()}
    params.update({k: plain(v) for k, v in (overrides or {}).items()})
    name = spec.get("briefing", path.stem)
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise BuildError(f"{path}: key 'briefing': {name!r} is not a folder name under "
                         "reports/: use lower-case letters, digits and hyphens, e.g. "
                         "india-kazakhstan")
    title = spec.get("title") or ""
    if not isinstance(title, str):
        raise BuildError(f"{path}: key 'title': expected text, got {title!r}")
    if pair:
        params["pair"] = pair
        name = slug(pair)
        title = ""
    names = spec.get("notebooks") or [p.stem for p in all_notebooks()]
    if not isinstance(names, list):
        raise BuildError(f"{path}: key 'notebooks': expected a list of notebook names, got "
                         f"{names!r}")
    notebooks = [_notebook_path(nb, f"{path}: key 'notebooks'") for nb in names]
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
