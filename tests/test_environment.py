"""The environment is the lock: every installed package is pinned in requirements.txt (or, in a
JupyterLab environment, requirements-lab.txt), at the locked version, and nothing is missing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

from briefing import config


def _lock(path) -> dict[str, str]:
    """name -> version of the lock's requirements that apply to this interpreter."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if not m:
            continue
        name, version, marker = m.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def _freeze() -> dict[str, str]:
    out = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                         capture_output=True, text=True, check=True).stdout
    installed = {}
    for line in out.splitlines():
        name, _, version = line.partition("==")
        if version:
            installed[canonicalize_name(name)] = version
    return installed


def test_the_lock_pins_every_direct_requirement():
    direct = {canonicalize_name(re.split(r"[=<>!~ ]", line, maxsplit=1)[0]): line
              for line in (config.PROJ_ROOT / "requirements.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    lock = _lock(config.PROJ_ROOT / "requirements.txt")
    for name, line in direct.items():
        assert name in lock, f"{name} is in requirements.in but not in the lock"
        assert line.endswith(f"=={lock[name]}"), f"{line} is locked at {lock[name]}"
    assert "beautifulsoup4" in direct  # imported by the package, so declared, not inherited


def test_the_environment_is_exactly_the_lock():
    installed = _freeze()
    lab = "jupyterlab" in installed
    lock_file = "requirements-lab.txt" if lab else "requirements.txt"
    lock = _lock(config.PROJ_ROOT / lock_file)
    extra = sorted(set(installed) - set(lock))
    missing = sorted(set(lock) - set(installed))
    wrong = sorted(f"{n} {installed[n]} (locked {lock[n]})" for n in set(lock) & set(installed)
                   if installed[n] != lock[n])
    assert not (extra or missing or wrong), (
        f"the environment differs from {lock_file}: not locked {extra}, missing {missing}, "
        f"other versions {wrong}; rebuild it with `make clean venv`")


@pytest.mark.parametrize("lock_file", ["requirements.txt", "requirements-lab.txt"])
def test_every_locked_package_has_hashes(lock_file):
    text = (config.PROJ_ROOT / lock_file).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert len(entries) > 50
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
