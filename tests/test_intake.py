"""Intake: storing an article, proposing candidates, and merging a reviewed sheet.

Everything runs on a scratch copy of the frozen seed fixture (``BRIEFING_DATA_DIR``) and
on invented TEST DATA articles in ``tests/fixtures/intake/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from briefing import config
from briefing.cells import split_list
from briefing.cli import main
from briefing.facts import load_facts
from briefing.intake import IntakeError, accept, ingest, read_sheet
from briefing.intake.dates import find_dates
from briefing.intake.extract import SHEET_COLUMNS, Knowledge, propose

HERE = Path(__file__).parent / "fixtures" / "intake"
ISSUE_COLUMNS = ("candidate_id kind accept quote summary type status date_start date_end "
                 "date_precision date_expression participants places value unit currency "
                 "period_start period_end period_basis measure matches note").split()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, dest)
    return dest


def _snapshot(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file()}


def _set(sheet: Path, decide) -> None:
    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        decide(row)
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=SHEET_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


BASE = dt.date(2021, 4, 7)  # a Wednesday


@pytest.mark.parametrize("words, planned, start, end, precision", [
    ("on April 09, 2021", False, "2021-04-09", "2021-04-09", "day"),
    ("on 9 April 2021", False, "2021-04-09", "2021-04-09", "day"),
    ("in February 1992", False, "1992-02-01", "1992-02-29", "month"),
    ("January 2019", False, "2019-01-01", "2019-01-31", "month"),
    ("in 2009", False, "2009-01-01", "2009-12-31", "year"),
    ("from 10 to 19 March 2021", False, "2021-03-10", "2021-03-19", "range"),
    ("January-May 2020", False, "2020-01-01", "2020-05-31", "range"),
    ("today", False, "2021-04-07", "2021-04-07", "day"),
    ("on Friday", True, "2021-04-09", "2021-04-09", "day"),
    ("on Friday", False, "2021-04-02", "2021-04-02", "day"),
    ("tomorrow", True, "2021-04-08", "2021-04-08", "day"),
    ("last month", False, "2021-03-01", "2021-03-31", "month"),
    ("next week", True, "2021-04-12", "2021-04-18", "range"),
    ("this year", True, "2021-01-01", "2021-12-31", "year"),
    ("earlier this year in March", False, "2021-03-01", "2021-03-31", "month"),
    ("last year", False, "2020-01-01", "2020-12-31", "year"),
    ("later this year", True, "2021-04-08", "2021-12-31", "range"),
    ("earlier this year", False, "2021-01-01", "2021-04-06", "range"),
    ("in the second quarter", True, "2021-04-01", "2021-06-30", "range"),
    ("in the first quarter", True, "2022-01-01", "2022-03-31", "range"),
    ("on New Year's Day", False, "2021-01-01", "2021-01-01", "day"),
])
def test_date_expressions_resolve_against_the_publication_date(words, planned, start, end,
                                                                precision):
    found = find_dates(f"They met {words}.", BASE, planned)
    assert len(found) == 1, found
    f = found[0]
    assert (f.date_start.isoformat(), f.date_end.isoformat(), f.precision) == (
        start, end, precision)
    assert words.endswith(f.expression) or f.expression in words


def test_relative_dates_stay_undated_without_a_day_precise_publication_date():
    (f,) = find_dates("They met last month.", None)
    assert f.date_start is None and f.precision == "undated" and f.expression == "last month"


def test_intake_stores_the_source_and_writes_a_review_sheet(data, capsys):
    url = "https://example.org/2021/04/12/test-wire"
    assert main(["intake", str(HERE / "wire.txt"), "--url", url, "--published", "2021-04-12",
                 "--pair", "KEN-FRA", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    sid = re.search(r"stored as (\S+);", out).group(1)
    text_file = data / "sources" / f"{sid}.txt"
    assert text_file.read_bytes() == (HERE / "wire.txt").read_bytes()   # stored as it is
    with (data / "facts" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        origin = {r["source_id"]: r for r in csv.DictReader(fh)}[sid]
    assert origin["url"] == url and origin["date_published"] == "2021-04-12"
    assert origin["date_published_basis"] == "from_address"
    assert origin["sha256"] == hashlib.sha256(text_file.read_bytes()).hexdigest()
    sheet = data / "intake" / f"{sid}.csv"
    rows = read_sheet(sheet)
    assert set(ISSUE_COLUMNS) <= set(rows[0].values)
    text = text_file.read_text(encoding="utf-8")
    assert all(r.values["quote"] in text for r in rows)          # verbatim spans
    eng = [r.values for r in rows if r.values["kind"] == "engagement"]
    talks = [e for e in eng if e["date_expression"] == "on Friday"]
    assert talks and talks[0]["date_start"] == "2021-04-09"      # the Friday before
    assert any(e["date_expression"] == "yesterday" and e["date_start"] == "2021-04-11"
               for e in eng)
    planned = [e for e in eng if e["status"] == "planned" and "next month" in
               e["date_expression"]]
    assert planned and planned[0]["date_start"] == "2021-05-01"
    trade = {(r.values["value"], r.values["period_basis"]) for r in rows
             if r.values["kind"] == "trade"}
    assert ("640", "calendar_year") in trade and ("210", "calendar_year") in trade
    # the same article again is refused, naming the source it already is
    assert main(["intake", str(HERE / "wire.txt"), "--url", url, "--data-dir",
                 str(data)]) == 1
    assert sid in capsys.readouterr().err


def test_accepted_rows_merge_into_valid_facts_and_accepting_again_adds_nothing(data):
    done = ingest(HERE / "wire.txt", url="https://example.org/wire", published="2021-04-12",
                  pair="KEN-FRA", data_dir=data)
    rows = [r.values for r in read_sheet(done.sheet)]
    talks = next(r for r in rows if r["kind"] == "engagement" and
                 r["date_expression"] == "on Friday")
    needed = set(talks["participants"].split("|")) | set(filter(None,
                                                               talks["places"].split("|")))
    fig = next(r for r in rows if r["kind"] == "trade" and r["value"] == "640")

    def decide(row):
        if row["candidate_id"] in (talks["candidate_id"], fig["candidate_id"]):
            row["accept"] = "yes"
        elif row["kind"] in ("entity", "place") and row["fact_id"] in needed:
            row["accept"] = "yes"
            row["country"] = row["country"] or "KEN"
        else:
            row["accept"] = "no"
    _set(done.sheet, decide)
    added = accept(done.sheet, data)
    assert added["engagements"] == 1 and added["trade_observations"] == 1
    facts = load_facts(data, use_cache=False)
    new = facts.engagements[facts.engagements["source_id"] == done.source_id]
    assert list(new["date_start"].dt.date) == [dt.date(2021, 4, 9)]
    assert set(new.iloc[0]["participants"].split("|")) == set(talks["participants"].split("|"))
    obs = facts.trade_observations[facts.trade_observations["source_id"] == done.source_id]
    assert obs.iloc[0]["value"] == 640 and obs.iloc[0]["currency"] == "EUR"
    merged = [r.values for r in read_sheet(done.sheet) if r.values["accept"] == "merged"]
    assert {r["candidate_id"] for r in merged} >= {talks["candidate_id"], fig["candidate_id"]}
    assert all(r["fact_id"] for r in merged)
    assert any(r.values["accept"] == "no" for r in read_sheet(done.sheet))  # rejected stay
    before = _snapshot(data)
    assert accept(done.sheet, data) == {}
    assert _snapshot(data) == before


def test_a_saved_web_page_gives_its_text_title_and_date(data):
    done = ingest(HERE / "page.html", url="https://example.org/news/visit", data_dir=data)
    with (data / "facts" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        origin = {r["source_id"]: r for r in csv.DictReader(fh)}[done.source_id]
    text = (data / "sources" / origin["path"]).read_text(encoding="utf-8")
    assert "Marchetti-Laval" in text and "<p>" not in text and "Home" not in text
    assert origin["title"] == "Foreign Minister receives visiting counterpart"
    assert origin["date_published"] == "2021-04-09"
    assert origin["date_published_basis"] == "from_metadata"
    assert origin["publisher"] == "Test Ministry of Foreign Affairs"


def test_reingesting_known_facts_proposes_links_not_duplicates(data):
    facts = load_facts(data)
    text = next(iter(facts.source_texts.values()))
    rows, _ = propose(text, Knowledge.from_facts(facts), BASE)
    links = [r for r in rows if r["kind"] == "link"]
    assert not [r for r in rows if r["kind"] == "engagement"]
    assert {r["matches"] for r in links} >= {"eng-013", "eng-014", "eng-016", "eng-021"}
    assert all(r["matches"] for r in rows if r["kind"] == "trade")


@pytest.mark.parametrize("name, content, expect", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ("latin1.txt", "Line one\nCaf\u00e9 society".encode("latin-1"), ":2: column 4: not UTF-8"),
    ("nothing.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
    ("ctrl.txt", b"Fine line\nbad \x07 bell", ":2: column 5: control character"),
])
def test_bad_articles_are_refused_and_nothing_is_written(data, tmp_path, name, content,
                                                         expect, capsys):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = _snapshot(data)
    assert main(["intake", str(bad), "--url", "https://example.org/x", "--data-dir",
                 str(data)]) == 1
    err = capsys.readouterr().err
    assert expect in err and str(bad) in err
    assert _snapshot(data) == before


def _sheet(data) -> Path:
    return ingest(HERE / "wire.txt", url="https://example.org/wire", published="2021-04-12",
                  pair="KEN-FRA", data_dir=data).sheet


def _line_of(sheet: Path, candidate_id: str) -> int:
    return next(r.line for r in read_sheet(sheet) if r.values["candidate_id"] == candidate_id)


@pytest.mark.parametrize("edit, column", [
    (lambda r: r.update(accept="maybe"), "accept"),
    (lambda r: r.update(accept="yes", quote=r["quote"] + " and more words"), "quote"),
    (lambda r: r.update(accept="yes", participants="nobody-known"), "participants"),
    (lambda r: r.update(accept="yes", date_precision="fortnight"), "date_precision"),
    (lambda r: r.update(accept="yes", kind="rumour"), "kind"),
])
def test_a_bad_sheet_row_names_its_line_and_column_and_writes_nothing(data, edit, column,
                                                                      capsys):
    sheet = _sheet(data)
    first = next(r.values for r in read_sheet(sheet) if r.values["kind"] == "engagement"
                 and r.values["participants"])
    target = first["candidate_id"]

    def decide(row):
        if row["candidate_id"] == target:
            edit(row)
            if column == "date_precision":  # the row's names must exist for this case
                row["participants"] = row["places"] = ""
    _set(sheet, decide)
    before = _snapshot(data)
    assert main(["intake", "--accept", str(sheet), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"{sheet}:{_line_of(sheet, target)}: column '{column}'" in err, err
    assert "nothing was written" in err
    assert _snapshot(data) == before


def test_a_broken_sheet_is_refused_with_its_line(data, capsys):
    sheet = _sheet(data)
    lines = sheet.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ',"an extra cell'
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(IntakeError, match=rf"{re.escape(str(sheet))}:3"):
        accept(sheet, data)


def test_the_extractor_names_no_source_person_or_pair():
    """No rule may mention a particular source, person, place or pair: the extractor's code
    holds none of the seed fixture's names."""
    facts = load_facts()
    names = set(facts.entities["name"]) | set(facts.aliases["alias"]) | set(
        facts.places["name"]) | set(facts.sources["publisher"])
    names = {n for n in names if len(n) > 3}
    code = "\n".join(p.read_text(encoding="utf-8") for p in
                     (Path(config.PROJ_ROOT) / "briefing" / "intake").glob("*.py"))
    assert not [n for n in names if n in code]


