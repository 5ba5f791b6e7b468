"""The values of the notebooks' parameters, checked before any kernel starts (by the build)
and by one call at the top of each notebook (through :func:`briefing.view.open_view`).

Names and types are checked against the notebooks' ``parameters`` cells
(:mod:`briefing.notebooks`); this module checks what a type cannot say: dates that exist and
lie in a range a chart can draw, a window that runs forwards, a known unit and basis, a pair
of two known countries, a data folder inside the project.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from briefing import config

#: Dates outside this range cannot be drawn on a chart in any sense a reader needs.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
DATES = ("as_of", "window_start", "window_end")
UNITS = ("thousand", "million", "billion")
BASES = ("calendar_year", "fiscal_year_in")
YEARS = ("period_years", "recent_years")
FLAGS = ("annualise",)


class ParameterValueError(ValueError):
    """A parameter value that no notebook can use; the message names every such value.

    Raised in a notebook (by :func:`briefing.view.open_view`, under JupyterLab or papermill),
    it shows as one line, ``ParameterValueError: as_of='notadate' is not a date YYYY-MM-DD``,
    not a traceback through the package (``BRIEFING_DEBUG=1`` shows the traceback).
    """

    def _render_traceback_(self) -> list[str]:
        # IPython's hook for an exception's own rendering (ipykernel sends these lines as
        # the error output's traceback).
        if os.environ.get("BRIEFING_DEBUG"):
            import traceback

            return traceback.format_exception(self)
        return [f"{type(self).__name__}: {self}"]


def _date(name: str, value) -> tuple[dt.date | None, str | None]:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None, f"{name}={value!r} is not a date YYYY-MM-DD"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None, f"{name}={value!r} is not a date that exists"
    if not EARLIEST <= day <= LATEST:
        return None, (f"{name}={value!r} is outside {EARLIEST.isoformat()} to "
                      f"{LATEST.isoformat()}, the range a briefing can chart")
    return day, None


def problems(values: dict, data_dir_free: bool = False) -> list[str]:
    """Every problem with the values of known parameters (unknown names are left to
    :func:`briefing.notebooks.check_parameters`).

    ``data_dir_free`` allows a ``data_dir`` outside the project (given on the command line);
    a ``data_dir`` from a parameter file must lie inside the project.
    """
    out = []
    days = {}
    for name in DATES:
        if name in values:
            day, problem = _date(name, values[name])
            if problem:
                out.append(problem)
            days[name] = day
    if days.get("window_start") and days.get("window_end") and \
            days["window_start"] > days["window_end"]:
        out.append(f"window_start={values['window_start']!r} is after "
                   f"window_end={values['window_end']!r}")
    if "unit" in values and values["unit"] not in UNITS:
        out.append(f"unit={values['unit']!r} is not one of {', '.join(UNITS)}")
    if "basis" in values and values["basis"] not in BASES:
        out.append(f"basis={values['basis']!r} is not one of {', '.join(BASES)}")
    for name in YEARS:
        v = values.get(name)
        if name in values and not (isinstance(v, int) and not isinstance(v, bool)
                                   and 1 <= v <= 100):
            out.append(f"{name}={v!r} is not a whole number of years from 1 to 100")
    for name in FLAGS:
        if name in values and not isinstance(values[name], bool):
            out.append(f"{name}={values[name]!r} is not True or False")
    if "pair" in values:
        from briefing.pairs import parse_pair

        try:
            parse_pair(values["pair"])
        except ValueError as exc:
            out.append(str(exc))
    if values.get("sources"):
        ids = source_ids(values["sources"])
        bad = [i for i in ids if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", i)]
        if not isinstance(values["sources"], str) or bad or not ids:
            out.append(f"sources={values['sources']!r}: expected source ids separated by "
                       "commas, e.g. 'iar-2021-04-07'")
    if values.get("data_dir"):
        raw = str(values["data_dir"])
        path = config.resolve_data_dir(raw)
        if not data_dir_free and not path.resolve().is_relative_to(config.PROJ_ROOT.resolve()):
            out.append(f"data_dir={raw!r} lies outside the project ({config.PROJ_ROOT})")
        elif not path.is_dir():
            out.append(f"data_dir={raw!r} is not a folder ({path})")
    return out


def source_ids(value) -> list[str]:
    """The ``sources`` parameter as a list of ids (``"a, b"`` -> ``["a", "b"]``)."""
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def check(values: dict, data_dir_free: bool = False) -> None:
    """Raise :class:`ParameterValueError` naming every problem of :func:`problems`."""
    found = problems(values, data_dir_free)
    if found:
        raise ParameterValueError("; ".join(found))
