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
        pm.execute_notebook(str(src), str(executed), parameters=step.parameters,
                            cwd=str(config.PROJ_ROOT), progress_bar=False, log_output=False,
                            kernel_name="python3")
    except pm.PapermillExecutionError as exc:
        nb = nbformat.read(executed, as_version=4)
        injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
        cell_no = exc.cell_index + 1 - (1 if injected and exc.cell_index > 0 else 0)
        step.failed_dir.mkdir(parents=True, exist_ok=True)
        partial = step.failed_dir / src.name
        shutil.copy(executed, partial)
        return StepResult(step.stem, [], error=(
            f"{src.relative_to(config.PROJ_ROOT)}: cell {cell_no} (under "
            f"\u201c{nearest_heading(nb, exc.cell_index)}\u201d) raised {exc.ename}: "
            f"{exc.evalue}"), partial=str(partial))
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
