"""Hostile or careless input: nothing is read or written outside the project, caches and
outputs are verified, publishing is atomic, and every failure is one clear message.

Each test reproduces a case found by trying the tool as a hostile user would; the last good
briefing must survive every one of them byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefing import build, charts, cli, config, facts
from briefing.build import publish
from briefing.build.paramsets import load_params
from briefing.build.steps import BriefingStep
from briefing.facts import FactsError, load_facts
from tests.conftest import append_row, set_cell

SEED_PARAMS = config.DEFAULT_PARAMS.read_text(encoding="utf-8")
#: The reference briefing with its briefing notebook only: for tests that need a build but
#: not all three notebooks.
BRIEFING_ONLY = SEED_PARAMS.replace("[10-timeline, 20-trade, 90-briefing]", "[90-briefing]"
                                    ).replace("  period_years: 5\n", "").replace(
                                        "  basis: calendar_year\n", "")


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _params(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _problems(data_dir: Path) -> list[facts.Problem]:
    with pytest.raises(FactsError) as info:
        load_facts(data_dir, use_cache=False)
    return info.value.problems


def _has(problems, file_end: str, column: str, text: str, line: int | None = None) -> bool:
    return any(p.file.endswith(file_end) and p.column == column and text in p.message
               and (line is None or p.line == line) for p in problems)


@pytest.fixture
def published(seed_build, tmp_path, monkeypatch):
    """A reports folder of our own holding one good build: a copy of the session's, laid
    out as a build publishes it (a link to a build folder)."""
    root = tmp_path / "reports"
    monkeypatch.setattr(config, "REPORTS_DIR", root)
    copy = publish.store("india-kazakhstan") / "b-copy"
    shutil.copytree(seed_build.resolve(), copy)
    (root / "india-kazakhstan").symlink_to(copy.relative_to(root))
    assert build.build() == [  # the copy is a good build of these very inputs
        "[build] india-kazakhstan: inputs unchanged since the last build: skipped "
        "(reports/india-kazakhstan/; --force rebuilds)"]
    return root / "india-kazakhstan"


# --- 1, 2: names from a parameter file are not paths ----------------------------------------


@pytest.mark.parametrize("name", ["../data", "/tmp/elsewhere", ".", "./x", "a/b", "X y", ""])
def test_a_briefing_name_that_is_a_path_is_refused_before_any_work(tmp_path, monkeypatch,
                                                                    name):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    p = _params(tmp_path, f"briefing: {json.dumps(name)}\nparameters: {{pair: IND-KAZ}}\n")
    with pytest.raises(build.BuildError, match=r"p\.yaml: key 'briefing': .* is not a folder"):
        build.build([p])
    assert not (tmp_path / "reports").exists()
    assert (config.PROJ_ROOT / "data" / "facts").is_dir()


def test_two_parameter_sets_for_one_folder_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    a = _params(tmp_path, "briefing: x\n", "a.yaml")
    b = _params(tmp_path, "briefing: x\n", "b.yaml")
    with pytest.raises(build.BuildError, match="same folder"):
        build.build([a, b])
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("notebook", ["../../evil", "/etc/passwd", "../notebooks/10-timeline",
                                      "10-timeline.ipynb/.."])
def test_a_notebook_outside_notebooks_is_refused(tmp_path, notebook):
    p = _params(tmp_path, f"briefing: x\nnotebooks: [{json.dumps(notebook)}]\n")
    with pytest.raises(build.BuildError, match="key 'notebooks'"):
        load_params(p)


def test_a_notebook_linked_from_outside_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (tmp_path / "evil.ipynb").write_text("{}", encoding="utf-8")
    (folder / "10-evil.ipynb").symlink_to(tmp_path / "evil.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", folder)
    p = _params(tmp_path, "briefing: x\nnotebooks: [10-evil]\n")
    with pytest.raises(build.BuildError, match="not found"):
        load_params(p)


def test_a_data_dir_outside_the_project_in_a_parameter_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    p = _params(tmp_path, SEED_PARAMS.replace("  pair: IND-KAZ", "  pair: IND-KAZ\n"
                                              "  data_dir: /etc"))
    with pytest.raises(build.BuildError, match="data_dir='/etc' lies outside the project"):
        build.build([p])


# --- 3, 4: sources stay inside sources/, and all of them are hashed --------------------------


@pytest.mark.parametrize("path, says", [
    ("../../../../etc/passwd", "no absolute path, no '..'"),
    ("/etc/passwd", "no absolute path, no '..'"),
])
def test_a_source_path_leading_out_is_refused(data_copy, path, says):
    line = set_cell(data_copy / "facts/sources.csv", "iar-2021-04-07", "path", path)
    assert _has(_problems(data_copy), "facts/sources.csv", "path", says, line)


def test_a_source_linked_out_of_sources_is_refused(data_copy, tmp_path):
    outside = tmp_path / "outside.txt"
    src = data_copy / "sources/iar-2021-04-07-india-kazakhstan-ties.txt"
    shutil.copy(src, outside)
    src.unlink()
    src.symlink_to(outside)
    assert _has(_problems(data_copy), "facts/sources.csv", "path", "symbolic link")


def test_a_source_in_a_subfolder_is_hashed_by_the_cache_and_the_build(data_copy):
    sub = data_copy / "sources/2021"
    sub.mkdir()
    shutil.move(data_copy / "sources/iar-2021-04-07-india-kazakhstan-ties.txt", sub / "iar.txt")
    set_cell(data_copy / "facts/sources.csv", "iar-2021-04-07", "path", "2021/iar.txt")
    assert load_facts(data_copy).files["sources/2021/iar.txt"]
    package = facts.read_datapackage(data_copy)
    key = facts._cache_key(data_copy, package)
    b = load_params(config.DEFAULT_PARAMS)
    before = BriefingStep(b, data_copy).checksum()
    with open(sub / "iar.txt", "a", encoding="utf-8") as fh:
        fh.write(" ")
    assert facts._cache_key(data_copy, package) != key
    assert BriefingStep(b, data_copy).checksum() != before
    assert _has(_problems(data_copy), "facts/sources.csv", "sha256", "checksum mismatch")


def test_a_fact_table_that_is_a_link_is_refused(data_copy, tmp_path):
    table = data_copy / "facts/places.csv"
    shutil.copy(table, tmp_path / "places.csv")
    table.unlink()
    table.symlink_to(tmp_path / "places.csv")
    assert any(p.file.endswith("facts/places.csv") and "symbolic link" in p.message
               for p in _problems(data_copy))


# --- 5: the cache is verified and never runs code -----------------------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(config, "CACHE_DIR", folder)
    return folder


def _spy_validation(monkeypatch) -> list:
    calls = []
    real = facts._load_and_validate

    def spy(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(facts, "_load_and_validate", spy)
    return calls


def test_a_tampered_cache_entry_is_ignored(data_copy, cache, monkeypatch):
    first = load_facts(data_copy)
    entry = next(cache.glob("facts-*.json"))
    record = json.loads(entry.read_text())
    record["quotes_verified"] = 999_999
    entry.write_text(json.dumps(record))
    calls = _spy_validation(monkeypatch)
    again = load_facts(data_copy)
    assert calls == [1] and again.quotes_verified == first.quotes_verified


def test_the_cache_holds_no_fact_so_an_edited_cache_cannot_change_one(data_copy, cache):
    load_facts(data_copy)
    for f in cache.iterdir():
        assert b"Tokayev" not in f.read_bytes()
    assert "Tokayev" in load_facts(data_copy).entities["name"].str.cat()


@pytest.mark.parametrize("garbage", [b"", b"\xff\xfe\x00garbage", b"[1, 2", b"9" * 5000,
                                     b'{"key": 1e999999}', b"\x80\x04K\x01."])
def test_a_garbled_cache_is_ignored_without_a_traceback(data_copy, cache, monkeypatch,
                                                        garbage):
    load_facts(data_copy)
    for f in cache.glob("*.json"):
        f.write_bytes(garbage)
    calls = _spy_validation(monkeypatch)
    assert len(load_facts(data_copy).engagements) > 0 and calls == [1]


def test_a_crafted_pickle_in_the_cache_runs_nothing(data_copy, cache, tmp_path):
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    package = facts.read_datapackage(data_copy)
    key = facts._cache_key(data_copy, package)
    cache.mkdir(parents=True, exist_ok=True)
    for name in (f"facts-{key}.pickle", f"facts-{key}.json", "index.json"):
        (cache / name).write_bytes(pickle.dumps(Payload()))
    load_facts(data_copy)
    assert not marker.exists()


# --- 6: outputs are verified before a skip or a reuse -------------------------------------


@pytest.mark.slow
def test_an_emptied_pdf_is_not_skipped_but_rebuilt(published):
    (published / "briefing.pdf").write_bytes(b"")
    said = build.build()
    assert "skipped" not in " ".join(said)
    assert (published / "briefing.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_a_garbled_output_is_not_reused(published, capsys):
    html = published / "timeline.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Engagement", "Garbled"),
                    encoding="utf-8")
    set_cell_in = published / "build.json"
    record = json.loads(set_cell_in.read_text())
    record["fingerprint"] = "0" * 64  # as if an input changed: the notebooks are looked at
    set_cell_in.write_text(json.dumps(record))
    capsys.readouterr()
    build.build()
    said = capsys.readouterr().out
    assert "timeline done" in said and "timeline unchanged" not in said
    assert "Garbled" not in (published / "timeline.html").read_text(encoding="utf-8")


# --- 7: an atomic publish that keeps the history ------------------------------------------


@pytest.mark.slow
def test_a_crash_at_the_switch_keeps_the_last_good_briefing_and_its_history(
        published, monkeypatch, capsys, tmp_path):
    before = _digests(published)
    only = _params(tmp_path, BRIEFING_ONLY)
    real = os.replace

    def crash(src, dst):
        if Path(dst) == config.REPORTS_DIR / "india-kazakhstan":
            raise OSError(5, "Input/output error (simulated crash)")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(build.BuildError, match="simulated crash"):
        build.build([only], force=True)
    monkeypatch.setattr(os, "replace", real)
    assert _digests(published) == before
    capsys.readouterr()
    build.build([only], force=True)
    html = (published / "briefing.html").read_text(encoding="utf-8")
    assert "This is the first build" not in html
    assert "since the previous briefing, built 7 apr 2021" in html.lower().replace("\n", " ")


def test_stale_staging_folders_of_dead_builds_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = publish.store("x") / f"staging-{dead.pid}-1"
    stale.mkdir(parents=True)
    mine = publish.new_stage("x")
    old_layout = tmp_path / f".x.staging-{dead.pid}-2"
    old_layout.mkdir()
    publish.remove_stale("x")
    assert not stale.exists() and not old_layout.exists() and mine.exists()


def test_workers_die_with_the_build(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys, time
        from concurrent.futures import ProcessPoolExecutor
        sys.path.insert(0, {str(config.PROJ_ROOT)!r})
        from briefing.build.execute import die_with_parent
        pool = ProcessPoolExecutor(1, initializer=die_with_parent)
        pid = pool.submit(os.getpid).result()
        print(pid, flush=True)
        pool.submit(time.sleep, 60)
        time.sleep(60)
    """), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(100):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its build")


