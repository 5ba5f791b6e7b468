"""One command from data to briefings: ``python -m briefing build``.

A build reads one or more parameter sets (``params/*.yaml``), checks everything it can
before any kernel starts (the facts validate, the pair is present in the data, every
parameter name and type fits the notebooks, WeasyPrint can load), then runs each notebook
with papermill and renders it to HTML (nbconvert, the project's template) and PDF
(WeasyPrint), the notebooks side by side on the available cores.

Outputs go to ``reports/<briefing>/`` under stable names. Everything is written to a staging
folder first and swapped into place, under a lock, only when the whole build succeeded: a
failure never replaces the last good briefing, and two builds at once never leave a mixed
set. A build whose inputs are unchanged is skipped (``--force`` rebuilds).

This module imports only the standard library and PyYAML at the top, so that the check for
an unchanged build answers quickly.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing import config

DEFAULT_PARAMS = config.DEFAULT_PARAMS
FINGERPRINT_FILE = "build.json"


class BuildError(RuntimeError):
    """A build that cannot start or did not finish; the message says why and where."""


@dataclass
class Briefing:
    """One briefing to build: its name, notebooks and parameters."""

    name: str
    title: str
    notebooks: list[Path]
    parameters: dict
    params_file: Path | None = None
    timings: list[tuple[str, float]] = field(default_factory=list)

    @property
    def out_dir(self) -> Path:
        return config.REPORTS_DIR / self.name


# --- parameter sets ----------------------------------------------------------------------------


def _plain(value):
    """YAML dates become ISO strings: notebooks take dates as ``str`` parameters."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def load_params(path: Path, overrides: dict | None = None, pair: str | None = None) -> Briefing:
    """Read a parameter set and apply command-line overrides.

    The file holds ``briefing`` (the output folder), optionally ``title``, ``notebooks``
    (names in ``notebooks/`` without ``.ipynb``) and ``parameters``. ``pair`` overrides the
    pair and, unless the file is named for it, the output folder.
    """
    path = Path(path)
    if not path.is_file():
        raise BuildError(f"parameter file not found: {path}")
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML: {exc}") from exc
    unknown = set(spec) - {"briefing", "title", "notebooks", "parameters"}
    if unknown:
        raise BuildError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected "
                         "briefing, title, notebooks, parameters")
    params = {k: _plain(v) for k, v in (spec.get("parameters") or {}).items()}
    params.update({k: _plain(v) for k, v in (overrides or {}).items()})
    name = str(spec.get("briefing") or path.stem)
    title = spec.get("title") or ""
    if pair:
        params["pair"] = pair
        name = _slug(pair)
        title = ""
    names = spec.get("notebooks") or [p.stem for p in sorted(
        config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))]
    notebooks = []
    for nb in names:
        nb_path = config.NOTEBOOKS_DIR / f"{nb}.ipynb"
        if not nb_path.is_file():
            raise BuildError(f"{path}: notebook {nb!r} not found in {config.NOTEBOOKS_DIR}")
        notebooks.append(nb_path)
    return Briefing(name, title, notebooks, params, path)


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def output_stem(notebook: Path) -> str:
    """Stable output name of a notebook: ``90-briefing.ipynb`` -> ``briefing``."""
    stem = notebook.stem
    head, _, rest = stem.partition("-")
    return rest if head.isdigit() and rest else stem


# --- fingerprint -------------------------------------------------------------------------------


