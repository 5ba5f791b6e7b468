"""The confidence rule (briefing.confidence): each level, and the evidence it reads."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import confidence as conf

AS_OF = "2021-04-07"


def _sources(*rows) -> pd.DataFrame:
    """Source rows: (source_id, publisher, authority, date_published or None)."""
    return pd.DataFrame([{
        "source_id": sid, "publisher": pub, "authority": auth,
        "date_published": pd.Timestamp(day) if day else pd.NaT,
        "date_published_end": pd.NaT,
        "date_published_precision": "day" if day else "unknown",
        "date_retrieved": pd.Timestamp("2021-04-07"),
    } for sid, pub, auth, day in rows])


@pytest.mark.parametrize("publishers, official, disagreement, recent, expected", [
    (2, True, "none", True, "high"),
    (3, True, "none", True, "high"),
    (2, True, "none", False, "moderate"),       # not recent
    (2, True, "resolved", True, "moderate"),    # settled by an official source
    (2, False, "none", True, "moderate"),       # several secondary sources
    (1, True, "none", True, "moderate"),        # a single official source
    (1, False, "none", True, "low"),            # a single secondary source
    (2, True, "unresolved", True, "low"),       # a disagreement nobody settles
    (0, False, "none", True, "low"),            # no source at all
])
def test_the_rule_gives_each_level(publishers, official, disagreement, recent, expected):
    assert conf.level(publishers, official, disagreement, recent) == expected


def test_the_rule_refuses_an_unknown_disagreement_state():
    with pytest.raises(ValueError, match="disagreement"):
        conf.level(2, True, "maybe", True)


def test_two_articles_of_one_publisher_are_one_source():
    one = conf.assess(_sources(("a", "Daily Wire", "secondary", "2021-03-01"),
                               ("b", " daily wire ", "secondary", "2021-04-01")), AS_OF)
    assert one.publishers == 1 and one.level == "low"
    assert one.reason == "1 secondary source; no disagreement; recent"


def test_an_official_and_a_secondary_publisher_recent_and_agreeing_is_high():
    a = conf.assess(_sources(("m", "Ministry", "official", "2021-04-01"),
                             ("p", "Paper", "secondary", "2020-01-01")), AS_OF)
    assert (a.level, a.publishers, a.official, a.recent) == ("high", 2, True, True)
    assert a.latest == pd.Timestamp("2021-04-01")
    assert "2 independent sources, including an official one" in a.reason


def test_old_evidence_is_not_recent_and_an_unknown_date_never_is():
    old = conf.assess(_sources(("m", "Ministry", "official", "2010-01-01"),
                               ("p", "Paper", "secondary", "2012-01-01")), AS_OF)
    assert not old.recent and old.level == "moderate"
    unknown = conf.assess(_sources(("m", "Ministry", "official", None),
                                   ("p", "Paper", "secondary", None)), AS_OF)
    assert not unknown.recent and unknown.level == "moderate"
    assert unknown.reason.endswith("publication date not known")


def test_a_disagreement_lowers_confidence():
    two = _sources(("m", "Ministry", "official", "2021-04-01"),
                   ("p", "Paper", "secondary", "2021-04-02"))
    assert conf.assess(two, AS_OF, "resolved").level == "moderate"
    assert conf.assess(two, AS_OF, "unresolved").level == "low"


def test_no_source_is_low():
    a = conf.assess(_sources(("x", "X", "secondary", "2021-01-01")).iloc[0:0], AS_OF)
    assert (a.level, a.publishers, a.reason) == ("low", 0, "no source")


def test_the_rule_text_states_every_level():
    for words in ("High:", "Low:", "Moderate:", "distinct publishers", "official",
                  f"{conf.RECENT_YEARS} years"):
        assert words in conf.RULE