# --- 8: one snapshot of the inputs per build ------------------------------------------------


@pytest.mark.slow
def test_a_fact_edited_during_a_build_goes_into_the_next_build_only(tmp_path, monkeypatch,
                                                                     data_copy, capsys):
    from briefing.build import preflight

    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    real = preflight.check

    def edit_while_running(*args, **kwargs):
        declared = real(*args, **kwargs)
        set_cell(data_copy / "facts/engagements.csv", "eng-014", "summary",
                 "An edit made while the build ran")
        return declared

    monkeypatch.setattr(preflight, "check", edit_while_running)
    only = _params(tmp_path, BRIEFING_ONLY)
    build.build([only], data_dir=data_copy)
    out = tmp_path / "reports/india-kazakhstan"
    assert "An edit made while" not in (out / "briefing.html").read_text(encoding="utf-8")
    assert "An edit made while" not in (out / "facts-snapshot/engagements.csv").read_text()
    monkeypatch.setattr(preflight, "check", real)
    build.build([only], data_dir=data_copy)
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "An edit made while the build ran" in html
    assert "eng-014" in html.split('id="changes-since-the-last-briefing"')[1][:8000]


# --- 9, 11: values that validate but cannot be drawn; control characters --------------------


@pytest.mark.parametrize("value, says", [
    ("inf", "is not a number"), ("-inf", "is not a number"), ("NaN", "is not a number"),
    ("1_000", "is not a number"), ("1e309", "larger than"), ("1e308", "larger than"),
    ("1,570", "is not a number"),
])
def test_a_value_no_chart_can_draw_is_refused_with_its_place(data_copy, value, says):
    line = set_cell(data_copy / "facts/trade_observations.csv", "trd-001", "value", value)
    assert _has(_problems(data_copy), "facts/trade_observations.csv", "value", says, line)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x0c", "\x7f", "\x85"])
