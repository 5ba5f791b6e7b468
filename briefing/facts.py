"""Loading and validating the curated facts: the one place where data enters the package.

The tables are described by ``data/facts/datapackage.json`` (a Frictionless Data Package:
types, formats, enums, primary and foreign keys). :func:`load_facts` checks every table in
three passes and collects every problem before it raises:

1. files: present, not empty, UTF-8 without a BOM, header naming exactly the schema's
   columns;
2. cells: the Frictionless validator (types, formats, enums, patterns, required values,
   primary and foreign keys);
3. meaning: what a schema cannot say (every quote found in its source text, the source
   checksum, country codes known to ISO 3166, list fields pointing at known ids, dates
   consistent with their precision and ordered, trade periods consistent with their basis,
   values positive).

Each problem names the file, the line a person can open, the column and what was expected.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pycountry

from briefing import config
from briefing.cells import LIST_SEP, split_list  # noqa: F401 (part of this module's API)
from briefing.knowledge import reconcile

#: Separator of several passages in one quote.
QUOTE_SEP = " … "

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_WS = re.compile(r"\s+")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the input: where it is and what was expected."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column '{self.column}':" if self.column else ""
        return f"{where}:{col} {self.message}"


class FactsError(ValueError):
    """Raised when the facts do not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or ""))
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the facts:\n{lines}")


@dataclass
class Facts:
    """The validated fact tables, typed, with the source texts they quote.

    Attributes are DataFrames named after the tables of ``datapackage.json``. String
    columns hold ``""`` for an empty cell; date columns are ``datetime64`` with ``NaT``;
    list columns (participants, places, domains, subjects) stay ``|``-separated strings
    and :func:`split_list` splits them.
    """

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    source_texts: dict[str, str]
    quotes_verified: int
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    #: engagements as recorded, before further sources and updates are reconciled
    raw_engagements: pd.DataFrame | None = None
    #: every dated observation of an engagement (see :mod:`briefing.knowledge`)
    observations: pd.DataFrame | None = None
    #: the date of knowledge when the facts were cut to it (:func:`known_on`), else None
    as_of: pd.Timestamp | None = None

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        # the tables are attributes too: tab completion and dir() list them
        return sorted(set(super().__dir__()) | set(self.__dict__.get("tables", {})))

    def summary(self) -> str:
        """A one-screen summary: counts per table, sources, quotes verified."""
        rows = [f"Facts in {self.data_dir}: valid"]
        width = max(len(n) for n in self.tables)
        for name, df in self.tables.items():
            rows.append(f"  {name:<{width}}  {len(df):>6} rows")
        for s in self.tables["sources"].itertuples():
            when = (f"{s.date_published.date().isoformat()} ({s.date_published_precision})"
                    if pd.notna(s.date_published) else "date not known")
            rows.append(f"  source {s.source_id}: {s.title!r} ({s.publisher}, {when}), "
                        "sha256 ok")
        rows.append(f"  quotes verified against their sources: {self.quotes_verified}")
        return "\n".join(rows)


