"""Engagement timeline: selection, chronology, cadence, mix, charts, on small fixtures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure
from matplotlib.text import Text

from briefing import charts, fmt
from briefing import timeline as tl
from briefing.facts import load_facts
from tests.synthetic import synthetic_engagements, synthetic_facts


@pytest.fixture(scope="module")
def facts():
    return load_facts()


def _eng(eid, start=None, end=None, precision="day", status="held", type_="visit",
         level="minister", actor="IND", counterpart="KAZ", domains="defence",
         participants="rajnath-singh", places="", part_of="", source="iar-2021-04-07"):
    start = pd.Timestamp(start) if start else pd.NaT
    end = pd.Timestamp(end) if end else start
    return {"engagement_id": eid, "source_id": source, "quote": "q", "summary": f"S {eid}",
            "type": type_, "status": status, "level": level, "actor_country": actor,
            "counterpart_country": counterpart, "participants": participants,
            "places": places, "domains": domains, "date_start": start, "date_end": end,
            "date_precision": precision if start is not pd.NaT else "undated",
            "date_basis": "stated", "date_expression": "", "date_resolution": "",
            "part_of": part_of, "note": ""}


@pytest.fixture
def small():
    return pd.DataFrame([
        _eng("e1", "2010-03-05"),
        _eng("e2", "2012-01-01", "2012-12-31", "year", actor="KAZ", counterpart="IND",
             level="head_of_state_or_government", domains="political|energy"),
        _eng("e3", "2015-07-01", "2015-07-31", "month", domains="energy"),
        _eng("e4", "2021-04-20", status="planned", actor="KAZ", counterpart="IND"),
        _eng("e5", "2020-01-01", status="planned"),  # its date passes before as_of: overdue
        _eng("e6", "2022-01-01"),  # held after as_of: not known yet
        _eng("e7", None, status="ongoing", type_="cooperation", domains="trade"),
        _eng("e8", "2014-06-01", actor="IND", counterpart="UZB"),  # another pair
        _eng("e9", "2015-07-10", part_of="e3"),  # a leg of e3
    ])


AS_OF = pd.Timestamp("2021-04-07")


def test_parse_pair_accepts_codes_and_names_and_rejects_others():
    assert tl.parse_pair("IND-KAZ") == ("IND", "KAZ")
    assert tl.parse_pair("india,kazakhstan") == ("IND", "KAZ")
    with pytest.raises(ValueError, match="not a country"):
        tl.parse_pair("IND-XXX")
    with pytest.raises(ValueError, match="two countries"):
        tl.parse_pair("IND")
    with pytest.raises(ValueError, match="must differ"):
        tl.parse_pair("IND-IND")


def test_selection_as_known_on_a_date(small):
    sel = tl.select_engagements(small, ("KAZ", "IND"), AS_OF)
    assert list(sel["engagement_id"]) == ["e1", "e2", "e3", "e9", "e5", "e4", "e7"]
    timing = dict(zip(sel["engagement_id"], sel["timing"]))
    assert timing["e4"] == "upcoming" and timing["e5"] == "overdue"
    assert timing["e7"] == "ongoing" and timing["e1"] == "past"
    assert "e6" not in timing and "e8" not in timing


def test_window_keeps_spans_that_meet_it(small):
    sel = tl.select_engagements(small, ("IND", "KAZ"), AS_OF, start="2012-06-01",
                                end="2015-07-01", include_undated=False)
    assert list(sel["engagement_id"]) == ["e2", "e3"]


def test_nothing_of_a_source_is_known_before_it_was_published(small, facts):
    # the source is published 2021-04-07: as of 2019 nothing it says was known, not even
    # what it reports as held in 2010 (a briefing as of D says what could be said on D)
    sel = tl.select_engagements(small, ("IND", "KAZ"), "2019-01-01", sources=facts.sources)
    assert sel.empty
    sel = tl.select_engagements(small, ("IND", "KAZ"), "2021-04-07", sources=facts.sources)
    assert "e1" in set(sel["engagement_id"])


@pytest.mark.parametrize("start,end,precision,label", [
    ("2020-09-05", "2020-09-05", "day", "5 Sep 2020"),
    ("1992-02-01", "1992-02-29", "month", "Feb 1992"),
    ("2009-01-01", "2009-12-31", "year", "2009"),
    ("2021-04-07", "2021-04-09", "range", "7\u20139 Apr 2021"),
    ("2020-12-30", "2021-01-02", "range", "30 Dec 2020 \u2013 2 Jan 2021"),
    (None, None, "undated", "undated"),
])
def test_date_label_at_precision(start, end, precision, label):
    assert fmt.date_label(pd.Timestamp(start) if start else pd.NaT,
                         pd.Timestamp(end) if end else pd.NaT, precision) == label


def test_chronology_uses_canonical_names_and_sources(facts):
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    chron = tl.chronology(sel, facts)
    row = chron.loc["eng-014"]
    # the source spells him "Yermekbayeva" here; the reader sees the canonical name
    assert row["Participants"] == "Nurlan Yermekbayev, Rajnath Singh"
    assert (row["Date"], row["Status"], row["Place"], row["Source"]) == (
        "7 Apr 2021", "Held", "Jodhpur", "[iar-2021-04-07]")
    assert chron.loc["eng-021", "Date"] == "2021" and chron.loc["eng-021", "Status"] == "Planned"
    assert chron.loc["eng-001", "Date"] == "undated"
    assert (chron["Date"] == "undated").to_numpy()[-len(sel[sel.date_start.isna()]):].all()


def test_cadence_on_the_seed(facts):
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    cad = tl.cadence(sel, AS_OF)
    assert cad.last["engagement_id"] == "eng-014" and cad.days_since_last == 0
    assert cad.next["engagement_id"] == "eng-021"  # the planned Tokayev visit
    hos = cad.by_direction.set_index(["Direction", "Level"])
    row = hos.loc[("KAZ \u2192 IND", "Head of state/government")]
    assert (row["Held"], row["First"], row["Last"], row["Upcoming"]) == (2, "Feb 1992", "2009", 1)
    assert pd.isna(row["Median gap (years)"])  # one interval: no median from fewer than three


def test_cadence_leaves_out_legs_of_a_visit(small):
    sel = tl.select_engagements(small, ("IND", "KAZ"), AS_OF)
    visits = tl.high_level_visits(sel)
    assert "e9" not in set(visits["engagement_id"])
    cad = tl.cadence(sel, AS_OF)
    assert cad.last["engagement_id"] == "e3"
    assert cad.next["engagement_id"] == "e4"
    ind_kaz = cad.by_direction[cad.by_direction["Direction"] == "IND \u2192 KAZ"].iloc[0]
    assert ind_kaz["Held"] == 2  # e1 and e3 (e5 overdue is not held)
    assert pd.isna(ind_kaz["Median gap (years)"])  # one interval


def test_median_gap_needs_three_intervals_and_days_need_exact_days():
    rows = [{"engagement_id": f"v{i}", "type": "visit", "level": "minister", "part_of": "",
             "actor_country": "IND", "counterpart_country": "KAZ", "timing": "past",
             "date_start": pd.Timestamp(d), "date_end": pd.Timestamp(d),
             "date_precision": "day"} for i, d in enumerate(
                 ["2010-01-01", "2012-01-01", "2013-01-01", "2017-01-01"])]
    sel = pd.DataFrame(rows)
    three = tl.cadence(sel, "2021-04-07").by_direction.iloc[0]["Median gap (years)"]
    assert three == pytest.approx(2.0, abs=0.05)
    two = tl.cadence(sel.iloc[1:], "2021-04-07").by_direction.iloc[0]["Median gap (years)"]
    assert pd.isna(two)
    cad = tl.cadence(sel, "2021-04-07")
    assert cad.days_since_last == (pd.Timestamp("2021-04-07") - pd.Timestamp("2017-01-01")).days
    coarse = sel.assign(date_precision="month")
    assert tl.cadence(coarse, "2021-04-07").days_since_last is None


def test_mix_by_period_counts_each_domain_and_marks_incomplete_period(small):
    sel = tl.select_engagements(small, ("IND", "KAZ"), AS_OF)
    mix = tl.mix_by_period(sel, "domain", period_years=5, as_of=AS_OF)
    assert list(mix.index) == ["2010\u20132014", "2015\u20132019", "2020\u20132024 (to Apr 2021)"]
    assert mix.loc["2010\u20132014", "political"] == 1
    assert mix.loc["2010\u20132014", "energy"] == 1
    assert mix.loc["2015\u20132019", "energy"] == 1
    # e5 is overdue (planned): not counted as held
    assert mix.loc["2020\u20132024 (to Apr 2021)"].sum() == 0
    by_type = tl.mix_by_period(sel, "type", period_years=1)
    assert by_type.sum().sum() == 4  # e1, e2, e3, e9: dated and held
    with pytest.raises(ValueError):
        tl.mix_by_period(sel, "colour")


def test_domain_shift_recent_against_before(facts):
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    shift = tl.domain_shift(sel, AS_OF, recent_years=3)
    assert shift.index[0] == "defence"
    assert shift.loc["defence", "recent"] == 3 and shift.loc["political", "earlier"] == 5
    assert shift.loc["defence", "upcoming"] == 1


def test_who_engages_most(facts):
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    people = tl.top_participants(sel, facts)
    assert people.iloc[0]["Participant"] == "Nursultan Nazarbayev"
    assert people.iloc[0]["Engagements"] == 5
    places = tl.top_places(sel, facts)
    assert places.set_index("Place").loc["New Delhi", "Engagements"] == 2


def test_key_numbers_and_summary_are_built_from_the_numbers(facts):
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    cad = tl.cadence(sel, AS_OF)
    text = tl.key_numbers_text(sel, cad)
    assert f"engagements: {len(sel)}" in text and "[eng-021]" in text
    sentences = tl.summary_sentences(sel, cad, facts, "India\u2013Kazakhstan")
    assert any("most active domain is defence" in s for s in sentences)


def test_no_data_message_lists_the_pairs(facts):
    msg = tl.no_data_message(facts.engagements, ("IND", "BRA"), "1991-01-01", "2021-12-31")
    assert "India\u2013Brazil" in msg and "IND-KAZ" in msg and "IND-UZB" in msg


# --- charts ---------------------------------------------------------------------------------


def _markers(fig: Figure):
    ax = fig.axes[0]
    return [line for line in ax.lines if line.get_marker() == "o"]


def test_timeline_chart_shows_precision_planned_undated_and_as_of(small, facts):
    sel = tl.select_engagements(small, ("IND", "KAZ"), AS_OF)
    fig = charts.plot_engagement_timeline(sel, AS_OF, labels=tl.key_events(sel, 8))
    ax = fig.axes[0]
    points = _markers(fig)
    day_events = sel[(sel["date_precision"] == "day") & sel["date_start"].notna()]
    assert len(points) == len(day_events)  # a point for each day-precise event
    hollow = [p for p in points if p.get_markerfacecolor() == "white"]
    assert len(hollow) == int(day_events["status"].eq("planned").sum())
    assert len(ax.patches) == 2  # bars for the year (e2) and the month (e3)
    assert any(line.get_linestyle() == ":" for line in ax.lines)  # the as_of line
    side = " ".join(t.get_text() for t in fig.axes[1].texts)
    assert "S e7" in side  # undated: listed beside, not placed
    plt.close(fig)


def test_timeline_labels_never_overlap(facts):
    sel = tl.select_engagements(synthetic_engagements(300, seed=3), ("IND", "KAZ"), AS_OF)
    fig = charts.plot_engagement_timeline(sel, AS_OF, labels=tl.key_events(sel, 10))
    renderer = fig.canvas.get_renderer()
    boxes = [Text.get_window_extent(t, renderer) for t in fig.axes[0].texts
             if t.get_text().isdigit()]
    assert len(boxes) == 10
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close(fig)


def test_timeline_aggregates_thousands_of_events():
    sel = tl.select_engagements(synthetic_engagements(5000), ("IND", "KAZ"), AS_OF)
    fig = charts.plot_engagement_timeline(sel, AS_OF)
    ax = fig.axes[0]
    assert any(isinstance(c, QuadMesh) for c in ax.collections)
    assert len(_markers(fig)) == 0
    plt.close(fig)


def test_empty_selection_gives_a_figure_with_a_message(small):
    sel = tl.select_engagements(small, ("IND", "BRA"), AS_OF)
    fig = charts.plot_engagement_timeline(sel, AS_OF)
    assert "No engagements" in fig.texts[0].get_text()
    fig = charts.plot_counts_by_period(tl.mix_by_period(sel))
    assert "No dated engagements" in fig.texts[0].get_text()


def test_counts_chart_stacks_every_domain(small):
    sel = tl.select_engagements(small, ("IND", "KAZ"), AS_OF)
    mix = tl.mix_by_period(sel, "domain", 5, as_of=AS_OF)
    fig = charts.plot_counts_by_period(mix)
    heights = sum(p.get_height() for p in fig.axes[0].patches)
    assert heights == mix.to_numpy().sum()
    plt.close(fig)


def test_one_hundred_thousand_engagements_go_through():
    facts = synthetic_facts(100_000)
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), AS_OF, sources=facts.sources)
    assert 80_000 < len(sel) < 100_000
    chron = tl.chronology(sel, facts)
    assert len(chron) == len(sel)
    cad = tl.cadence(sel, AS_OF)
    assert cad.by_direction["Held"].sum() == int(
        (tl.high_level_visits(sel)["timing"] == "past").sum())
    mix = tl.mix_by_period(sel, "domain", 5)
    assert mix.to_numpy().sum() >= len(sel[sel["date_start"].notna()
                                           & sel["timing"].isin(["past", "ongoing"])])
    fig = charts.plot_engagement_timeline(sel, AS_OF, labels=tl.key_events(sel))
    assert any(isinstance(c, QuadMesh) for c in fig.axes[0].collections)
    plt.close(fig)