def test_control_characters_are_refused_with_file_line_and_column(data_copy, char):
    line = set_cell(data_copy / "facts/engagements.csv", "eng-014", "summary",
                    f"Yermekbayev{char} arrives")
    assert _has(_problems(data_copy), "facts/engagements.csv", "summary",
                f"control character U+{ord(char):04X}", line)


def test_dollar_signs_in_data_are_drawn_literally():
    from matplotlib.text import Text

    from briefing import show

    sel = load_facts().engagements.head(3).copy()
    sel["timing"] = "past"
    sel["primary_domain"] = sel["domains"].str.split("|").str[0]
    sel.loc[sel.index[0], "summary"] = r"Trade from $5 bn to $10 bn, $\frac{1}{$"
    fig = charts.plot_engagement_timeline(sel, "2021-04-07", labels=sel, title="$x^2$ title")
    png = show.figure_png(fig)  # raised ParseFatalException, or drew x² as maths
    assert png.startswith(b"\x89PNG")
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert texts and not any(t.get_parse_math() for t in texts)


# --- 12 and every failure: one clear message, before any kernel -------------------------------


def _cli(capsys, *args) -> tuple[int, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize("option, says", [
    ("window_start=0001-01-01", "outside 1900-01-01 to 2100-12-31"),
    ("as_of=notadate", "as_of='notadate' is not a date YYYY-MM-DD"),
    ("as_of=2021-02-30", "2021-02-30"),
    ("window_end=1990-01-01", "window_start='1991-01-01' is after window_end='1990-01-01'"),
    ("recent_years=0", "recent_years=0 is not a whole number of years"),
    ("pair=[unclosed", "not valid YAML"),
    ("pair=&a [*a]", "anchors and aliases"),
])
def test_a_bad_value_on_the_command_line_is_one_line(capsys, tmp_path, monkeypatch, option,
                                                     says):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    code, err = _cli(capsys, "build", "-p", option)
    assert code in (1, 2) and says in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "reports" / "india-kazakhstan").exists()