def normalise_text(text: str) -> str:
    """Normalise for quote matching: NFC, typographic quotes to straight, whitespace runs
    to one space. Nothing else is forgiven, so a paraphrase does not match."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC)
    return _WS.sub(" ", text).strip()


def read_datapackage(data_dir: Path | str | None = None) -> dict:
    """Read ``datapackage.json``; raise :class:`FactsError` if it is missing or invalid."""
    path = config.facts_dir(data_dir) / "datapackage.json"
    rel = _rel(path, data_dir)
    if path.is_symlink():
        raise FactsError([Problem(rel, None, None, "a symbolic link: store the schema itself")])
    if not path.is_file():
        raise FactsError([Problem(rel, None, None, "missing file: the schema of every table")])
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FactsError([Problem(rel, None, None, f"cannot be read: {exc.strerror or exc}")]
                         ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise FactsError([Problem(rel, line, None, f"invalid JSON: {exc}")]) from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
            isinstance(r, dict) and isinstance(r.get("name"), str)
            and isinstance(r.get("path"), str) and "/" not in r["path"]
            and not r["path"].startswith(".")
            and isinstance(r.get("schema", {}).get("fields"), list) for r in resources):
        raise FactsError([Problem(rel, None, "resources", "expected a list of tables, each "
                                  "with a name, a file name in facts/ and a schema of fields")])
    return package


def load_facts(data_dir: Path | str | None = None, use_cache: bool = True) -> Facts:
    """Load and validate every fact table.

    Validation is a pure function of the input bytes, so its result is cached under
    ``config.CACHE_DIR`` keyed by the SHA-256 of every fact table, source text, the schema
    and this module's code: the same bytes are validated once, however many notebooks load
    them (a build validates in its pre-flight check, then each notebook reads the cache).
    Any change to any input, or to the validator, misses the cache and validates again.

    Parameters
    ----------
    data_dir
        Folder holding ``facts/`` and ``sources/``; the project's ``data/`` by default.
    use_cache
        Read and write the validation cache (``False`` always validates).

    Returns
    -------
    Facts
        Typed tables, the source texts and the number of quotes verified.

    Raises
    ------
    FactsError
        With every problem found, each naming file, line, column and what was expected.
    """
    data_dir = Path(data_dir) if data_dir else config.DATA_DIR
    package = read_datapackage(data_dir)
    key = _cache_key(data_dir, package) if use_cache else None
    if key is not None:
        record = _read_cache(key)
        if record is not None:
            facts = _load_trusted(data_dir, package, record)
            if facts is not None:
                return facts
    facts = _load_and_validate(data_dir, package)
    if key is not None:
        _write_cache(key, facts)
    return facts


# --- the validation cache --------------------------------------------------------------------
#
# What is cached is the fact that these exact bytes validated (and how many quotes were
# verified), never the tables themselves: a cache hit reads the tables from the data folder
# again, skipping only the checks. An entry is JSON (loading it runs no code); its SHA-256 is
# recorded apart from it, in the cache's index, and an entry whose bytes, key or shape is off
# is ignored and validation runs again. The key covers the input bytes, this module's code
# and the versions of the package and of the libraries validation uses.

_CACHE_INDEX = "index.json"
_VALIDATION_LIBS = ("pandas", "frictionless", "pycountry")


def _versions() -> str:
    from importlib import metadata

    from briefing import __version__

    found = [f"briefing={__version__}"]
    for lib in _VALIDATION_LIBS:
        try:
            found.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            found.append(f"{lib}=none")
    return ";".join(found)


def _cache_key(data_dir: Path, package: dict) -> str | None:
    """SHA-256 over every input of validation, or None when an input cannot be read (the
    validator reports that; nothing is cached)."""
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(_versions().encode())
    h.update(json.dumps(package, sort_keys=True).encode())
    try:
        for res in package["resources"]:
            path = config.facts_dir(data_dir) / res["path"]
            if not path.is_file() or path.is_symlink():
                return None
            h.update(res["path"].encode() + hashlib.sha256(path.read_bytes()).digest())
        src = config.sources_dir(data_dir)
        for path in sorted(src.rglob("*")) if src.is_dir() else []:
            if path.is_symlink():
                h.update(b"link:" + str(path.relative_to(src)).encode())
            elif path.is_file():
                h.update(str(path.relative_to(src)).encode()
                         + hashlib.sha256(path.read_bytes()).digest())
    except (OSError, KeyError, TypeError):
        return None
    return h.hexdigest()


def _read_index() -> dict:
    try:
        index = json.loads((config.CACHE_DIR / _CACHE_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _read_cache(key: str) -> dict | None:
    """The validation record of ``key`` if its bytes are the ones the index recorded."""
    name = f"facts-{key}.json"
    try:
        data = (config.CACHE_DIR / name).read_bytes()
    except OSError:
        return None
    if _read_index().get(name) != hashlib.sha256(data).hexdigest():
        return None
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not (isinstance(record, dict) and record.get("key") == key
            and isinstance(record.get("quotes_verified"), int)):
        return None
    return record


def _write_cache(key: str, facts: Facts, keep: int = 16) -> None:
    import tempfile

    name = f"facts-{key}.json"
    data = json.dumps({"key": key, "versions": _versions(),
                       "quotes_verified": facts.quotes_verified}).encode()
    try:
        config.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=config.CACHE_DIR, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, config.CACHE_DIR / name)
        entries = sorted(config.CACHE_DIR.glob("facts-*.json"),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
        index = {k: v for k, v in _read_index().items()
                 if (config.CACHE_DIR / str(k)).is_file()}
        index[name] = hashlib.sha256(data).hexdigest()
        fd, tmp = tempfile.mkstemp(dir=config.CACHE_DIR, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(index, fh, sort_keys=True)
        os.replace(tmp, config.CACHE_DIR / _CACHE_INDEX)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _load_trusted(data_dir: Path, package: dict, record: dict) -> Facts | None:
    """The tables of inputs whose bytes validated before, read without the checks; None if
    anything is off (then they are validated again)."""
    resources = {r["name"]: r for r in package["resources"]}
    tables, files = {}, {}
    for name, res in resources.items():
        path = config.facts_dir(data_dir) / res["path"]
        try:
            if path.is_symlink():
                return None
            data = path.read_bytes()
            # these very bytes validated: pandas' C parser reads them as the checks did
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                             na_filter=False, encoding="utf-8")
        except (OSError, ValueError, pd.errors.ParserError):
            return None
        columns = [f["name"] for f in res["schema"]["fields"]]
        if sorted(df.columns) != sorted(columns):
            return None
        tables[name] = _type_columns(df[columns].astype("object"), res)
        files[f"facts/{res['path']}"] = hashlib.sha256(data).hexdigest()
    texts = {}
    for row in tables["sources"].astype({"path": str}).to_dict("records"):
        path = source_path(data_dir, row["path"])
        if isinstance(path, str):
            return None
        try:
            data = path.read_bytes()
            texts[row["source_id"]] = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        files[f"sources/{row['path']}"] = hashlib.sha256(data).hexdigest()
    raw_engagements = tables["engagements"]
    tables["engagements"], observations = reconcile(
        raw_engagements, tables["engagement_sources"], tables["engagement_updates"],
        tables["sources"])
    return Facts(data_dir, tables, texts, record["quotes_verified"], files, raw_engagements,
                 observations)


def _load_and_validate(data_dir: Path, package: dict) -> Facts:
    resources = {r["name"]: r for r in package["resources"]}
    raw: dict[str, _RawTable] = {}
    problems: list[Problem] = []
    for name, res in resources.items():
        table, found = _read_raw(data_dir, res)
        problems += found
        if table is not None:
            raw[name] = table
    if problems:
        # Cell checks need every table readable (foreign keys cross tables): report files first.
        raise FactsError(problems)

    problems += _frictionless_problems(data_dir, raw)
    checker = _Checker(data_dir, resources, raw)
    problems += checker.run()
    if problems:
        raise FactsError(problems)

    tables = {name: _typed(raw[name], resources[name]) for name in resources}
    raw_engagements = tables["engagements"]
    tables["engagements"], observations = reconcile(
        raw_engagements, tables["engagement_sources"], tables["engagement_updates"],
        tables["sources"])
    files = {f"facts/{resources[t.name]['path']}": hashlib.sha256(t.data).hexdigest()
             for t in raw.values()}
    for sid, rel in checker.source_files.items():
        files[f"sources/{rel}"] = checker.source_sha[sid]
    return Facts(data_dir, tables, checker.texts, checker.quotes_verified, files,
                 raw_engagements, observations)


# --- pass 1: files ---------------------------------------------------------------------


@dataclass
class _RawTable:
    name: str
    rel: str
    data: bytes
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]  # line number of each row, for messages
    record_lines: list[int] = field(default_factory=list)  # every record, blank ones too
    blank_lines: set[int] = field(default_factory=set)


def _rel(path: Path, data_dir: Path | str | None = None) -> str:
    """Path for messages: relative to the repository when inside it, else absolute (a link
    is named, not the file it points to)."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(config.PROJ_ROOT))
    except ValueError:
        return str(path)


