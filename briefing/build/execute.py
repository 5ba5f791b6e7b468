"""Running one notebook: papermill executes it, nbconvert renders it, WeasyPrint prints it.

:func:`run_step` runs in a worker process; it never raises for a failing cell, but returns
the failure (the notebook, the cell, the nearest heading, the exception) and keeps the partly
executed notebook for the reader to open.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from briefing import config
from briefing.build.steps import NotebookStep


@dataclass
class StepResult:
    """What became of one step: its timings, or the error and where the partial notebook is."""

    stem: str
    timings: list[tuple[str, float]]
    error: str = ""
    partial: str = ""
    reused: bool = False


def nearest_heading(nb, index: int) -> str:
    """The last markdown heading at or before cell ``index``."""
    for cell in reversed(nb.cells[: index + 1]):
        if cell.cell_type == "markdown":
            for line in reversed(cell.source.splitlines()):
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "(before the first heading)"


def die_with_parent() -> None:
    """Worker initializer: on Linux, ask the kernel to end this worker when the build that
    started it dies (even by SIGKILL), so that no worker outlives its build. A notebook's
    kernel ends with its worker (ipykernel watches its parent)."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _shown(path: Path) -> str:
    path = Path(path)
    return str(path.relative_to(config.PROJ_ROOT)) if path.is_relative_to(config.PROJ_ROOT) \
        else str(path)


def _failed(step: NotebookStep, executed: Path, exc) -> StepResult:
    """The result of a notebook whose cell raised: where, and the partial notebook kept."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    cell_no = exc.cell_index + 1 - (1 if injected and exc.cell_index > 0 else 0)
    step.failed_dir.mkdir(parents=True, exist_ok=True)
    partial = step.failed_dir / step.notebook.name
    shutil.copy(executed, partial)
    return StepResult(step.stem, [], error=(
        f"{_shown(step.notebook)}: cell {cell_no} (under "
        f"\u201c{nearest_heading(nb, exc.cell_index)}\u201d) raised {exc.ename}: "
        f"{exc.evalue}"), partial=str(partial))


#: How a kernel that never started says so: a lost race for a port between kernels
#: starting side by side ("Address already in use"), not a fault of the notebook.
_KERNEL_START = ("Kernel died before replying to kernel_info", "Kernel didn't respond")


def execute(src: Path, executed: Path, parameters: dict, attempts: int = 3) -> None:
    """Execute a notebook with papermill, starting its kernel again (up to ``attempts``
    times in all) if the kernel died before it ran a cell.

    Parameters
    ----------
    src, executed
        The notebook, and where the executed copy is written.
    parameters
        Injected into the notebook's ``parameters`` cell.
    attempts
        How many kernel starts to try before the error is raised.
    """
    import papermill as pm

    for attempt in range(1, attempts + 1):
        try:
            pm.execute_notebook(str(src), str(executed), parameters=parameters,
                                cwd=str(config.PROJ_ROOT), progress_bar=False,
                                log_output=False, kernel_name="python3")
            return
        except RuntimeError as exc:
            if attempt == attempts or not any(m in str(exc) for m in _KERNEL_START):
                raise
            time.sleep(0.5 * attempt)


def run_step(step: NotebookStep) -> StepResult:
    """Execute one notebook into the staging folder and render it to HTML and PDF."""
    import nbformat
    import papermill as pm

    from briefing import render

    # Charts render to PNG in the kernel; the library leaves the backend to its caller.
    os.environ["MPLBACKEND"] = "Agg"
    src, stage = step.notebook, step.stage
    executed = stage / "notebooks" / src.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    timings = []
    t0 = time.perf_counter()
    try:
        execute(src, executed, step.parameters)
    except pm.PapermillExecutionError as exc:
        return _failed(step, executed, exc)
    except Exception as exc:  # noqa: BLE001 - a dead kernel, a timeout: one line, not a trace
        kept = ""
        if executed.is_file():
            step.failed_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(executed, step.failed_dir / src.name)
            kept = str(step.failed_dir / src.name)
        return StepResult(step.stem, [], error=(
            f"{_shown(src)}: the notebook could not run to its end: {type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else 'no detail'}"),
            partial=kept)
    timings.append((f"execute {src.stem}", time.perf_counter() - t0))
    t0 = time.perf_counter()
    nb = nbformat.read(executed, as_version=4)
    html = render.render_html(nb, step.title, step.header_right, step.footer, step.created)
    (stage / f"{step.stem}.html").write_text(html, encoding="utf-8")
    timings.append((f"html {src.stem}", time.perf_counter() - t0))
    t0 = time.perf_counter()
    render.render_pdf(html, stage / f"{step.stem}.pdf", base_url=stage)
    timings.append((f"pdf {src.stem}", time.perf_counter() - t0))
    return StepResult(step.stem, timings)


def reuse_step(step: NotebookStep, out_dir: Path) -> StepResult:
    """Copy a clean step's outputs from the last good build into the staging folder."""
    for rel in step.outputs:
        src = out_dir / rel
        if src.is_file():
            (step.stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, step.stage / rel)
    return StepResult(step.stem, [], reused=True)
