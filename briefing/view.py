"""The facts of one pair as known on one date: what every notebook starts from.

A notebook's set-up is one call, :func:`open_view`, with its parameters; the view loads and
validates the facts (cached), reads the pair, and selects the engagements and trade figures
as known on ``as_of``. Every table a notebook shows comes from a view, never from a raw table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from briefing import charts, config, knowledge, parameters, show
from briefing import timeline as tl
from briefing import trade as tr
from briefing.cells import split_list
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
    only
        The sources the view is limited to (empty: every source known on ``as_of``).
    """

    facts: Facts
    codes: tuple[str, str]
    label: str
    as_of: pd.Timestamp
    window_start: str = "1991-01-01"
    window_end: str = "2100-12-31"
    unit: str = "million"
    #: the sources the view is limited to (empty: every source known on ``as_of``)
    only: tuple[str, ...] = ()

    @property
    def has_sources(self) -> bool:
        """Whether any source of the data was published by ``as_of``."""
        return len(self.facts.sources) > 0

    def no_source_message(self) -> str:
        """What a briefing says when nothing was published by its date."""
        from briefing import fmt

        return (f"No source in the data was published by {fmt.date(self.as_of)}: nothing "
                f"about {self.label} could be said on that date from these sources.")

    @cached_property
    def disagreements(self) -> pd.DataFrame:
        """The pair's engagements on whose date sources disagree, every version with its
        source (:func:`briefing.knowledge.disagreements`)."""
        sel = self.engagements
        obs = self.facts.observations
        names = dict(zip(self.facts.places["place_id"], self.facts.places["name"],
                         strict=True))
        if obs is None or sel.empty:
            return knowledge.disagreements(pd.DataFrame(columns=[
                "engagement_id", "shown", "agrees"]), sel.assign(disputed=False))
        return knowledge.disagreements(obs[obs["engagement_id"].isin(sel["engagement_id"])],
                                       sel, names)

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
        """Ids of every source behind what the view shows, in order: the engagements' (with
        the sources that corroborate, date or update them), the trade figures' and the
        claims'."""
        sel = self.engagements
        ids = [s for cell in (sel["sources"] if "sources" in sel else sel["source_id"])
               for s in split_list(cell)]
        ids += list(self.trade["source_id"]) + list(self.facts.claims["source_id"])
        return list(dict.fromkeys(ids))

    def source_line(self, source_ids=None) -> str:
        """The source line under a chart (default: every source of the view)."""
        return show.source_line(self.facts, self.used_sources if source_ids is None
                                else source_ids)


def open_view(pair: str, as_of: str, window_start: str = "1991-01-01",
              window_end: str = "2100-12-31", unit: str = "million",
              data_dir: str = "", sources: str = "", **checked) -> View:
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
    sources
        Only these sources (ids separated by commas); empty for every source.
    **checked
        The notebook's other parameters (``period_years``, ``recent_years``, ``basis``,
        ``annualise``), only checked with the rest, so that every value a notebook was
        given is checked by this one call at its top.

    Raises
    ------
    briefing.parameters.ParameterValueError
        Naming every parameter value no notebook can use, before any loading; in a notebook
        it shows as one line (no traceback).
    TypeError
        For a name in ``checked`` that :mod:`briefing.parameters` does not know.
    """
    known = {*parameters.YEARS, *parameters.FLAGS, "basis"}
    unknown = sorted(set(checked) - known)
    if unknown:
        raise TypeError(f"open_view() checks no parameter named {', '.join(unknown)} "
                        f"(it checks {', '.join(sorted(known))})")
    parameters.check({"pair": pair, "as_of": as_of, "window_start": window_start,
                      "window_end": window_end, "unit": unit, "data_dir": data_dir,
                      "sources": sources, **checked}, data_dir_free=True)
    codes = parse_pair(pair)
    facts = load_facts(config.resolve_data_dir(data_dir))
    only = parameters.source_ids(sources)
    unknown = sorted(set(only) - set(facts.sources["source_id"]))
    if unknown:
        raise parameters.ParameterValueError(
            f"sources={sources!r}: no source {', '.join(map(repr, unknown))} in the data")
    facts = for_pair(knowledge.known_on(facts, as_of, only), codes)
    return View(facts, codes, pair_label(codes), pd.Timestamp(as_of), window_start, window_end,
                unit, tuple(only))


def for_pair(facts: Facts, codes: tuple[str, str]) -> Facts:
    """The facts with the claims that concern the pair: those whose subjects name at least
    one of its two countries and no other country (a claim on India and Kazakhstan is not
    one on India and Uzbekistan; a claim on Kazakhstan alone concerns India–Kazakhstan)."""
    import dataclasses

    country = dict(zip(facts.entities["entity_id"], facts.entities["country"], strict=True))
    pair = set(codes)

    def concerns(subjects: str) -> bool:
        named = {country.get(e, "") for e in split_list(subjects)} - {""}
        return bool(named) and named <= pair

    keep = facts.claims["subjects"].map(concerns).astype(bool)
    claims = facts.claims[keep].reset_index(drop=True)
    return dataclasses.replace(facts, tables={**facts.tables, "claims": claims})
