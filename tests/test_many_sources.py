"""Many sources, one truth: every fact as known on a date, for its pair; conflicts and updates
first-class; currencies kept apart. Runs on the seed with the many-sources fixture (TEST DATA,
invented) laid over it; assertions read the rendered briefing's text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from briefing import build, config, knowledge, trade, view
from briefing.facts import FactsError, load_facts
from tests.conftest import set_cell
from tests.fixture_data import apply_fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("many") / "data"
    shutil.copytree(config.DATA_DIR, dest)
    return apply_fixture("many-sources", dest)


def _text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return re.sub(r"\s+", " ", soup.find("main").get_text(" "))


def _section(text: str, name: str, following: str) -> str:
    start = text.rindex(name)  # the heading, not the contents' entry
    end = text.find(following, start + len(name))
    return text[start:end if end > 0 else None]


@pytest.fixture(scope="module")
def briefings(data, tmp_path_factory) -> dict[str, str]:
    """The briefing notebook built for three dates and the other pair."""
    root = tmp_path_factory.mktemp("reports")
    mp = pytest.MonkeyPatch()
    mp.setattr(config, "REPORTS_DIR", root)
    out = {}
    try:
        for name, pair, as_of in (("seed-day", "IND-KAZ", "2021-04-07"),
                                  ("before", "IND-KAZ", "2021-04-06"),
                                  ("uzb", "IND-UZB", "2027-01-01")):
            p = root / f"{name}.yaml"
            p.write_text(f"briefing: {name}\nnotebooks: [90-briefing]\nparameters:\n"
                         f"  pair: {pair}\n  as_of: '{as_of}'\n  window_end: '2026-12-31'\n",
                         encoding="utf-8")
            build.build([p], data_dir=data)
            out[name] = _text((root / name / "briefing.html").read_text(encoding="utf-8"))
        # the seed-day briefing again, as of a later date: all sources known, and a change
        # list that says as_of moved
        p = root / "seed-day.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("2021-04-07", "2022-01-15"),
                     encoding="utf-8")
        build.build([p], data_dir=data)
        out["later"] = _text((root / "seed-day" / "briefing.html").read_text(encoding="utf-8"))
    finally:
        mp.undo()
    return out


def test_before_any_source_the_briefing_says_so_and_shows_no_fact(briefings):
    text = briefings["before"]
    assert "No source in the data was published by 6 Apr 2021" in text
    for fact in ("Yermekbayev", "1,570", "Tokayev", "largest trade and investment partner"):
        assert fact not in text


def test_on_the_seed_day_only_the_seed_is_used(briefings):
    text = briefings["seed-day"]
    assert "Built from 1 source;" in text
    assert "test-ms" not in text and "TEST" not in text
    for fact in ("1,570", "785", "Yermekbayev", "Planned"):
        assert fact in text


def test_a_later_status_update_shows_held_with_its_source(briefings):
    recent = _section(briefings["later"], "Recent and upcoming engagements", "Trade")
    row = recent[recent.index("bilateral meeting in New Delhi") - 200:]
    assert "Held (per [test-ms-ministry])" in recent
    assert "Planned (date passed)" not in row[:400]
    assert "Postponed (per [test-ms-ministry])" in recent  # the presidential visit


def test_a_date_conflict_shows_both_dates_with_their_sources(briefings):
    part = _section(briefings["later"], "Where the sources disagree", "Cooperation domains")
    assert "date 9 Apr 2021 [test-ms-ministry] shown" in part
    assert "date 8 Apr 2021 [test-ms-agency]" in part
    # and on its place: the record's New Delhi, shown, and another source's Agra
    assert "place New Delhi [iar-2021-04-07] shown" in part
    assert "place Agra [test-ms-paper]" in part
    assert "most precise date that no more authoritative source contradicts" in part


def test_every_source_used_is_listed_and_counted(briefings):
    text = briefings["later"]
    assert "Built from 6 sources;" in text
    sources = _section(text, "Sources and notes", "Annex A")
    for sid in ("iar-2021-04-07", "test-ms-ministry", "test-ms-agency", "test-ms-yearonly",
                "test-ms-wire", "test-ms-paper"):
        assert f"[{sid}]" in sources
    # a source known only by its year is shown so, never with an invented day
    assert "2021, inferred from its content [test-ms-yearonly]" in sources


def test_inr_and_usd_are_never_mixed(briefings, data):
    text = briefings["later"]
    assert "INR 18,000 million" in text and "USD 2,000 million" in text
    v = view.open_view("IND-KAZ", "2022-01-15", data_dir=str(data))
    table = v.trade
    assert set(table["currency"]) == {"USD", "INR"}
    for _, rows in trade.comparable_groups(table):
        assert rows["currency"].nunique() == 1
    growth = trade.like_period_growth(table)
    assert all(u.startswith("USD") or u.startswith("INR") for u in growth["unit"])
    assert trade.conflicts(table).empty  # two currencies are two figures, not a conflict
    assert "-19.7%" not in text and "−19.7%" not in text


def test_the_other_pair_shows_nothing_of_this_one(briefings):
    text = briefings["uzb"]
    assert "Dostlyk" in text
    for fact in ("largest trade and investment partner", "Yermekbayev", "Nazarbayev",
                 "tilted in favour", "1,570", "landlocked"):
        assert fact not in text, fact
    # the seed is cited for the Dostlyk exercise, so its title (which names Kazakhstan)
    # stands in the sources; nothing else of Kazakhstan does
    assert text.count("Kazakhstan") == text.count("India-Kazakhstan ties continue to grow")
    assert "Uzbekistan and India are building a closer trade partnership" in text


# --- the rules, without a build -------------------------------------------------------------


def test_a_source_counts_from_the_last_day_it_may_have_been_published(data):
    sources = load_facts(data).sources
    spans = knowledge.publication_spans(sources)
    assert spans.loc["test-ms-yearonly", "latest"] == pd.Timestamp("2021-12-31")
    assert spans.loc["test-ms-undated", "latest"] == pd.Timestamp("2026-11-27")  # retrieved
    assert "test-ms-yearonly" not in knowledge.known_sources(sources, "2021-12-30")
    assert "test-ms-yearonly" in knowledge.known_sources(sources, "2021-12-31")


def test_an_official_date_wins_over_a_more_precise_secondary_one_that_it_contradicts():
    raw = pd.DataFrame({"engagement_id": ["e"], "source_id": ["sec"], "quote": ["q"],
                        "date_start": [pd.Timestamp("2011-04-18")],
                        "date_end": [pd.Timestamp("2011-04-18")], "date_precision": ["day"],
                        "date_basis": ["stated"], "date_resolution": [""], "status": ["held"]})
    links = pd.DataFrame({"engagement_id": ["e"], "source_id": ["off"], "quote": ["q2"],
                          "date_start": [pd.Timestamp("2011-04-15")],
                          "date_end": [pd.Timestamp("2011-04-16")],
                          "date_precision": ["range"]})
    sources = pd.DataFrame({
        "source_id": ["sec", "off"], "authority": ["secondary", "official"],
        "date_published": [pd.Timestamp("2011-04-20")] * 2,
        "date_published_end": [pd.NaT] * 2, "date_published_precision": ["day"] * 2,
        "date_retrieved": [pd.Timestamp("2026-01-01")] * 2})
    eng, obs = knowledge.reconcile(raw, links, links.iloc[0:0], sources)
    assert eng.loc[0, "date_start"] == pd.Timestamp("2011-04-15")
    assert eng.loc[0, "date_source"] == "off" and bool(eng.loc[0, "disputed"])
    assert list(obs.sort_values("source_id")["agrees"]) == [True, False]


@pytest.mark.parametrize("source_id, column, value, says", [
    ("test-ms-undated", "date_published", "2020-01-01", "unknown"),  # no invented day
    ("test-ms-yearonly", "date_published_note", "", "reasoning"),  # inferred: say how
])
def test_a_publication_date_says_only_what_is_known(data, source_id, column, value, says):
    folder = _copy(data)
    line = set_cell(folder / "facts/sources.csv", source_id, column, value)
    with pytest.raises(FactsError) as info:
        load_facts(folder, use_cache=False)
    assert any(p.line == line and p.column == column and says in p.message
               for p in info.value.problems)


def _copy(data: Path) -> Path:
    import tempfile

    dest = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(data, dest)
    return dest


def test_trade_as_stated(briefings, data):
    text = briefings["later"]
    assert "stated 12 Apr 2021, period not given" in text
    v = view.open_view("IND-KAZ", "2022-01-15", data_dir=str(data))
    t = v.trade.set_index("observation_id")
    assert t.loc["trd-test-ms-crore", "value_norm"] == pytest.approx(18_000)  # 1,800 crore
    assert t.loc["trd-test-ms-crore", "unit_norm"] == "INR million"
    assert t.loc["trd-test-ms-ytd", "period"] == "1 Jan\u201312 Apr 2021 (year to date)"
    # a figure with no period is in no series, headline, growth, conflict or panel
    assert "trd-test-ms-nop" not in set(trade.headline(v.trade)["observation_id"])
    assert "trd-test-ms-nop" not in set(trade.conflicts(v.trade)["observation_id"])
    for _, rows in trade.comparable_groups(v.trade):
        assert "trd-test-ms-nop" not in set(rows["observation_id"])
    assert all("period not given" not in p for p in trade.like_period_growth(v.trade)["to"])
    # the crore figure agrees with the INR one: one currency, one value, no conflict
    assert trade.conflicts(v.trade).empty


def test_growth_on_a_derived_endpoint_says_so(data):
    v = view.open_view("IND-KAZ", "2021-04-07", data_dir=str(data))
    growth = trade.growth_table(v.trade)
    assert "an endpoint is derived, not reported" in set(growth["Caveat"])


def test_moving_as_of_is_a_change_said_in_words(briefings):
    part = _section(briefings["later"], "Changes since the last briefing", "Engagement timeline")
    assert "as_of moved from 7 Apr 2021 to 15 Jan 2022" in part
    assert "No fact has changed" not in part and "Nothing this briefing" not in part
    assert "status: Planned \u2192 Held (per [test-ms-ministry])" in part
    assert "new disagreement between sources on its date" in part
    assert "further source [test-ms-ministry]" in part  # the whole 7-10 April visit


def test_a_view_limited_to_chosen_sources_uses_only_them(data):
    """``sources`` keeps just the chosen sources (the seed's view of a grown data set)."""
    from briefing.parameters import ParameterValueError

    every = view.open_view("IND-KAZ", "2030-01-01", data_dir=str(data))
    ids = sorted(set(every.facts.sources["source_id"]))
    assert len(ids) > 1
    one = view.open_view("IND-KAZ", "2030-01-01", data_dir=str(data), sources=ids[0])
    assert set(one.facts.sources["source_id"]) == {ids[0]}
    assert set(one.facts.raw_engagements["source_id"]) <= {ids[0]}
    assert set(one.facts.trade_observations["source_id"]) <= {ids[0]}
    with pytest.raises(ParameterValueError, match="no source 'nope'"):
        view.open_view("IND-KAZ", "2030-01-01", data_dir=str(data), sources="nope")
    with pytest.raises(ParameterValueError, match="expected source ids"):
        view.open_view("IND-KAZ", "2030-01-01", data_dir=str(data), sources="a b/c")


def test_an_older_source_does_not_overrule_a_later_status(data_copy):
    """A status update from a source published before the engagement's own source (a 2020
    preview saying the 2021 visit is planned) does not turn a held visit back into planned."""
    import hashlib

    text = "TEST DATA. The Kazakh defence minister is expected to visit India next year.\n"
    (data_copy / "sources" / "old-preview.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with (data_copy / "facts" / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"old-preview,Preview (TEST DATA),,Test,,https://example.org/p,2020-06-01,"
                 f"stated,,day,,secondary,2026-11-27,en,old-preview.txt,{digest},TEST DATA\n")
    with (data_copy / "facts" / "engagement_updates.csv").open("a", encoding="utf-8") as fh:
        fh.write("upd-900,eng-014,old-preview,is expected to visit India next year,planned,"
                 ",,,TEST DATA\n")
    facts = load_facts(data_copy, use_cache=False)
    row = facts.engagements.set_index("engagement_id").loc["eng-014"]
    assert row["status"] == "held" and row["status_source"] != "old-preview"
