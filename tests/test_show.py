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
