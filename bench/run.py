"""Benchmark: build speed and scale, beside the plain papermill + nbconvert + WeasyPrint route.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``); it writes
``bench/RESULTS.md`` with the machine's description and the numbers of this run. Synthetic
data is generated into a temporary folder and deleted afterwards; nothing of it is committed.
Charts made at scale are kept in ``bench/out/`` (not committed) to be looked at.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"
PARAMS = ROOT / "params" / "india-kazakhstan.yaml"
NOTEBOOKS = ["10-timeline", "20-trade", "90-briefing"]
PAIRS8 = [("IND", "KAZ"), ("IND", "UZB"), ("IND", "KGZ"), ("IND", "TJK"), ("IND", "TKM"),
          ("KAZ", "UZB"), ("KAZ", "KGZ"), ("UZB", "TJK")]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def run(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    """Run a command; return its wall-clock seconds; fail loudly."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{proc.stdout[-2000:]}"
                         f"\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def params_for(notebook: str) -> list[str]:
    """The -p flags the plain route passes: the default parameter set, only the names each
    notebook declares (as our build does)."""
    import yaml

    from briefing.notebooks import notebook_parameters

    spec = yaml.safe_load(PARAMS.read_text(encoding="utf-8"))["parameters"]
    declared = notebook_parameters(ROOT / "notebooks" / f"{notebook}.ipynb")
    flags = []
    for k, v in spec.items():
        if k in declared:
            flags += ["-r" if isinstance(v, str) else "-p", k, str(v)]
    return flags


def ours_cold(tmp: Path) -> float:
    reports, cache = Path(tempfile.mkdtemp(dir=tmp)), Path(tempfile.mkdtemp(dir=tmp))
    return run([BIN / "python", "-m", "briefing", "build", "--force"],
               env={"BRIEFING_REPORTS_DIR": str(reports), "BRIEFING_CACHE_DIR": str(cache)})


def plain_cold(tmp: Path, flags: dict) -> float:
    """What a user would script: papermill, then nbconvert, then WeasyPrint, per notebook."""
    out, cache = Path(tempfile.mkdtemp(dir=tmp)), Path(tempfile.mkdtemp(dir=tmp))
    env = {"BRIEFING_CACHE_DIR": str(cache)}
    t0 = time.perf_counter()
    for nb in NOTEBOOKS:
        run([BIN / "papermill", f"notebooks/{nb}.ipynb", out / f"{nb}.ipynb", *flags[nb]],
            env=env)
    for nb in NOTEBOOKS:
        run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", out / f"{nb}.ipynb"],
            env=env)
    for nb in NOTEBOOKS:
        run([BIN / "weasyprint", out / f"{nb}.html", out / f"{nb}.pdf"], env=env)
    return time.perf_counter() - t0


