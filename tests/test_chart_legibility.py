"""Charts at real size: no text of a drawn chart overlaps another, every text prints at 7 pt
or more.

Each chart is saved the way the briefing saves it (:func:`briefing.show.figure_png`: PNG at
150 dpi, in the house style, ``bbox_inches="tight"``); every text drawn into that PNG is
recorded with its box in the PNG's pixels. WeasyPrint then prints the PNG at the A4 text
width (``img { max-width: 100% }``; a PNG pixel is a CSS pixel, 1/96 in, until the image is
wider than the text), so a text of ``s`` points in the figure prints at ``s × scale``
points, where ``scale`` is the printed width of the image over its saved width.

The data are realistic stress cases: 60 engagements over 35 years (several domains, every
precision, planned ones after ``as_of``, undated ones, long summaries), a trade table of 20
periods on two bases (calendar and Indian fiscal years, derived values, a conflict), and the
frozen seed fixture, so that what is small keeps working.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import os
import re
from pathlib import Path
from unittest import mock

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

from briefing import charts, config, show, trade
from briefing import timeline as tl
from briefing.facts import load_facts
from briefing.pairs import pair_label
from tests.conftest import append_row
from tests.fixture_data import data_with_fixture
from tests.synthetic import synthetic_engagements

MIN_PRINT_PT = 7.0
SAVE_DPI = 150
CSS_PX_PER_IN = 96
PAIR = ("IND", "KAZ")
#: Where the saved PNGs go for a look (set CHART_PNG_DIR); nothing is written otherwise.
PNG_DIR = os.environ.get("CHART_PNG_DIR", "")


# --- the print geometry, read from the stylesheet -------------------------------------------


def _length_in(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(mm|cm|in|pt)", value).groups()
    return float(number) / {"mm": 25.4, "cm": 2.54, "in": 1.0, "pt": 72.0}[unit]


def print_text_width_in() -> float:
    """Width of the A4 text block in inches, from the ``@page`` rule of briefing.css."""
    css = (config.TEMPLATES_DIR / "briefing" / "briefing.css").read_text(encoding="utf-8")
    page = re.search(r"@page\s*{([^@}]*)", css).group(1)
    assert re.search(r"size:\s*A4\s*;", page), "the briefing is no longer printed on A4"
    margins = re.search(r"margin:\s*([^;]+);", page).group(1).split()
    # CSS shorthand: 1 value all; 2 vertical horizontal; 3 top horizontal bottom; 4 trbl
    right, left = {1: (0, 0), 2: (1, 1), 3: (1, 1), 4: (1, 3)}[len(margins)]
    return 210 / 25.4 - _length_in(margins[right]) - _length_in(margins[left])


def print_scale(png_width_px: int) -> float:
    """Printed size over drawn size of a saved chart (``max-width: 100%``, never upscaled)."""
    natural_in = png_width_px / CSS_PX_PER_IN
    return min(natural_in, print_text_width_in()) / (png_width_px / SAVE_DPI)


def test_the_text_width_is_what_weasyprint_gives_an_image():
    """The geometry above is WeasyPrint's: a wide chart is printed at the A4 text width."""
    from weasyprint import HTML

    css = (config.TEMPLATES_DIR / "briefing" / "briefing.css").read_text(encoding="utf-8")
    fig = plt.figure(figsize=(charts.WIDTH, 1.0))
    fig.text(0.0, 0.5, "left edge")
    fig.text(1.0, 0.5, "right edge", ha="right")
    png = show.figure_png(fig)
    plt.close(fig)
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    doc = HTML(string=f'<html><head><style>{css}</style></head><body class="briefing">'
                      f'<div class="jp-RenderedImage"><img src="{uri}"></div></body></html>'
               ).render()
    boxes, todo = [], [doc.pages[0]._page_box]
    while todo:
        box = todo.pop()
        if type(box).__name__.endswith("ReplacedBox"):
            boxes.append(box)
        todo.extend(getattr(box, "children", []) or [])
    assert len(boxes) == 1
    printed_in = boxes[0].width / CSS_PX_PER_IN
    width_px = Image.open(io.BytesIO(png)).size[0]
    assert printed_in == pytest.approx(print_text_width_in(), abs=0.01)
    assert printed_in / (width_px / SAVE_DPI) == pytest.approx(print_scale(width_px), rel=1e-3)


