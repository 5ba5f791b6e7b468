"""The package's shape: no import cycles, analysis free of presentation and of named
countries, the backend left to the caller, one place for words."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from briefing import config, fmt

PACKAGE = config.PROJ_ROOT / "briefing"
ANALYSIS = ("facts", "timeline", "trade", "pairs", "vocab", "confidence")
PRESENTATION = ("charts", "show", "render", "brief", "view", "build")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """module -> package modules it imports anywhere (top level or inside functions)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                base = node.module
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if candidate in modules else base)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package():
    graph = _imports()
    assert "briefing.timeline" in graph and graph["briefing.view"]  # the graph was read
    cycle = _cycle({k: {m for m in v if not k.startswith(m + ".")} for k, v in graph.items()})
    assert cycle is None, " -> ".join(cycle)


@pytest.mark.parametrize("module", ANALYSIS)
def test_analysis_imports_no_presentation(module):
    imported = _imports()[f"briefing.{module}"]
    wrong = {m for m in imported if "." in m and m.split(".")[1] in PRESENTATION}
    assert not wrong, f"briefing.{module} imports {wrong}"


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


@pytest.mark.parametrize("module", ["timeline", "trade", "brief", "changes", "charts", "view",
                                    "confidence"])
def test_code_names_no_country(module):
    names = {c.name for c in pycountry.countries if len(c.name) > 4}
    for text in _string_constants(PACKAGE / f"{module}.py"):
        named = [n for n in names if n in text]
        assert not named, f"briefing/{module}.py names {named} in {text!r}"


def test_importing_charts_leaves_the_backend_alone():
    code = "import matplotlib, briefing.charts; print(matplotlib.get_backend())"
    env = {**os.environ, "MPLBACKEND": "svg"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "svg"


def test_no_module_formats_dates_by_hand():
    """Dates reach a reader through briefing.fmt only (strftime patterns for the reader)."""
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("fmt.py",):
            continue
        for text in _string_constants(path):
            assert "%b" not in text and "%B" not in text, f"{path.name}: {text!r}"


def test_words_agree_with_numbers():
    assert fmt.count(1, "engagement") == "1 engagement"
    assert fmt.plural(2, "its") == "their"
    assert fmt.date_long("2021-04-07") == "7 April 2021"