def measure_notebook(notebook: str, data_dir: Path, cache: Path, extra: dict | None = None
                     ) -> tuple[float, float]:
    """Seconds and peak memory (MiB, of the kernel) of one notebook under papermill."""
    code = (
        "import json, resource, sys, time, papermill as pm\n"
        "t = time.perf_counter()\n"
        f"pm.execute_notebook({str(ROOT / 'notebooks' / (notebook + '.ipynb'))!r}, None, "
        f"parameters={{'data_dir': {str(data_dir)!r}, **{extra or {}!r}}}, "
        f"cwd={str(ROOT)!r}, progress_bar=False)\n"
        "s = time.perf_counter() - t\n"
        "print(json.dumps([s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n"
    )
    proc = subprocess.run([BIN / "python", "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)})
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    seconds, peak = json.loads(proc.stdout.strip().splitlines()[-1])
    return seconds, peak


def measure_validation(data_dir: Path, cache: Path) -> tuple[float, float]:
    code = ("import json, resource, time\nt = time.perf_counter()\n"
            "from briefing.facts import load_facts\n"
            f"load_facts({str(data_dir)!r})\n"
            "print(json.dumps([time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))")
    proc = subprocess.run([BIN / "python", "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)})
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return tuple(json.loads(proc.stdout.strip().splitlines()[-1]))


def save_charts(data_dir: Path, name: str) -> None:
    """Keep the timeline and trade charts made at this scale, to look at."""
    import matplotlib.pyplot as plt

    from briefing import charts, trade
    from briefing import timeline as tl
    from briefing.facts import load_facts

    facts = load_facts(data_dir)
    sel = tl.select_engagements(facts.engagements, ("IND", "KAZ"), "2021-04-07",
                                sources=facts.sources)
    fig = charts.plot_engagement_timeline(sel, "2021-04-07", labels=tl.key_events(sel, 8),
                                          title=f"Synthetic: {name}")
    fig.savefig(OUT / f"timeline-{name}.png")
    plt.close(fig)
    table = trade.trade_table(facts, ("IND", "KAZ"), "2021-04-07")
    fig = charts.plot_trade_values(table, f"Synthetic: {name}")
    fig.savefig(OUT / f"trade-{name}.png")
    plt.close(fig)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="interleaved cold runs per route")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="synthetic engagement counts")
    parser.add_argument("--trade", type=int, default=10000, help="synthetic trade observations")
    parser.add_argument("--pairs", default="1,2,4,8", help="numbers of pairs built at once")
    parser.add_argument("--claims", type=int, default=10000, help="synthetic claims")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    from tests.synthetic import write_synthetic_data

    started = time.perf_counter()
    lines: list[str] = []
    say = lambda s: (print(s, flush=True), lines.append(s))  # noqa: E731
    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        flags = {nb: params_for(nb) for nb in NOTEBOOKS}
        # 1. cold builds, interleaved
        ours, plain = [], []
        for i in range(args.runs):
            order = [("ours", ours), ("plain", plain)] if i % 2 == 0 else [("plain", plain),
                                                                          ("ours", ours)]
            for name, bucket in order:
                bucket.append(ours_cold(tmp) if name == "ours" else plain_cold(tmp, flags))
            print(f"cold run {i + 1}: ours {ours[-1]:.2f} s, plain {plain[-1]:.2f} s", flush=True)
        ratio = median(ours) / median(plain)

        # 2. rebuilds
        reports, cache = tmp / "reports", tmp / "cache"
        env = {"BRIEFING_REPORTS_DIR": str(reports), "BRIEFING_CACHE_DIR": str(cache)}
        data = tmp / "data-edit"
        shutil.copytree(ROOT / "data", data)
        build = [BIN / "python", "-m", "briefing", "build", "--data-dir", str(data)]
        run(build, env=env)
        unchanged = [run(build, env=env) for _ in range(5)]
        changed = []
        path = data / "facts" / "engagements.csv"
        note = "The source does not name the exercise or its place."
        for i in range(3):
            text = path.read_text(encoding="utf-8")
            edited = f"The source does not name the exercise or its place (edit {i})."
            assert note in text
            path.write_text(text.replace(note, edited), encoding="utf-8")
            note = edited
            changed.append(run(build, env=env))

        # 3. scale
        base_data = ROOT / "data"
        base_cache = tmp / "cache-base"
        measure_validation(base_data, base_cache)
        base_tl, base_tl_mem = measure_notebook("10-timeline", base_data, base_cache)
        base_tr, base_tr_mem = measure_notebook("20-trade", base_data, base_cache)
        scale_rows = []
        for n in [int(x) for x in args.sizes.split(",") if x]:
            d = write_synthetic_data(tmp / f"syn-{n}", engagements=n)
            c = tmp / f"cache-{n}"
            v_s, v_mem = measure_validation(d, c)
            t_s, t_mem = measure_notebook("10-timeline", d, c)
            save_charts(d, f"{n}-engagements")
            scale_rows.append((f"{n:,} engagements", "10-timeline", v_s, v_mem, t_s, t_mem,
                               t_s - base_tl))
            print(f"scale {n}: validate {v_s:.1f} s, timeline {t_s:.1f} s", flush=True)
            shutil.rmtree(d)
        if args.trade:
            d = write_synthetic_data(tmp / "syn-trade", trade=args.trade)
            c = tmp / "cache-trade"
            v_s, v_mem = measure_validation(d, c)
            t_s, t_mem = measure_notebook("20-trade", d, c)
            save_charts(d, f"{args.trade}-trade")
            scale_rows.append((f"{args.trade:,} trade observations", "20-trade", v_s, v_mem,
                               t_s, t_mem, t_s - base_tr))
            shutil.rmtree(d)

        if args.claims:
            base_br, _ = measure_notebook("90-briefing", base_data, base_cache)
            d = write_synthetic_data(tmp / "syn-claims", claims=args.claims)
            c = tmp / "cache-claims"
            v_s, v_mem = measure_validation(d, c)
            t_s, t_mem = measure_notebook("90-briefing", d, c)
            scale_rows.append((f"{args.claims:,} claims", "90-briefing", v_s, v_mem, t_s,
                               t_mem, t_s - base_br))
            print(f"claims {args.claims}: validate {v_s:.1f} s, briefing {t_s:.1f} s",
                  flush=True)
            shutil.rmtree(d)

        # 4. pairs at once
        pair_rows = []
        counts = [int(x) for x in args.pairs.split(",") if x]
        d = write_synthetic_data(tmp / "syn-pairs", engagements=200 * max(counts),
                                 pairs=tuple(PAIRS8[:max(counts)]))
        pc = tmp / "cache-pairs"
        measure_validation(d, pc)
        for k in counts:
            files = []
            for a, b in PAIRS8[:k]:
                p = tmp / f"pair-{a}-{b}.yaml"
                p.write_text(f"briefing: {a.lower()}-{b.lower()}\nparameters:\n  pair: {a}-{b}\n"
                             "  as_of: '2021-04-07'\n", encoding="utf-8")
                files += ["--params", str(p)]
            r = tmp / f"reports-pairs-{k}"
            s = run([BIN / "python", "-m", "briefing", "build", "--data-dir", str(d), *files],
                    env={"BRIEFING_REPORTS_DIR": str(r), "BRIEFING_CACHE_DIR": str(pc)})
            pair_rows.append((k, s))
            print(f"{k} pair(s): {s:.1f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = time.perf_counter() - started
    met = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    big = [r for r in scale_rows if r[0].startswith("100,000")]
    say("# Benchmark results")
    say("")
    say(f"Machine: {machine()}.  ")
    say(f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `make bench` "
        f"({total / 60:.1f} min in all).")
    say("")
    say(f"**Our build takes {ratio:.2f}× the time of the plain papermill + nbconvert + "
        f"WeasyPrint route** (cold build of the default briefing, HTML and PDF of every "
        f"notebook, median of {args.runs} interleaved runs).")
    say("")
    say("## Targets")
    say("")
    say("| target | measured | |")
    say("|---|---|---|")
    say(f"| cold build ≤ 0.3× the plain route | {ratio:.2f}× | {met(ratio <= 0.3)} |")
    say(f"| unchanged rebuild ≤ 0.5 s | {median(unchanged):.2f} s | "
        f"{met(median(unchanged) <= 0.5)} |")
    if big:
        _, _, v_s, v_mem, t_s, t_mem, added = big[0]
        say(f"| 100,000 engagements add ≤ 5 s to the timeline notebook | +{added:.1f} s "
            f"(cached facts; +{added + v_s:.1f} s when they are validated first) | "
            f"{met(added <= 5)} |")
        say(f"| … and ≤ 1 GB peak memory | {t_mem:,.0f} MiB kernel, {v_mem:,.0f} MiB "
            f"validation | {met(max(t_mem, v_mem) <= 1024)} |")
    claims_rows = [r for r in scale_rows if r[0].endswith("claims")]
    if claims_rows:
        name, _, _, _, _, _, added = claims_rows[0]
        say(f"| {name} add ≤ 10 s to the briefing notebook | {added:+.1f} s | "
            f"{met(added <= 10)} |")
    say("")
    say("## Cold build of the default briefing")
    say("")
    say("| route | median | runs |")
    say("|---|---|---|")
    say(f"| `python -m briefing build` (notebooks side by side) | {median(ours):.2f} s | "
        + ", ".join(f"{x:.2f}" for x in ours) + " |")
    say(f"| plain: `papermill` ×3, `jupyter nbconvert --to html` ×3, `weasyprint` ×3 | "
        f"{median(plain):.2f} s | " + ", ".join(f"{x:.2f}" for x in plain) + " |")
    say("")
    say("Both routes start with an empty facts cache and an empty output folder.")
    say("")
    say("## Rebuilds")
    say("")
    say("| rebuild | median | runs |")
    say("|---|---|---|")
    say(f"| nothing changed (skipped) | {median(unchanged):.3f} s | "
        + ", ".join(f"{x:.3f}" for x in unchanged) + " |")
    say(f"| one fact changed (a note of one engagement) | {median(changed):.2f} s | "
        + ", ".join(f"{x:.2f}" for x in changed) + " |")
    say("")
    say("## Scale (synthetic data, made by the script)")
    say("")
    say(f"Baseline, shipped data: timeline notebook {base_tl:.1f} s ({base_tl_mem:,.0f} MiB), "
        f"trade notebook {base_tr:.1f} s ({base_tr_mem:,.0f} MiB).")
    say("")
    say("| data | notebook | validation (once per change) | validation peak | notebook "
        "(facts cached) | kernel peak | added to the notebook |")
    say("|---|---|---|---|---|---|---|")
    for name, nb, v_s, v_mem, t_s, t_mem, added in scale_rows:
        say(f"| {name} | {nb} | {v_s:.1f} s | {v_mem:,.0f} MiB | {t_s:.1f} s | "
            f"{t_mem:,.0f} MiB | {added:+.1f} s |")
    say("")
    say("## Several pairs at once (one command, notebooks on all cores)")
    say("")
    say("| pairs | briefings' notebooks | wall clock | per briefing |")
    say("|---|---|---|---|")
    for k, s in pair_rows:
        say(f"| {k} | {3 * k} | {s:.1f} s | {s / k:.1f} s |")
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
