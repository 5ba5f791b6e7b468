"""How much a judgment can be trusted: confidence from the evidence behind it, by one rule.

Confidence is about the evidence, not about the event (ICD 203): it says how many
independent publishers support a judgment's facts, whether one of them speaks officially,
whether the sources agree on those facts, and whether the evidence is recent. The rule is
:data:`RULE` (printed in the briefing's annex and in the README) and is applied by
:func:`assess`, a pure function of the supporting sources; nothing here formats HTML or
knows about a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing import fmt
from briefing.knowledge import publication_spans

#: Evidence older than this many years before ``as_of`` is not recent.
RECENT_YEARS = 5
LEVELS = ("high", "moderate", "low")
#: Whether the sources disagree on a judgment's facts: not at all; only in a way an
#: official source settles (the version shown is official, a contrary one secondary); or
#: in a way no official source settles.
DISAGREEMENT = ("none", "resolved", "unresolved")

RULE = (
    "Confidence is about the evidence, not the event. For each judgment the briefing counts "
    "the independent sources behind its facts (distinct publishers: two articles of one "
    "publisher count once), notes whether any is official (a government, ministry or embassy "
    "speaking for itself), whether any two sources disagree on those facts, and whether the "
    f"latest of them was surely published within {RECENT_YEARS} years before the date of the "
    "briefing (a source of unknown date is never recent). "
    "High: at least two independent sources, at least one official, no disagreement, recent. "
    "Low: a single secondary source, no source at all, or a disagreement that no official "
    "source settles. "
    "Moderate: everything else, for example a single official source, several secondary "
    "sources, evidence that is not recent, or a disagreement settled by an official source "
    "(the version shown comes from an official source).")


@dataclass(frozen=True)
class Assessment:
    """The confidence of one judgment and the evidence it was judged from.

    Attributes
    ----------
    level
        ``"high"``, ``"moderate"`` or ``"low"``.
    publishers
        Distinct publishers among the supporting sources.
    official
        Whether any supporting source is official.
    disagreement
        One of :data:`DISAGREEMENT`.
    recent
        Whether the latest supporting source was surely published within ``recent_years``
        of ``as_of``.
    latest
        The earliest possible publication day of the most recent supporting source (``NaT``
        when no date is known).
    """

    level: str
    publishers: int
    official: bool
    disagreement: str
    recent: bool
    latest: pd.Timestamp

    @property
    def reason(self) -> str:
        """The evidence in words: ``"1 secondary source; no disagreement; recent"``."""
        if self.publishers == 0:
            return "no source"
        kind = "including an official one" if self.official else "secondary"
        if self.publishers == 1:
            kind = "official" if self.official else "secondary"
            who = f"1 {kind} source"
        else:
            who = f"{fmt.count(self.publishers, 'independent source')}, {kind}"
        agree = {"none": "no disagreement",
                 "resolved": "a disagreement settled by an official source",
                 "unresolved": "an unresolved disagreement"}[self.disagreement]
        when = ("recent" if self.recent else
                "not recent" if pd.notna(self.latest) else "publication date not known")
        return f"{who}; {agree}; {when}"


def level(publishers: int, official: bool, disagreement: str, recent: bool) -> str:
    """The rule (:data:`RULE`) on the four facts about the evidence.

    Parameters
    ----------
    publishers
        Number of independent sources (distinct publishers).
    official
        Whether at least one of them is official.
    disagreement
        ``"none"``, ``"resolved"`` or ``"unresolved"`` (:data:`DISAGREEMENT`).
    recent
        Whether the latest source is recent.

    Returns
    -------
    str
        ``"high"``, ``"moderate"`` or ``"low"``.
    """
    if disagreement not in DISAGREEMENT:
        raise ValueError(f"disagreement {disagreement!r}: expected one of {DISAGREEMENT}")
    if publishers == 0 or disagreement == "unresolved" or (publishers == 1 and not official):
        return "low"
    if publishers >= 2 and official and disagreement == "none" and recent:
        return "high"
    return "moderate"


def assess(sources: pd.DataFrame, as_of, disagreement: str = "none",
           recent_years: int = RECENT_YEARS) -> Assessment:
    """Judge the confidence of a judgment from the sources of its facts.

    Parameters
    ----------
    sources
        The rows of the sources table behind the judgment's facts (``publisher``,
        ``authority``, and the publication date columns); duplicates are fine.
    as_of
        The date of the briefing.
    disagreement
        Whether the sources disagree on the judgment's facts (:data:`DISAGREEMENT`).
    recent_years
        How many years before ``as_of`` evidence still counts as recent.

    Returns
    -------
    Assessment
    """
    sources = sources.drop_duplicates("source_id") if len(sources) else sources
    publishers = {str(p).strip().casefold() for p in sources.get("publisher", [])} - {""}
    # a source with no publisher named is its own publisher
    unnamed = sources[sources["publisher"].fillna("").str.strip() == ""] if len(sources) \
        else sources
    n = len(publishers) + len(unnamed)
    official = bool(len(sources)) and bool((sources["authority"] == "official").any())
    latest = pd.NaT
    if len(sources):
        latest = publication_spans(sources)["earliest"].max()
    recent = bool(pd.notna(latest)
                  and latest >= pd.Timestamp(as_of) - pd.DateOffset(years=recent_years))
    return Assessment(level(n, official, disagreement, recent), n, official, disagreement,
                      recent, latest)
