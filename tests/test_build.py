"""The briefing as its reader gets it: one build of the default briefing, then checks of the
HTML and PDF, of failures that must not replace it, and of an unchanged rebuild."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import build, config
from briefing.build import publish
from briefing.build.steps import BriefingStep
from tests.conftest import set_cell

pytestmark = pytest.mark.slow


@pytest.fixture
def reports(seed_build):
    """The session's good build of the default briefing (see ``tests/conftest.py``)."""
    return seed_build


@pytest.fixture
def redirected(reports, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", reports.parent)
    return reports


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_outputs_have_stable_names(reports):
    for stem in ("briefing", "timeline", "trade"):
        assert (reports / f"{stem}.html").stat().st_size > 10_000
        assert (reports / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    record = json.loads((reports / "build.json").read_text())
    assert record["parameters"]["pair"] == "IND-KAZ" and len(record["fingerprint"]) == 64
    assert (reports / "facts-snapshot/engagements.csv").is_file()
    leftovers = [p.name for p in reports.parent.iterdir() if ".staging" in p.name]
    assert not leftovers


def test_html_has_no_code_no_prompts_and_nothing_remote(reports):
    for stem in ("briefing", "timeline", "trade"):
        html = (reports / f"{stem}.html").read_text(encoding="utf-8")
        assert "load_facts(" not in html and "import pandas" not in html  # no code
        assert "jp-InputPrompt jp-InputArea-prompt" not in html  # no prompts
        assert "In&nbsp;[" not in html and "jp-CodeMirrorEditor" not in html
        assert 'pair: str = "IND-KAZ"' not in html  # no parameters cell
        assert "injected-parameters" not in html
        assert "<script" not in html.lower()  # no scripts at all, so none fetched
        assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
        assert "@import" not in html
        assert 'src="data:image/png;base64,' in html  # figures embedded


def test_html_structure_title_contents_captions(reports):
    html = (reports / "briefing.html").read_text(encoding="utf-8")
    assert "<title>India\u2013Kazakhstan: briefing</title>" in html
    assert '<nav aria-label="Contents" class="toc">' in html
    assert '<a href="#key-judgments">Key judgments</a>' in html
    assert '<a href="#summary">Summary</a>' in html
    assert 'id="annex-c-run-record"' in html
    assert html.count('class="figure-caption"') >= 2
    assert "counter(figure)" in html  # numbered by the stylesheet
    # in the briefing a figure's sources are caption text, searchable and counted on its
    # page, not pixels inside the chart
    captions = re.findall(r'<p class="figure-caption">(.*?)</p>', html, flags=re.S)
    assert len(captions) >= 2
    assert all('<span class="source">Source' in c for c in captions), captions
    assert "size: A4" in html and "counter(pages)" in html


def test_key_judgment_figures_are_in_the_html_with_footnotes(reports):
    html = (reports / "briefing.html").read_text(encoding="utf-8")
    judgments = html.split('<ol class="judgments">')[1].split("</ol>")[0]
    for figure in ("1,570", "785", "up 100%", "7 Apr 2021"):
        assert figure in judgments
    assert judgments.count('class="fn"') >= 5
    assert judgments.count("Low confidence.") >= 4
    # every footnote marker points at a footnote that quotes the source
    for n in set(re.findall(r'href="#fn-(\d+)"', judgments)):
        assert f'id="fn-{n}"' in html
    assert "\u201cTrade turnover between the two countries reached 1.57 billion USD" in html
    # markers in a run are one superscript, numbers separated: never "12" for 1 and 2
    assert not re.search(r"</sup>\s*<sup", html)
    assert re.search(r'<sup class="fn"><a class="fn" href="#fn-\d+">\d+</a>, <a', html)


def test_pdf_text_has_title_figures_and_the_sources_characters(reports):
    text = _pdf_text(reports / "briefing.pdf")
    assert "India\u2013Kazakhstan" in text and "As of 7 April 2021" in text
    for figure in ("1,570", "785", "1.57 billion USD"):
        assert figure in text
    for ch in ("\u2019", "\u201c", "\u201d", "\u2013", "\u060c"):
        assert ch in text, f"{ch!r} lost in the PDF"
    assert re.search(r"Page 1 of \d+", text)


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_page_one_holds_the_summary_and_the_key_judgments_with_confidence(reports):
    first = re.sub(r"\s+", " ", _pages(reports / "briefing.pdf")[0])
    assert "This briefing rests on a single source" in first
    assert "Summary" in first and "Key judgments" in first
    assert "relations stand at the level of a strategic partnership" in first
    assert "Trade turnover was USD 1,570 million in Jan\u2013May 2020" in first
    assert first.count("Low confidence.") >= 4 and "confidence" in first
    assert len(first.split()) >= 300  # a full page, not half empty


def test_every_page_of_every_pdf_holds_at_least_40_words(reports):
    for stem in ("briefing", "timeline", "trade"):
        for n, page in enumerate(_pages(reports / f"{stem}.pdf"), start=1):
            words = len(page.split())
            assert words >= 40, f"{stem}.pdf page {n} holds {words} words"
    last = _pages(reports / "briefing.pdf")[-1]
    assert "Built 2021-04-07 00:00 UTC" in last  # the colophon, in the last page's margin


def test_the_contents_give_page_numbers_and_annexes_close_the_briefing(reports):
    pages = _pages(reports / "briefing.pdf")
    contents = next(p for p in pages if "Contents" in p)
    for section in ("Summary", "Key judgments", "What to watch", "Background",
                    "Annex A. Source notes and defects", "Annex B. How confidence is judged",
                    "Annex C. Run record"):
        assert re.search(re.escape(section) + r"[ .]+\d+\b", contents), section
    assert re.search(r"Summary[ .]+1\b", contents) and re.search(r"Key judgments[ .]+1\b",
                                                                  contents)
    # the defects table and the hashes are in the annexes, after the body
    text = "\n".join(pages)
    body_end = text.rindex("Annex A. Source notes and defects")
    assert text.index("Input files and their SHA-256") > body_end
    assert text.index("Defects noticed in the sources") > body_end
    assert text.rindex("Cooperation domains") < body_end


def test_data_text_is_escaped(tmp_path, monkeypatch, data_copy):
    set_cell(data_copy / "facts/engagements.csv", "eng-014", "summary",
             "<script>alert('x')</script> arrives")
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    params = tmp_path / "p.yaml"
    params.write_text("briefing: escaped\nnotebooks: [90-briefing]\nparameters:\n"
                      "  pair: IND-KAZ\n  as_of: '2021-04-07'\n", encoding="utf-8")
    build.build([params], data_dir=data_copy)
    html = (tmp_path / "reports/escaped/briefing.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html


def _broken_notebooks(tmp_path: Path) -> Path:
    """A copy of notebooks/ with one more notebook whose second code cell raises."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    folder = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, folder)
    nb = new_notebook(cells=[
        new_markdown_cell("# Broken"),
        new_code_cell('pair: str = "IND-KAZ"  # the two countries', metadata={
            "tags": ["parameters"]}),
        new_markdown_cell("## Broken part"),
        new_code_cell("x = 1"),
        new_code_cell("raise ValueError(\"unit 'crore': not a unit\")"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "95-broken.ipynb")
    return folder


def test_a_failing_cell_leaves_the_last_good_briefing_byte_identical(redirected, capsys,
                                                                      tmp_path, monkeypatch):
    before = _digests(redirected)
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", _broken_notebooks(tmp_path))
    params = tmp_path / "p.yaml"
    params.write_text(config.DEFAULT_PARAMS.read_text(encoding="utf-8").replace(
        "90-briefing]", "90-briefing, 95-broken]"), encoding="utf-8")
    with pytest.raises(build.BuildError) as info:
        build.build([params])
    message = str(info.value)
    assert "95-broken.ipynb: cell 5 (under \u201cBroken part\u201d) raised ValueError: " \
           "unit 'crore'" in message
    assert "india-kazakhstan.failed/95-broken.ipynb" in message
    assert (redirected.parent / "india-kazakhstan.failed/95-broken.ipynb").is_file()
    assert _digests(redirected) == before
    assert not list(redirected.parent.rglob("staging-*"))


def test_bad_parameters_fail_before_any_kernel_starts(redirected):
    before = _digests(redirected)
    with pytest.raises(build.BuildError, match="unknown parameter 'colour'"):
        build.build(overrides={"colour": "red"})
    with pytest.raises(build.BuildError, match="'recent_years' is str"):
        build.build(overrides={"recent_years": "three"})
    with pytest.raises(build.BuildError, match="unit='crore' is not one of"):
        build.build(overrides={"unit": "crore"})
    with pytest.raises(build.BuildError, match="no facts for the pair IND-BRA.*IND-KAZ"):
        build.build(pair="IND-BRA")
    assert _digests(redirected) == before


def test_unchanged_rebuild_is_skipped_and_force_rebuilds(redirected, capsys):
    out = build.build()
    assert out == ["[build] india-kazakhstan: inputs unchanged since the last build: skipped "
                   "(reports/india-kazakhstan/; --force rebuilds)"]


def test_changed_data_is_not_skipped(redirected, data_copy):
    params = build.load_params(config.DEFAULT_PARAMS)
    same = BriefingStep(params, config.DATA_DIR).checksum()
    set_cell(data_copy / "facts/engagements.csv", "eng-014", "note", "a corrected note")
    assert BriefingStep(params, data_copy).checksum() != same


def test_params_file_and_overrides(tmp_path):
    b = build.load_params(config.DEFAULT_PARAMS, {"as_of": "2021-06-01"})
    assert b.name == "india-kazakhstan" and b.parameters["as_of"] == "2021-06-01"
    assert [p.name for p in b.notebooks] == ["10-timeline.ipynb", "20-trade.ipynb",
                                             "90-briefing.ipynb"]
    other = build.load_params(config.DEFAULT_PARAMS, pair="IND-UZB")
    assert other.name == "ind-uzb" and other.parameters["pair"] == "IND-UZB"
    bad = tmp_path / "bad.yaml"
    bad.write_text("briefing: x\ncolour: red\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match="unknown key"):
        build.load_params(bad)


def test_publish_switches_the_whole_briefing_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    final = tmp_path / "b"
    final.mkdir()  # a briefing published as a plain folder by an earlier version
    (final / "a.html").write_text("old")
    stage = publish.new_stage("b")
    (stage / "a.html").write_text("new")
    publish.publish(stage, "b")
    assert final.is_symlink() and (final / "a.html").read_text() == "new"
    assert not stage.exists()
    stage = publish.new_stage("b")
    (stage / "a.html").write_text("newer")
    publish.publish(stage, "b")
    assert (final / "a.html").read_text() == "newer"
    # one build folder remains: the published one
    assert [p.name.startswith("b-") for p in publish.store("b").iterdir()] == [True]


def test_a_changed_trade_figure_rebuilds_only_what_reads_it(tmp_path, monkeypatch, data_copy,
                                                            capsys, seed_build):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    # start from a copy of the session's good build: same data bytes, so every notebook
    # whose inputs are the same is reused, whatever folder the data sits in
    copy = publish.store("india-kazakhstan") / "b-copy"
    shutil.copytree(seed_build.resolve(), copy)
    (tmp_path / "india-kazakhstan").symlink_to(copy.relative_to(tmp_path))
    capsys.readouterr()
    build.build(data_dir=data_copy)
    assert "timeline unchanged: reused" in capsys.readouterr().out
    out = tmp_path / "india-kazakhstan"
    timeline_before = _digests(out)["timeline.html"]
    briefing_before = (out / "briefing.html").read_bytes()
    set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "note", "A corrected note.")
    capsys.readouterr()
    build.build(data_dir=data_copy)
    said = capsys.readouterr().out
    assert "timeline unchanged: reused from the last build" in said
    assert "trade done" in said and "briefing done" in said
    assert _digests(out)["timeline.html"] == timeline_before
    assert (out / "briefing.html").read_bytes() != briefing_before
    assert json.loads((out / "build.json").read_text())["reused"] == ["timeline"]


def test_missing_pango_stops_the_build_saying_what_to_install(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be loaded
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    with pytest.raises(build.BuildError, match="apt-get install libpango-1.0-0"):
        build.build(force=True)
    assert not any(tmp_path.iterdir())


def test_two_builds_with_one_source_date_epoch_are_byte_identical(seed_build, tmp_path,
                                                                  monkeypatch, capsys):
    import os

    assert os.environ["SOURCE_DATE_EPOCH"] == "1617753600"  # set for the session build too
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    capsys.readouterr()
    build.build(force=True)
    assert "reused" not in capsys.readouterr().out  # --force runs every notebook
    again = tmp_path / "india-kazakhstan"
    rendered = [p for p in _digests(seed_build) if p.endswith((".html", ".pdf"))]
    assert len(rendered) == 6
    first, second = _digests(seed_build), _digests(again)
    assert {p: first[p] for p in rendered} == {p: second[p] for p in rendered}
    assert "Built 2021-04-06 23:59 UTC" not in (again / "briefing.html").read_text()
    assert "Built 2021-04-07 00:00 UTC" in (again / "briefing.html").read_text()
    meta = PdfReader(again / "briefing.pdf").metadata
    assert meta["/CreationDate"].startswith("D:20210407000000")
    record = json.loads((again / "build.json").read_text())
    assert record["built_at"] == "2021-04-07T00:00:00+00:00"


def test_a_bad_source_date_epoch_stops_the_build_before_anything_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(build.BuildError, match="SOURCE_DATE_EPOCH='yesterday'"):
        build.build(force=True)
    assert not any(tmp_path.iterdir())


def test_every_link_inside_a_page_has_its_target(reports):
    from bs4 import BeautifulSoup

    for stem in ("briefing", "timeline", "trade"):
        soup = BeautifulSoup((reports / f"{stem}.html").read_text(encoding="utf-8"),
                             "html.parser")
        ids = {t["id"] for t in soup.find_all(id=True)}
        links = [a["href"][1:] for a in soup.find_all("a", href=True)
                 if a["href"].startswith("#")]
        assert len(links) > 3
        assert not [h for h in links if h not in ids], stem


def test_a_kernel_that_dies_before_starting_is_started_again(monkeypatch, tmp_path):
    """Two kernels starting side by side can race for a port; the kernel that loses dies
    before running a cell. That is tried again; any other error is not."""
    import papermill

    from briefing.build import execute as ex

    calls = []

    def flaky(src, out, **kwargs):
        calls.append(src)
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(ex.time, "sleep", lambda s: None)
    ex.execute(tmp_path / "a.ipynb", tmp_path / "b.ipynb", {})
    assert len(calls) == 3

    calls.clear()
    with pytest.raises(RuntimeError, match="kernel_info"):
        ex.execute(tmp_path / "a.ipynb", tmp_path / "b.ipynb", {}, attempts=2)
    assert len(calls) == 2

    def broken(src, out, **kwargs):
        calls.append(src)
        raise RuntimeError("something else")

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", broken)
    with pytest.raises(RuntimeError, match="something else"):
        ex.execute(tmp_path / "a.ipynb", tmp_path / "b.ipynb", {})
    assert len(calls) == 1
