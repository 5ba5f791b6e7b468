"""The notebooks: parameters declared, committed without stray outputs, run with overrides."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from briefing import config
from briefing.notebooks import (
    PIN_MARK,
    ParameterError,
    all_notebooks,
    check_parameters,
    notebook_parameters,
)

TIMELINE = config.NOTEBOOKS_DIR / "10-timeline.ipynb"
COMMON = {"pair": "str", "as_of": "str", "data_dir": "str"}


def _outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise AssertionError(f"{out['ename']}: {out['evalue']}")
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_every_parameter_is_typed_and_commented(path):
    params = notebook_parameters(path)
    for name, typ in COMMON.items():
        assert params[name]["type"] == typ, name
    for name, p in params.items():
        assert p["type"] in ("str", "int", "float", "bool"), name
        assert p["help"], f"{name} has no comment"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_committed_without_outputs_except_pinned_cells(path):
    nb = nbformat.read(path, as_version=4)
    pinned = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if PIN_MARK in cell.source:
            pinned += 1
            assert cell.outputs, "a pinned cell keeps its output"
        else:
            assert not cell.outputs, cell.source[:60]
    assert pinned >= 1
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


def test_parameters_are_checked_by_name_and_type():
    check_parameters(TIMELINE, {"pair": "IND-UZB", "period_years": 2})
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        check_parameters(TIMELINE, {"colour": "red"})
    with pytest.raises(ParameterError, match="'period_years' is str"):
        check_parameters(TIMELINE, {"period_years": "five"})


def test_timeline_runs_with_every_parameter_overridden(tmp_path):
    out = tmp_path / "out.ipynb"
    params = {"pair": "India,Uzbekistan", "as_of": "2021-06-30", "window_start": "2020-01-01",
              "window_end": "2021-12-31", "period_years": 1, "recent_years": 2,
              "data_dir": "tests/fixtures/seed", "sources": "iar-2021-04-07"}
    assert set(params) == set(notebook_parameters(TIMELINE))
    nb = pm.execute_notebook(str(TIMELINE), str(out), parameters=params,
                             cwd=str(config.PROJ_ROOT), progress_bar=False)
    text = _outputs(nb)
    assert "engagements: 1" in text
    assert "India\u2013Uzbekistan" in text and "Dostlyk" in text


def test_timeline_with_no_data_says_so(tmp_path):
    nb = pm.execute_notebook(str(TIMELINE), str(tmp_path / "out.ipynb"),
                             parameters={"pair": "IND-BRA"}, progress_bar=False,
                             cwd=str(config.NOTEBOOKS_DIR))
    text = _outputs(nb)
    assert "No dated engagements of India\u2013Brazil" in text
    assert "IND-KAZ" in text  # the pairs available


def test_a_relative_data_dir_reaches_kernels_started_elsewhere():
    """`make pin` gives BRIEFING_DATA_DIR=tests/fixtures/seed from the repository root, and
    the kernels it starts run in notebooks/: they must find the same folder."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "BRIEFING_DATA_DIR": "tests/fixtures/seed"}
    code = ("import os, subprocess, sys\nfrom briefing import config\nprint(config.DATA_DIR)\n"
            "print(subprocess.run([sys.executable, '-c', 'from briefing import config; "
            "print(config.DATA_DIR)'], cwd='notebooks', capture_output=True, text=True, "
            "check=True).stdout, end='')")
    out = subprocess.run([sys.executable, "-c", code], cwd=config.PROJ_ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    seed = str(config.PROJ_ROOT / "tests" / "fixtures" / "seed")
    assert out == [seed, seed]


@pytest.mark.parametrize("name, params, message", [
    ("10-timeline.ipynb", {"as_of": "notadate"}, "as_of='notadate' is not a date YYYY-MM-DD"),
    ("10-timeline.ipynb", {"period_years": 0},
     "period_years=0 is not a whole number of years from 1 to 100"),
    ("10-timeline.ipynb", {"data_dir": "no-such-folder"}, "data_dir='no-such-folder' is not a"
     " folder"),
    ("20-trade.ipynb", {"basis": "lunar"},
     "basis='lunar' is not one of calendar_year, fiscal_year_in"),
    ("20-trade.ipynb", {"annualise": "no"}, "annualise='no' is not True or False"),
])
def test_a_bad_parameter_stops_the_first_cell_after_the_parameters_with_one_line(
        tmp_path, name, params, message):
    """Under papermill (and in JupyterLab: the same kernel), the one call at the top of the
    notebook checks every parameter; the error output is one line, not a traceback."""
    out = tmp_path / name
    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(config.NOTEBOOKS_DIR / name), str(out), parameters=params,
                            cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    assert err.value.ename == "ParameterValueError"
    assert message in err.value.evalue
    nb = nbformat.read(out, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params_at = next(i for i, c in enumerate(code)
                     if "injected-parameters" in c.metadata.get("tags", []))
    failed = [i for i, c in enumerate(code)
              if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert failed == [params_at + 1]
    (error,) = [o for o in code[params_at + 1].outputs if o.output_type == "error"]
    assert error.traceback == [f"ParameterValueError: {err.value.evalue}"]


def test_open_view_names_a_parameter_it_cannot_check():
    from briefing import view

    with pytest.raises(TypeError, match="checks no parameter named colour"):
        view.open_view("IND-KAZ", "2021-04-07", colour="red")
