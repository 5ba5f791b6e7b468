"""The build's clock honours SOURCE_DATE_EPOCH, and is the time now without it."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import clock


def test_source_date_epoch_fixes_the_build_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1617753600")
    assert clock.build_time() == dt.datetime(2021, 4, 7, tzinfo=dt.UTC)


def test_unset_means_now(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert before <= clock.build_time() <= dt.datetime.now(dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert clock.build_time().year >= 2026


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "9" * 30])
def test_a_bad_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(clock.ClockError, match="SOURCE_DATE_EPOCH"):
        clock.build_time()
