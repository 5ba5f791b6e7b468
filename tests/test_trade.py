"""Trade figures: normalisation, derivation, like periods, conflicts, refusals, notebook."""

from __future__ import annotations

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import papermill as pm
import pytest

from briefing import charts, config, trade
from briefing.facts import load_facts
from tests.fixture_data import data_with_fixture

PAIR = ("IND", "KAZ")
AS_OF = "2021-04-07"


@pytest.fixture(scope="module")
def seed():
    facts = load_facts()
    return facts, trade.trade_table(facts, PAIR, AS_OF)


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory):
    """The shipped data plus the TEST DATA fixture of two disagreeing sources."""
    data = data_with_fixture("trade-two-sources", tmp_path_factory.mktemp("fx") / "data")
    facts = load_facts(data)
    return data, facts, trade.trade_table(facts, PAIR, AS_OF)


@pytest.mark.parametrize("start,end,basis,label", [
    ("2020-01-01", "2020-05-31", "partial_year", "Jan\u2013May 2020"),
    ("2010-04-01", "2011-03-31", "fiscal_year_in", "FY 2010-11"),
    ("2019-01-01", "2019-12-31", "calendar_year", "2019"),
    ("2020-01-01", "2020-03-31", "quarter", "Q1 2020"),
    ("2020-05-01", "2020-05-31", "month", "May 2020"),
])
def test_period_labels(start, end, basis, label):
    assert trade.period_label(start, end, basis) == label


def test_normalises_to_one_unit(seed):
    _, table = seed
    reported = table[table["method"] == "reported"].iloc[0]
    assert reported["value_norm"] == pytest.approx(1570.0)
    assert reported["unit_norm"] == "USD million" and reported["months"] == 5
    facts = load_facts()
    in_billions = trade.trade_table(facts, PAIR, AS_OF, unit="billion")
    assert in_billions["value_norm"].tolist() == pytest.approx([0.785, 1.57])
    with pytest.raises(ValueError, match="unit 'crore'"):
        trade.trade_table(facts, PAIR, AS_OF, unit="crore")


def test_derived_value_is_computed_from_the_reported_one_and_marked(seed):
    _, table = seed
    derived = table[table["method"] == "derived"].iloc[0]
    assert derived["period"] == "Jan\u2013May 2019"
    assert derived["value_norm"] == pytest.approx(1570 / 2)
    assert derived["derived_from"] == "trd-001"
    assert "\u00f7 2" in derived["formula"] and "[trd-001]" in derived["formula"]


def test_derivation_follows_the_recorded_reading(data_copy):
    # Recording the other reading (+200%, i.e. x3) changes the derived value with no code change.
    path = data_copy / "facts/trade_derivations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",growth_factor,2,", ",growth_factor,3,"), encoding="utf-8")
    table = trade.trade_table(load_facts(data_copy), PAIR, AS_OF)
    assert table[table["method"] == "derived"]["value_norm"].iloc[0] == pytest.approx(1570 / 3)


def test_like_period_growth_on_the_seed(seed):
    _, table = seed
    growth = trade.like_period_growth(table)
    assert len(growth) == 1
    row = growth.iloc[0]
    assert (row["from"], row["to"]) == ("Jan\u2013May 2019", "Jan\u2013May 2020")
    assert row["growth_pct"] == 100.0
    assert "derived [drv-001]" in row["inputs"]


def test_partial_year_is_never_compared_with_a_full_year(two_sources):
    _, _, table = two_sources
    partial = table[table["period"] == "Jan\u2013May 2020"].iloc[0]
    full = table[(table["period"] == "2019") & (table["source_id"] == "test-trade-a")].iloc[0]
    with pytest.raises(trade.IncomparablePeriods, match="not like periods"):
        trade.growth(full, partial)
    fiscal = table[table["period"] == "FY 2019-20"].iloc[0]
    with pytest.raises(trade.IncomparablePeriods):
        trade.growth(full, fiscal)
    growth = trade.like_period_growth(table)
    assert not ((growth["from"] == "2019") & (growth["to"] == "Jan\u2013May 2020")).any()


def test_year_on_year_and_compound_growth(two_sources):
    _, _, table = two_sources
    growth = trade.like_period_growth(table).set_index(["from", "to"])
    # headline values: 2018 from A (only one), 2019 and 2020 from B (published later)
    assert growth.loc[("2018", "2019"), "growth_pct"] == pytest.approx(8.3)
    assert growth.loc[("2019", "2020"), "growth_pct"] == pytest.approx(53.8)
    assert not growth.loc[("2018", "2019"), "same_source"]
    cagr = trade.series_cagr(table, "calendar_year")
    assert cagr["years"] == 2
    assert cagr["cagr_pct"] == pytest.approx(((2000 / 1200) ** 0.5 - 1) * 100, abs=0.05)
    assert trade.series_cagr(table, "fiscal_year_in") is None  # no fiscal turnover series
    with pytest.raises(ValueError):
        trade.series_cagr(table, "lunar_year")


def test_conflicts_keep_every_value_and_pick_a_headline_by_rule(two_sources):
    _, _, table = two_sources
    c = trade.conflicts(table)
    assert set(c["period"]) == {"2019", "2020"}
    y2019 = c[c["period"] == "2019"].set_index("source_id")
    assert y2019["value_norm"].to_dict() == {"test-trade-a": 1350.0, "test-trade-b": 1300.0}
    assert y2019["spread"].iloc[0] == pytest.approx(50.0)
    assert y2019["spread_pct"].iloc[0] == pytest.approx(3.8)
    assert y2019.loc["test-trade-b", "headline"] and not y2019.loc["test-trade-a", "headline"]
    assert "derived" in trade.HEADLINE_RULE


