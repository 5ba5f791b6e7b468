"""Checks before any kernel starts: they only check, and raise :class:`BuildError` listing
every problem found (the facts, the pairs, each parameter's name and type, WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from briefing.build.errors import BuildError
from briefing.build.paramsets import Briefing


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


def check(briefings: list[Briefing], data_dir: Path, shown_as: Path | None = None,
          cli_data_dir: Path | None = None, warn=lambda line: None) -> dict[Path, set[str]]:
    """Validate the facts, the pairs and the parameters of every briefing.

    ``data_dir`` is the snapshot the build reads; problems name the files of ``shown_as``,
    the data folder it was copied from. A ``data_dir`` parameter may lie outside the
    project only when it is ``cli_data_dir`` (given on the command line). ``warn`` receives a
    line for each thing that does not stop the build but that the reader would see wrong
    (characters no font of the PDF draws).

    Returns
    -------
    dict
        The parameter names each notebook declares.

    Raises
    ------
    BuildError
        Listing every problem found.
    """
    from briefing import parameters
    from briefing import timeline as tl
    from briefing.facts import FactsError, display_path, load_facts
    from briefing.notebooks import ParameterError, check_parameters, notebook_parameters
    from briefing.pairs import pair_label, parse_pair

    # parameters first: a wrong value is reported in a second, before the facts are read
    problems = []
    by_notebook: dict[Path, set[str]] = {}
    declared_by: dict[str, dict[str, dict]] = {}
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
        declared_by[b.name] = declared
        free = cli_data_dir is not None and b.parameters.get("data_dir") == str(cli_data_dir)
        problems += [f"{b.name}: {p}" for p in parameters.problems(b.parameters, free)]
        for name in b.parameters:
            if name not in declared:
                problems.append(f"{b.name}: unknown parameter {name!r}: no notebook declares it "
                                f"(declared: {', '.join(sorted(declared))})")
    _raise(problems)

    try:
        facts = load_facts(data_dir)
    except FactsError as exc:
        message = str(exc)
        if shown_as is not None:
            message = message.replace(display_path(data_dir), display_path(shown_as))
        raise BuildError(message) from None
    from briefing import fonts

    for line in fonts.facts_warnings(facts):
        warn(line)
    pairs = set(tl.available_pairs(facts.engagements))
    trade = facts.trade_observations
    pairs |= {tuple(sorted(p)) for p in zip(trade["country_a"], trade["country_b"])}
    for b in briefings:
        default = declared_by[b.name].get("pair", {}).get("default", "")
        pair = parse_pair(b.parameters.get("pair", default))  # checked above
        if tuple(sorted(pair)) not in pairs:
            listed = ", ".join(f"{p[0]}-{p[1]} ({pair_label(p)})" for p in sorted(pairs))
            problems.append(f"{b.name}: no facts for the pair {pair[0]}-{pair[1]} "
                            f"({pair_label(pair)}); pairs in the data: {listed}")
    _raise(problems)
    return by_notebook


def _raise(problems: list[str]) -> None:
    """One line for one problem; a list for several."""
    if len(problems) == 1:
        raise BuildError(f"the build cannot start: {problems[0]}")
    if problems:
        raise BuildError("the build cannot start:\n  " + "\n  ".join(problems))
