"""Synthetic facts for scale tests and the benchmark: generated, never committed.

The frames have the columns of the real tables; the values are random but valid, so the
package functions run on them exactly as on curated data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.facts import Facts, load_facts

TYPES = ["visit", "meeting", "agreement", "military_exercise", "working_group", "statement",
         "cooperation", "third_location_meeting"]
LEVELS = ["head_of_state_or_government", "minister", "officials", "armed_forces", "ambassador"]
DOMAINS = ["political", "defence", "energy", "trade", "connectivity", "nuclear", "investment",
           "education"]


def synthetic_engagements(n: int, pair: tuple[str, str] = ("IND", "KAZ"), seed: int = 1,
                          start: str = "1992-01-01", end: str = "2024-12-31",
                          source_id: str = "iar-2021-04-07") -> pd.DataFrame:
    """``n`` engagements of ``pair`` with mixed precisions, statuses and domains."""
    rng = np.random.default_rng(seed)
    lo, hi = pd.Timestamp(start).value // 86_400_000_000_000, pd.Timestamp(end).value // \
        86_400_000_000_000
    days = pd.to_datetime(rng.integers(lo, hi, n), unit="D")
    precision = rng.choice(["day", "month", "year", "undated"], n, p=[0.6, 0.25, 0.1, 0.05])
    start_dates = pd.Series(days)
    end_dates = start_dates.copy()
    month = precision == "month"
    start_dates[month] = start_dates[month].dt.to_period("M").dt.start_time
    end_dates[month] = start_dates[month] + pd.offsets.MonthEnd(0)
    year = precision == "year"
    start_dates[year] = start_dates[year].dt.to_period("Y").dt.start_time
    end_dates[year] = start_dates[year] + pd.offsets.YearEnd(0)
    undated = precision == "undated"
    start_dates[undated] = pd.NaT
    end_dates[undated] = pd.NaT
    forward = rng.random(n) < 0.5
    actor = np.where(forward, pair[0], pair[1])
    counterpart = np.where(forward, pair[1], pair[0])
    n_domains = rng.integers(1, 3, n)
    first = rng.choice(DOMAINS, n)
    second = rng.choice(DOMAINS, n)
    domains = np.where((n_domains == 2) & (first != second),
                       np.char.add(np.char.add(first.astype(str), "|"), second.astype(str)),
                       first)
    status = rng.choice(["held", "planned", "ongoing"], n, p=[0.85, 0.1, 0.05])
    people = np.array(["narendra-modi", "nursultan-nazarbayev", "rajnath-singh",
                       "nurlan-yermekbayev", "tokayev", "prabhat-kumar"])
    return pd.DataFrame({
        "engagement_id": [f"syn-{i:06d}" for i in range(n)],
        "source_id": source_id,
        "quote": "synthetic",
        "summary": [f"Synthetic engagement {i}" for i in range(n)],
        "type": rng.choice(TYPES, n),
        "status": status,
        "level": rng.choice(LEVELS, n),
        "actor_country": actor,
        "counterpart_country": counterpart,
        "participants": rng.choice(people, n),
        "places": rng.choice(["new-delhi", "moscow", "jodhpur", ""], n),
        "domains": domains,
        "date_start": start_dates.to_numpy(),
        "date_end": end_dates.to_numpy(),
        "date_precision": precision,
        "date_basis": np.where(undated, "unknown", "stated"),
        "date_expression": "",
        "date_resolution": "",
        "part_of": "",
        "note": "",
    })


def synthetic_facts(n: int, seed: int = 1) -> Facts:
    """The shipped facts with their engagements replaced by ``n`` synthetic ones."""
    facts = load_facts()
    tables = dict(facts.tables)
    tables["engagements"] = synthetic_engagements(n, seed=seed)
    return Facts(facts.data_dir, tables, facts.source_texts, facts.quotes_verified, facts.files)