def test_a_town_gets_its_country_preferring_the_pair():
    from briefing.intake.gazetteer import locate

    assert locate("Santiago") == ("CHL", "city")          # the most populous of the name
    assert locate("Santiago", ("PHL", "USA"))[0] == "PHL"  # the pair's first
    assert locate("Nowhere-on-Earth") is None


def test_dates_read_from_context_and_the_publication_weekday():
    text = ("TEST DATA. In 2009, the two governments signed an agreement establishing a "
            "joint commission, which held its first session in Lyon in October of that year. "
            "The ministers met on Thursday in Lyon.")
    rows, _ = propose(text, Knowledge(), dt.date(2022, 3, 3), ("FRA", "KEN"))   # a Thursday
    eng = [r for r in rows if r["kind"] == "engagement"]
    session = [r for r in eng if "October of that year" in r["quote"] and
               r["date_precision"] == "month"]
    assert session and session[0]["date_start"] == "2009-10-01"
    met = [r for r in eng if "on Thursday" in r["quote"]]
    assert met and met[0]["date_start"] == "2022-03-03"
    lyon = [r for r in rows if r["kind"] == "place" and r["name"] == "Lyon"]
    assert lyon and lyon[0]["country"] == "FRA"


def test_a_link_that_is_also_a_status_update_merges_once(data, tmp_path):
    """A later source says the planned meeting (eng-016) was held: its link row becomes a
    further source and a status update, the sheet is marked, and accepting a copy of the
    sheet again adds nothing."""
    article = tmp_path / "later.txt"
    article.write_text("TEST DATA — invented follow-up for the intake tests.\n\n"
                       "Defence Minister Rajnath Singh held a bilateral meeting with General "
                       "Yermekbayev in New Delhi on Friday.\n", encoding="utf-8")
    done = ingest(article, url="https://example.org/later", published="2021-04-10",
                  pair="IND-KAZ", data_dir=data)
    rows = [r.values for r in read_sheet(done.sheet)]
    link = next(r for r in rows if r["kind"] == "link" and r["matches"] == "eng-016")
    assert link["status"] == "held" and link["date_start"] == "2021-04-09"
    _set(done.sheet, lambda r: r.update(accept="yes" if r["candidate_id"] ==
                                        link["candidate_id"] else "no"))
    before_sheet = done.sheet.read_text(encoding="utf-8")
    added = accept(done.sheet, data)
    assert added == {"engagement_sources": 1, "engagement_updates": 1}
    marked = next(r.values for r in read_sheet(done.sheet)
                  if r.values["candidate_id"] == link["candidate_id"])
    assert marked["accept"] == "merged" and marked["fact_id"].startswith("lnk-")
    facts = load_facts(data, use_cache=False)
    assert "held" in set(facts.engagement_updates["status"])
    # a run that stopped before marking its sheet: the same rows again are recognised
    done.sheet.write_text(before_sheet.replace(",no,", ",no,"), encoding="utf-8")
    _set(done.sheet, lambda r: r.update(accept="yes" if r["candidate_id"] ==
                                        link["candidate_id"] else "no"))
    snapshot = _snapshot(data / "facts")
    assert accept(done.sheet, data) == {}
    assert _snapshot(data / "facts") == snapshot
    again = next(r.values for r in read_sheet(done.sheet)
                 if r.values["candidate_id"] == link["candidate_id"])
    assert again["accept"] == "merged" and again["fact_id"] == marked["fact_id"]


