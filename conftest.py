"""Tests own their data: every test, and every notebook nbval runs, reads the frozen seed
fixture (``tests/fixtures/seed/``), never the live ``data/`` that curators keep extending.

This root conftest is loaded by pytest before any test module or notebook is collected,
whatever paths are given. It sets the environment before the package is imported
(``briefing.config`` reads it on import) and before nbval starts a kernel (kernels inherit
it). Caches and reports go to a scratch folder of the session, removed at exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

SEED = Path(__file__).resolve().parent / "tests" / "fixtures" / "seed"
_SCRATCH = Path(tempfile.mkdtemp(prefix="briefing-tests-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
os.environ["BRIEFING_DATA_DIR"] = str(SEED)
os.environ["BRIEFING_PARAMS"] = str(SEED / "params" / "india-kazakhstan.yaml")
os.environ["BRIEFING_CACHE_DIR"] = str(_SCRATCH / "cache")
os.environ["BRIEFING_REPORTS_DIR"] = str(_SCRATCH / "reports")
os.environ.setdefault("MPLBACKEND", "Agg")  # no screen; the library leaves the backend to us
# Builds under test are reproducible: every timestamp they write is this moment (7 Apr 2021).
os.environ["SOURCE_DATE_EPOCH"] = "1617753600"