def test_charts_are_drawn_at_the_print_width():
    assert charts.PRINT_WIDTH == pytest.approx(print_text_width_in())
    # with the margin savefig adds, a chart is no wider than the text: printed at 100%
    assert charts.WIDTH + 2 * charts.PAD <= charts.PRINT_WIDTH
    assert charts.STYLE["savefig.pad_inches"] == charts.PAD
    assert charts.STYLE["savefig.dpi"] == charts.STYLE["figure.dpi"] == SAVE_DPI
    assert charts.SMALL >= MIN_PRINT_PT


# --- what is drawn ---------------------------------------------------------------------------


class Drawn:
    """Every non-empty text drawn into a saved chart: its string, its box (the rotated
    rectangle for a rotated text, the bbox patch for a boxed one) and size, and the scale
    at which the PNG prints."""

    def __init__(self, fig, name: str = ""):
        seen = []
        original = Text.draw

        def recording_draw(text, renderer):
            original(text, renderer)
            # measured now: after the save the figure is back at its own dpi and size
            if text.get_visible() and text.get_text().strip():
                seen.append((renderer, text.get_text(), _corners(text, renderer),
                             text.get_fontsize()))

        with mock.patch.object(Text, "draw", recording_draw):
            png = show.figure_png(fig)  # the briefing's own save: house style, tight, 150 dpi
        final = seen[-1][0] if seen else None  # the tight-bbox pass draws first, dry
        self.png = png
        self.width_px, self.height_px = Image.open(io.BytesIO(png)).size
        self.scale = print_scale(self.width_px)
        self.texts = [(s, corners, size) for r, s, corners, size in seen if r is final]
        if PNG_DIR and name:
            Path(PNG_DIR).mkdir(parents=True, exist_ok=True)
            (Path(PNG_DIR) / f"{name}.png").write_bytes(png)

    @property
    def min_printed_pt(self) -> float:
        return min(size for _, _, size in self.texts) * self.scale

    def too_small(self) -> list[str]:
        return [f"{size:.1f} pt x {self.scale:.3f} = {size * self.scale:.2f} pt: {_short(s)}"
                for s, _, size in self.texts if size * self.scale < MIN_PRINT_PT - 1e-6]

    def overlaps(self) -> list[str]:
        """Pairs of texts whose boxes share more than a touching edge, named by their text."""
        out = []
        for i, (a, ca, _) in enumerate(self.texts):
            for b, cb, _ in self.texts[i + 1:]:
                depth = _overlap_depth(ca, cb)
                if depth > 0.5:  # pixels of the saved PNG; less is touching (rounding)
                    out.append(f"{_short(a)!r} x {_short(b)!r} (by {depth:.1f} px)")
        return out


def _short(text: str, n: int = 60) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def _corners(text: Text, renderer) -> np.ndarray:
    """The four corners (pixels) of what a text covers: its box patch if it has one, else
    its own rectangle, rotated with it (a rotated label's axis-aligned box would claim the
    empty triangles beside it)."""
    patch = text.get_bbox_patch()
    if patch is not None:
        box = patch.get_window_extent(renderer)
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    box = Text.get_window_extent(text, renderer)
    angle = text.get_rotation() % 180
    if angle == 0 or math.isclose(angle, 90):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    # The axis-aligned box of a rotated rectangle has the same centre; its own size is the
    # size of the text laid out flat.
    text.set_rotation(0)
    flat = Text.get_window_extent(text, renderer)
    text.set_rotation(angle)
    w, h = flat.width / 2, flat.height / 2
    t = math.radians(angle)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    local = np.array([[-w, -h], [w, -h], [w, h], [-w, h]])
    return local @ rot.T + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def _overlap_depth(a: np.ndarray, b: np.ndarray) -> float:
    """How deep two convex quadrilaterals overlap (0 if they are apart or only touch), by
    the separating axis theorem: the least overlap of their projections on any edge normal."""
    depth = math.inf
    for poly in (a, b):
        for k in range(4):
            edge = poly[(k + 1) % 4] - poly[k]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            axis = axis / norm
            pa, pb = a @ axis, b @ axis
            depth = min(depth, min(pa.max(), pb.max()) - max(pa.min(), pb.min()))
            if depth <= 0:
                return 0.0
    return depth


def assert_legible(fig, name: str) -> Drawn:
    drawn = Drawn(fig, name)
    plt.close(fig)
    assert drawn.texts, "nothing drawn"
    overlaps, small = drawn.overlaps(), drawn.too_small()
    if overlaps or small:
        pytest.fail("\n  ".join(
            [f"{name}: {len(overlaps)} pairs of texts overlap, {len(small)} texts print under "
             f"{MIN_PRINT_PT} pt (smallest {drawn.min_printed_pt:.2f} pt)"] + overlaps + small),
            pytrace=False)
    return drawn


