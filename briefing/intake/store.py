"""Step 1 of intake: store a saved article as an immutable source with its origin record.

A plain-text file is stored as it is. A saved web page (HTML) is reduced to its main text
by trafilatura, and its title, author, site and publication date are read from the page's
metadata (htmldate for the date). The publication date comes, in this order, from the
``--published`` option, the page's metadata, or a date in the address, and its basis says
which; otherwise it is recorded as unknown. Nothing is written if anything is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from briefing import config

MAX_BYTES = 5 * 1024 * 1024
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?"
                       r"(?:/|$|-|\b)")
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.I)
_OFFICIAL_HOST = re.compile(r"(?:^|\.)(?:gov|gouv|gob|govt|mfa|mofa|mea|mod|pib|embassy|"
                            r"president|kremlin|akorda)\.|\.gov(?:\.[a-z]{2})?$|\.mil$", re.I)


class IntakeError(ValueError):
    """Bad input to intake; the message names the file (and line and column where there
    are some). Nothing has been written."""


@dataclass
class Stored:
    """What :func:`store` wrote: the source's id, row and text."""

    source_id: str
    row: dict
    text: str
    text_path: Path


def read_input(path: Path) -> tuple[str, dict]:
    """The text of a saved article and what its page says about it.

    Returns
    -------
    text, meta
        The text to store, and metadata found in a web page (title, author, sitename,
        url, date, date_basis), empty for plain text.

    Raises
    ------
    IntakeError
        If the file is missing, empty, too large, binary, not UTF-8, or a page with no
        article text.
    """
    try:
        if not path.is_file():
            raise IntakeError(f"{path}: no such file")
        data = path.read_bytes()
    except OSError as exc:
        raise IntakeError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise IntakeError(f"{path}: the file is empty")
    if len(data) > MAX_BYTES:
        raise IntakeError(f"{path}: {len(data):,} bytes; an article is at most "
                          f"{MAX_BYTES:,} bytes")
    if b"\x00" in data[:8192]:
        raise IntakeError(f"{path}: a binary file (NUL bytes), not an article's text or page")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise IntakeError(f"{path}:{line}: column {col}: not UTF-8 (byte 0x{data[exc.start]:02x}"
                          "); save the article as UTF-8 text") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise IntakeError(f"{path}:{line}: column {col}: control character "
                          f"U+{ord(bad.group()):04X} in the text")
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or _HTML.match(data[:512]):
        return _from_html(path, text)
    return text, {}


