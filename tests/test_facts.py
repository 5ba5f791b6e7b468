"""Loading and validating the facts: the shipped data, and broken inputs with their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from briefing.cli import main as cli_main
from briefing.facts import FactsError, Problem, load_facts, normalise_text, split_list
from tests.conftest import append_row, read_rows, set_cell, write_rows

FACTS = Path("data/facts")


# --- the shipped data ----------------------------------------------------------------------


def test_shipped_data_validates_and_every_quote_is_checked():
    facts = load_facts()
    quoted = sum(
        len(df) for name, df in facts.tables.items() if "quote" in df.columns
    )
    assert facts.quotes_verified == quoted > 80
    assert set(facts.tables) >= {
        "sources", "engagements", "entities", "aliases", "places", "trade_observations",
        "trade_derivations", "claims", "source_defects", "engagement_types", "domains",
    }


def test_loader_returns_typed_frames():
    facts = load_facts()
    eng = facts.engagements
    assert pd.api.types.is_datetime64_any_dtype(eng["date_start"])
    assert pd.api.types.is_float_dtype(facts.trade_observations["value"])
    undated = eng[eng["date_precision"] == "undated"]
    assert undated["date_start"].isna().all() and len(undated) >= 5


def test_relative_dates_are_resolved_against_publication_and_keep_the_words():
    eng = load_facts().engagements.set_index("engagement_id")
    friday = eng.loc["eng-016"]
    assert friday["date_start"] == pd.Timestamp("2021-04-09")  # first Friday after Wed 7 April
    assert friday["date_expression"] == "on Friday" and friday["date_basis"] == "relative"
    assert eng.loc["eng-014", "date_start"] == pd.Timestamp("2021-04-07")  # "today"
    assert eng.loc["eng-017", "date_start"] == pd.Timestamp("2021-03-01")  # "last month"
    assert eng.loc["eng-021", "date_precision"] == "year"  # "this year"
    assert eng.loc["eng-021", "status"] == "planned"


def test_reported_trade_figure_is_in_the_data_and_the_derived_one_is_not_typed_in():
    facts = load_facts()
    obs = facts.trade_observations.iloc[0]
    assert (obs["value"], obs["unit"], obs["currency"]) == (1.57, "billion", "USD")
    assert obs["period_start"] == pd.Timestamp("2020-01-01")
    assert obs["period_end"] == pd.Timestamp("2020-05-31")
    assert "value" not in facts.trade_derivations.columns


def test_name_variant_maps_to_one_person_and_is_reported_as_a_defect():
    facts = load_facts()
    alias = facts.aliases.set_index("alias").loc["Nurlan Yermekbayeva"]
    assert alias["entity_id"] == "nurlan-yermekbayev" and alias["variant_kind"] == "misspelling"
    kinds = set(facts.source_defects["kind"])
    assert {"name_variant", "no_date", "duplicated_paragraph", "boilerplate",
            "ambiguous_wording", "typo"} <= kinds


def test_every_engagement_type_has_a_cameo_code():
    types = load_facts().engagement_types.set_index("type")
    assert types.loc["visit", "cameo_code"] == "042"
    assert types.loc["third_location_meeting", "cameo_code"] == "044"
    assert types.loc["agreement", "cameo_code"] == "057"
    assert types.loc["military_exercise", "cameo_code"] == "062"


def test_quote_normalisation_forgives_only_whitespace_and_typographic_quotes():
    assert normalise_text("Kazakhstan’s  \n Defence") == "Kazakhstan's Defence"
    assert normalise_text("“Dostlyk”") == '"Dostlyk"'
    assert normalise_text("Kazakhstans Defence") != normalise_text("Kazakhstan’s Defence")
    assert split_list("a|b| c") == ["a", "b", "c"] and split_list("") == []


def test_validate_command_prints_counts(capsys):
    assert cli_main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "engagements" in out and "quotes verified against their sources" in out


# --- broken inputs -------------------------------------------------------------------------
# Each case breaks a copy of the data and names the problem it must give: file, line,
# column and a part of the message.


def _problems(data_dir: Path) -> list[Problem]:
    with pytest.raises(FactsError) as info:
        load_facts(data_dir)
    return info.value.problems


def _expect(data_dir: Path, file: str, line: int | None, column: str | None, text: str):
    problems = _problems(data_dir)
    hits = [p for p in problems if p.file.endswith(str(FACTS / file)) and p.line == line
            and p.column == column and text in p.message]
    assert hits, f"expected {file}:{line} [{column}] ~ {text!r}; got:\n" + "\n".join(
        map(str, problems))
    return problems


def test_missing_file(data_copy):
    (data_copy / "facts/engagements.csv").unlink()
    _expect(data_copy, "engagements.csv", None, None, "missing file")


def test_missing_datapackage(data_copy):
    (data_copy / "facts/datapackage.json").unlink()
    _expect(data_copy, "datapackage.json", None, None, "missing file")


def test_empty_file(data_copy):
    (data_copy / "facts/places.csv").write_text("", encoding="utf-8")
    _expect(data_copy, "places.csv", 1, None, "empty file: expected a header row: place_id,")


def test_missing_column(data_copy):
    path = data_copy / "facts/engagements.csv"
    header, rows = read_rows(path)
    header.remove("level")
    write_rows(path, header, [{k: v for k, v in r.items() if k != "level"} for r in rows])
    _expect(data_copy, "engagements.csv", 1, "level", "missing column")


def test_unknown_column(data_copy):
    path = data_copy / "facts/claims.csv"
    header, rows = read_rows(path)
    write_rows(path, header + ["colour"], [r | {"colour": "red"} for r in rows])
    _expect(data_copy, "claims.csv", 1, "colour", "unknown column")


def test_wrong_type(data_copy):
    line = set_cell(data_copy / "facts/sources.csv", "iar-2021-04-07", "date_published",
                    "yesterday")
    _expect(data_copy, "sources.csv", line, "date_published", "'yesterday' is not a date")


def test_impossible_date(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-013", "date_start", "2020-13-01")
    _expect(data_copy, "engagements.csv", line, "date_start",
            "'2020-13-01' is not a date YYYY-MM-DD")


def test_end_before_start(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-002", "date_end", "1992-01-31")
    _expect(data_copy, "engagements.csv", line, "date_end", "is before date_start 1992-02-01")


def test_trade_period_end_before_start(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "period_end",
                    "2019-05-31")
    _expect(data_copy, "trade_observations.csv", line, "period_end", "is before period_start")


def test_unknown_enum_value(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-006", "status", "cancelled")
    _expect(data_copy, "engagements.csv", line, "status",
            "'cancelled' is not one of: held, planned, ongoing")


def test_unknown_engagement_type(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-006", "type", "picnic")
    _expect(data_copy, "engagements.csv", line, "type", "'picnic' not found in engagement_types")


def test_duplicate_id(data_copy):
    path = data_copy / "facts/engagements.csv"
    header, rows = read_rows(path)
    line = append_row(path, rows[1])  # a second eng-002
    _expect(data_copy, "engagements.csv", line, "engagement_id", "duplicate id (first on line 3)")


def test_dangling_entity_id(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-013", "participants",
                    "rajnath-singh|nobody")
    _expect(data_copy, "engagements.csv", line, "participants", "'nobody' not found in entities")


def test_dangling_place_id(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-013", "places", "atlantis")
    _expect(data_copy, "engagements.csv", line, "places", "'atlantis' not found in places")


def test_dangling_source_id(data_copy):
    line = set_cell(data_copy / "facts/claims.csv", "clm-002", "source_id", "no-such-source")
    _expect(data_copy, "claims.csv", line, "source_id", "'no-such-source' not found in sources")


def test_negative_value(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "value", "-1.57")
    _expect(data_copy, "trade_observations.csv", line, "value", "below the minimum 0")


def test_zero_value(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "value", "0")
    _expect(data_copy, "trade_observations.csv", line, "value", "must be positive")


def test_non_numeric_value(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "value", "1.57bn")
    _expect(data_copy, "trade_observations.csv", line, "value", "'1.57bn' is not a number")


def test_unknown_unit(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "unit", "myriad")
    _expect(data_copy, "trade_observations.csv", line, "unit", "'myriad' is not one of")


def test_period_inconsistent_with_basis(data_copy):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "period_basis",
                    "calendar_year")
    _expect(data_copy, "trade_observations.csv", line, "period_basis",
            "calendar_year means 1 January to 31 December")


def test_quote_not_in_source(data_copy):
    # A paraphrase: right meaning, wrong words.
    line = set_cell(data_copy / "facts/engagements.csv", "eng-006", "quote",
                    "Prime Minister Narendra Modi went to Kazakhstan in July 2015")
    _expect(data_copy, "engagements.csv", line, "quote",
            "quote not found in source iar-2021-04-07")


def test_one_passage_of_a_joined_quote_not_in_source(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-014", "quote",
                    "arrived in India today … on the kind invitation of Rajnath Singh")
    _expect(data_copy, "engagements.csv", line, "quote", "on the kind invitation")


def test_empty_quote(data_copy):
    line = set_cell(data_copy / "facts/places.csv", "agra", "quote", "")
    _expect(data_copy, "places.csv", line, "quote", "a value is required")


def test_checksum_mismatch(data_copy):
    src = data_copy / "sources/iar-2021-04-07-india-kazakhstan-ties.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("1.57", "1.75"), encoding="utf-8")
    problems = _expect(data_copy, "sources.csv", 2, "sha256", "checksum mismatch")
    # the edited figure is no longer in the text either: the quote check says so too
    assert any(p.file.endswith("trade_observations.csv") and p.column == "quote"
               for p in problems)


def test_non_utf8_bytes(data_copy):
    path = data_copy / "facts/claims.csv"
    data = path.read_bytes().replace("India’s largest".encode(), "India\x92s largest".encode(
        "latin-1"), 1)
    path.write_bytes(data)
    _expect(data_copy, "claims.csv", 2, None, "not valid UTF-8 (byte 0x92")


def test_utf8_bom(data_copy):
    path = data_copy / "facts/domains.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _expect(data_copy, "domains.csv", 1, None, "byte-order mark")


def test_unknown_country_code(data_copy):
    line = set_cell(data_copy / "facts/places.csv", "moscow", "country", "XYZ")
    _expect(data_copy, "places.csv", line, "country", "'XYZ' is not an ISO 3166 alpha-3")


def test_date_inconsistent_with_precision(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-006", "date_end", "2015-07-15")
    _expect(data_copy, "engagements.csv", line, "date_end",
            "date_precision 'month' means 2015-07-01 to 2015-07-31")


def test_undated_engagement_with_a_date(data_copy):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-001", "date_start", "1991-12-25")
    _expect(data_copy, "engagements.csv", line, "date_start", "an undated engagement has no dates")


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "facts/domains.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra,Extra,one,two\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    _expect(data_copy, "domains.csv", lines, None, "row has 4 cells, the header has 3")


def test_all_problems_are_collected_not_only_the_first(data_copy):
    set_cell(data_copy / "facts/engagements.csv", "eng-006", "status", "cancelled")
    set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "unit", "myriad")
    set_cell(data_copy / "facts/claims.csv", "clm-001", "quote", "not in the article")
    problems = _problems(data_copy)
    files = {Path(p.file).name for p in problems}
    assert files >= {"engagements.csv", "trade_observations.csv", "claims.csv"}


def test_script_text_is_accepted_as_text_not_dropped(data_copy):
    payload = "<script>alert('x')</script> kept verbatim"
    set_cell(data_copy / "facts/engagements.csv", "eng-006", "note", payload)
    eng = load_facts(data_copy).engagements.set_index("engagement_id")
    assert eng.loc["eng-006", "note"] == payload


def test_validate_command_exits_nonzero_and_names_the_place(data_copy, capsys):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-013", "date_start", "2020-13-01")
    assert cli_main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{data_copy}/facts/engagements.csv:{line}: column 'date_start':" in err


def test_schema_is_one_frictionless_package_describing_every_table():
    package = json.loads((Path(__file__).parents[1] / FACTS / "datapackage.json").read_text())
    for res in package["resources"]:
        assert res["schema"]["primaryKey"], res["name"]
        header, _ = read_rows(Path(__file__).parents[1] / FACTS / res["path"])
        assert header == [f["name"] for f in res["schema"]["fields"]], res["name"]


def test_validated_facts_are_cached_by_content(data_copy, monkeypatch, tmp_path):
    import briefing.facts as facts_module
    from briefing import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    first = load_facts(data_copy)
    assert len(list((tmp_path / "cache").glob("facts-*.json"))) == 1

    def boom(*args):
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(facts_module, "_load_and_validate", boom)
    again = load_facts(data_copy)
    assert again.engagements.equals(first.engagements)
    # any change to an input misses the cache and is validated (here: found broken)
    monkeypatch.undo()
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    set_cell(data_copy / "facts/engagements.csv", "eng-013", "date_start", "2020-13-01")
    with pytest.raises(FactsError):
        load_facts(data_copy)


def test_blank_rows_are_reported_at_their_own_lines(data_copy):
    path = data_copy / "facts/places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3:3] = [",,,,,,"]          # becomes line 4
    lines[6:6] = [""]                # becomes line 7
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert [(p.line, p.message) for p in problems] == [(4, "blank row"), (7, "blank row")]