#: How messages name a file (relative to the repository when inside it).
display_path = _rel

#: Characters refused in any cell: C0 and C1 controls and DEL (tab, line feed and carriage
#: return aside), which no reader should receive and which break HTML and PDF output.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: A number as the tables write it: digits, an optional fraction and exponent, no "_".
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
#: The largest value a figure may have: beyond it, no chart or sum can be trusted.
MAX_VALUE = 1e15


def _cell_problems(rel: str, header: list[str], rows: list[dict], lines: list[int],
                   res: dict) -> list[Problem]:
    """Checks of single cells that must pass before the validator reads them: control
    characters anywhere; numbers that are plain, finite and of a drawable size."""
    numeric = [f["name"] for f in res["schema"]["fields"] if f["type"] in ("number", "integer")]
    problems = []
    for row, line in zip(rows, lines, strict=True):
        for col in header:
            m = _CONTROL.search(row[col])
            if m:
                problems.append(Problem(rel, line, col, f"control character U+{ord(m.group()):04X}"
                                        " in the text: remove it"))
        for col in numeric:
            cell = row.get(col, "").strip()
            if not cell:
                continue
            if not _NUMBER.fullmatch(cell):
                problems.append(Problem(rel, line, col, f"{cell!r} is not a number: write "
                                        "digits with an optional point and exponent (no '_', "
                                        "',', 'inf' or 'NaN')"))
                continue
            value = float(cell)
            if not abs(value) <= MAX_VALUE:  # also catches 1e309, which float makes inf
                problems.append(Problem(rel, line, col, f"{cell!r} is larger than {MAX_VALUE:g}:"
                                        " give the value in a larger unit"))
    return problems