def test_the_checker_finds_overlaps_and_small_text():
    with charts.house_style():
        fig = plt.figure(figsize=(charts.WIDTH, 2))
        fig.text(0.1, 0.5, "first text", fontsize=12)
        fig.text(0.12, 0.5, "second text", fontsize=12)
        fig.text(0.8, 0.5, "tiny", fontsize=3)
        fig.text(0.5, 0.1, "left", ha="right")
        fig.text(0.5, 0.1, "right", ha="left")  # touching, not overlapping
        ax = fig.add_axes((0.1, 0.3, 0.3, 0.1))
        ax.set_xticks(range(8), [f"rotated label {i}" for i in range(8)], rotation=45)
    drawn = Drawn(fig)
    plt.close(fig)
    pairs = drawn.overlaps()
    assert any("'first text' x 'second text'" in p for p in pairs)
    assert not any("'left'" in p for p in pairs)
    assert not any("rotated label" in p for p in pairs)  # their upright boxes would overlap
    assert [s.split(": ")[-1] for s in drawn.too_small()] == ["tiny"]


# --- the data --------------------------------------------------------------------------------

AS_OF = pd.Timestamp("2024-03-31")
DOMAINS = ["political", "defence", "energy", "trade", "connectivity", "nuclear", "education"]
LONG = [
    "Prime Minister visits Astana; talks with the President on uranium supplies, defence "
    "cooperation, the International North\u2013South Transport Corridor and Chabahar port",
    "Joint working group on counter-terrorism meets for its annual session and agrees a "
    "programme of exchanges between the special forces and the border guards",
    "Intergovernmental commission on trade, economic, scientific, technological, industrial "
    "and cultural cooperation holds its session in New Delhi",
    "\u0930\u093e\u091c\u0928\u093e\u0925 \u0938\u093f\u0902\u0939 (Rajnath Singh) and the "
    "Kazakh defence minister review the KAZIND exercise and peacekeeping training",
]


def engagements_60() -> pd.DataFrame:
    """60 engagements of India and Kazakhstan, 1990-2025, as known on 31 Mar 2024."""
    base = synthetic_engagements(60, pair=PAIR, seed=11)
    rng = np.random.default_rng(5)
    precision = (["day"] * 34 + ["month"] * 11 + ["year"] * 7 + ["undated"] * 5 + ["day"] * 3)
    rows = []
    for i, row in base.iterrows():
        row = row.copy()
        p = precision[i]
        if i < 52:  # held, spread over 1990 to early 2024
            day = pd.Timestamp("1990-01-15") + pd.Timedelta(days=int(i * 34.0 * 365.25 / 52)
                                                            + int(rng.integers(0, 200)))
            status = "held"
        elif i < 57:  # undated (and one planned with no date)
            day, status = pd.NaT, ("planned" if i == 56 else "held")
        else:  # planned after as_of (one overdue just before it)
            day = pd.Timestamp(["2024-01-20", "2024-06-15", "2024-11-05"][i - 57])
            status = "planned"
        later = {44: "2024-09-01", 50: "2025-01-01"}  # planned by month and by year
        if i in later:
            day, status = pd.Timestamp(later[i]), "planned"
        if pd.isna(day):
            start = end = pd.NaT
            p = "undated"
        elif p == "month":
            start = day.to_period("M").start_time
            end = day.to_period("M").end_time.normalize()
        elif p == "year":
            start = day.to_period("Y").start_time
            end = day.to_period("Y").end_time.normalize()
        else:
            start = end = day
        row["date_start"], row["date_end"], row["date_precision"] = start, end, p
        row["date_basis"] = "unknown" if p == "undated" else "stated"
        row["status"] = status
        row["domains"] = DOMAINS[int(rng.choice(len(DOMAINS), p=[.3, .2, .15, .12, .1, .08,
                                                                   .05]))]
        row["summary"] = LONG[i % len(LONG)] if i % 3 == 0 else f"{row['type']} {i}".replace(
            "_", " ").capitalize() + " on " + row["domains"]
        row["level"] = ["head_of_state_or_government", "minister", "officials"][i % 3]
        row["type"] = ["visit", "meeting", "agreement", "working_group"][i % 4]
        rows.append(row)
    eng = pd.DataFrame(rows).reset_index(drop=True)
    sel = tl.select_engagements(eng, PAIR, AS_OF, "1990-01-01", "2025-12-31")
    assert len(sel) == 60 and sel["date_start"].isna().sum() == 5
    assert (sel["timing"] == "upcoming").sum() >= 4
    return sel


