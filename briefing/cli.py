"""The one entry point: validate the facts, build briefings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing import config


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status. Every failure ends in one clear message
    and a non-zero status, never a traceback (``BRIEFING_DEBUG=1`` shows it)."""
    import os

    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted; the last good briefing is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, not a trace
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"error: {where}{type(exc).__name__}: {exc} (BRIEFING_DEBUG=1 shows the "
              "traceback)", file=sys.stderr)
        return 1


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_val = sub.add_parser("validate", help="validate the facts and print a summary")
    p_val.add_argument("--data-dir", type=Path, default=None,
                       help=f"data folder (default {config.DATA_DIR})")
    p_build = sub.add_parser("build", help="run the notebooks and render HTML and PDF "
                             "briefings into reports/<briefing>/")
    p_build.add_argument("--params", type=Path, action="append",
                         help="parameter set (YAML); repeat to build several briefings side by "
                              "side (default params/india-kazakhstan.yaml)")
    p_build.add_argument("--pair", help="build for this pair instead (e.g. IND-UZB); the "
                         "output folder is named after it")
    p_build.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                         help="override one parameter (value read as YAML)")
    p_build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p_build.add_argument("--jobs", type=int, default=None,
                         help="notebooks run at once (default: the number of cores)")
    p_build.add_argument("--data-dir", type=Path, default=None,
                         help=f"data folder (default {config.DATA_DIR})")
    p_pin = sub.add_parser("pin", help="execute notebooks and keep only the outputs of the "
                           "cells marked NBVAL_CHECK_OUTPUT (the rest is stripped)")
    p_pin.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    p_in = sub.add_parser("intake", help="store a saved article and propose its facts in a "
                          "review sheet; or, with --accept, merge a reviewed sheet",
                          description="Store FILE (plain text, or a saved web page) as a "
                          "source and write data/intake/<source_id>.csv; or merge the "
                          "accepted rows of a reviewed sheet with --accept SHEET.")
    p_in.add_argument("file", nargs="*", type=Path, help="the saved article(s)")
    p_in.add_argument("--manifest", type=Path, metavar="CSV",
                      help="a batch: a CSV with columns file, url and optionally title, "
                      "author, publisher, published, pair, authority, language (file paths "
                      "relative to the CSV)")
    p_in.add_argument("--accept", type=Path, metavar="SHEET",
                      help="merge this reviewed sheet's accepted rows into the facts")
    p_in.add_argument("--url", help="the address the article came from")
    p_in.add_argument("--title")
    p_in.add_argument("--author")
    p_in.add_argument("--publisher")
    p_in.add_argument("--published", metavar="DATE|unknown",
                      help="publication date as known: YYYY-MM-DD, YYYY-MM, YYYY, a range "
                      "YYYY-MM-DD..YYYY-MM-DD, or unknown")
    p_in.add_argument("--published-basis", choices=["stated", "from_address", "from_metadata",
                                                     "inferred"],
                      help="how the date is known (default: stated, or from_address when the "
                      "address carries it)")
    p_in.add_argument("--published-note", help="how the date was found (needed for inferred)")
    p_in.add_argument("--note", help="a note for the origin record, e.g. that the text is an "
                      "excerpt")
    p_in.add_argument("--pair", metavar="AAA-BBB", help="the pair, e.g. IND-KAZ (else the two "
                      "countries the article names most)")
    p_in.add_argument("--authority", choices=["official", "secondary"],
                      help="official or secondary (else guessed from the address)")
    p_in.add_argument("--language", default="en")
    p_in.add_argument("--data-dir", type=Path, default=None,
                      help=f"data folder (default {config.DATA_DIR})")
    args = parser.parse_args(argv)
    if args.command == "intake":
        return _intake(args, parser)
    if args.command == "validate":
        return _validate(args.data_dir)
    if args.command == "build":
        return _build(args)
    if args.command == "pin":
        from briefing.notebooks import all_notebooks, pin_outputs

        for nb in args.notebooks or all_notebooks():
            print(f"{nb}: {pin_outputs(nb)} pinned cell(s)")
        return 0
    return 2