def _read_raw(data_dir: Path, res: dict, check_cells: bool = True, path: Path | None = None,
              ) -> tuple[_RawTable | None, list[Problem]]:
    path = path if path is not None else config.facts_dir(data_dir) / res["path"]
    rel = _rel(path, data_dir)
    expected = [f["name"] for f in res["schema"]["fields"]]
    if path.is_symlink():
        return None, [Problem(rel, None, None, "a symbolic link: store the table itself")]
    if not path.is_file():
        return None, [Problem(rel, None, None, f"missing file: expected table '{res['name']}'")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, None, None, f"cannot be read: {exc.strerror or exc}")]
    if not data.strip():
        return None, [
            Problem(rel, 1, None, f"empty file: expected a header row: {','.join(expected)}")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(rel, 1, None, "starts with a UTF-8 byte-order mark (BOM): save as UTF-8 "
                    "without BOM")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(rel, line, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                    f"{exc.start}): save the file as UTF-8")
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        return None, [Problem(rel, 1, None, f"unreadable CSV header: {exc}")]
    problems = []
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(rel, 1, c, "missing column (the schema requires it)"))
    for c in unknown:
        problems.append(
            Problem(rel, 1, c or "(blank)", f"unknown column: expected only {', '.join(expected)}")
        )
    dupes = {c for c in header if header.count(c) > 1}
    for c in dupes:
        problems.append(Problem(rel, 1, c, "column appears more than once in the header"))
    if problems:
        return None, problems
    rows, lines, record_lines, blank_lines = [], [], [], set()
    line_no = reader.line_num
    try:
        for record in reader:
            start = line_no + 1
            line_no = reader.line_num
            record_lines.append(start)  # the validator numbers every record, even empty ones
            if not any(cell.strip() for cell in record):
                blank_lines.add(start)
                continue  # reported by the cell pass as a blank row
            if len(record) != len(header):
                problems.append(
                    Problem(rel, start, None, f"row has {len(record)} cells, the header has "
                            f"{len(header)}")
                )
                continue
            rows.append(dict(zip(header, record, strict=True)))
            lines.append(start)
    except csv.Error as exc:
        problems.append(Problem(rel, reader.line_num, None, f"unreadable CSV: {exc}"))
    if check_cells:
        problems += _cell_problems(rel, header, rows, lines, res)
    if problems:
        return None, problems
    return _RawTable(res["name"], rel, data, header, rows, lines, record_lines, blank_lines), []


# --- pass 2: cells, by the Frictionless validator --------------------------------------


def _frictionless_problems(data_dir: Path, raw: dict[str, _RawTable]) -> list[Problem]:
    from frictionless import Package, system

    descriptor = config.facts_dir(data_dir) / "datapackage.json"
    with system.use_context(trusted=True):
        package = Package(str(descriptor))
        report = package.validate()
    problems = []
    for task in report.tasks:
        table = raw.get(task.name)
        schema = package.get_resource(task.name).schema
        fields = {f.name: f for f in schema.fields}
        pk = schema.primary_key[0] if schema.primary_key else None
        for err in task.errors:
            problem = _translate(err, table, fields, task.name, pk)
            if table is not None and problem.line in table.blank_lines and \
                    err.type != "blank-row":
                continue  # a blank row is one problem, not one per empty cell
            problems.append(problem)
    for err in report.errors:  # package-level (descriptor) errors
        problems.append(Problem(_rel(descriptor, data_dir), None, None, err.message))
    return problems


