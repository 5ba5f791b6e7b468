"""Reproducible briefings on bilateral relations, built from sourced, validated facts.

The package is organised by stage:

- :mod:`briefing.config`   paths, from one place;
- :mod:`briefing.facts`    loading and validating the curated facts (data enters here);
- :mod:`briefing.timeline` engagement analysis; :mod:`briefing.trade` trade analysis;
- :mod:`briefing.charts`   the house style and every chart;
- :mod:`briefing.build`    running the notebooks and rendering HTML and PDF.
"""

__version__ = "0.1.0"
