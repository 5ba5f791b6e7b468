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


def synthetic_trade(n: int, pair: tuple[str, str] = ("IND", "KAZ"), seed: int = 2,
                    source_ids: tuple[str, ...] = ("iar-2021-04-07",)) -> pd.DataFrame:
    """About ``n`` monthly trade observations (turnover, exports, imports) of ``pair``, from
    the given sources, months counted back from May 2020; values are random but positive."""
    rng = np.random.default_rng(seed)
    measures = [("turnover", pair[0], pair[1]), ("exports", pair[0], pair[1]),
                ("imports", pair[0], pair[1])]
    per_month = len(measures) * len(source_ids)
    months = pd.period_range(end="2020-05", periods=max(1, n // per_month), freq="M")
    rows = []
    for m in months:
        for measure, a, b in measures:
            for sid in source_ids:
                rows.append({
                    "observation_id": f"syn-{measure[:3]}-{m}-{sid}".lower(),
                    "source_id": sid, "quote": "India-Kazakhstan ties continue to grow",
                    "reporter": "", "measure": measure, "country_a": a, "country_b": b,
                    "period_start": m.start_time.strftime("%Y-%m-%d"),
                    "period_end": m.end_time.strftime("%Y-%m-%d"),
                    "period_basis": "month",
                    "value": f"{rng.uniform(10, 200):.2f}", "unit": "million",
                    "currency": "USD", "note": "synthetic"})
    return pd.DataFrame(rows)


def write_synthetic_data(dest, engagements: int = 0, trade: int = 0,
                         pairs: tuple[tuple[str, str], ...] = (("IND", "KAZ"),),
                         claims: int = 0):
    """A data folder: the shipped data plus synthetic engagements, trade observations and
    claims (quoting the seed's title, so that they validate), spread over ``pairs``."""
    import shutil
    from pathlib import Path

    from briefing import config

    dest = Path(dest)
    shutil.copytree(config.DATA_DIR, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    if engagements:
        frames = []
        for i, pair in enumerate(pairs):
            eng = synthetic_engagements(engagements // len(pairs), pair=pair, seed=i + 1)
            eng["engagement_id"] = eng["engagement_id"] + f"-{i}"
            frames.append(eng)
        eng = pd.concat(frames, ignore_index=True)
        for col in ("date_start", "date_end"):
            eng[col] = eng[col].dt.strftime("%Y-%m-%d").fillna("")
        eng["quote"] = "India-Kazakhstan ties continue to grow"
        path = dest / "facts/engagements.csv"
        seed = pd.read_csv(path, dtype=str, keep_default_na=False)
        pd.concat([seed, eng.astype(str)], ignore_index=True).to_csv(path, index=False)
    if claims:
        path = dest / "facts/claims.csv"
        seed = pd.read_csv(path, dtype=str, keep_default_na=False)
        topics = ["trade", "investment", "energy", "cooperation", "defence"]
        extra = pd.DataFrame({
            "claim_id": [f"syn-clm-{k}" for k in range(claims)],
            "source_id": seed["source_id"].iloc[0],
            "quote": "India-Kazakhstan ties continue to grow",
            "topic": [topics[k % len(topics)] for k in range(claims)],
            "subjects": "kazakhstan|india",
            "statement": [f"Synthetic claim {k}." for k in range(claims)],
            "engagement_id": "", "note": "synthetic"})
        pd.concat([seed, extra], ignore_index=True).to_csv(path, index=False)
    if trade:
        source_ids = _synthetic_sources(dest, 9)
        path = dest / "facts/trade_observations.csv"
        seed = pd.read_csv(path, dtype=str, keep_default_na=False)
        pd.concat([seed, synthetic_trade(trade, source_ids=source_ids)],
                  ignore_index=True).to_csv(path, index=False)
    return dest


def _synthetic_sources(dest, n: int) -> tuple[str, ...]:
    """Add ``n`` synthetic sources (texts and origin rows) to the data folder ``dest``."""
    import hashlib

    ids, rows = [], []
    for k in range(n):
        sid = f"synthetic-{k}"
        path = dest / "sources" / f"{sid}.txt"
        path.write_text(f"SYNTHETIC TEST SOURCE {k}, not facts.\n"
                        "India-Kazakhstan ties continue to grow\n", encoding="utf-8")
        rows.append({"source_id": sid, "title": f"Synthetic source {k}", "author": "",
                     "publisher": "Synthetic (benchmark and tests)", "dateline": "",
                     "url": f"https://example.invalid/{sid}", "date_published": "2021-01-01",
                     "date_published_basis": "stated", "date_published_end": "",
                     "date_published_precision": "day", "date_published_note": "",
                     "authority": "secondary", "date_retrieved": "2021-01-01",
                     "language": "en", "path": path.name,
                     "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                     "note": "SYNTHETIC"})
        ids.append(sid)
    table = dest / "facts/sources.csv"
    seed = pd.read_csv(table, dtype=str, keep_default_na=False)
    pd.concat([seed, pd.DataFrame(rows)], ignore_index=True).to_csv(table, index=False)
    return tuple(ids)
