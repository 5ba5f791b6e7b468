"""Notebook housekeeping: parameters, checked before any kernel starts; pinned outputs.

Notebooks are committed without outputs, except the cells marked ``# NBVAL_CHECK_OUTPUT``
whose output nbval compares; :func:`pin_outputs` re-executes a notebook and keeps exactly
those.
"""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import nbformat
import papermill

from briefing import config

PIN_MARK = "NBVAL_CHECK_OUTPUT"
_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}


class ParameterError(ValueError):
    """A parameter set does not fit a notebook's ``parameters`` cell."""


def notebook_parameters(path: Path | str) -> dict[str, dict]:
    """The parameters a notebook declares: name -> ``{"type", "default", "help"}``."""
    params = papermill.inspect_notebook(str(path))
    return {
        name: {
            "type": p["inferred_type_name"],
            "default": ast.literal_eval(p["default"]),
            "help": p["help"],
        }
        for name, p in params.items()
    }


def check_parameters(path: Path | str, values: dict) -> None:
    """Raise :class:`ParameterError` if a name is unknown to the notebook or a value has the
    wrong type (papermill itself only warns)."""
    declared = notebook_parameters(path)
    problems = []
    for name, value in values.items():
        if name not in declared:
            problems.append(f"unknown parameter {name!r} (the notebook declares: "
                            f"{', '.join(declared)})")
            continue
        expected = _TYPES.get(declared[name]["type"])
        ok = expected is None or isinstance(value, expected) or (
            expected is float and isinstance(value, int) and not isinstance(value, bool))
        if expected is int and isinstance(value, bool):
            ok = False
        if not ok:
            problems.append(f"parameter {name!r} is {type(value).__name__} {value!r}, the "
                            f"notebook expects {declared[name]['type']}")
    if problems:
        raise ParameterError(f"{Path(path).name}: " + "; ".join(problems))


def strip_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without outputs and execution counts, except in pinned cells."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if PIN_MARK not in cell.source:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata.pop("papermill", None)
    return nb


def pin_outputs(path: Path | str) -> int:
    """Execute a notebook from its folder and keep only the pinned cells' outputs.

    Returns the number of pinned cells.
    """
    path = Path(path)
    executed = papermill.execute_notebook(str(path), None, cwd=str(path.parent),
                                          progress_bar=False)
    nb = nbformat.read(path, as_version=4)
    pinned = 0
    for cell, done in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type == "code":
            if PIN_MARK in cell.source:
                cell.outputs = done.outputs
                cell.execution_count = done.execution_count
                pinned += 1
            else:
                cell.outputs = []
                cell.execution_count = None
    nbformat.write(strip_outputs(nb), path)
    return pinned


def all_notebooks() -> list[Path]:
    """The project's analysis notebooks in reading order: the ones a briefing runs. Tool
    notebooks (``metadata.briefing.kind: tool``, e.g. ``05-intake``) are left out."""
    return [p for p in sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))
            if _kind(p) != "tool"]


def _kind(path: Path) -> str:
    try:
        meta = nbformat.read(path, as_version=4).metadata.get("briefing", {})
    except Exception:  # noqa: BLE001 - an unreadable notebook is reported where it is run
        return ""
    return meta.get("kind", "") if isinstance(meta, dict) else ""