LABELS = {"political": "Political", "defence": "Defence", "energy": "Energy",
          "trade": "Trade", "connectivity": "Connectivity", "nuclear": "Nuclear",
          "education": "Education"}
SOURCE = ("Sources: Embassy of India in Nur-Sultan, \u201cIndia\u2013Kazakhstan bilateral "
          "relations\u201d, Ministry of External Affairs, 7 Apr 2021 [iar-2021-04-07]; "
          "Ministry of Foreign Affairs of Kazakhstan, \u201cKazakhstan\u2013India "
          "relations\u201d, mfa.gov.kz, 12 Jan 2024 [mfa-kz-2024-01-12]; Press Information "
          "Bureau, \u201cJoint statement on the visit of the President of Kazakhstan\u201d, "
          "Government of India, 20 Mar 2024 [pib-2024-03-20].")


def timeline_figure(selection, title="India\u2013Kazakhstan: engagements, 1990\u20132025",
                    as_of=AS_OF, labels=8):
    return charts.plot_engagement_timeline(
        selection, as_of, lane_labels=LABELS, labels=tl.key_events(selection, labels),
        title=title, source=SOURCE, colours=charts.lane_colours(selection))


def _source_text(dest: Path, source_id: str, lines: list[str], published: str) -> None:
    path = dest / "sources" / f"{source_id}.txt"
    path.write_text("TEST FIXTURE: invented figures for the chart tests, not facts.\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    append_row(dest / "facts/sources.csv", {
        "source_id": source_id, "title": f"TEST FIXTURE {source_id}",
        "publisher": "Test publisher (invented)", "url": f"https://example.invalid/{source_id}",
        "date_published": published, "date_published_basis": "stated",
        # columns of the newer sources schema (append_row drops those a table lacks)
        "date_published_precision": "day", "authority": "secondary",
        "date_retrieved": published, "language": "en", "path": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "note": "TEST DATA"})


def trade_data(dest: Path, years_cal: range, years_fy: range) -> Path:
    """A data folder with turnover by calendar year from two sources (they disagree on the
    last year; two early years are derived from growth rates) and India's exports and
    imports by Indian fiscal year."""
    data_with_fixture("trade-two-sources", dest)
    obs, drv = dest / "facts/trade_observations.csv", dest / "facts/trade_derivations.csv"
    lines_a, lines_b = [], []
    first = years_cal[0]
    for k, y in enumerate(years_cal):
        if y in (first, first + 2):  # derived from the next year's growth
            continue
        value = 400 + 90 * k + (37 * k) % 110
        quote = f"turnover in {y} was {value:,} million USD"
        lines_a.append(quote)
        append_row(obs, {"observation_id": f"leg-a-{y}", "source_id": "legibility-a",
                         "quote": quote, "reporter": "IND", "measure": "turnover",
                         "country_a": "IND", "country_b": "KAZ",
                         "period_start": f"{y}-01-01", "period_end": f"{y}-12-31",
                         "period_basis": "calendar_year", "value": str(value),
                         "unit": "million", "currency": "USD", "note": "TEST DATA"})
    for y, factor in ((first, 1.25), (first + 2, 1.4)):
        quote = f"turnover in {y + 1} grew by {factor - 1:.0%} on {y}"
        lines_a.append(quote)
        append_row(drv, {"derivation_id": f"leg-d-{y}", "source_id": "legibility-a",
                         "quote": quote, "base_observation_id": f"leg-a-{y + 1}",
                         "method": "growth_percent", "factor": f"{(factor - 1) * 100:g}",
                         "period_start": f"{y}-01-01", "period_end": f"{y}-12-31",
                         "period_basis": "calendar_year",
                         "reading": "growth on the previous year", "alternative_reading": "",
                         "note": "TEST DATA"})
    last = years_cal[-1]
    quote = f"Mutual trade with India amounted to 1.9 billion USD in {last}"
    lines_b.append(quote)
    append_row(obs, {"observation_id": f"leg-b-{last}", "source_id": "legibility-b",
                     "quote": quote, "reporter": "KAZ", "measure": "turnover",
                     "country_a": "KAZ", "country_b": "IND",
                     "period_start": f"{last}-01-01", "period_end": f"{last}-12-31",
                     "period_basis": "calendar_year", "value": "1.9", "unit": "billion",
                     "currency": "USD", "note": "TEST DATA"})
    for k, y in enumerate(years_fy):
        for measure, value in (("exports", 150 + 31 * k), ("imports", 380 + 57 * k)):
            quote = f"India's {measure} in FY {y}-{str(y + 1)[2:]}: {value:,} million USD"
            lines_a.append(quote)
            append_row(obs, {"observation_id": f"leg-{measure[:3]}-{y}",
                             "source_id": "legibility-a", "quote": quote, "reporter": "IND",
                             "measure": measure, "country_a": "IND", "country_b": "KAZ",
                             "period_start": f"{y}-04-01", "period_end": f"{y + 1}-03-31",
                             "period_basis": "fiscal_year_in", "value": str(value),
                             "unit": "million", "currency": "USD", "note": "TEST DATA"})
    _source_text(dest, "legibility-a", lines_a, "2024-01-10")
    _source_text(dest, "legibility-b", lines_b, "2024-02-20")
    return dest