def _translate(err, table: _RawTable | None, fields: dict, name: str, pk: str | None) -> Problem:
    rel = table.rel if table else name
    row_number = getattr(err, "row_number", None)
    line = None
    if table is not None and row_number:
        # Frictionless numbers records from the header (row 1); map to the file's line.
        idx = row_number - 2
        line = table.record_lines[idx] if 0 <= idx < len(table.record_lines) else row_number
    column = getattr(err, "field_name", None)
    cell = getattr(err, "cell", None)
    kind = err.type
    if kind == "type-error":
        f = fields[column]
        expect = {"date": "a date YYYY-MM-DD", "number": "a number", "integer": "an integer"}
        msg = f"{cell!r} is not {expect.get(f.type, 'of type ' + f.type)}"
    elif kind == "constraint-error":
        f = fields[column]
        c = f.constraints
        note = err.note
        if '"required"' in note:
            msg = "a value is required"
        elif '"enum"' in note:
            msg = f"{cell!r} is not one of: {', '.join(c['enum'])}"
        elif '"minimum"' in note:
            msg = f"{cell!r} is below the minimum {c['minimum']}"
        elif '"pattern"' in note:
            msg = f"{cell!r} does not match the pattern {c['pattern']}"
        else:
            msg = f"{cell!r}: {note}"
    elif kind == "primary-key":
        m = re.search(r"position (\d+)", err.note)
        first = table.record_lines[int(m.group(1)) - 2] if (table and m) else None
        msg = "duplicate id" + (f" (first on line {first})" if first else "")
        column = column or pk
    elif kind == "foreign-key":
        m = re.search(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)" '
                      r'as "([^"]+)"', err.note)
        if m:
            column = m.group(1)
            msg = f"{m.group(2)!r} not found in {m.group(3)}.{m.group(4)}"
        else:
            msg = err.note
    elif kind == "blank-row":
        msg = "blank row"
    else:
        msg = f"{err.title}: {err.note or err.message}"
    return Problem(rel, line, column, msg)


# --- pass 3: meaning ---------------------------------------------------------------------