def test_a_publication_range_is_recorded_as_known(data):
    done = ingest(HERE / "wire.txt", url="https://example.org/r",
                  published="2021-12-20..2022-01-27",
                  published_note="announces a summit held on 27 Jan 2022", data_dir=data)
    with (data / "facts" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        origin = {r["source_id"]: r for r in csv.DictReader(fh)}[done.source_id]
    assert (origin["date_published"], origin["date_published_end"],
            origin["date_published_precision"], origin["date_published_basis"]) == (
        "2021-12-20", "2022-01-27", "range", "inferred")
    assert origin["date_published_note"] == "announces a summit held on 27 Jan 2022"
    with pytest.raises(IntakeError, match="runs backwards"):
        ingest(HERE / "page.html", url="https://example.org/q",
               published="2022-01-27..2021-12-20", data_dir=data)


def test_the_two_ministers_are_the_latest_so_titled_of_each_country():
    """ "The two foreign ministers" are the foreign ministers last named for each side, not
    whoever the sentence before named; a title in apposition ("the Minister of Foreign
    Affairs of France, Mr …") is the person's title and gives their country."""
    text = ("TEST DATA. The Minister of Foreign Affairs of France, Mr Paul Durandeau, spoke "
            "with the Kenyan Foreign Minister, Ms Amina Wekesa-Otieno, on 3 May 2022. "
            "Trade Secretary John Mbugua Kirimi later met business leaders. "
            "The two foreign ministers met again in Nairobi on 9 June 2022, when Mr Kirimi "
            "also joined. Minister Wekesa Otieno thanked France.")
    rows, _ = propose(text, Knowledge(), dt.date(2022, 6, 20), ("FRA", "KEN"))
    people = {r["fact_id"]: r for r in rows if r["kind"] == "entity" and r["type"] == "person"}
    assert people["paul-durandeau"]["country"] == "FRA"
    assert people["paul-durandeau"]["role"] == "Minister of Foreign Affairs of France"
    assert people["amina-wekesa-otieno"]["country"] == "KEN"
    # "Minister Wekesa Otieno" is the same person, not a new one
    assert not [p for p in people if p.startswith("wekesa")]
    met = [r for r in rows if r["kind"] == "engagement" and "met again" in r["quote"]]
    assert met and set(split_list(met[0]["participants"])) >= {
        "paul-durandeau", "amina-wekesa-otieno"}
    assert "john-mbugua-kirimi" not in met[0]["participants"]


def test_a_plan_without_a_date_takes_the_date_of_the_plan_it_belongs_to():
    text = ("TEST DATA. Foreign Minister Ana Lucas is scheduled to visit Nairobi from 2 to 3 "
            "April 2025. During the visit, an agreement on seasonal work is expected to be "
            "signed by Ms Lucas.")
    rows, _ = propose(text, Knowledge(), dt.date(2025, 3, 13), ("FRA", "KEN"))
    signed = [r for r in rows if r["kind"] == "engagement" and r["type"] == "agreement"]
    assert signed and signed[0]["status"] == "planned"
    assert (signed[0]["date_start"], signed[0]["date_end"]) == ("2025-04-02", "2025-04-03")
    assert signed[0]["date_basis"] == "context"


def test_the_review_notebook_opens_the_sheet_awaiting_decisions(tmp_path):
    import os

    from briefing.intake import review

    folder = tmp_path / "intake"
    folder.mkdir()
    sample = next((HERE.parent / "seed" / "intake").glob("*.csv"))
    waiting, decided = folder / "a-waiting.csv", folder / "b-decided.csv"
    shutil.copy(sample, waiting)
    with sample.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with decided.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows({**r, "accept": "no"} for r in rows)
    os.utime(waiting, (1_000_000, 1_000_000))   # older, but it has rows to decide
    assert review.pending(waiting) == len(rows) and review.pending(decided) == 0
    assert review.newest_sheet(tmp_path) == waiting
    waiting.unlink()
    assert review.newest_sheet(tmp_path) == decided


def test_a_long_summary_is_cut_at_a_word():
    sentence = ("TEST DATA. On 3 May 2022 the Foreign Minister of France, Paul Durandeau, met "
                + "the Kenyan delegation to discuss " + "the geothermal plants of the valley "
                * 8 + "in Nairobi.")
    rows, _ = propose(sentence, Knowledge(), dt.date(2022, 6, 20), ("FRA", "KEN"))
    summaries = [r["summary"] for r in rows if r["kind"] == "engagement"]
    assert summaries and all(len(s) <= 200 for s in summaries)
    cut = [s for s in summaries if s.endswith("…")]
    assert cut and all(s[:-1].split()[-1] in sentence.split() for s in cut)


def test_a_publication_known_to_a_month_or_year_still_places_its_dates():
    """A day written without its year takes the year of a source published in a known
    month or year; a weekday cannot be placed more exactly than the publication itself."""
    text = ("TEST DATA. Foreign Minister Ana Lucas met Foreign Minister Peter Kamau on "
            "August 3 in Nairobi. The two sides signed a trade pact on Wednesday.")
    rows, _ = propose(text, Knowledge(), None, ("FRA", "KEN"),
                      (dt.date(2018, 1, 1), dt.date(2018, 12, 31)))
    met = next(r for r in rows if r["kind"] == "engagement" and r["type"] == "meeting")
    assert (met["date_start"], met["date_precision"]) == ("2018-08-03", "day")
    pact = next(r for r in rows if r["kind"] == "engagement" and r["type"] == "agreement")
    assert (pact["date_start"], pact["date_end"], pact["date_precision"]) == (
        "2018-01-01", "2018-12-31", "year")
    assert "publication year 2018" in pact["note"]
    rows, _ = propose(text, Knowledge(), None, ("FRA", "KEN"),
                      (dt.date(2018, 8, 1), dt.date(2018, 8, 31)))
    pact = next(r for r in rows if r["kind"] == "engagement" and r["type"] == "agreement")
    assert (pact["date_start"], pact["date_end"], pact["date_precision"]) == (
        "2018-08-01", "2018-08-31", "month")


@pytest.mark.parametrize("sentence, typ, status", [
    ("The Embassy of France was opened in Nairobi in May 1992.", "diplomatic_relations",
     "held"),
    ("Ambassador Paul Durand presented credentials on 1 October 1992.",
     "diplomatic_relations", "held"),
    ("President Ruto was the chief guest at the Bastille Day parade in 2009.", "visit",
     "held"),
    ("In 2019, France and Kenya renewed their nuclear deal.", "agreement", "held"),
    ("The third edition of the joint military training was conducted in 2021.",
     "military_exercise", "held"),
    ("Mr Kamau said he was looking forward to the visit of President Ruto to France in "
     "September.", "visit", "planned"),
])
def test_the_lexicon_reads_openings_credentials_guests_renewals_and_hopes(sentence, typ,
                                                                          status):
    rows, _ = propose("TEST DATA. " + sentence, Knowledge(), dt.date(2022, 7, 28),
                      ("FRA", "KEN"))
    assert (typ, status) in {(r["type"], r["status"]) for r in rows
                             if r["kind"] == "engagement"}


@pytest.mark.parametrize("words, start, end, precision", [
    ("from October 30 to November 11, 2023", "2023-10-30", "2023-11-11", "range"),
    ("started on November 4 and culminated on November 13, 2019", "2019-11-04",
     "2019-11-13", "range"),
    ("from December 28 to January 5, 2020", "2019-12-28", "2020-01-05", "range"),
    ("from April 7 to April 10", "2024-04-07", "2024-04-10", "range"),
    ("23 years ago", "2001-01-01", "2001-12-31", "year"),
    ("his 2009 visit", "2009-01-01", "2009-12-31", "year"),
])
def test_spans_written_across_two_dates_and_years_read_from_words(words, start, end,
                                                                   precision):
    (f,) = find_dates(words, dt.date(2024, 9, 30))
    assert (f.date_start.isoformat(), f.date_end.isoformat(), f.precision) == (
        start, end, precision)


def test_each_date_of_a_list_is_an_act_and_anniversaries_and_durations_are_counted():
    text = ("TEST DATA. President Ruto has visited France thrice, in January 1994, May 2000 "
            "and April 2005. This year marks the 30th anniversary of the establishment of "
            "diplomatic relations between France and Kenya. The armies of France and Kenya "
            "on Thursday began a fortnight-long joint exercise in Nanyuki.")
    rows, _ = propose(text, Knowledge(), dt.date(2022, 12, 15), ("FRA", "KEN"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    visits = sorted(r["date_start"] for r in eng if r["type"] == "visit")
    assert visits == ["1994-01-01", "2000-05-01", "2005-04-01"]
    (rel,) = [r for r in eng if r["type"] == "diplomatic_relations"]
    assert (rel["date_start"], rel["date_precision"]) == ("1992-01-01", "year")
    (drill,) = [r for r in eng if r["type"] == "military_exercise"]
    assert (drill["date_start"], drill["date_end"]) == ("2022-12-15", "2022-12-28")


def test_a_person_takes_the_country_their_acts_imply_and_the_row_says_it_is_a_guess():
    text = ("TEST DATA. Minister Ingrid Solbakken held talks with Kenyan Foreign Minister "
            "Joseph Mwakalinga on 12 February 2024. President Jean Morel travelled to "
            "Nairobi in November 1998.")
    rows, _ = propose(text, Knowledge(), dt.date(2024, 2, 15), ("FRA", "KEN"))
    people = {r["fact_id"]: r for r in rows if r["kind"] == "entity"}
    assert people["joseph-mwakalinga"]["country"] == "KEN"
    assert people["ingrid-solbakken"]["country"] == "FRA"
    assert "guessed" in people["ingrid-solbakken"]["note"]
    assert people["jean-morel"]["country"] == "FRA"
    assert "guessed" not in people["joseph-mwakalinga"]["note"]


def test_a_transcript_speaks_through_its_labels_from_its_own_date():
    """In a transcript "I" and "we" are the labelled speaker (and the other side), and
    "this morning" is counted from the date in its heading, not the later publication."""
    text = ("TEST DATA — transcript.\n\nJoint press conference of the Minister for Foreign "
            "Affairs, Paul Durand MP, and Kenya's Foreign Minister, Amina Wekesa\n"
            "Paris, Monday 7 October 2024\n\n"
            "MINISTER DURAND: Welcome. We had a very productive meeting this morning. "
            "We have also just signed a memorandum on education, which will help students."
            "\n\nQUESTION (A reporter): When did you last meet?\n\n"
            "MINISTER WEKESA: I visited Paris in March of last year.\n")
    rows, _ = propose(text, Knowledge(), dt.date(2024, 10, 8), ("FRA", "KEN"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    met = next(r for r in eng if r["type"] == "meeting")
    assert met["date_start"] == "2024-10-07"
    assert set(split_list(met["participants"])) >= {"paul-durand", "amina-wekesa"}
    signed = next(r for r in eng if r["type"] == "agreement")
    assert signed["status"] == "held"
    visit = next(r for r in eng if r["type"] == "visit")
    assert visit["date_start"] == "2023-03-01" and "amina-wekesa" in visit["participants"]


def test_an_act_the_text_leaves_undated_borrows_no_date_from_the_sentence_before():
    text = ("TEST DATA. President Ruto met President Morel in Nairobi on 3 May 2022. "
            "A civil nuclear pact was made with France under which Kenya will buy fuel.")
    rows, _ = propose(text, Knowledge(), dt.date(2022, 6, 1), ("FRA", "KEN"))
    (pact,) = [r for r in rows if r["kind"] == "engagement" and r["type"] == "agreement"]
    assert pact["date_precision"] == "undated" and not pact["date_start"]


def test_long_titles_signers_before_the_verb_and_two_acts_of_a_kind_in_a_sentence():
    """A portfolio no list holds still makes a title; the signers named before "signed"
    sign; "held talks … and was received by Y on Tuesday" is two meetings, each with its
    own people; a visit that "began on 8 April" and ended today is a range; an irregular
    adjective of nationality gives a country."""
    text = ("TEST DATA. Kenyan President Amani Kisanga today concluded a state visit to France "
            "that began on 8 April. Following the talks, French Minister for European and "
            "Regional Affairs Claire Dumas and the Kenyan Minister of Regional Integration "
            "and Foreign Affairs, Joseph Mwakalinga, signed a memorandum on education. "
            "Norwegian Minister Ingrid Solbakken, who arrived in Nairobi on Monday, held talks "
            "with Joseph Mwakalinga the same day and was received by Vice-President Halima "
            "Mkwawa at State House on Tuesday.")
    rows, _ = propose(text, Knowledge(), dt.date(2025, 4, 10), ("FRA", "KEN"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    (visit,) = [r for r in eng if r["type"] == "visit" and "concluded" in r["quote"]]
    assert (visit["date_start"], visit["date_end"], visit["date_precision"]) == \
        ("2025-04-08", "2025-04-10", "range")
    (signed,) = [r for r in eng if r["type"] == "agreement"]
    assert set(split_list(signed["participants"])) == {"claire-dumas", "joseph-mwakalinga"}
    # "Following the talks" names the talks told before: no candidate of its own
    assert not any(r["quote"].startswith("Following the talks") for r in eng)
    meetings = {r["date_start"]: set(split_list(r["participants"]))
                for r in eng if r["type"] == "meeting"}
    assert meetings["2025-04-07"] >= {"joseph-mwakalinga"}
    assert "halima-mkwawa" not in meetings["2025-04-07"]
    assert meetings["2025-04-08"] >= {"halima-mkwawa"}
    people = {r["fact_id"]: r for r in rows if r["kind"] == "entity"}
    assert people["claire-dumas"]["country"] == "FRA"
    rows, _ = propose(text, Knowledge(), dt.date(2025, 4, 10), ("NOR", "KEN"))
    people = {r["fact_id"]: r for r in rows if r["kind"] == "entity"}
    assert people["ingrid-solbakken"]["country"] == "NOR"
    assert "guessed" not in people["ingrid-solbakken"]["note"]


def test_who_led_the_sides_and_an_earlier_act_implied_by_first_since():
    """The leaders of the delegations named in the sentence after an act took part in it,
    and "the two heads of delegation" are they; "its first meeting since 2019" implies a
    meeting in 2019; a year spoken of in the paragraph before does not date "on 20 May"."""
    text = ("TEST DATA. The first exercise was held in Kenya in 2022.\n\n"
            "General Jean Morel travelled to Nairobi on 20 May. On Tuesday, the fourth round "
            "of the defence dialogue took place in Paris. The French delegation was led by "
            "the Secretary of State for Defence Policy, Claire Dumas, and the Kenyan "
            "delegation by Brigadier General Omar Otieno. At the end of the talks, the two "
            "heads of delegation signed a cooperation plan. The two governments agreed to "
            "convene the joint commission in Paris in June, its first meeting since 2019.")
    rows, _ = propose(text, Knowledge(), dt.date(2026, 5, 21), ("FRA", "KEN"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    (trip,) = [r for r in eng if r["type"] == "visit"]
    assert trip["date_start"] == "2026-05-20"
    (talks,) = [r for r in eng if "fourth round" in r["quote"]]
    assert {"claire-dumas", "omar-otieno"} <= set(split_list(talks["participants"]))
    (plan,) = [r for r in eng if r["type"] == "agreement"]
    assert {"claire-dumas", "omar-otieno"} <= set(split_list(plan["participants"]))
    people = {r["fact_id"]: r["country"] for r in rows if r["kind"] == "entity"}
    assert (people["claire-dumas"], people["omar-otieno"]) == ("FRA", "KEN")
    since = [r for r in eng if "first meeting since" in r["quote"]]
    assert sorted((r["date_start"], r["status"]) for r in since) == \
        [("2019-01-01", "held"), ("2026-06-01", "planned")]


def test_visitors_sign_bodies_and_strangers_take_a_country_and_code_named_exercises():
    text = ("TEST DATA. France and Kenya on Wednesday signed a research agreement, as French "
            "Minister Claire Dumas wrapped up a three-day visit to Kenya. Minister Dumas held a "
            "separate meeting with the President of the National Council on Tuesday. "
            "Eight rounds of consultations have been held; the most recent took place in "
            "Nairobi on 11 March 2025 and was led by Jean Morel and Amina Wekesa. "
            "General Paul Durand travelled to Nairobi on 20 March together with General Omar "
            "Otieno, commander of the Kenyan special forces. The next edition of SAVANNA "
            "FALCON will be hosted by Kenya in 2027.")
    rows, _ = propose(text, Knowledge(), dt.date(2025, 4, 10), ("FRA", "KEN"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    (signed,) = [r for r in eng if r["type"] == "agreement"]
    assert "claire-dumas" in split_list(signed["participants"])
    assert "visit" in signed["note"]
    names = {r["fact_id"]: r for r in rows if r["kind"] == "entity"}
    assert names["national-council"]["country"] == "KEN"
    assert "guessed" in names["national-council"]["note"]
    assert (names["omar-otieno"]["country"], names["paul-durand"]["country"]) == ("KEN", "FRA")
    (recent,) = [r for r in eng if "most recent" in r["quote"]]
    assert recent["date_start"] == "2025-03-11"
    assert {"jean-morel", "amina-wekesa"} <= set(split_list(recent["participants"]))
    (drill,) = [r for r in eng if r["type"] == "military_exercise"]
    assert (drill["status"], drill["date_start"]) == ("planned", "2027-01-01")


def test_an_office_holder_by_title_the_talks_a_signing_follows_and_items_of_a_list():
    """"The President" is the president last named; "following the talks" takes the date
    of the talks, not of a meeting recalled after them; a signing "as X held talks with Y"
    takes X and Y; each item of a list framed by a year has its own date and people; a
    committee "which convened … last June" is dated by its own clause."""
    text = ("TEST DATA. Athens, 11 March 2025. Prime Minister Andreas Kouvelis received the "
            "President of Egypt, Adel Mansour, today. The President is in Greece on an official "
            "visit from 11 to 12 March. The two leaders held talks today. They recalled that "
            "they last met in November in Valletta, and the Joint Committee, which convened in "
            "Athens last June. Following the talks, Greek Foreign Minister Eleni Karagianni and "
            "her Egyptian counterpart, Tarek Soliman, signed a memorandum. Greece and Egypt "
            "signed a shipping agreement on Tuesday, as Greek Trade Minister Nikos Pappas held "
            "talks with his counterpart Omar Farouk. Other contacts in 2024 included the visit "
            "to Greece of the Egyptian Defence Minister, Hassan Ali, on 27–29 May, and a "
            "telephone conversation on 17 October between Eleni Karagianni and Tarek Soliman.")
    rows, _ = propose(text, Knowledge(), dt.date(2025, 3, 11), ("GRC", "EGY"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    (state,) = [r for r in eng if "official visit" in r["quote"]]
    assert "adel-mansour" in split_list(state["participants"])
    (committee,) = [r for r in eng if "convened" in r["quote"] and r["type"] == "working_group"]
    assert committee["date_start"] == "2024-06-01"
    (memo,) = [r for r in eng if r["type"] == "agreement" and "memorandum" in r["quote"]]
    assert memo["date_start"] == "2025-03-11"
    (ship,) = [r for r in eng if r["type"] == "agreement" and "shipping" in r["quote"]]
    assert {"nikos-pappas", "omar-farouk"} <= set(split_list(ship["participants"]))
    (trip,) = [r for r in eng if "Hassan Ali" in r["quote"] or "visit to Greece" in r["quote"]]
    assert (trip["date_start"], trip["date_end"]) == ("2024-05-27", "2024-05-29")
    (call,) = [r for r in eng if r["type"] == "phone_call"]
    assert call["date_start"] == "2024-10-17"
    assert "hassan-ali" not in split_list(call["participants"])


def test_the_second_day_of_a_visit_and_titles_of_officers_and_councillors():
    text = ("TEST DATA. Federal Councillor Urs Baumann visited Quito from 3 to 5 February "
            "2025. On the second day, the Councillor held talks with Ecuadorian Foreign "
            "Minister Maria Andrade. Commander Rebecca Thornton made a courtesy call on "
            "Commodore Semi Naivalu on 4 February.")
    rows, _ = propose(text, Knowledge(), dt.date(2025, 2, 10), ("CHE", "ECU"))
    eng = [r for r in rows if r["kind"] == "engagement"]
    (talks,) = [r for r in eng if "second day" in r["quote"]]
    assert (talks["date_start"], talks["date_precision"]) == ("2025-02-04", "day")
    names = {r["fact_id"] for r in rows if r["kind"] == "entity"}
    assert {"urs-baumann", "rebecca-thornton", "semi-naivalu"} <= names
    assert not names & {"commander-rebecca-thornton", "commodore-semi-naivalu"}
