"""Command line: ``python -m briefing validate`` and ``python -m briefing build``."""

from briefing.cli import main

raise SystemExit(main())