def _files_under(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    out = []
    for pattern in patterns:
        out += [p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts]
    return sorted(set(out))


def _hash_files(h, files: list[Path], data_dir: Path) -> str:
    """Add each file's name (relative to the data or the repository) and bytes to ``h``."""
    for f in files:
        key = f.relative_to(data_dir) if f.is_relative_to(data_dir) else f.relative_to(
            config.PROJ_ROOT)
        h.update(str(key).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def fingerprint(b: Briefing, data_dir: Path) -> str:
    """SHA-256 over everything a briefing depends on: parameters, notebooks, data, package
    code, template and pinned requirements."""
    h = hashlib.sha256()
    h.update(json.dumps({"name": b.name, "title": b.title, "parameters": b.parameters,
                         "notebooks": [p.name for p in b.notebooks]}, sort_keys=True).encode())
    files = list(b.notebooks)
    files += _files_under(data_dir, ("facts/*", "sources/*"))
    files += _files_under(config.PROJ_ROOT / "briefing", ("**/*.py", "templates/**/*"))
    files.append(config.PROJ_ROOT / "requirements.txt")
    return _hash_files(h, files, data_dir)


def notebook_reads(notebook: Path) -> list[str] | None:
    """The fact tables a notebook declares it reads (``metadata.briefing.reads``); None
    means every table."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    reads = meta.get("briefing", {}).get("reads")
    return list(reads) if reads else None


def notebook_fingerprint(job: dict, data_dir: Path) -> str:
    """SHA-256 over what one notebook's outputs depend on: the notebook, the parameters it
    receives (except the previous build's, which change every time), the fact tables it
    reads, every source text, the schema, the package code, the template and requirements.
    Every table is still validated before any notebook runs, so a table a notebook does not
    read cannot make its output wrong."""
    h = hashlib.sha256()
    params = {k: v for k, v in job["parameters"].items() if not k.startswith("previous_")}
    h.update(json.dumps({"params": params, "title": job["title"],
                         "header": job["header_right"]}, sort_keys=True).encode())
    notebook = Path(job["notebook"])
    reads = notebook_reads(notebook)
    facts = ["datapackage.json"] + [f"{t}.csv" for t in reads] if reads is not None else None
    files = [notebook]
    files += [f for f in _files_under(data_dir, ("facts/*",))
              if facts is None or f.name in facts]
    files += _files_under(data_dir, ("sources/*",))
    files += _files_under(config.PROJ_ROOT / "briefing", ("**/*.py", "templates/**/*"))
    files.append(config.PROJ_ROOT / "requirements.txt")
    return _hash_files(h, files, data_dir)


def _reusable(b: Briefing, stem: str, digest: str) -> bool:
    """True when the last good build made this notebook's outputs from the same inputs."""
    try:
        info = json.loads((b.out_dir / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return info.get("notebooks", {}).get(stem) == digest and all(
        (b.out_dir / f).is_file() for f in _outputs_of(stem))


def _outputs_of(stem: str) -> list[str]:
    return [f"{stem}.html", f"{stem}.pdf"]


def up_to_date(b: Briefing, digest: str) -> bool:
    """True when the last good build of ``b`` had the same inputs and its outputs exist."""
    record = b.out_dir / FINGERPRINT_FILE
    if not record.is_file():
        return False
    try:
        info = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return info.get("fingerprint") == digest and all(
        (b.out_dir / f).is_file() for f in info.get("outputs", []))


# --- checks before any kernel starts ---------------------------------------------------------


def check_system() -> None:
    """Fail early, saying what to install, if WeasyPrint cannot load its system libraries."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as exc:  # OSError: a system library could not be loaded
        raise BuildError(
            "WeasyPrint, which prints the PDF, cannot be loaded: the Pango libraries it "
            f"needs are probably missing ({exc}). On Debian or Ubuntu: sudo apt-get install "
            "libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; on Fedora: "
            "sudo dnf install pango; on macOS: brew install pango.") from exc


def preflight(briefings: list[Briefing], data_dir: Path) -> dict[Path, set[str]]:
    """Validate facts, pairs and parameters; raise :class:`BuildError` listing every problem.

    Returns the parameter names each notebook declares."""
    from briefing import timeline as tl
    from briefing.facts import FactsError, load_facts
    from briefing.notebooks import ParameterError, check_parameters, notebook_parameters

    try:
        facts = load_facts(data_dir)
    except FactsError as exc:
        raise BuildError(str(exc)) from exc
    pairs = set(tl.available_pairs(facts.engagements))
    trade = facts.trade_observations
    pairs |= {tuple(sorted(p)) for p in zip(trade["country_a"], trade["country_b"])}
    problems = []
    by_notebook: dict[Path, set[str]] = {}
    for b in briefings:
        declared: dict[str, dict] = {}
        for nb in b.notebooks:
            params = notebook_parameters(nb)
            by_notebook[nb] = set(params)
            declared.update(params)
            try:
                check_parameters(nb, {k: v for k, v in b.parameters.items() if k in params})
            except ParameterError as exc:
                problems.append(f"{b.name}: {exc}")
        for name in b.parameters:
            if name not in declared:
                problems.append(f"{b.name}: unknown parameter {name!r}: no notebook declares it "
                                f"(declared: {', '.join(sorted(declared))})")
        try:
            pair = tl.parse_pair(b.parameters.get("pair", declared.get("pair", {}).get(
                "default", "")))
        except ValueError as exc:
            problems.append(f"{b.name}: {exc}")
            continue
        if tuple(sorted(pair)) not in pairs:
            listed = ", ".join(f"{p[0]}-{p[1]} ({tl.pair_label(p)})" for p in sorted(pairs))
            problems.append(f"{b.name}: no facts for the pair {pair[0]}-{pair[1]} "
                            f"({tl.pair_label(pair)}); pairs in the data: {listed}")
        if not b.title:
            b.title = tl.pair_label(pair)
    if problems:
        raise BuildError("the build cannot start:\n  " + "\n  ".join(problems))
    return by_notebook


# --- one notebook --------------------------------------------------------------------------


def _nearest_heading(nb, index: int) -> str:
    for cell in reversed(nb.cells[: index + 1]):
        if cell.cell_type == "markdown":
            for line in reversed(cell.source.splitlines()):
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "(before the first heading)"


def run_notebook(job: dict) -> dict:
    """Execute one notebook and render it; runs in a worker process.

    Returns a dict with ``timings`` or, on failure, ``error`` (the message) and ``partial``
    (where the partly executed notebook was kept).
    """
    import nbformat
    import papermill as pm

    from briefing import render

    src, stage, name = Path(job["notebook"]), Path(job["stage"]), job["stem"]
    executed = stage / "notebooks" / src.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    timings = []
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(str(src), str(executed), parameters=job["parameters"],
                            cwd=str(config.PROJ_ROOT), progress_bar=False, log_output=False,
                            kernel_name="python3")
    except pm.PapermillExecutionError as exc:
        nb = nbformat.read(executed, as_version=4)
        injected = any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
        cell_no = exc.cell_index + 1 - (1 if injected and exc.cell_index > 0 else 0)
        failed_dir = Path(job["failed_dir"])
        failed_dir.mkdir(parents=True, exist_ok=True)
        partial = failed_dir / src.name
        shutil.copy(executed, partial)
        return {"stem": name, "error": (
            f"{src.relative_to(config.PROJ_ROOT)}: cell {cell_no} (under "
            f"\u201c{_nearest_heading(nb, exc.cell_index)}\u201d) raised {exc.ename}: "
            f"{exc.evalue}"), "partial": str(partial)}
    timings.append((f"execute {src.stem}", time.perf_counter() - t0))
    t0 = time.perf_counter()
    nb = nbformat.read(executed, as_version=4)
    html = render.render_html(nb, job["title"], job["header_right"], job["footer"])
    (stage / f"{name}.html").write_text(html, encoding="utf-8")
    timings.append((f"html {src.stem}", time.perf_counter() - t0))
    t0 = time.perf_counter()
    render.render_pdf(html, stage / f"{name}.pdf", base_url=stage)
    timings.append((f"pdf {src.stem}", time.perf_counter() - t0))
    return {"stem": name, "timings": timings}


# --- the build -------------------------------------------------------------------------------


def _as_of_words(as_of: str) -> str:
    try:
        day = dt.date.fromisoformat(str(as_of))
    except ValueError:
        return f"As of {as_of}" if as_of else ""
    return f"As of {day.day} {day:%B %Y}"


def _say(msg: str) -> None:
    print(msg, flush=True)


def _swap_into_place(stage: Path, final: Path) -> None:
    """Replace ``final`` by ``stage`` under a lock, never leaving a mixed set."""
    lock_path = final.parent / f".{final.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = None
        if final.exists():
            old = final.parent / f".{final.name}.old-{os.getpid()}-{time.time_ns()}"
            os.rename(final, old)
        os.rename(stage, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _previous_build(b: Briefing, stage: Path) -> dict:
    """Copy the last good build's facts snapshot into the staging folder (it may be replaced
    by a concurrent build meanwhile) and say where it is and when that build was made."""
    snapshot, record = b.out_dir / "facts-snapshot", b.out_dir / FINGERPRINT_FILE
    if not (snapshot.is_dir() and record.is_file()):
        return {}
    try:
        built_at = json.loads(record.read_text(encoding="utf-8")).get("built_at", "")
    except (OSError, json.JSONDecodeError):
        return {}
    dest = stage / "previous-facts"
    shutil.copytree(snapshot, dest)
    return {"previous_facts": str(dest), "previous_build": built_at}


def _snapshot_facts(data_dir: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted((data_dir / "facts").glob("*")):
        if f.is_file():
            shutil.copy(f, dest / f.name)


def build(params_files: list[Path] | None = None, overrides: dict | None = None,
          pair: str | None = None, force: bool = False, jobs: int | None = None,
          data_dir: Path | None = None) -> list[str]:
    """Build the briefings of the given parameter sets; return what was done per briefing.

    Raises
    ------
    BuildError
        Before any kernel starts when an input is wrong, or after the notebooks ran when one
        failed (the last good briefing is then left as it was).
    """
    t_start = time.perf_counter()
    data_dir = Path(data_dir) if data_dir else config.DATA_DIR
    files = params_files or [DEFAULT_PARAMS]
    briefings = [load_params(p, overrides, pair) for p in files]
    if overrides is None or "data_dir" not in overrides:
        for b in briefings:
            b.parameters.setdefault("data_dir", str(data_dir) if data_dir != config.DATA_DIR
                                    else "")
    names = [b.name for b in briefings]
    if len(set(names)) != len(names):
        raise BuildError(f"two parameter sets write to the same folder: {names}")

    results = []
    todo = []
    for b in briefings:
        digest = fingerprint(b, data_dir)
        if not force and up_to_date(b, digest):
            msg = (f"[build] {b.name}: inputs unchanged since the last build: skipped "
                   f"(reports/{b.name}/; --force rebuilds)")
            _say(msg)
            results.append(msg)
        else:
            todo.append((b, digest))
    if not todo:
        return results

    t0 = time.perf_counter()
    _say("[build] checking the facts, pairs and parameters before any kernel starts")
    check_system()
    declared = preflight([b for b, _ in todo], data_dir)
    preflight_s = time.perf_counter() - t0

    config.REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    stages: dict[str, Path] = {}
    try:
        return _run_and_publish(todo, stages, declared, data_dir, jobs, preflight_s, t_start,
                                results, force)
    finally:  # whatever happened, no staging folder is left behind
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)


def _run_and_publish(todo, stages, declared, data_dir, jobs, preflight_s, t_start, results,
                     force=False):
    """Run every notebook of the briefings in ``todo``, then swap each complete briefing into
    place; raise :class:`BuildError` if a notebook failed."""
    jobs_list = []
    for b, _ in todo:
        stage = config.REPORTS_DIR / f".{b.name}.staging-{os.getpid()}-{time.time_ns()}"
        stage.mkdir(parents=True)
        stages[b.name] = stage
        as_of = b.parameters.get("as_of", "")
        for nb in b.notebooks:
            stem = output_stem(nb)
            part = {"briefing": "briefing", "timeline": "engagement timeline",
                    "trade": "trade figures"}.get(stem, stem)
            jobs_list.append({
                "briefing": b.name, "notebook": str(nb), "stem": stem, "stage": str(stage),
                "parameters": {k: v for k, v in b.parameters.items()},
                "title": f"{b.title}: {part}", "header_right": _as_of_words(as_of),
                "footer": f"Built {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by python -m "
                          f"briefing build from {b.params_file.name if b.params_file else ''}.",
                "failed_dir": str(config.REPORTS_DIR / f"{b.name}.failed"),
            })
    # Each notebook only receives the parameters it declares.
    previous = {b.name: _previous_build(b, stages[b.name]) for b, _ in todo}
    for job in jobs_list:
        names = declared[Path(job["notebook"])]
        job["parameters"] = {k: v for k, v in job["parameters"].items() if k in names}
        # What the last good build used, for "changes since the last briefing"; not part of
        # the fingerprint (it changes with every build).
        for key, value in previous[job["briefing"]].items():
            if key in names:
                job["parameters"][key] = value

    # A notebook whose own inputs are unchanged since the last good build is not run again:
    # its outputs are copied from that build into the staging folder.
    briefings = {b.name: b for b, _ in todo}
    outcome = {}
    to_run = []
    for job in jobs_list:
        b = briefings[job["briefing"]]
        job["fingerprint"] = notebook_fingerprint(job, data_dir)
        if not force and _reusable(b, job["stem"], job["fingerprint"]):
            executed = Path(job["notebook"]).name
            for rel in _outputs_of(job["stem"]) + [f"notebooks/{executed}"]:
                src = b.out_dir / rel
                if src.is_file():
                    (Path(job["stage"]) / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, Path(job["stage"]) / rel)
            outcome[(job["briefing"], job["stem"])] = {"timings": [], "reused": True}
            _say(f"[build] {job['briefing']}: {job['stem']} unchanged: reused from the last "
                 "build")
        else:
            to_run.append(job)
    failures = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run) or 1))
    _say(f"[build] running {len(to_run)} notebook(s) on {workers} worker(s)")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_notebook, job): job for job in to_run}
        for future in as_completed(futures):
            job = futures[future]
            res = future.result()
            outcome[(job["briefing"], job["stem"])] = res
            if "error" in res:
                failures.append((job["briefing"], res))
                _say(f"[build] {job['briefing']}: FAILED {res['error']}")
            else:
                steps = ", ".join(f"{s} {t:.1f} s" for s, t in res["timings"])
                _say(f"[build] {job['briefing']}: {job['stem']} done ({steps})")

    for b, digest in todo:
        stage = stages[b.name]
        if any(n == b.name for n, _ in failures):
            continue  # its staging folder is removed by the caller
        outputs = []
        for nb in b.notebooks:
            stem = output_stem(nb)
            outputs += [f"{stem}.html", f"{stem}.pdf", f"notebooks/{nb.name}"]
            b.timings += outcome[(b.name, stem)]["timings"]
        shutil.rmtree(stage / "previous-facts", ignore_errors=True)
        _snapshot_facts(data_dir, stage / "facts-snapshot")
        record = {"briefing": b.name, "title": b.title, "fingerprint": digest,
                  "notebooks": {j["stem"]: j["fingerprint"] for j in jobs_list
                                if j["briefing"] == b.name},
                  "reused": sorted(j["stem"] for j in jobs_list if j["briefing"] == b.name
                                   and outcome[(b.name, j["stem"])].get("reused")),
                  "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "parameters": b.parameters, "outputs": outputs,
                  "params_file": str(b.params_file) if b.params_file else None,
                  "timings_s": {s: round(t, 3) for s, t in b.timings}}
        (stage / FINGERPRINT_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
        t0 = time.perf_counter()
        _swap_into_place(stage, b.out_dir)
        del stages[b.name]
        shutil.rmtree(config.REPORTS_DIR / f"{b.name}.failed", ignore_errors=True)
        b.timings.append(("swap into place", time.perf_counter() - t0))
        results.append(f"[build] {b.name}: built reports/{b.name}/ "
                       f"({', '.join(o for o in outputs if not o.startswith('notebooks/'))})")
        _say(results[-1])

    total = time.perf_counter() - t_start
    _print_timings(todo, preflight_s, total)
    if failures:
        lines = [f"{r['error']}\n    the partly executed notebook is kept at "
                 f"{_shown(Path(r['partial']))}" for _, r in failures]
        kept = ", ".join(sorted({f"reports/{n}/" for n, _ in failures}))
        raise BuildError("a notebook failed:\n  " + "\n  ".join(lines)
                         + f"\n  the last good briefing ({kept}) is unchanged")
    return results


def _shown(path: Path) -> str:
    return str(path.relative_to(config.PROJ_ROOT)) if path.is_relative_to(config.PROJ_ROOT) \
        else str(path)


def _print_timings(todo, preflight_s: float, total: float) -> None:
    rows = [("checks before kernels", preflight_s)]
    for b, _ in todo:
        rows += [(f"{b.name}: {s}", t) for s, t in b.timings]
    width = max(len(r[0]) for r in rows)
    _say("[build] timings (steps of parallel notebooks overlap):")
    for step, t in rows:
        _say(f"  {step:<{width}}  {t:6.2f} s")
    _say(f"  {'total (wall clock)':<{width}}  {total:6.2f} s")


def main(args) -> int:
    """Entry point of ``python -m briefing build``."""
    overrides = {}
    for item in args.param or []:
        if "=" not in item:
            print(f"-p expects name=value, got {item!r}", file=sys.stderr)
            return 2
        key, value = item.split("=", 1)
        overrides[key] = _plain(yaml.safe_load(value)) if value else ""
    try:
        build(args.params, overrides, args.pair, args.force, args.jobs, args.data_dir)
    except BuildError as exc:
        print(f"[build] error: {exc}", file=sys.stderr)
        return 1
    return 0
