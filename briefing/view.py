"""The facts of one pair as known on one date: what every notebook starts from.

A notebook's set-up is one call, :func:`open_view`, with its parameters; the view loads and
validates the facts (cached), reads the pair, and selects the engagements and trade figures
as known on ``as_of``. Every table a notebook shows comes from a view, never from a raw table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from briefing import charts, config, parameters, show
from briefing import timeline as tl
from briefing import trade as tr
from briefing.facts import Facts, load_facts
from briefing.pairs import pair_label, parse_pair


@dataclass
class View:
    """One pair as known on one date.

    Attributes
    ----------
    facts
        Every validated table (:class:`briefing.facts.Facts`).
    codes
        The pair as two ISO 3166 alpha-3 codes, in the order given.
    label
        The pair for a reader, e.g. ``"India–Kazakhstan"``.
    as_of
        The date of knowledge.
    window_start, window_end
        The event window (ISO dates).
    unit
        The unit trade values are converted to ("thousand", "million", "billion").
    """

    facts: Facts
    codes: tuple[str, str]
    label: str
    as_of: pd.Timestamp
    window_start: str = "1991-01-01"
    window_end: str = "2100-12-31"
    unit: str = "million"

    @cached_property
    def engagements(self) -> pd.DataFrame:
        """The pair's engagements in the window as known on ``as_of``, with their timing."""
        return tl.select_engagements(self.facts.engagements, self.codes, self.as_of,
                                     self.window_start, self.window_end,
                                     sources=self.facts.sources)

    @cached_property
    def cadence(self) -> tl.Cadence:
        """High-level visits of the selection: by direction, the last and the next."""
        return tl.cadence(self.engagements, self.as_of)

    @cached_property
    def trade(self) -> pd.DataFrame:
        """The pair's trade figures as known on ``as_of``, in :attr:`unit`."""
        return tr.trade_table(self.facts, self.codes, self.as_of, self.unit)

    @cached_property
    def domain_labels(self) -> dict[str, str]:
        """Domain code -> label."""
        return dict(zip(self.facts.domains["domain"], self.facts.domains["label"], strict=True))

    @cached_property
    def colours(self) -> dict[str, str]:
        """One colour per domain, the same in every chart of the view."""
        return charts.lane_colours(self.engagements)

    @property
    def used_sources(self) -> list[str]:
        """Ids of the sources behind the engagements and trade figures shown, in order."""
        ids = list(self.engagements["source_id"]) + list(self.trade["source_id"])
        return list(dict.fromkeys(ids))

    def source_line(self, source_ids=None) -> str:
        """The source line under a chart (default: every source of the view)."""
        return show.source_line(self.facts, self.used_sources if source_ids is None
                                else source_ids)


def open_view(pair: str, as_of: str, window_start: str = "1991-01-01",
              window_end: str = "2100-12-31", unit: str = "million",
              data_dir: str = "") -> View:
    """Load the facts and open the view of ``pair`` as known on ``as_of``.

    Parameters
    ----------
    pair
        Two countries, e.g. ``"IND-KAZ"`` or ``"India,Kazakhstan"``.
    as_of
        Date of knowledge, ``YYYY-MM-DD``.
    window_start, window_end
        The event window, ``YYYY-MM-DD``.
    unit
        Unit of trade values.
    data_dir
        Folder holding ``facts/`` and ``sources/``; empty for the project's data.

    Raises
    ------
    briefing.parameters.ParameterValueError
        Naming every parameter value no notebook can use (one line, before any loading).
    """
    parameters.check({"pair": pair, "as_of": as_of, "window_start": window_start,
                      "window_end": window_end, "unit": unit}, data_dir_free=True)
    facts = load_facts(config.resolve_data_dir(data_dir))
    codes = parse_pair(pair)
    return View(facts, codes, pair_label(codes), pd.Timestamp(as_of), window_start, window_end,
                unit)
