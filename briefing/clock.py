"""The build's clock: the one source of every timestamp a build writes.

It honours ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/):
when set, every timestamp (the footer, the run record, ``build.json``, the PDF metadata) is
that moment, so two builds of the same inputs are byte-identical. Unset, it is the time now.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "SOURCE_DATE_EPOCH"


class ClockError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds since 1970."""


def build_time() -> dt.datetime:
    """The build's moment, in UTC, to the second.

    Raises
    ------
    ClockError
        If ``SOURCE_DATE_EPOCH`` is set to something other than a non-negative integer.
    """
    raw = os.environ.get(ENV)
    if raw is None or raw == "":
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not raw.strip().isdigit():
        raise ClockError(f"{ENV}={raw!r}: expected a whole number of seconds since 1970-01-01 "
                         "UTC, e.g. 1617753600")
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ClockError(f"{ENV}={raw!r} is out of range: {exc}") from None