def trade_table(dest: Path, years_cal: range, years_fy: range) -> pd.DataFrame:
    facts = load_facts(trade_data(dest, years_cal, years_fy))
    table = trade.trade_table(facts, PAIR, AS_OF)
    return table[table["source_id"].str.startswith("legibility-")].reset_index(drop=True)


def trade_source(table: pd.DataFrame) -> str:
    return SOURCE.replace("iar-2021-04-07]", "iar-2021-04-07]; " + "; ".join(
        f"\u201cTEST FIXTURE {s}\u201d, Test publisher (invented), 2024 [{s}]"
        for s in dict.fromkeys(table["source_id"])))


# --- the tests -------------------------------------------------------------------------------


def test_timeline_of_60_engagements_over_35_years():
    drawn = assert_legible(timeline_figure(engagements_60()), "timeline-60")
    key = [t for t, _, _ in drawn.texts if re.match(r"1\s", t)]
    assert key, "no key under the chart"


def test_timeline_of_60_engagements_a_third_of_them_undated():
    """The seed leaves a third of its engagements undated: the list beside the chart is
    then taller than the lanes."""
    sel = engagements_60().drop(columns="timing")
    blank = sel.index[sel["date_start"].notna()][::3][:15]
    sel.loc[blank, ["date_start", "date_end"]] = pd.NaT
    sel.loc[blank, ["date_precision", "date_basis"]] = ["undated", "unknown"]
    sel = tl.select_engagements(sel, PAIR, AS_OF, "1990-01-01", "2025-12-31")
    assert len(sel) == 60 and sel["date_start"].isna().sum() == 20
    assert_legible(timeline_figure(sel), "timeline-60-undated")


def test_timeline_of_the_last_years_and_what_is_planned():
    sel = engagements_60()
    recent = sel[sel["date_end"].isna() | (sel["date_end"] >= AS_OF - pd.DateOffset(years=3))]
    assert_legible(timeline_figure(recent[recent["date_start"].notna()],
                                   "India\u2013Kazakhstan: the last 3 years and what is planned"),
                   "timeline-60-recent")


def test_counts_by_period_of_60_engagements():
    sel = engagements_60()
    mix = tl.mix_by_period(sel, "domain", 5, as_of=AS_OF)
    fig = charts.plot_counts_by_period(
        mix, title="India\u2013Kazakhstan: engagements by 5-year period and domain",
        labels=LABELS, source=SOURCE, colours=charts.lane_colours(sel))
    assert_legible(fig, "counts-60")


def test_timeline_of_thousands_of_engagements_counts_them():
    sel = tl.select_engagements(synthetic_engagements(5000), PAIR, AS_OF)
    assert_legible(timeline_figure(sel), "timeline-5000")


def test_trade_of_20_periods_on_two_bases(tmp_path):
    table = trade_table(tmp_path / "data", range(2008, 2020), range(2012, 2020))
    assert table["period"].nunique() == 20
    assert set(table["period_basis"]) == {"calendar_year", "fiscal_year_in"}
    assert (table["method"] == "derived").sum() == 2 and len(trade.conflicts(table))
    fig = charts.plot_trade_values(table, "India\u2013Kazakhstan: trade",
                                   source=trade_source(table), unit="USD million")
    assert any(ax.patches for ax in fig.axes)  # bars
    assert_legible(fig, "trade-20")


def test_trade_of_20_years_on_each_basis(tmp_path):
    table = trade_table(tmp_path / "data", range(2000, 2020), range(2000, 2020))
    assert table["period"].nunique() == 40
    fig = charts.plot_trade_values(table, "India\u2013Kazakhstan: trade",
                                   source=trade_source(table), unit="USD million")
    assert_legible(fig, "trade-20-each")