def test_headline_prefers_reported_over_derived():
    base = {"flow": "x", "measure": "turnover", "country_a": "IND", "country_b": "KAZ",
            "period_start": pd.Timestamp("2019-01-01"), "period_end": pd.Timestamp("2019-05-31"),
            "currency": "USD", "published": pd.Timestamp("2021-01-01"), "reporter": ""}
    table = pd.DataFrame([
        base | {"observation_id": "d", "method": "derived", "value_norm": 785.0},
        base | {"observation_id": "r", "method": "reported", "value_norm": 800.0,
                "published": pd.Timestamp("2020-01-01")},
    ])
    assert trade.headline(table)["observation_id"].tolist() == ["r"]


def test_balance_where_exports_and_imports_are_known(two_sources, seed):
    _, _, table = two_sources
    bal = trade.balance(table, PAIR)
    assert bal.iloc[0]["period"] == "FY 2019-20"
    assert bal.iloc[0]["balance"] == pytest.approx(-550.0)
    assert bal.iloc[0]["in_favour_of"] == "KAZ"
    facts, seed_table = seed
    assert trade.balance(seed_table, PAIR).empty
    words = " ".join(trade.summary_sentences(seed_table, facts, PAIR, "India\u2013Kazakhstan"))
    assert "cannot be computed" in words and "in favour of Kazakhstan" in words


def test_annualising_is_marked_as_an_estimate(seed):
    _, table = seed
    est = trade.annualise(table[table["method"] == "reported"].iloc[0])
    assert est["method"] == "estimate" and est["value_norm"] == pytest.approx(1570 * 12 / 5)
    full = table.iloc[0].copy()
    full["months"] = 12
    with pytest.raises(ValueError, match="already a full year"):
        trade.annualise(full)


def test_as_of_leaves_out_later_sources_and_periods(two_sources):
    _, facts, _ = two_sources
    early = trade.trade_table(facts, PAIR, "2021-03-05")  # after A (1 Mar), before B and seed
    assert set(early["source_id"]) == {"test-trade-a"}


def test_claims_carry_their_quotes(seed):
    facts, _ = seed
    claims = trade.trade_claims(facts)
    assert {"Trade", "Investment", "Energy"} <= set(claims["Topic"])
    assert claims["Quote"].str.startswith("\u201c").all()


def test_chart_panels_by_like_periods_and_marks_derived(two_sources):
    _, _, table = two_sources
    fig = charts.plot_trade_values(table)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(trade.comparable_groups(table)) == 4
    hatched = [p for ax in visible for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1  # the one derived value
    cal = next(ax for ax in visible if "Calendar" in ax.get_title(loc="left"))
    assert len(cal.patches) == 5  # 2018, 2019 x2, 2020 x2: conflicting values side by side
    assert len(cal.lines) == 1  # the headline series
    plt.close(fig)


def _stream(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", o.get("evalue")
            out.append(o.get("text", "") + o.get("data", {}).get("text/html", ""))
    return "\n".join(out)


def test_notebook_with_defaults_shows_reported_and_derived(tmp_path):
    nb = pm.execute_notebook(str(config.NOTEBOOKS_DIR / "20-trade.ipynb"),
                             str(tmp_path / "out.ipynb"), progress_bar=False,
                             cwd=str(config.NOTEBOOKS_DIR))
    text = _stream(nb)
    assert "as reported: 1.57 billion USD" in text
    assert "Jan\u2013May 2019 IND\u2013KAZ turnover USD 785.0 million (derived" in text


def test_fixture_drives_the_notebook_with_no_code_change(two_sources, tmp_path):
    data, _, _ = two_sources
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(config.NOTEBOOKS_DIR / "20-trade.ipynb"), str(out),
                        parameters={"data_dir": str(data), "annualise": True},
                        progress_bar=False, cwd=str(config.PROJ_ROOT))
    text = _stream(nbformat.read(out, as_version=4))
    assert "growth 2019 -> 2020: +53.8%" in text
    assert "conflicting measure-periods: 2" in text
    assert "Compound annual growth 2018\u20132020: 29.1% a year" in text
    assert "test-trade-a" in text and "test-trade-b" in text  # conflict table, both sources
    assert "FY 2019-20" in text and "annualised" in text


def test_a_pair_without_trade_figures_gives_empty_results_not_errors():
    facts = load_facts()
    empty = trade.trade_table(facts, ("IND", "UZB"), AS_OF)
    assert empty.empty
    assert trade.headline(empty).empty and trade.conflicts(empty).empty
    assert trade.like_period_growth(empty).empty and trade.balance(empty, PAIR).empty
    assert trade.series_cagr(empty) is None
    assert trade.key_numbers_text(empty, PAIR) == "figures: 0"
    fig = charts.plot_trade_values(empty)
    assert "No trade figures" in fig.texts[0].get_text()


def test_ten_thousand_observations_go_through(tmp_path):
    from tests.synthetic import write_synthetic_data

    facts = load_facts(write_synthetic_data(tmp_path / "data", trade=10_000))
    table = trade.trade_table(facts, PAIR, AS_OF)
    assert len(table) > 9_900
    c = trade.conflicts(table)
    assert len(c) and (c.groupby(["period", "flow"])["headline"].sum() == 1).all()
    growth = trade.like_period_growth(table)
    assert growth["growth_pct"].notna().sum() > 1_000  # the same month a year apart
    fig = charts.plot_trade_values(table)
    assert all(not ax.patches for ax in fig.axes)  # lines, not ten thousand bars
    plt.close(fig)


def test_growth_table_for_the_reader(seed):
    _, table = seed
    g = trade.growth_table(table).iloc[0]
    assert (g["From"], g["To"], g["Growth"], g["Same source"]) == (
        "Jan\u2013May 2019", "Jan\u2013May 2020", "+100.0%", "yes")
