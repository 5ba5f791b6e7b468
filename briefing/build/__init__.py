"""One command from data to briefings: ``python -m briefing build``.

A build reads one or more parameter sets (:mod:`~briefing.build.paramsets`), skips those
whose inputs are unchanged (:mod:`~briefing.build.steps`), checks everything it can before
any kernel starts (:mod:`~briefing.build.preflight`), runs the notebooks side by side on the
available cores (:mod:`~briefing.build.execute`), and swaps each complete briefing into
``reports/<briefing>/`` (:mod:`~briefing.build.publish`). A failure never replaces the last
good briefing. Every timestamp comes from :func:`briefing.clock.build_time`, so
``SOURCE_DATE_EPOCH`` makes builds byte-identical.

This package imports only the standard library and PyYAML at the top, so that the check for
an unchanged build answers quickly.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from briefing import clock, config
from briefing.build import preflight, publish, snapshot
from briefing.build.errors import BuildError
from briefing.build.execute import StepResult, die_with_parent, reuse_step, run_step
from briefing.build.paramsets import (
    Briefing,
    load_params,
    notebook_title,
    output_stem,
)
from briefing.build.steps import BriefingStep, NotebookStep

__all__ = ["Briefing", "BuildError", "build", "load_params"]


def _say(msg: str) -> None:
    print(msg, flush=True)


def _as_of_words(as_of: str) -> str:
    from briefing import fmt

    try:
        return f"As of {fmt.date_long(as_of)}" if as_of else ""
    except ValueError:
        return f"As of {as_of}"


def build(params_files: list[Path] | None = None, overrides: dict | None = None,
          pair: str | None = None, force: bool = False, jobs: int | None = None,
          data_dir: Path | None = None) -> list[str]:
    """Build the briefings of the given parameter sets; return what was done per briefing.

    The data are copied once, when the build starts, and everything (the checks, the
    notebooks, the facts snapshot kept with the briefing) reads that copy: a fact edited
    while a build runs is in the next build, never half in this one.

    Raises
    ------
    BuildError
        Before any kernel starts when an input is wrong, or after the notebooks ran when one
        failed, or when the disk refuses a write (the last good briefing is then left as it
        was).
    """
    try:
        return _build(params_files, overrides, pair, force, jobs, data_dir)
    except OSError as exc:  # a full disk, a read-only folder, a file made unreadable
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        raise BuildError(f"{where}{exc.strerror or exc}; the last good briefing is "
                         "unchanged") from None


def _build(params_files, overrides, pair, force, jobs, data_dir) -> list[str]:
    t_start = time.perf_counter()
    try:
        built_at = clock.build_time()
    except clock.ClockError as exc:
        raise BuildError(str(exc)) from None
    cli_data = Path(data_dir) if data_dir else None
    data_dir = cli_data or config.DATA_DIR
    files = params_files or [config.DEFAULT_PARAMS]
    briefings = [load_params(p, overrides, pair) for p in files]
    for b in briefings:
        if "data_dir" not in b.parameters:
            b.parameters["data_dir"] = str(data_dir) if cli_data else ""
    names = [b.name for b in briefings]
    if len(set(names)) != len(names):
        raise BuildError(f"two parameter sets write to the same folder: {names}")
    data_dir = _resolve_data_dir(briefings, data_dir)

    config.REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    inputs = snapshot.take(data_dir)
    try:
        return _build_from(briefings, inputs, data_dir, cli_data, force, jobs, built_at,
                           t_start)
    finally:
        shutil.rmtree(inputs, ignore_errors=True)


def _resolve_data_dir(briefings: list[Briefing], default: Path) -> Path:
    """The one data folder of this build (every briefing of one command reads the same)."""
    folders = {config.resolve_data_dir(b.parameters.get("data_dir")) if b.parameters.get(
        "data_dir") else default for b in briefings}
    if len(folders) > 1:
        raise BuildError("the parameter sets of one build read different data folders: "
                         f"{', '.join(sorted(map(str, folders)))}; build them one at a time")
    return folders.pop()


def _build_from(briefings, inputs, data_dir, cli_data, force, jobs, built_at, t_start):
    results, todo = [], []
    for b in briefings:
        publish.remove_stale(b.name)
        step = BriefingStep(b, inputs)
        digest = step.checksum()
        if not force and not step.is_dirty(digest):
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
    preflight.check_system()
    declared = preflight.check([b for b, _ in todo], inputs, shown_as=data_dir,
                               cli_data_dir=cli_data,
                               warn=lambda line: _say(f"[build] {line}"))
    preflight_s = time.perf_counter() - t0

    stages: dict[str, Path] = {}
    try:
        return _run_and_publish(todo, stages, declared, inputs, data_dir, jobs, preflight_s,
                                t_start, results, force, built_at)
    finally:  # whatever happened, no staging folder is left behind
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)


def _steps_of(b: Briefing, stage: Path, declared: dict[Path, set[str]], built_at,
              previous: dict, inputs: Path, data_dir: Path) -> list[NotebookStep]:
    """One step per notebook; each receives only the parameters it declares."""
    steps = []
    as_of = b.parameters.get("as_of", "")
    footer = (f"Built {built_at:%Y-%m-%d %H:%M} UTC by python -m briefing build from "
              f"{b.params_file.name if b.params_file else ''}.")
    for nb in b.notebooks:
        names = declared[nb]
        params = {k: v for k, v in b.parameters.items() if k in names}
        # every notebook reads the snapshot taken when the build started
        params["data_dir"] = str(inputs)
        if "data_label" in names:
            params["data_label"] = _shown(data_dir)
        # What the last good build used, for "changes since the last briefing"; not part of
        # the checksum (it changes with every build).
        params.update({k: v for k, v in previous.items() if k in names})
        steps.append(NotebookStep(
            briefing=b.name, notebook=nb, stem=output_stem(nb), parameters=params,
            title=f"{b.display_title()}: {notebook_title(nb)}",
            header_right=_as_of_words(as_of), footer=footer,
            created=built_at.isoformat().replace("+00:00", "Z"), stage=stage,
            failed_dir=config.REPORTS_DIR / f"{b.name}.failed"))
    return steps


def _run_and_publish(todo, stages, declared, inputs, data_dir, jobs, preflight_s, t_start,
                     results, force, built_at):
    """Run every dirty notebook step of the briefings in ``todo``, then swap each complete
    briefing into place; raise :class:`BuildError` if a notebook failed."""
    steps: list[NotebookStep] = []
    for b, _ in todo:
        stages[b.name] = stage = publish.new_stage(b.name)
        if not b.title:
            b.title = b.display_title()
        previous = publish.previous_build(b.name, stage)
        steps += _steps_of(b, stage, declared, built_at, previous, inputs, data_dir)
        # the failure folder holds the latest failure only
        shutil.rmtree(config.REPORTS_DIR / f"{b.name}.failed", ignore_errors=True)

    by_name = {b.name: b for b, _ in todo}
    outcome: dict[tuple[str, str], StepResult] = {}
    to_run = []
    for step in steps:
        b = by_name[step.briefing]
        step.checksum(inputs)
        if not force and not step.is_dirty(b.out_dir):
            outcome[(step.briefing, step.stem)] = reuse_step(step, b.out_dir)
            _say(f"[build] {step.briefing}: {step.stem} unchanged: reused from the last build")
        else:
            to_run.append(step)

    failures = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run) or 1))
    _say(f"[build] running {len(to_run)} notebook{'s' if len(to_run) != 1 else ''} on "
         f"{workers} worker{'s' if workers != 1 else ''}")
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        futures = {pool.submit(run_step, step): step for step in to_run}
        for future in as_completed(futures):
            step = futures[future]
            try:
                res = future.result()
            except OSError:
                raise  # a full disk or a refused write: reported once, by build()
            except Exception as exc:  # noqa: BLE001 - a worker that died: one line
                res = StepResult(step.stem, [], error=(
                    f"{_shown(step.notebook)}: the worker running it stopped: "
                    f"{type(exc).__name__}: {exc}"))
            outcome[(step.briefing, step.stem)] = res
            if res.error:
                failures.append((step.briefing, res))
                _say(f"[build] {step.briefing}: FAILED {res.error}")
            else:
                done = ", ".join(f"{s} {t:.1f} s" for s, t in res.timings)
                _say(f"[build] {step.briefing}: {step.stem} done ({done})")

    for b, digest in todo:
        stage = stages[b.name]
        if any(n == b.name for n, _ in failures):
            continue  # its staging folder is removed by the caller
        mine = [s for s in steps if s.briefing == b.name]
        outputs = [o for s in mine for o in s.outputs]
        for s in mine:
            b.timings += outcome[(b.name, s.stem)].timings
        shutil.rmtree(stage / "previous-facts", ignore_errors=True)
        publish.snapshot_facts(inputs, stage / publish.SNAPSHOT)
        publish.write_record(stage, {
            "briefing": b.name, "title": b.title, "fingerprint": digest,
            "notebooks": {s.stem: s.checksum_value for s in mine},
            "reused": sorted(s.stem for s in mine if outcome[(b.name, s.stem)].reused),
            "built_at": built_at.isoformat(timespec="seconds"),
            "parameters": b.parameters, "outputs": outputs,
            "params_file": str(b.params_file) if b.params_file else None,
            "timings_s": {s: round(t, 3) for s, t in b.timings}})
        t0 = time.perf_counter()
        publish.publish(stage, b.name)
        del stages[b.name]
        b.timings.append(("swap into place", time.perf_counter() - t0))
        results.append(f"[build] {b.name}: built reports/{b.name}/ "
                       f"({', '.join(o for o in outputs if not o.startswith('notebooks/'))})")
        _say(results[-1])

    _print_timings(todo, preflight_s, time.perf_counter() - t_start)
    if failures:
        lines = [f"{r.error}\n    the partly executed notebook is kept at "
                 f"{_shown(Path(r.partial))}" for _, r in failures]
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
