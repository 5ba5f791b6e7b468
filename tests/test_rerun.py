"""Rerunning with updated data: a second source merges, the briefing says what changed and
nothing else moves; other pairs build from the same notebooks."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from briefing import build, config
from briefing.facts import load_facts
from tests.fixture_data import apply_fixture

pytestmark = pytest.mark.slow

FIRST_BUILD = "This is the first build of this briefing: there is no earlier one to compare with."


def _sections(html: str) -> dict[str, str]:
    """Text of each h2 section of a rendered notebook."""
    soup = BeautifulSoup(html, "html.parser")
    for nav in soup.find_all("nav"):
        nav.decompose()
    text = soup.find("main").get_text("\n")
    names = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    out = {}
    for i, name in enumerate(names):
        start = text.index(name)
        end = text.index(names[i + 1], start) if i + 1 < len(names) else len(text)
        out[name] = re.sub(r"\s+", " ", text[start:end])
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, seed_build):
    """Build on a copy of the data, add the second source (TEST DATA), build again.

    The reports folder starts from the session's build of the same data without its facts
    snapshot (so this is a first build), and notebooks whose inputs did not change are
    reused from it."""
    import shutil

    from briefing.build import publish

    root = tmp_path_factory.mktemp("rerun")
    data = root / "data"
    shutil.copytree(config.DATA_DIR, data)
    mp = pytest.MonkeyPatch()
    mp.setattr(config, "REPORTS_DIR", root / "reports")
    copy = publish.store("india-kazakhstan") / "b-copy"
    shutil.copytree(seed_build.resolve(), copy)
    shutil.rmtree(copy / publish.SNAPSHOT)
    (root / "reports" / "india-kazakhstan").symlink_to(copy.relative_to(root / "reports"))
    out = root / "reports/india-kazakhstan"
    build.build(data_dir=data)
    before = {n: (out / f"{n}.html").read_text(encoding="utf-8") for n in ("briefing",
                                                                            "timeline", "trade")}
    apply_fixture("second-source", data)
    build.build(data_dir=data)
    after = {n: (out / f"{n}.html").read_text(encoding="utf-8") for n in ("briefing",
                                                                           "timeline", "trade")}
    yield before, after
    mp.undo()


def test_first_build_says_there_is_no_earlier_one(two_builds):
    before, _ = two_builds
    assert FIRST_BUILD in _sections(before["briefing"])["Changes since the last briefing"]


def test_changes_section_lists_the_new_facts(two_builds):
    _, after = two_builds
    changes = _sections(after["briefing"])["Changes since the last briefing"]
    assert "Since the previous briefing, built" in changes
    assert "4 added, 1 changed, 0 removed" in changes
    for fid in ("eng-test-001", "trd-test-2019", "trd-test-jm2020", "test-second-source"):
        assert fid in changes
    # the further source that dates the 2009 visit, said in words
    assert ("eng-004 changed date refined: 2009 \u2192 24\u201326 Jan 2009 (per "
            "[test-second-source]); further source [test-second-source]") in changes


def test_second_source_refines_an_engagement_instead_of_adding_one(two_builds):
    before, after = two_builds
    # the timeline's chronology: eng-004 now dated to the days, with both sources
    assert "24\u201326 Jan 2009" in after["timeline"]
    assert "[iar-2021-04-07][test-second-source]" in after["timeline"]
    assert "24\u201326 Jan 2009" not in before["timeline"]
    # one engagement, not two: the count grows only by the genuinely new one
    assert "engagements: 20" in before["timeline"] and "engagements: 21" in after["timeline"]
    assert "TEST officials hold a first round of talks" in after["timeline"]


def test_trade_section_shows_the_new_figure_and_the_conflict(two_builds):
    _, after = two_builds
    trade = _sections(after["briefing"])["Trade"]
    assert "Sources disagree on 1 figure;" in trade
    assert "1.6 billion USD" in trade and "1.57 billion USD" in trade
    assert "test-second-source" in trade
    conflicts = _sections(after["trade"])["Where sources disagree"]
    assert "1,600" in conflicts and "1,570" in conflicts


def test_nothing_else_in_the_briefing_changed(two_builds):
    before, after = two_builds
    b, a = _sections(before["briefing"]), _sections(after["briefing"])
    assert list(a) == list(b)
    for unchanged in ("Annex A. Source notes and defects",):
        assert a[unchanged] == b[unchanged], unchanged
    # a second publisher changes the evidence, so the confidence of the judgments on it
    assert a["Key judgments"] != b["Key judgments"]
    assert "an unresolved disagreement" in a["Key judgments"]
    assert "an unresolved disagreement" not in b["Key judgments"]
    # the cadence table moves only by the refined date of the 2009 visit
    recent = "Recent and upcoming engagements"
    assert a[recent] != b[recent]
    assert a[recent].replace("24\u201326 Jan 2009", "2009") == b[recent]
    changed = {name for name in a if a[name] != b[name]}
    assert changed <= {"Summary", "Key judgments", "What to watch", "Background",
                       "Changes since the last briefing", "Engagement timeline", recent,
                       "Trade", "Where the sources disagree", "Cooperation domains",
                       "Sources and notes", "Annex B. How confidence is judged",
                       "Annex C. Run record"}


def test_a_date_outside_the_engagement_is_kept_as_a_disagreement(data_copy):
    apply_fixture("second-source", data_copy)
    path = data_copy / "facts/engagement_sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2009-01-24,2009-01-26",
                                                             "2010-01-24,2010-01-26"),
                    encoding="utf-8")
    facts = load_facts(data_copy)  # no longer refused: sources may disagree
    eng = facts.engagements.set_index("engagement_id").loc["eng-004"]
    assert bool(eng["disputed"])
    obs = facts.observations[facts.observations["engagement_id"] == "eng-004"]
    assert set(obs["source_id"]) == {"iar-2021-04-07", "test-second-source"}
    assert not obs["agrees"].all()


def test_another_pair_builds_from_the_same_notebooks(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    build.build(pair="IND-UZB")
    html = (tmp_path / "ind-uzb/briefing.html").read_text(encoding="utf-8")
    assert "India\u2013Uzbekistan: bilateral briefing" in html
    assert "Dostlyk" in html
    assert "No trade figures" in html or "no trade figures" in html


def test_several_briefings_build_in_one_command(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    files = []
    for pair in ("IND-KAZ", "IND-UZB"):
        p = tmp_path / f"{pair}.yaml"
        p.write_text(f"briefing: only-{pair.lower()}\nnotebooks: [10-timeline]\n"
                     f"parameters:\n  pair: {pair}\n", encoding="utf-8")
        files.append(p)
    build.build(files)
    assert (tmp_path / "only-ind-kaz/timeline.pdf").is_file()
    assert (tmp_path / "only-ind-uzb/timeline.pdf").is_file()


def test_changes_name_a_new_alias_by_itself(tmp_path):
    """A table whose id is its text (aliases) is compared too: a new alias is listed."""
    import shutil

    from briefing import changes, config

    old = tmp_path / "old"
    new = tmp_path / "new"
    shutil.copytree(config.facts_dir(), old)
    shutil.copytree(config.facts_dir(), new)
    with (new / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("Yermekbaev,nurlan-yermekbayev,transliteration,iar-2021-04-07,"
                 "General Yermekbayev,\n")
    diff = changes.compare(old, new, ["aliases"])
    assert list(diff["Id"]) == ["Yermekbaev"] and list(diff["Change"]) == ["added"]