@pytest.mark.parametrize("text, says", [
    ("briefing: x\nparameters: [1, 2]\n", "key 'parameters': expected a mapping"),
    ("- briefing: x\n", "expected a mapping"),
    ("briefing: x\nparameters:\n  as_of: 2021-02-30\n", "day is out of range"),
    ("briefing: x\nbriefing: y\n", "duplicate key 'briefing'"),
    ("briefing: x\nparameters: {pair: IND-KAZ, pair: IND-UZB}\n", "duplicate key 'pair'"),
    ('a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n', "anchors and aliases"),
    ("briefing: x\nnotebooks: 10-timeline\n", "expected a list of notebook names"),
    ("briefing: [x]\n", "key 'briefing'"),
])
def test_a_bad_parameter_file_is_one_message_naming_the_file(tmp_path, text, says):
    p = _params(tmp_path, text)
    with pytest.raises(build.BuildError) as info:
        load_params(p)
    assert says in str(info.value) and str(p) in str(info.value)


def test_a_latin1_parameter_file_names_its_line(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_bytes("briefing: x\ntitle: Indien–Kasachstan Ü\n".encode("latin-1", "replace"))
    with pytest.raises(build.BuildError, match=r"p\.yaml: line 2: not UTF-8"):
        load_params(p)


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    p = _params(tmp_path, "\n".join(lines) + "\n")
    t0 = time.perf_counter()
    with pytest.raises(build.BuildError, match="anchors and aliases"):
        load_params(p)
    assert time.perf_counter() - t0 < 1
    big = _params(tmp_path, "briefing: x\n" + "#" * 70_000 + "\n", "big.yaml")
    with pytest.raises(build.BuildError, match="at most"):
        load_params(big)


def test_an_unreadable_parameter_file_is_one_message(tmp_path):
    folder = tmp_path / "params.yaml"
    folder.mkdir()
    with pytest.raises(build.BuildError, match="cannot be read"):
        load_params(folder)


def test_an_unreadable_fact_table_is_named(data_copy, monkeypatch):
    target = data_copy / "facts/claims.csv"
    real = Path.read_bytes

    def refuse(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert any(p.file.endswith("facts/claims.csv") and "Permission denied" in p.message
               for p in _problems(data_copy))


@pytest.mark.slow
def test_a_full_disk_is_one_message_and_the_briefing_survives(published, monkeypatch,
                                                              tmp_path):
    before = _digests(published)
    only = _params(tmp_path, BRIEFING_ONLY)  # another parameter set: a build that publishes

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(config.REPORTS_DIR / "x"))

    monkeypatch.setattr(publish, "write_record", full)
    with pytest.raises(build.BuildError, match="No space left on device; the last good "
                                               "briefing is unchanged"):
        build.build([only])
    assert _digests(published) == before
    assert not list(config.REPORTS_DIR.glob(".india-kazakhstan.d/staging-*"))
    assert not list(config.REPORTS_DIR.glob(".inputs-*"))


def test_a_read_only_reports_folder_is_one_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "reports"))

    monkeypatch.setattr(publish, "new_stage", refuse)
    monkeypatch.setattr("briefing.build.snapshot.take", refuse)
    code, err = _cli(capsys, "build", "--force")
    assert code == 1 and "Permission denied" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_kernel_that_dies_is_one_message_and_only_this_failure_is_kept(
        published, tmp_path, monkeypatch):
    from tests.test_build import _broken_notebooks

    before = _digests(published)
    failed = config.REPORTS_DIR / "india-kazakhstan.failed"
    failed.mkdir()
    (failed / "20-trade.ipynb").write_text("{}")  # an older failure
    folder = _broken_notebooks(tmp_path)
    import nbformat

    nb = nbformat.read(folder / "95-broken.ipynb", as_version=4)
    nb.cells[-1].source = "import os\nos._exit(1)"
    nbformat.write(nb, folder / "95-broken.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", folder)
    p = _params(tmp_path, SEED_PARAMS.replace("90-briefing]", "90-briefing, 95-broken]"))
    with pytest.raises(build.BuildError) as info:
        build.build([p])
    assert "95-broken.ipynb: the notebook could not run to its end: DeadKernelError" in \
        str(info.value)
    assert _digests(published) == before
    assert not (failed / "20-trade.ipynb").exists()


def test_a_bad_row_added_by_a_curator_is_named_not_a_traceback(data_copy, capsys):
    append_row(data_copy / "facts/places.csv", {"place_id": "x", "name": "X\x00"})
    code, err = _cli(capsys, "validate", "--data-dir", str(data_copy))
    assert code == 1 and "places.csv" in err and "Traceback" not in err
