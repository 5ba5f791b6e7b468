"""What notebooks display: escaped text, long tables cut with a count, cited sources."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import fmt, show
from briefing.facts import load_facts


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(show, "display", lambda obj: out.append(obj.data))
    return out


def test_data_text_is_escaped_everywhere(shown):
    evil = "<script>alert(1)</script>"
    show.paragraphs([evil])
    show.bullets([evil])
    show.notice(evil)
    show.table(pd.DataFrame({"a": [evil]}), caption=evil)
    show.title(evil, evil, evil)
    for html in shown:
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_long_tables_show_head_and_tail_and_say_so(shown):
    df = pd.DataFrame({"n": range(1000)})
    show.table(df, caption="Numbers.", max_rows=10)
    html = shown[0]
    assert "Showing the first and last 5 of 1,000 rows." in html
    assert ">0<" in html and ">999<" in html and ">500<" not in html
    show.table(df.head(8), max_rows=10)
    assert "Showing" not in shown[1]


def test_source_line_names_author_title_publisher_and_date():
    line = show.source_line(load_facts(), ["iar-2021-04-07", "iar-2021-04-07", "unknown"])
    assert line == ("Source: Aditi Bhaduri, \u201cIndia-Kazakhstan ties continue to grow\u201d, "
                    "International Affairs Review (internationalaffairsreview.com), 7 Apr 2021 "
                    "[iar-2021-04-07].")


@pytest.mark.parametrize("n, noun, expected", [
    (0, "engagement", "0 engagements"), (1, "engagement", "1 engagement"),
    (2, "source", "2 sources"), (1200, "claim", "1,200 claims"), (2, "country", "2 countries"),
    (3, "day", "3 days"), (1, "is", "1 is"), (2, "is", "2 are"),
])
def test_counts_agree_with_their_nouns(n, noun, expected):
    assert fmt.count(n, noun) == expected


def test_one_year_is_not_a_span():
    assert fmt.year_span(2021, 2021) == "in 2021"
    assert fmt.year_span(2009, 2021) == "between 2009 and 2021"


@pytest.fixture
def bundles(monkeypatch):
    out = []
    monkeypatch.setattr(show, "display", lambda obj, raw=False: out.append(obj))
    return out


def _frame():
    return pd.DataFrame({"event_id": ["e-1", "e-2"], "value": [1570.0, 0.785],
                         "day": pd.to_datetime(["2021-04-07", None]),
                         "quote": ["<script>alert(1)</script>", "a & b"]})


def test_a_frame_shows_every_column_in_lab_and_the_print_columns_in_the_briefing(bundles):
    show.frame(_frame(), "Selected:", print_columns=["event_id", "value"])
    (bundle,) = bundles
    lab, printed = bundle["text/html"], bundle[show.PRINT_MIME]
    assert ">quote</th>" in lab and ">quote</th>" not in printed
    assert ">event_id</th>" in printed and ">value</th>" in printed
    assert "every one of its 4 columns" in lab
    assert "2 rows; 2 of its 4 columns (the notebook shows every one)." in printed
    for html in (lab, printed):
        assert "<script>" not in html and 'class="briefing-table data-frame"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in lab and "a &amp; b" in lab
    assert ">1,570</td>" in lab and ">0.785</td>" in lab  # numbers in full
    assert ">2021-04-07</td>" in lab and "NaT" not in lab and "00:00" not in lab


def test_a_frame_aligns_text_left_and_numbers_right():
    html = show.styled_html(_frame())
    table_id = html.split('<table id="', 1)[1].split('"', 1)[0]
    css = html.split("</style>", 1)[0]
    for col in (0, 2, 3):  # event_id, day, quote: text and dates
        assert f"#{table_id} th.col{col} {{\n  text-align: left;\n}}" in css
    assert f"#{table_id} th.col1 {{\n  text-align: right;\n}}" in css
    # short values (ids, days, numbers) stay on one line; text wraps
    for col, align in ((0, "left"), (1, "right"), (2, "left")):
        assert (f"#{table_id} td.col{col} {{\n  text-align: {align};\n  white-space: nowrap;\n}}"
                in css)
    assert f"#{table_id} td.col3 {{\n  text-align: left;\n}}" in css


def test_a_frame_renders_the_same_bytes_twice_and_long_frames_are_cut():
    assert show.styled_html(_frame()) == show.styled_html(_frame())  # byte-identical builds
    long = pd.DataFrame({"n": range(1000), "t": [f"row {i}" for i in range(1000)]})
    html = show.styled_html(long, max_rows=10)
    assert ">row 0<" in html and ">row 999<" in html and ">row 500<" not in html
    assert ">\u2026<" in html


def test_the_house_export_prints_a_frames_print_version():
    import nbformat

    from briefing.export import BriefingExporter

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show.frame(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "<frame>", "text/html": "<p>LAB-ALL-COLUMNS</p>",
        show.PRINT_MIME: "<p>PRINT-COLUMNS</p>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), cell]
    html, _ = BriefingExporter().from_notebook_node(nb)
    assert "PRINT-COLUMNS" in html and "LAB-ALL-COLUMNS" not in html
    assert "LAB-ALL-COLUMNS" in cell.outputs[0]["data"]["text/html"]  # the notebook unchanged
