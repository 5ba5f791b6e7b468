"""What notebooks display: escaped text, long tables cut with a count, cited sources."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import report
from briefing.facts import load_facts


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(report, "display", lambda obj: out.append(obj.data))
    return out


def test_data_text_is_escaped_everywhere(shown):
    evil = "<script>alert(1)</script>"
    report.show_paragraphs([evil])
    report.show_list([evil])
    report.notice(evil)
    report.show_table(pd.DataFrame({"a": [evil]}), caption=evil)
    report.show_title(evil, evil, evil)
    for html in shown:
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_long_tables_show_head_and_tail_and_say_so(shown):
    df = pd.DataFrame({"n": range(1000)})
    report.show_table(df, caption="Numbers.", max_rows=10)
    html = shown[0]
    assert "Showing the first and last 5 of 1,000 rows." in html
    assert ">0<" in html and ">999<" in html and ">500<" not in html
    report.show_table(df.head(8), max_rows=10)
    assert "Showing" not in shown[1]


def test_cite_names_author_title_publisher_and_date():
    line = report.cite(load_facts(), ["iar-2021-04-07", "iar-2021-04-07", "unknown"])
    assert line == ("Source: Aditi Bhaduri, \u201cIndia-Kazakhstan ties continue to grow\u201d, "
                    "International Affairs Review (internationalaffairsreview.com), 7 Apr 2021 "
                    "[iar-2021-04-07].")
