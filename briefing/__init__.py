"""Reproducible briefings on bilateral relations, built from sourced, validated facts.

The package is organised by stage; no module imports one of a later stage:

- :mod:`briefing.config`   paths, from one place; :mod:`briefing.clock` the build's time;
- :mod:`briefing.facts`    loading and validating the curated facts (data enters here);
  :mod:`briefing.vocab` the labels of their vocabularies; :mod:`briefing.pairs` countries;
- :mod:`briefing.timeline` engagement analysis; :mod:`briefing.trade` trade analysis
  (analysis imports no presentation module);
- :mod:`briefing.view`     one pair as known on one date: what every notebook starts from;
- :mod:`briefing.fmt`      words for numbers and dates; :mod:`briefing.charts` every chart;
  :mod:`briefing.show` what notebooks display; :mod:`briefing.brief` the briefing's content;
  :mod:`briefing.changes` what changed since the last build;
- :mod:`briefing.build`    running the notebooks and publishing HTML and PDF
  (:mod:`briefing.render` renders them).
"""

__version__ = "0.1.0"