class _Checker:
    """Checks no schema can express; fills the source texts as it goes."""

    def __init__(self, data_dir: Path, resources: dict, raw: dict[str, _RawTable]):
        self.data_dir = data_dir
        self.resources = resources
        self.raw = raw
        self.texts: dict[str, str] = {}
        self.normalised: dict[str, str] = {}
        self.source_files: dict[str, str] = {}
        self.source_sha: dict[str, str] = {}
        self.quotes_verified = 0
        self.problems: list[Problem] = []

    def add(self, table: _RawTable, i: int, column: str | None, msg: str) -> None:
        self.problems.append(Problem(table.rel, table.lines[i], column, msg))

    def run(self) -> list[Problem]:
        self.check_sources()
        ids = {
            name: {row[res["schema"]["primaryKey"][0]] for row in self.raw[name].rows}
            for name, res in self.resources.items()
            if res["schema"].get("primaryKey")
        }
        for name, res in self.resources.items():
            table = self.raw[name]
            for fdef in res["schema"]["fields"]:
                col = fdef["name"]
                if fdef.get("x-iso3166"):
                    self.check_countries(table, col)
                if fdef.get("x-list-of"):
                    ref_table, ref_col = fdef["x-list-of"].split(".")
                    self.check_list(table, col, ref_table, ids.get(ref_table, set()))
            if "quote" in table.header:
                self.check_quotes(table)
        self.check_engagement_dates()
        self.check_engagement_sources()
        self.check_trade()
        self.check_aliases()
        self.check_defects(ids)
        return self.problems

    def check_sources(self) -> None:
        table = self.raw["sources"]
        for i, row in enumerate(table.rows):
            sid = row["source_id"]
            path = source_path(self.data_dir, row["path"])
            if isinstance(path, str):  # the reason it is refused
                self.add(table, i, "path", path)
                continue
            rel = _rel(path, self.data_dir)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.add(table, i, "path", f"{rel} cannot be read: {exc.strerror or exc}")
                continue
            digest = hashlib.sha256(data).hexdigest()
            self.source_files[sid] = row["path"]
            self.source_sha[sid] = digest
            if digest != row["sha256"]:
                self.add(
                    table, i, "sha256",
                    f"checksum mismatch for {rel}: the file's sha256 is {digest}; raw sources "
                    "are immutable, so restore the file (or record a new source)",
                )
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.add(table, i, "path", f"{rel} is not valid UTF-8 at offset {exc.start}")
                continue
            self.texts[sid] = text
            self.normalised[sid] = normalise_text(text)
            if not row["url"].startswith(("http://", "https://")):
                self.add(table, i, "url", f"{row['url']!r} is not an http(s) address")
            self.check_published(table, i, row)

    def check_published(self, table: _RawTable, i: int, row: dict) -> None:
        """A publication date is what is known of it: a day, a month, a year, a range or
        unknown (then both dates are empty), never a day the source does not give."""
        prec, basis = row["date_published_precision"], row["date_published_basis"]
        start, end = _iso(row["date_published"]), _iso(row["date_published_end"])
        ret = _iso(row["date_retrieved"])
        if prec == "unknown":
            if row["date_published"] or row["date_published_end"]:
                self.add(table, i, "date_published", "date_published_precision is 'unknown':"
                         " leave date_published and date_published_end empty")
            return
        if prec and not row["date_published"]:
            self.add(table, i, "date_published", f"date_published_precision is {prec!r}: "
                     "give the first possible day (or set the precision to unknown)")
            return
        if start is None:
            return  # malformed or missing: reported by the cell pass
        if basis == "unknown":
            self.add(table, i, "date_published_basis", "a known date needs its basis: "
                     "stated, from_address, from_metadata or inferred")
        if basis == "inferred" and not row["date_published_note"].strip():
            self.add(table, i, "date_published_note", "an inferred date needs the reasoning "
                     "in date_published_note")
        if prec == "range":
            if end is None:
                self.add(table, i, "date_published_end", "a range needs its last possible day")
                return
            if end < start:
                self.add(table, i, "date_published_end", f"{row['date_published_end']} is "
                         f"before date_published {row['date_published']}")
                return
        elif prec in ("day", "month", "year"):
            expect = _precision_span(prec, start)
            if start != expect[0] or (end is not None and end != expect[1]):
                self.add(table, i, "date_published_end" if start == expect[0] else
                         "date_published", f"date_published_precision {prec!r} means "
                         f"{expect[0]:%Y-%m-%d} to {expect[1]:%Y-%m-%d} (date_published_end may "
                         "stay empty)")
                return
        if ret is not None and ret < start:
            self.add(table, i, "date_retrieved", f"{row['date_retrieved']} is before "
                     f"date_published {row['date_published']}")

    def check_countries(self, table: _RawTable, col: str) -> None:
        for i, row in enumerate(table.rows):
            code = row[col]
            if code and re.fullmatch(r"[A-Z]{3}", code) and not _known_country(code):
                self.add(table, i, col, f"{code!r} is not an ISO 3166 alpha-3 country code")

    def check_list(self, table: _RawTable, col: str, ref_table: str, known: set[str]) -> None:
        for i, row in enumerate(table.rows):
            items = split_list(row[col])
            for item in items:
                if item not in known:
                    self.add(table, i, col, f"{item!r} not found in {ref_table}")
            if len(items) != len(set(items)):
                self.add(table, i, col, "an item is listed twice")

    def check_quotes(self, table: _RawTable) -> None:
        for i, row in enumerate(table.rows):
            sid, quote = row["source_id"], row["quote"]
            if sid not in self.normalised or not quote.strip():
                continue  # unknown source or empty quote: reported by the cell pass
            text = self.normalised[sid]
            ok = True
            for part in quote.split(QUOTE_SEP.strip()):
                needle = normalise_text(part)
                if not needle:
                    continue
                if needle not in text:
                    ok = False
                    self.add(table, i, "quote", _quote_miss(needle, text, sid))
            if ok:
                self.quotes_verified += 1

    def check_engagement_dates(self) -> None:
        table = self.raw["engagements"]
        for i, row in enumerate(table.rows):
            prec, basis = row["date_precision"], row["date_basis"]
            if prec == "undated":
                if row["date_start"] or row["date_end"]:
                    self.add(table, i, "date_start", "an undated engagement has no dates; set "
                             "date_precision or clear date_start and date_end")
                continue
            if basis == "unknown":
                self.add(table, i, "date_basis", f"a {prec}-precision date needs a basis: "
                         "stated, relative or context")
            if self.check_span(table, i, row) is None:
                continue
            if basis == "relative" and not row["date_expression"]:
                self.add(table, i, "date_expression", "a date resolved from a relative "
                         "expression keeps the source's words")
        for i, row in enumerate(table.rows):
            if row["actor_country"] and row["actor_country"] == row["counterpart_country"]:
                self.add(table, i, "counterpart_country", "must differ from actor_country")

    def check_span(self, table: _RawTable, i: int, row: dict) -> tuple | None:
        """Check a dated row's start and end against each other and its precision; return
        them when sound, None (with the problem added) when not."""
        prec = row["date_precision"]
        if not row["date_start"] or not row["date_end"]:
            col = "date_start" if not row["date_start"] else "date_end"
            self.add(table, i, col, f"date_precision is {prec!r}: date_start and date_end "
                     "are both required")
            return None
        start, end = _iso(row["date_start"]), _iso(row["date_end"])
        if start is None or end is None:
            return None  # malformed: reported by the cell pass
        if end < start:
            self.add(table, i, "date_end", f"{row['date_end']} is before date_start "
                     f"{row['date_start']}")
            return None
        expect = _precision_span(prec, start)
        if expect and (start, end) != expect:
            self.add(table, i, "date_end" if start == expect[0] else "date_start",
                     f"date_precision {prec!r} means {expect[0]:%Y-%m-%d} to "
                     f"{expect[1]:%Y-%m-%d}, got {row['date_start']} to {row['date_end']}")
            return None
        return start, end

    def check_engagement_sources(self) -> None:
        """A further source's date, and an update's, is consistent with its precision."""
        for name in ("engagement_sources", "engagement_updates"):
            self._check_observed_dates(self.raw[name])

    def _check_observed_dates(self, table: _RawTable) -> None:
        for i, row in enumerate(table.rows):
            if not row["date_precision"]:
                if row["date_start"] or row["date_end"]:
                    self.add(table, i, "date_precision", "a date needs its precision "
                             "(day, month, year or range)")
                continue
            # A date outside the engagement's own is an observation that disagrees: it is
            # kept, reconciled by the stated rule and shown, never refused
            # (briefing.knowledge).
            self.check_span(table, i, row)

    def check_trade(self) -> None:
        for name in ("trade_observations", "trade_derivations"):
            table = self.raw[name]
            for i, row in enumerate(table.rows):
                start, end = _iso(row["period_start"]), _iso(row["period_end"])
                if row["period_basis"] == "not_stated":
                    if row["period_start"] or row["period_end"]:
                        self.add(table, i, "period_start", "period_basis is not_stated: leave "
                                 "period_start and period_end empty (the figure is shown as "
                                 "stated on its source's date, never in a series)")
                elif not (row["period_start"] and row["period_end"]):
                    col = "period_start" if not row["period_start"] else "period_end"
                    self.add(table, i, col, "a period needs its first and last day (or "
                             "period_basis not_stated, when the source gives none)")
                if start and end:
                    if end < start:
                        self.add(table, i, "period_end", f"{row['period_end']} is before "
                                 f"period_start {row['period_start']}")
                    else:
                        msg = _basis_problem(row["period_basis"], start, end)
                        if msg:
                            self.add(table, i, "period_basis", msg)
                col = "value" if name == "trade_observations" else "factor"
                try:
                    num = float(row[col])
                except ValueError:
                    continue  # reported by the cell pass
                if num == 0:  # negatives are reported by the schema's minimum
                    self.add(table, i, col, f"{row[col]!r} must be positive")
        obs = {r["observation_id"]: r for r in self.raw["trade_observations"].rows}
        table = self.raw["trade_derivations"]
        for i, row in enumerate(table.rows):
            base = obs.get(row["base_observation_id"])
            if base and _iso(base["period_start"]) and _iso(row["period_start"]):
                b = (_iso(base["period_start"]), _iso(base["period_end"]))
                d = (_iso(row["period_start"]), _iso(row["period_end"]))
                if b[1] and d[1] and not _same_months(b, d):
                    self.add(table, i, "period_start", "a derived period must cover the same "
                             f"months as its base {row['base_observation_id']}")

    def check_aliases(self) -> None:
        table = self.raw["aliases"]
        for i, row in enumerate(table.rows):
            if row["alias"] and normalise_text(row["alias"]) not in normalise_text(row["quote"]):
                self.add(table, i, "alias", f"{row['alias']!r} does not occur in its quote")

    def check_defects(self, ids: dict[str, set[str]]) -> None:
        known = set().union(*(ids[n] for n in ids if n not in ("domains", "engagement_types")))
        table = self.raw["source_defects"]
        for i, row in enumerate(table.rows):
            for item in split_list(row["affects"]):
                if item not in known:
                    self.add(table, i, "affects", f"{item!r} is not the id of any fact, "
                             "entity, place or source")