def _from_html(path: Path, html: str) -> tuple[str, dict]:
    import htmldate
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True)
    if not text or len(text.split()) < 20:
        raise IntakeError(f"{path}: no article text found in the page (trafilatura "
                          "extracted {n} words); save the article's text as plain text "
                          "instead".format(n=len((text or "").split())))
    meta = {}
    doc = trafilatura.extract_metadata(html)
    if doc is not None:
        for key in ("title", "author", "sitename", "url"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = " ".join(str(value).split())
    found = htmldate.find_date(html, original_date=True, extensive_search=False,
                               outputformat="%Y-%m-%d")
    if found:
        meta["date"] = found
    return text + ("\n" if not text.endswith("\n") else ""), meta


def _parse_published(value: str | None) -> tuple[str, str, str] | None:
    """``--published``: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, a range ``FIRST..LAST`` of two
    days, or ``unknown`` -> (first day, last day or "", precision)."""
    if value is None:
        return None
    value = value.strip()
    if value.lower() == "unknown":
        return "", "", "unknown"
    if ".." in value:
        first, _, last = value.partition("..")
        a, b = _parse_published(first), _parse_published(last)
        if a[2] != "day" or b[2] != "day":
            raise IntakeError(f"--published {value!r}: a range is two days, "
                              "YYYY-MM-DD..YYYY-MM-DD")
        if b[0] < a[0]:
            raise IntakeError(f"--published {value!r}: the range runs backwards")
        return a[0], b[0], "range"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise IntakeError(f"--published {value!r}: expected YYYY-MM-DD, YYYY-MM, YYYY or "
                          "unknown")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            day = dt.date(y, int(mo), int(d))
            return day.isoformat(), "", "day"
        if mo:
            first = dt.date(y, int(mo), 1)
            return first.isoformat(), "", "month"
        return dt.date(y, 1, 1).isoformat(), "", "year"
    except ValueError:
        raise IntakeError(f"--published {value!r} is not a real date") from None


def publication(published: str | None, meta: dict, url: str) -> dict:
    """The origin row's date fields: from the option, the page, the address, or unknown."""
    given = _parse_published(published)
    if given is not None:
        start, end, prec = given
        if prec == "unknown":
            return {"date_published": "", "date_published_end": "",
                    "date_published_precision": "unknown", "date_published_basis": "unknown",
                    "date_published_note": "given as unknown at intake"}
        if prec == "range":
            return {"date_published": start, "date_published_end": end,
                    "date_published_precision": "range", "date_published_basis": "inferred",
                    "date_published_note": "a range given at intake"}
        in_url = _URL_DATE.search(urlparse(url).path or "")
        basis, note = "stated", "given at intake (--published)"
        if in_url and start.startswith(in_url.group(1) + "-" + in_url.group(2)):
            basis, note = "from_address", "given at intake; the address carries it"
        return {"date_published": start, "date_published_end": end,
                "date_published_precision": prec, "date_published_basis": basis,
                "date_published_note": note}
    if meta.get("date"):
        return {"date_published": meta["date"], "date_published_end": "",
                "date_published_precision": "day", "date_published_basis": "from_metadata",
                "date_published_note": "read from the page's metadata by htmldate"}
    m = _URL_DATE.search(urlparse(url).path or "")
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        try:
            if d:
                day = dt.date(int(y), int(mo), int(d)).isoformat()
                return {"date_published": day, "date_published_end": "",
                        "date_published_precision": "day",
                        "date_published_basis": "from_address",
                        "date_published_note": "read from the address"}
            return {"date_published": f"{y}-{mo}-01", "date_published_end": "",
                    "date_published_precision": "month",
                    "date_published_basis": "from_address",
                    "date_published_note": "read from the address"}
        except ValueError:
            pass
    return {"date_published": "", "date_published_end": "", "date_published_precision":
            "unknown", "date_published_basis": "unknown",
            "date_published_note": "no date in the text given, the page or the address"}


def _slug(text: str, limit: int) -> str:
    from briefing.intake.extract import slug

    return slug(text)[:limit].strip("-")


def read_sources(csv_path: Path) -> tuple[list[str], list[dict]]:
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_csv_atomic(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write a table through a temporary file in its folder and one rename."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n",
                            extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in header})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def store(file: Path, *, url: str | None, title: str | None = None, author: str | None = None,
          publisher: str | None = None, published: str | None = None,
          authority: str | None = None, language: str = "en",
          published_basis: str | None = None, published_note: str | None = None,
          note: str | None = None, data_dir: Path | None = None) -> Stored:
    """Store ``file`` as a new source: its text under ``sources/``, its origin row in
    ``facts/sources.csv``.

    Raises
    ------
    IntakeError
        On bad input, a missing address, or a text already stored (its source id named).
    """
    from briefing.facts import FactsError, load_facts

    data_dir = Path(data_dir or config.DATA_DIR)
    text, meta = read_input(Path(file))
    url = url or meta.get("url")
    if not url:
        raise IntakeError(f"{file}: give --url, the address the article came from (the page "
                          "does not say)")
    if not re.match(r"https?://[^\s/]+", url):
        raise IntakeError(f"--url {url!r}: expected an http(s) address")
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    src_csv = config.facts_dir(data_dir) / "sources.csv"
    header, rows = read_sources(src_csv)
    for row in rows:
        if row.get("sha256") == digest:
            raise IntakeError(f"{file}: already stored as source {row['source_id']} "
                              f"({row['path']}); its review sheet is "
                              f"data/intake/{row['source_id']}.csv")
    host = urlparse(url).hostname or ""
    title = title or meta.get("title") or next(
        (ln.strip() for ln in text.splitlines() if ln.strip()), "")[:200]
    publisher = publisher or meta.get("sitename") or host
    dates = publication(published, meta, url)
    if published_basis:
        if dates["date_published_precision"] == "range" and published_basis != "inferred":
            dates["date_published_basis"] = published_basis
        if published_basis not in ("stated", "from_address", "from_metadata", "inferred"):
            raise IntakeError(f"--published-basis {published_basis!r}: expected stated, "
                              "from_address, from_metadata or inferred")
        if not dates["date_published"]:
            raise IntakeError("--published-basis needs a known --published date")
        dates["date_published_basis"] = published_basis
    if published_note:
        dates["date_published_note"] = published_note
    stamp = dates["date_published"] or "undated"
    if dates["date_published_precision"] == "month":
        stamp = stamp[:7]
    elif dates["date_published_precision"] == "year":
        stamp = stamp[:4]
    base = f"{_slug(host.removeprefix('www.').split('.')[0], 20)}-{stamp}-{_slug(title, 30)}"
    ids = {r["source_id"] for r in rows}
    source_id, k = base, 2
    while source_id in ids or (config.sources_dir(data_dir) / f"{source_id}.txt").exists():
        source_id, k = f"{base}-{k}", k + 1
    guessed = authority is None
    if guessed:
        authority = "official" if _OFFICIAL_HOST.search(host) else "secondary"
    note_text = "Stored by intake"
    if meta:
        note_text += (f" from a saved web page ({Path(file).name}): main text extracted by "
                 "trafilatura, the page's markup dropped")
    else:
        note_text += f" from the text file {Path(file).name}, as it is"
    note_text += f"; authority '{authority}' " + ("guessed from the address" if guessed
                                                  else "given")
    if note:
        note_text = f"{note.strip()} ({note_text})"
    row = {c: "" for c in header}
    row.update({"source_id": source_id, "title": title, "author": author or meta.get("author",
                                                                                      ""),
                "publisher": publisher, "url": url, **dates, "authority": authority,
                "date_retrieved": dt.date.today().isoformat(), "language": language,
                "path": f"{source_id}.txt", "sha256": digest, "note": note_text})
    missing = [c for c in row if c not in header]
    if missing:
        raise IntakeError(f"{src_csv}: no column {missing[0]!r}; the data's schema is older "
                          "than this intake")
    text_path = config.sources_dir(data_dir) / f"{source_id}.txt"
    old = src_csv.read_bytes()
    with text_path.open("xb") as fh:
        fh.write(data)
    try:
        write_csv_atomic(src_csv, header, [*rows, row])
        load_facts(data_dir, use_cache=False)
    except (FactsError, OSError, ValueError) as exc:
        text_path.unlink(missing_ok=True)
        src_csv.write_bytes(old)
        problems = getattr(exc, "problems", None)
        detail = "; ".join(str(p) for p in problems if source_id in str(p) or
                           p.file.endswith("sources.csv")) if problems else str(exc)
        raise IntakeError(f"{file}: not stored; the origin record would not validate: "
                          f"{detail or exc}") from None
    return Stored(source_id, row, text, text_path)