# --- the seed, small: nothing regresses --------------------------------------------------------


SEED_AS_OF = pd.Timestamp("2021-04-07")


@pytest.fixture(scope="module")
def seed():
    facts = load_facts()
    sel = tl.select_engagements(facts.engagements, PAIR, SEED_AS_OF, "1991-01-01",
                                "2021-12-31", sources=facts.sources)
    labels = dict(zip(facts.domains["domain"], facts.domains["label"], strict=True))
    return facts, sel, labels


def test_seed_timeline(seed):
    facts, sel, labels = seed
    source = show.source_line(facts, sel["source_id"])
    fig = charts.plot_engagement_timeline(
        sel, SEED_AS_OF, lane_labels=labels, labels=tl.key_events(sel, 8),
        title=f"{pair_label(PAIR)}: engagements, 1991\u20132021", source=source,
        colours=charts.lane_colours(sel))
    assert_legible(fig, "seed-timeline")
    recent = sel[sel["date_end"].isna()
                 | (sel["date_end"] >= SEED_AS_OF - pd.DateOffset(years=3))]
    fig = charts.plot_engagement_timeline(
        recent[recent["date_start"].notna()], SEED_AS_OF, lane_labels=labels,
        labels=tl.key_events(recent, 8),
        title=f"{pair_label(PAIR)}: the last 3 years and what is planned", source=source,
        colours=charts.lane_colours(sel))
    assert_legible(fig, "seed-timeline-recent")


def test_seed_counts_by_period(seed):
    facts, sel, labels = seed
    mix = tl.mix_by_period(sel, "domain", 5, as_of=SEED_AS_OF)
    fig = charts.plot_counts_by_period(
        mix, title=f"{pair_label(PAIR)}: engagements by 5-year period and domain",
        labels=labels, source=show.source_line(facts, sel["source_id"]),
        colours=charts.lane_colours(sel))
    assert_legible(fig, "seed-counts")


def test_seed_trade(seed):
    facts, _, _ = seed
    table = trade.trade_table(facts, PAIR, SEED_AS_OF)
    fig = charts.plot_trade_values(table, f"{pair_label(PAIR)}: trade",
                                   source=show.source_line(facts, table["source_id"]),
                                   unit=table["unit_norm"].iloc[0])
    assert_legible(fig, "seed-trade")


def test_two_sources_trade(tmp_path):
    facts = load_facts(data_with_fixture("trade-two-sources", tmp_path / "data"))
    table = trade.trade_table(facts, PAIR, SEED_AS_OF)
    fig = charts.plot_trade_values(table, f"{pair_label(PAIR)}: trade",
                                   source=show.source_line(facts, table["source_id"]),
                                   unit=table["unit_norm"].iloc[0])
    assert_legible(fig, "two-sources-trade")


def test_empty_figures():
    assert_legible(charts.empty_figure("No engagements to show for this pair and window.",
                                       SOURCE), "empty")


def test_a_yearly_axis_is_proportional_to_time_so_a_gap_shows(tmp_path):
    table = trade_table(tmp_path / "data", range(2008, 2020), range(2012, 2020))
    cal = table[(table["period_basis"] == "calendar_year")
                & ~table["period"].isin(["2013", "2014", "2015"])]  # three years unknown
    fig = charts.plot_trade_values(cal, "India\u2013Kazakhstan: trade",
                                   source=trade_source(cal), unit="USD million")
    ax = next(a for a in fig.axes if a.get_xticklabels())
    ticks = {t.get_text().replace("\n", ""): x for t, x in zip(ax.get_xticklabels(),
                                                               ax.get_xticks())}
    assert ticks["2016"] - ticks["2012"] == 4  # the missing years keep their room
    assert ticks["2012"] - ticks["2011"] == 1
    assert_legible(fig, "trade-gap")


def test_each_panel_names_its_own_currency(tmp_path):
    table = trade_table(tmp_path / "data", range(2016, 2020), range(2016, 2018))
    inr = table[table["period_basis"] == "fiscal_year_in"].assign(
        currency="INR", unit_norm="INR million")
    both = pd.concat([table[table["period_basis"] == "calendar_year"], inr],
                     ignore_index=True)
    fig = charts.plot_trade_values(both, "Trade", source=trade_source(both))
    labels = {ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()}
    assert labels == {"USD million", "INR million"}
