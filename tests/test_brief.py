"""The briefing's own words (briefing.brief): a summary and key judgments built from the
facts, with confidence and separated footnote markers, on the frozen seed."""

from __future__ import annotations

import pytest

from briefing import brief, view
from tests.conftest import set_cell

AS_OF = "2021-04-07"


def _open(data_dir=""):
    v = view.open_view("IND-KAZ", AS_OF, window_end="2021-12-31", data_dir=str(data_dir))
    notes = brief.Footnotes(v.facts, derived=v.trade)
    summary = brief.summary(v.facts, v.engagements, v.trade, notes, v.label, v.as_of,
                            v.used_sources)
    judgments = brief.key_judgments(v.facts, v.engagements, v.trade, notes, v.label, v.as_of)
    return v, notes, summary, judgments


@pytest.fixture(scope="module")
def seed():
    return _open()


def test_the_summary_says_where_things_stand_in_three_to_five_sentences(seed):
    _, notes, summary, _ = seed
    assert 3 <= len(summary) <= 5
    text = " ".join(summary)
    assert "strategic partnership since 2009" in text
    assert "diplomatic relations date from Feb 1992" in text
    assert "latest high-level contact was on 7 Apr 2021" in text
    assert "Next planned (9 Apr 2021)" in text and "President Tokayev" in text
    assert "USD 1,570 million in Jan\u2013May 2020" in text and "up 100% on Jan\u2013May 2019" \
        in text
    assert "single secondary source" in summary[-1]  # the main caveat
    # every sentence with a number carries a footnote
    for s in summary[:4]:
        assert "[" in s, s


def test_the_summary_follows_the_data(data_copy):
    set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "value", "2.2")
    set_cell(data_copy / "facts/engagements.csv", "eng-004", "summary",
             "President Nazarbayev visits India")
    set_cell(data_copy / "facts/claims.csv", "clm-014", "statement",
             "In 2009 relations were elevated.")
    _, _, summary, judgments = _open(data_copy)
    text = " ".join(summary)
    assert "USD 2,200 million" in text and "USD 1,570 million" not in text
    assert "up 100% on Jan\u2013May 2019 (USD 1,100 million" in text
    assert "do not say at what level the relationship stands" in text
    assert not any("partnership" in j.text for j in judgments)


def test_key_judgments_read_like_a_brief_and_carry_confidence(seed):
    _, _, _, judgments = seed
    assert len(judgments) >= 4
    texts = [j.text for j in judgments]
    assert not any("domain mentions" in t for t in texts)
    assert any(t.startswith("Defence leads recent contact: all 3 engagements") for t in texts)
    assert any(t.startswith("Recorded trade is rising") for t in texts)
    # the seed is one secondary source: every judgment is low, and says why
    assert {j.confidence.level for j in judgments} == {"low"}
    assert all(j.confidence.reason.startswith("1 secondary source") for j in judgments)
    html = brief.judgments_html(judgments)
    assert html.count("Low confidence.") == len(judgments)


def test_a_single_source_briefing_says_so(seed):
    v, _, _, _ = seed
    said = brief.reliance(v.facts, v.used_sources)
    assert said.startswith("This briefing rests on a single source, a secondary source")
    assert "no judgment is held with more than low confidence" in said


def test_footnote_markers_are_separated():
    html = brief.html_marks("Trade grew [12][3] and [4].")
    assert html == ('Trade grew<sup class="fn"><a class="fn" href="#fn-3">3</a>, '
                    '<a class="fn" href="#fn-12">12</a></sup> and'
                    '<sup class="fn"><a class="fn" href="#fn-4">4</a></sup>.')


def test_what_to_watch_and_background(seed):
    v, notes, _, _ = seed
    watch = brief.what_to_watch(v.engagements, v.trade, notes, v.as_of)
    assert watch[0].startswith("9 Apr 2021: Defence ministers")
    assert any(w.startswith("2021, no day fixed: President Tokayev") for w in watch)
    assert watch[-1].startswith("No trade trend changed direction")
    back = brief.background(v.facts, v.engagements, notes)
    assert back[0].startswith("Recognition: India recognises") and "(no date given)" in back[0]
    assert back[1].startswith("Diplomatic relations:") and "(Feb 1992)" in back[1]
    assert back[3].startswith("Institutional mechanisms: The first")


def test_a_planned_engagement_whose_date_passed_is_watched(data_copy):
    # as of 10 Apr the 9 Apr meeting is overdue: planned, no later news
    v = view.open_view("IND-KAZ", "2021-04-10", window_end="2021-12-31",
                       data_dir=str(data_copy))
    notes = brief.Footnotes(v.facts, derived=v.trade)
    watch = brief.what_to_watch(v.engagements, v.trade, notes, v.as_of)
    assert any("planned for 9 Apr 2021; the date has passed and no later source" in w
               for w in watch)


def test_a_turn_in_a_trade_trend_is_watched():
    import pandas as pd

    rows = []
    for i, (year, value) in enumerate([(2017, 100.0), (2018, 120.0), (2019, 90.0)]):
        rows.append({"observation_id": f"t{i}", "source_id": "s", "reporter": "IND",
                     "measure": "turnover", "country_a": "IND", "country_b": "KAZ",
                     "period_start": pd.Timestamp(f"{year}-01-01"),
                     "period_end": pd.Timestamp(f"{year}-12-31"),
                     "period_basis": "calendar_year", "value": value, "currency": "USD",
                     "method": "reported", "published": pd.Timestamp("2020-01-01"),
                     "value_norm": value, "unit_norm": "USD million", "period": str(year),
                     "flow": "IND\u2013KAZ turnover"})
    turns = brief.trend_turns(pd.DataFrame(rows))
    assert len(turns) == 1
    t = turns[0]
    assert (t["middle"], t["to"], t["before"], t["after"]) == ("2018", "2019", 20.0, -25.0)
    assert t["ids"] == ["t0", "t1", "t2"]


def test_numbers_in_tables_read_like_numbers_in_sentences():
    from briefing import fmt

    assert fmt.number(785.0) == "785" and fmt.number(1570) == "1,570"
    assert fmt.number(1.57) == "1.6" and fmt.money(1570, "USD million") == "USD 1,570 million"