def parse_overrides(items: list[str]) -> dict:
    """``-p name=value`` options as a dict; each value is read as YAML (``3`` is an int,
    ``2021-04-07`` a date given back as an ISO string).

    Raises
    ------
    ValueError
        If an item is not ``name=value``.
    """
    from briefing.build import safeyaml
    from briefing.build.paramsets import plain

    overrides = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.isidentifier():
            raise ValueError(f"-p expects name=value, got {item!r}")
        if key in overrides:
            raise ValueError(f"-p {key} is given twice")
        try:
            overrides[key] = plain(safeyaml.load(value, f"-p {item}")) if value else ""
        except safeyaml.YamlError as exc:
            raise ValueError(str(exc)) from None
    return overrides


def _build(args) -> int:
    from briefing.build import BuildError, build

    try:
        overrides = parse_overrides(args.param or [])
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        build(args.params, overrides, args.pair, args.force, args.jobs, args.data_dir)
    except BuildError as exc:
        print(f"[build] error: {exc}", file=sys.stderr)
        return 1
    return 0


def _intake(args, parser) -> int:
    import time

    from briefing.facts import FactsError
    from briefing.intake import IntakeError, accept, ingest

    try:
        if args.accept:
            if args.file:
                parser.error("give either FILE or --accept SHEET, not both")
            added = accept(args.accept, args.data_dir)
            if not added:
                print(f"{args.accept}: no accepted rows to merge (set accept to yes)")
            else:
                print(f"{args.accept}: merged " + ", ".join(
                    f"{n} row{'s' if n != 1 else ''} into {t}" for t, n in added.items()) +
                    "; run `make validate`, then `make report`")
            return 0
        jobs = _intake_jobs(args, parser)
        for i, (file, opts) in enumerate(jobs, 1):
            t0 = time.perf_counter()
            done = ingest(file, data_dir=args.data_dir, **opts)
            pair = "-".join(done.pair) if done.pair else "not found"
            prefix = f"[{i}/{len(jobs)}] " if len(jobs) > 1 else ""
            print(f"{prefix}{file}: stored as {done.source_id}; {done.candidates} candidates "
                  f"in {done.sheet} (pair {pair}, {time.perf_counter() - t0:.2f} s)",
                  flush=True)
        return 0
    except (IntakeError, FactsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


_INTAKE_OPTIONS = ("url", "title", "author", "publisher", "published", "pair", "authority",
                   "language", "published_basis", "published_note", "note")


def _intake_jobs(args, parser) -> list[tuple[Path, dict]]:
    """(file, options) for each article: from FILE arguments, or a manifest's rows."""
    import csv

    from briefing.intake import IntakeError

    if args.manifest:
        if args.file:
            parser.error("give either FILE or --manifest CSV, not both")
        try:
            with args.manifest.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                header = reader.fieldnames or []
                rows = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise IntakeError(f"{args.manifest}: cannot be read as a UTF-8 CSV: {exc}") from None
        for col in ("file", "url"):
            if col not in header:
                raise IntakeError(f"{args.manifest}:1: the header lacks column {col!r}")
        extra = [c for c in header if c not in ("file", *_INTAKE_OPTIONS)]
        if extra:
            raise IntakeError(f"{args.manifest}:1: unknown column {extra[0]!r}")
        jobs = []
        for line, row in enumerate(rows, 2):
            if not (row.get("file") or "").strip():
                raise IntakeError(f"{args.manifest}:{line}: column 'file': empty")
            opts = {k: (row.get(k) or "").strip() or None for k in _INTAKE_OPTIONS}
            opts["language"] = opts["language"] or "en"
            jobs.append((args.manifest.parent / row["file"].strip(), opts))
        return jobs
    if not args.file:
        parser.error("intake needs FILE (or --manifest CSV, or --accept SHEET)")
    if len(args.file) > 1 and args.url:
        parser.error("--url names one article; for several, give a --manifest")
    return [(f, {k: getattr(args, k) for k in _INTAKE_OPTIONS}) for f in args.file]


def _validate(data_dir: Path | None) -> int:
    from briefing.facts import FactsError, load_facts

    try:
        facts = load_facts(data_dir)
    except FactsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(facts.summary())
    return 0