def source_path(data_dir: Path | str | None, name: str) -> Path | str:
    """The file of a source's ``path`` cell, or the reason it is refused.

    A source text is a regular file inside the data folder's ``sources/`` (subfolders
    allowed): not an absolute path, no ``..``, no symbolic link anywhere on the way (a link
    could lead out of the folder, or change what the checksum covers).
    """
    root = config.sources_dir(data_dir)
    if not name:
        return "a source needs the path of its text under sources/"
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or "\\" in name:
        return (f"{name!r} must be a path inside sources/ (no absolute path, no '..'): "
                "store the text in the data folder's sources/")
    path = root
    for part in parts:
        path = path / part
        if path.is_symlink():
            return (f"{_rel(path)} is a symbolic link; store the text itself in sources/ "
                    "(a link may lead out of the data folder)")
    if not path.is_file():
        return f"source text not found: {_rel(path)}"
    if not path.resolve().is_relative_to(root.resolve()):
        return f"{_rel(path)} lies outside {_rel(root)}"
    return path


def _quote_miss(needle: str, text: str, sid: str) -> str:
    lo, hi = 0, len(needle)
    while lo < hi:  # longest prefix of the quote found in the text
        mid = (lo + hi + 1) // 2
        if needle[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    short = needle if len(needle) <= 80 else needle[:77] + "..."
    if lo < 8:
        return f"quote not found in source {sid}: {short!r}"
    return (f"quote not found in source {sid}: {short!r}; it matches up to "
            f"{needle[max(0, lo - 30):lo]!r} and then differs")


def _iso(value: str):
    try:
        return pd.Timestamp(value).date() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _month_end(d):
    return (pd.Timestamp(d) + pd.offsets.MonthEnd(0)).date()


def _precision_span(prec: str, start):
    if prec == "day":
        return (start, start)
    if prec == "month":
        return (start.replace(day=1), _month_end(start))
    if prec == "year":
        return (start.replace(month=1, day=1), start.replace(month=12, day=31))
    return None  # range: any ordered pair


def _basis_problem(basis: str, start, end) -> str | None:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if basis == "year_to_date":
        if not (start.day == 1 and start.month in (1, 4) and months <= 12):
            return ("year_to_date runs from 1 January or 1 April to the day the figure was "
                    "stated, within one year")
        return None
    if start.day != 1 or end != _month_end(end):
        return "a trade period runs from the first day of a month to the last day of a month"
    if basis == "calendar_year" and not (start.month == 1 and months == 12):
        return "calendar_year means 1 January to 31 December of one year"
    if basis == "fiscal_year_in" and not (start.month == 4 and months == 12):
        return "fiscal_year_in means 1 April to 31 March of the next year"
    if basis == "quarter" and not (months == 3 and start.month in (1, 4, 7, 10)):
        return "quarter means three months starting in January, April, July or October"
    if basis == "month" and months != 1:
        return "month means one calendar month"
    if basis == "partial_year" and not (start.month in (1, 4) and months < 12):
        return ("partial_year means fewer than 12 months from the start of a calendar (January) "
                "or Indian fiscal (April) year")
    return None


def _same_months(a, b) -> bool:
    return (a[0].month, a[0].day, a[1].month, a[1].day) == (b[0].month, b[0].day, b[1].month,
                                                            b[1].day)


def _known_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None or any(
        c.alpha_3 == code for c in pycountry.historic_countries
    )


# --- typed frames --------------------------------------------------------------------------


def _typed(table: _RawTable, res: dict) -> pd.DataFrame:
    columns = [f["name"] for f in res["schema"]["fields"]]
    return _type_columns(pd.DataFrame(table.rows, columns=columns).astype("object"), res)


def _type_columns(df: pd.DataFrame, res: dict) -> pd.DataFrame:
    """Give each column its schema type: dates, numbers, integers; text stays text."""
    for f in res["schema"]["fields"]:
        col = f["name"]
        if f["type"] == "date":
            df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
        elif f["type"] == "number":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("float64")
        elif f["type"] == "integer":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
        else:
            df[col] = df[col].astype(str)
    return df


def read_snapshot(facts_folder: Path | str) -> Facts:
    """The tables of a facts snapshot kept beside an earlier briefing, typed and reconciled
    but not validated (they were validated when that briefing was built; the source texts
    are not part of a snapshot). Used only to say what changed since.

    Raises
    ------
    FactsError
        If the snapshot cannot be read with its own schema.
    """
    folder = Path(facts_folder)  # the tables and their datapackage.json, side by side
    path = folder / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FactsError([Problem(_rel(path), None, None, f"unreadable: {exc}")]) from None
    resources = {r["name"]: r for r in package["resources"]}
    tables = {}
    for name, res in resources.items():
        path = folder / res["path"]
        if not path.is_file():
            raise FactsError([Problem(_rel(path), None, None, "missing from the snapshot")])
        table, problems = _read_raw_file(path, res)
        if problems or table is None:
            raise FactsError(problems)
        tables[name] = _typed(table, res)
    raw = tables.get("engagements")
    if raw is not None and "engagement_updates" in tables and "sources" in tables:
        tables["engagements"], observations = reconcile(
            raw, tables.get("engagement_sources", raw.iloc[0:0]), tables["engagement_updates"],
            tables["sources"])
    else:
        observations = None
    return Facts(folder, tables, {}, 0, {}, raw, observations)


def _read_raw_file(path: Path, res: dict):
    """:func:`_read_raw` for a table file named directly (not under a data folder)."""
    return _read_raw(path.parent, res, check_cells=False, path=path)
