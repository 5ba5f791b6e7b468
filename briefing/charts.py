"""The house style and every chart of the project.

Plot functions return a :class:`matplotlib.figure.Figure` and never call ``plt.show()``.
One style (sizes, fonts, the Okabe–Ito colour-blind-safe palette) applies to all of them;
every chart carries a source line at its foot, and the notebooks add the caption.

Charts are drawn at the size they are printed: :data:`WIDTH` plus the margin ``savefig``
adds is the A4 text width of the briefing, so a font size here is the size on paper, and no
text is smaller than :data:`SMALL`. Each figure is laid out top to bottom in inches from its
measured parts (titles, tick labels, legend, key, source line), and its height follows what
it holds, so that no text overlaps another however many events, lanes or panels there are.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.patheffects import withStroke
from matplotlib.transforms import Bbox

from briefing import fmt, fonts
from briefing.facts import LIST_SEP

# No matplotlib.use() here: the backend is the caller's (inline in JupyterLab, Agg in the
# build, which sets MPLBACKEND), so an analyst's own plots keep working beside ours.

#: Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
GREY = "#6b6b6b"
#: Inches: the text width of the printed briefing, A4 less two 1.6 cm margins (briefing.css).
PRINT_WIDTH = (210 - 2 * 16) / 25.4
#: Inches of margin ``savefig(bbox_inches="tight")`` adds on every side.
PAD = 0.1
#: Inches: the width charts are drawn at. With the margin it is the print width, so a chart
#: is printed at 100% and a font size here is the size on paper.
WIDTH = math.floor((PRINT_WIDTH - 2 * PAD) * 100) / 100  # 6.8
#: Points: the smallest text of any chart (keys, source lines, value labels); at least 7 pt
#: in print, with room for a figure a little wider than WIDTH.
SMALL = 7.5
GAP = 0.12  # inches between the blocks of a figure

STYLE = {
    # data text (a summary saying "$5 bn to $10 bn") is drawn literally, never as mathtext
    "text.parse_math": False,
    "font.family": fonts.matplotlib_families(),  # DejaVu, then the shipped Devanagari
    "font.size": 8,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": SMALL,
    # laid out at the dpi it is saved at: hinted text is not just as wide at another dpi
    # (a line 6.46 in wide at 100 dpi is 6.97 in wide at 150)
    "figure.dpi": 150,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "savefig.pad_inches": PAD,
}

#: Above this many dated events the timeline draws counts per lane and year instead.
MAX_POINTS = 400


@contextmanager
def house_style():
    """Context in which every chart is drawn."""
    with plt.rc_context(STYLE):
        yield


def colour_map(keys) -> dict[str, str]:
    """A stable colour for each key, in the order given."""
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def lane_colours(selection: pd.DataFrame, column: str = "primary_domain") -> dict[str, str]:
    """One colour per domain (or type) for every chart of a selection, most frequent first."""
    keys = list(selection[column].value_counts().index) if len(selection) else []
    if column == "primary_domain" and len(selection):
        every = selection["domains"].str.split(LIST_SEP).explode().value_counts().index
        keys += [k for k in every if k not in keys]
    return colour_map(keys)


# --- layout: measured in inches, placed top to bottom ---------------------------------------


def _renderer(fig: Figure):
    return fig.canvas.get_renderer()


def _size(fig: Figure, artist) -> Bbox:
    """The extent of a drawn artist, in inches."""
    return Bbox(artist.get_window_extent(_renderer(fig)).get_points() / fig.dpi)


def _decorations(fig: Figure, ax) -> tuple[float, float, float, float]:
    """Inches that an axes' labels, titles and legend take beyond its box: left, bottom,
    right, top. A title counts only upwards: it may run on over what is beside the axes
    (the callers wrap it to the width it may take)."""
    tight = ax.get_tightbbox(_renderer(fig), for_layout_only=True)
    box = ax.get_window_extent(_renderer(fig))
    return tuple(max(0.0, float(v)) / fig.dpi for v in (
        box.x0 - tight.x0, box.y0 - tight.y0, tight.x1 - box.x1, tight.y1 - box.y1))


def _text_width(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of one line of text in the house font."""
    prop = FontProperties(family=matplotlib.rcParams["font.family"], size=size, weight=weight)
    w, _, _ = _renderer(fig).get_text_width_height_descent(text, prop, ismath=False)
    return w / fig.dpi


def _wrap(fig: Figure, text: str, width: float, size: float, weight: str = "normal",
          max_lines: int | None = None) -> str:
    """Break text into lines no wider than ``width`` inches, as measured in the house font
    (so that "…" and Devanagari count at their real width); beyond ``max_lines`` the last
    line ends with "…"."""
    limit = width * 0.98

    def fits(s: str) -> bool:
        return _text_width(fig, s, size, weight) <= limit

    lines = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            while not fits(word) and len(word) > 1:  # a word wider than a line is cut
                k = len(word) - 1
                while k > 1 and not fits(word[:k]):
                    k -= 1
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:k])
                word = word[k:]
            candidate = f"{line} {word}" if line else word
            if line and not fits(candidate):
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1].rstrip(" ,;:") + "\u2026"
        while len(last) > 1 and not fits(last):
            words = last[:-1].split(" ")
            last = (" ".join(words[:-1]) if len(words) > 1 else words[0][:-1]).rstrip(
                " ,;:") + "\u2026"
        lines = lines[:max_lines - 1] + [last]
    return "\n".join(lines)


def _place(artist, x: float, y: float) -> None:
    """Put a text (by its anchor) or a legend (by its upper left corner) at a point given
    in figure fractions."""
    if isinstance(artist, Legend):
        artist.set_bbox_to_anchor((x, y), transform=artist.figure.transFigure)
    else:
        artist.set_position((x, y))


def _arrange(fig: Figure, rows, footer=(), heading=None, top: float = 0.02,
             bottom: float = 0.02) -> None:
    """Stack a figure top to bottom and set its height.

    Parameters
    ----------
    rows
        Rows of panels; each panel is ``(ax, x0, x1, height)``: it spans ``x0`` to ``x1``
        inches across with its tick labels, titles and legend, and its axes box is
        ``height`` inches tall. A row is as tall as its tallest panel and its decorations.
    footer
        Blocks under the rows, each a list of ``(artist, x)``: texts (created with
        ``va="top"``) and legends (``loc="upper left"``, ``borderaxespad=0``) put side by side
        at ``x`` inches, their tops at the block's top.
    heading
        A text (``va="top"``, ``ha="left"``) over everything, at the left edge.
    """
    width = fig.get_figwidth()
    for _ in range(3):  # tick labels follow an axes' size: place, then measure again
        decos = {ax: _decorations(fig, ax) for row in rows for ax, *_ in row}
        y = top
        heading_at = y
        if heading is not None:
            y += _size(fig, heading).height + GAP
        row_tops = []
        for row in rows:
            y += max(decos[ax][3] for ax, *_ in row)
            row_tops.append(y)
            y += max(h for *_, h in row) + max(decos[ax][1] for ax, *_ in row) + GAP
        block_tops = []
        for block in footer:
            block_tops.append(y)
            y += max(_size(fig, artist).height for artist, _ in block) + GAP * 0.6
        height = y + bottom
        fig.set_size_inches(width, height)
        for row, row_top in zip(rows, row_tops):
            for ax, x0, x1, h in row:
                left, _, right, _ = decos[ax]
                ax.set_position([(x0 + left) / width, (height - row_top - h) / height,
                                 max(x1 - x0 - left - right, 0.1) / width, h / height])
        if heading is not None:
            _place(heading, 0.0, 1 - heading_at / height)
        for block, block_top in zip(footer, block_tops):
            for artist, x in block:
                _place(artist, x / width, 1 - block_top / height)


def _source_text(fig: Figure, text: str):
    """The source line: small, grey, wrapped to the width of the figure."""
    return fig.text(0, 0, _wrap(fig, text, WIDTH, SMALL), fontsize=SMALL, color=GREY,
                    ha="left", va="top")


def add_source_line(fig: Figure, text: str) -> None:
    """Write the source line at the foot of a figure that has room for it (the charts here
    place theirs with the rest of their layout)."""
    fig.text(0.0, 0.005, _wrap(fig, text, fig.get_figwidth(), SMALL), fontsize=SMALL,
             color=GREY, ha="left", va="bottom")


def empty_figure(message: str, source: str = "") -> Figure:
    """A small figure that says there is nothing to draw."""
    with house_style():
        fig = plt.figure(figsize=(WIDTH, 1.2))
        text = fig.text(0.5, 1.0, _wrap(fig, message, WIDTH, 10), ha="center", va="top",
                        fontsize=10, color=GREY)
        blocks = [[(text, WIDTH / 2)]]
        if source:
            blocks.append([(_source_text(fig, source), 0.0)])
        _arrange(fig, [], blocks, top=0.3, bottom=0.05)
    return fig


# --- the engagement timeline ----------------------------------------------------------------

LANE_HEIGHT = 0.42  # inches between lanes of the timeline
SIDE_WIDTH = 1.9  # inches: the list of undated engagements beside the timeline
UNDATED_LIMIT = 14


def plot_engagement_timeline(
    selection: pd.DataFrame,
    as_of,
    lanes: str = "primary_domain",
    lane_labels: dict[str, str] | None = None,
    labels: pd.DataFrame | None = None,
    title: str = "Engagements",
    source: str = "",
    max_points: int = MAX_POINTS,
    colours: dict[str, str] | None = None,
) -> Figure:
    """Timeline of engagements: time on x, one lane per domain (or type).

    A day-precise engagement is a point; a month- or year-precise one a bar over its month
    or year; planned ones are hollow (dashed when a span); undated ones are listed beside
    the chart, never placed at an invented date. A vertical line marks ``as_of``. Events in
    ``labels`` are numbered, so that no two numbers overlap, and keyed under the legend. Above
    ``max_points`` dated events, each lane shows the number of engagements per year instead.
    The figure grows with its lanes, its key and the list of undated engagements.

    Parameters
    ----------
    selection
        Output of :func:`briefing.timeline.select_engagements`.
    as_of
        Date of knowledge, drawn as a line.
    lanes
        Column that names the lane: ``primary_domain`` or ``type``.
    lane_labels
        Display names of the lanes.
    labels
        Rows of ``selection`` to number on the chart, with a key below it (e.g.
        :func:`briefing.timeline.key_events`).
    colours
        Colour of each lane; by default in order of frequency.
    """
    as_of = pd.Timestamp(as_of)
    lane_labels = lane_labels or {}
    dated = selection[selection["date_start"].notna()]
    undated = selection[selection["date_start"].isna()]
    if selection.empty:
        return empty_figure("No engagements to show for this pair and window.", source)
    # Lanes for dated events only; undated ones keep their lane's colour in the side list.
    all_keys = list(selection[lanes].value_counts().index)
    lane_keys = [k for k in all_keys if k in set(dated[lanes])]
    ypos = {k: i for i, k in enumerate(reversed(lane_keys))}
    colours = colours or colour_map(lane_keys + [k for k in all_keys if k not in lane_keys])
    counted = len(dated) > max_points

    with house_style():
        fig = plt.figure(figsize=(WIDTH, 5.0))
        ax = fig.add_axes((0.2, 0.3, 0.5, 0.6))
        side = None
        if len(undated):
            side = fig.add_axes((0.8, 0.3, 0.15, 0.6))
            side.axis("off")
        ax.set_yticks(list(ypos.values()), [lane_labels.get(k, k) for k in ypos])
        ax.set_ylim(-0.8, max(len(lane_keys), 1) - 0.2)
        ax.grid(axis="y", visible=False)
        lo = min(dated["date_start"].min(), as_of) if len(dated) else as_of
        hi = max(dated["date_end"].max(), as_of) if len(dated) else as_of
        pad = max(pd.Timedelta(days=60), (hi - lo) * 0.03)
        ax.set_xlim(lo - pad, hi + pad)
        ax.axvline(as_of, color="#333333", linestyle=":", linewidth=1.2,
                   zorder=3 if counted else 1)  # over the counts, under the events
        # the note sits left of the line, unless the line is near the left edge
        near_left = (as_of - (lo - pad)) < (hi - lo + 2 * pad) * 0.3
        as_of_note = ax.annotate(f"as of {fmt.date(as_of)}", (as_of, 0.0),
                                 xycoords=("data", "axes fraction"),
                                 xytext=(4 if near_left else -4, 3),
                                 textcoords="offset points", fontsize=SMALL,
                                 ha="left" if near_left else "right", va="bottom",
                                 color="#333333",
                                 bbox={"boxstyle": "square,pad=0.1", "fc": "white",
                                       "ec": "none", "alpha": 0.85} if counted else None)
        if counted:
            mesh = _draw_counts(ax, dated, lanes, ypos)
        else:
            _draw_events(ax, dated, lanes, ypos, colours)

        # Across: lane names, the chart, the undated list. Time ticks as many as fit.
        chart_right = WIDTH - (SIDE_WIDTH + 0.2 if side is not None else 0.0)
        _time_axis(ax, chart_right - 1.2)
        left, _, right, _ = _decorations(fig, ax)
        _time_axis(ax, chart_right - left - right)
        ax.set_title(_wrap(fig, title, WIDTH - left, 11, "bold"), fontsize=11)

        side_items = _undated_items(fig, side, undated, lanes, colours) if side else []
        lanes_height = max(LANE_HEIGHT * (len(lane_keys) + 0.6), 1.4)
        height = lanes_height
        if side_items:
            side_items = _fit_undated(fig, side, side_items, len(undated),
                                      max(lanes_height, 4.2))
            height = max(height, side_items[-1][1] + side_items[-1][2])

        rows = [[(ax, 0.0, chart_right, height)]]
        footer = []
        key = []
        if counted:
            cax = fig.add_axes((0.1, 0.05, 0.3, 0.02))
            bar = fig.colorbar(mesh, cax=cax, orientation="horizontal")
            bar.ax.tick_params(labelsize=SMALL)
            bar.set_label("engagements per lane and year", fontsize=SMALL)
            rows.append([(cax, 0.0, 2.2, 0.1)])
            note = (f"{len(dated):,} dated engagements: too many to draw one by one, so each "
                    "cell counts a lane's engagements in a year (planned ones included).")
            footer.append([(fig.text(0, 0, _wrap(fig, note, WIDTH, SMALL), fontsize=SMALL,
                                     color=GREY, va="top"), 0.0)])
        else:
            legend = _legend(fig)
            footer.append([(legend, 0.0)])
            if labels is not None and len(labels):
                rows_to_label = labels[labels[lanes].isin(list(ypos))
                                       & labels["date_start"].notna()].sort_values(
                    ["date_start", "engagement_id"])
                key = _key(fig, rows_to_label)
                footer += key
        if source:
            footer.append([(_source_text(fig, source), 0.0)])
        _arrange(fig, rows, footer)
        if side is not None:  # beside the lanes, from their top down
            _, y0, _, h = ax.get_position().bounds
            side.set_position([(chart_right + 0.2) / WIDTH, y0, SIDE_WIDTH / WIDTH, h])
            h_in = h * fig.get_figheight()
            for marker, offset, _, item in side_items:
                for artist in (marker, item):
                    if artist is not None:
                        artist.set_y(1 - offset / h_in)
        if key:
            _draw_labels(fig, ax, rows_to_label, lanes, ypos, avoid=[as_of_note])
    return fig


def _time_axis(ax, width: float) -> None:
    """Date ticks on the time axis: as many as fit ``width`` inches, a label each."""
    # the locator keeps to maxticks - 1 intervals over the span: one more tick than fit
    # whole intervals, as a span rarely starts on a tick
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max(3, int(width / 0.45) + 1))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _draw_events(ax, dated: pd.DataFrame, lanes: str, ypos: dict, colours: dict) -> None:
    for _, row in dated.iterrows():
        y = ypos[row[lanes]]
        colour = colours[row[lanes]]
        hollow = row["timing"] in ("upcoming", "overdue")
        if row["date_precision"] == "day":
            ax.plot(row["date_start"], y, marker="o", markersize=7, linestyle="none",
                    markerfacecolor="white" if hollow else colour, markeredgecolor=colour,
                    markeredgewidth=1.6, zorder=3)
        else:
            start = row["date_start"]
            width = (row["date_end"] + pd.Timedelta(days=1)) - start
            ax.barh(y, width, left=start, height=0.32, color="white" if hollow else colour,
                    edgecolor=colour, linewidth=1.4, linestyle="--" if hollow else "-",
                    alpha=1.0 if hollow else 0.85, zorder=2)
            # A span of a month is narrow on a decades axis: a tick keeps it visible.
            ax.plot(start + width / 2, y, marker="|", markersize=10, color=colour, zorder=3)


def _draw_counts(ax, dated: pd.DataFrame, lanes: str, ypos: dict):
    years = dated["date_start"].dt.year
    counts = dated.groupby([dated[lanes], years]).size()
    y0, y1 = int(years.min()), int(years.max())
    grid = np.zeros((len(ypos), y1 - y0 + 1))
    for (lane, year), n in counts.items():
        grid[ypos[lane], year - y0] = n
    edges_x = mdates.date2num([pd.Timestamp(year=y, month=1, day=1) for y in range(y0, y1 + 2)])
    edges_y = np.arange(len(ypos) + 1) - 0.5
    mesh = ax.pcolormesh(edges_x, edges_y, np.ma.masked_equal(grid, 0), cmap="viridis",
                         shading="flat")
    ax.xaxis_date()
    return mesh


def _key(fig, rows: pd.DataFrame) -> list[list]:
    """The key of the numbered events, in two columns (down the first, then the second),
    each entry a bold number and its date and summary wrapped to the column: footer blocks,
    one per line of entries."""
    entries = []
    for number, (_, row) in enumerate(rows.iterrows(), start=1):
        when = fmt.date_label(row["date_start"], row["date_end"], row["date_precision"])
        entries.append((str(number), f"{when}: {row['summary']}"))
    columns = 2 if len(entries) > 3 else 1
    col_width = (WIDTH - 0.3 * (columns - 1)) / columns
    number_width = _text_width(fig, str(len(entries)), SMALL, "bold") + 0.08
    per_column = (len(entries) + columns - 1) // columns
    blocks = []
    for i in range(per_column):
        block = []
        for c in range(columns):
            k = i + c * per_column
            if k >= len(entries):
                continue
            number, body = entries[k]
            x = c * (col_width + 0.3)
            block.append((fig.text(0, 0, number, fontsize=SMALL, fontweight="bold",
                                   ha="right", va="top"), x + number_width - 0.08))
            block.append((fig.text(0, 0, _wrap(fig, body, col_width - number_width, SMALL,
                                               max_lines=2),
                                   fontsize=SMALL, ha="left", va="top"), x + number_width))
        blocks.append(block)
    return blocks


def _draw_labels(fig, ax, rows: pd.DataFrame, lanes: str, ypos: dict, avoid=()) -> None:
    """Number the key events on the chart, in the order of the key.

    Each number sits in a circle just above its event; where the circle would overlap one
    placed before (or the "as of" note) it moves further up or below, then a little aside,
    always inside the chart, so no two numbers overlap whatever the density.
    """
    renderer = _renderer(fig)
    inside = ax.get_window_extent(renderer)
    placed = [a.get_window_extent(renderer).padded(1) for a in avoid]
    # up or down first, aside only a little: the number stays by its event
    steps = [(dx, dy) for dy in (10, 20, 30, 40, 50) for dx in (0, 10, -10, 20, -20)]
    candidates = [(dx, sign * dy)
                  for dx, dy in sorted(steps, key=lambda c: c[1] + 1.5 * abs(c[0]))
                  for sign in (1, -1)]
    for number, (_, row) in enumerate(rows.iterrows(), start=1):
        x = row["date_start"] + (row["date_end"] - row["date_start"]) / 2
        y = ypos[row[lanes]]
        ann = ax.annotate(str(number), (x, y), xytext=candidates[0], textcoords="offset points",
                          fontsize=SMALL, fontweight="bold", ha="center", va="center",
                          zorder=5, color="#222222", annotation_clip=False,
                          bbox={"boxstyle": "circle,pad=0.15", "fc": "white",
                                "ec": "#888888", "lw": 0.6})
        best = None
        for offset in candidates:
            ann.xyann = offset
            ann.update_positions(renderer)
            ann.update_bbox_position_size(renderer)
            box = ann.get_bbox_patch().get_window_extent(renderer).padded(1)
            within = (box.x0 >= inside.x0 and box.x1 <= inside.x1 and box.y0 >= inside.y0
                      and box.y1 <= inside.y1)
            clash = sum(box.overlaps(p) for p in placed)
            score = (not within, clash)
            if best is None or score < best[0]:
                best = (score, offset, box)
            if score == (False, 0):
                break
        ann.xyann = best[1]
        placed.append(best[2])


def _legend(fig) -> Legend:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Line2D([], [], marker="o", linestyle="none", color=GREY, label="held, exact day"),
        Patch(facecolor=GREY, edgecolor=GREY, alpha=0.85, label="held, month or year"),
        Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
               markeredgecolor=GREY, label="planned (hollow)"),
        Patch(facecolor="white", edgecolor=GREY, linestyle="--", label="planned, month or year"),
    ]
    return _footer_legend(fig, handles)


def _footer_legend(fig, handles) -> Legend:
    """A legend for the foot of a figure: one row if it fits the width, else fewer columns."""
    ncol = len(handles)
    while True:
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0),
                            ncol=ncol, fontsize=SMALL, handlelength=1.6, borderaxespad=0,
                            borderpad=0.2, columnspacing=1.4)
        if ncol == 1 or _size(fig, legend).width <= WIDTH:
            return legend
        legend.remove()
        ncol -= 1


def _undated_text(row: pd.Series) -> str:
    status = {"planned": " (planned)", "ongoing": " (ongoing)"}.get(row["status"], "")
    return f"{row['summary']}{status}"


def _undated_items(fig, side, undated: pd.DataFrame, lanes: str, colours: dict) -> list:
    """The list of undated engagements, each with its lane's colour: ``(marker, top, height,
    text)`` with ``top`` in inches under the top of the list."""
    title = side.text(0.0, 1.0, "Undated (not placed in time)", fontsize=8, fontweight="bold",
                      va="top", transform=side.transAxes)
    items = [(None, 0.0, _size(fig, title).height, title)]
    y = _size(fig, title).height + 0.07
    indent = 0.15
    for _, row in undated.head(UNDATED_LIMIT).iterrows():
        text = _wrap(fig, _undated_text(row), SIDE_WIDTH - indent, SMALL, max_lines=4)
        marker = side.text(0.0, 1.0, "\u25a0", color=colours.get(row[lanes], GREY),
                           fontsize=SMALL, va="top", transform=side.transAxes)
        item = side.text(indent / SIDE_WIDTH, 1.0, text, fontsize=SMALL, va="top",
                         transform=side.transAxes)
        h = _size(fig, item).height
        items.append((marker, y, h, item))
        y += h + 0.05
    return items


def _fit_undated(fig, side, items: list, total: int, budget: float) -> list:
    """Keep the items that fit ``budget`` inches, then a line saying how many more there
    are in the chronology."""
    more_height = _size(fig, items[0][3]).height + 0.05
    kept = list(items)
    while len(kept) > 1 and (kept[-1][1] + kept[-1][2] > budget - (
            more_height if len(kept) - 1 < total else 0)):
        marker, _, _, item = kept.pop()
        marker.remove()
        item.remove()
    if len(kept) - 1 < total:
        y = kept[-1][1] + kept[-1][2] + 0.05
        more = side.text(0.0, 1.0, f"+ {total - len(kept) + 1} more in the chronology",
                         fontsize=SMALL, color=GREY, va="top", transform=side.transAxes)
        kept.append((None, y, _size(fig, more).height, more))
    return kept


# --- counts by period -----------------------------------------------------------------------


def plot_counts_by_period(mix: pd.DataFrame, title: str = "Engagements by period",
                          labels: dict[str, str] | None = None, source: str = "",
                          top: int = 8, colours: dict[str, str] | None = None) -> Figure:
    """Stacked bars of engagement counts per period and domain (or type).

    The ``top`` most frequent keys get their own colour; the rest are grouped as "other".
    """
    if mix.empty:
        return empty_figure("No dated engagements to count for this pair and window.", source)
    labels = labels or {}
    data = mix.copy()
    if data.shape[1] > top:
        rest = data.columns[top - 1:]
        data = data.drop(columns=rest).assign(other=mix[rest].sum(axis=1))
    with house_style():
        fig = plt.figure(figsize=(WIDTH, 3.4))
        ax = fig.add_axes((0.1, 0.2, 0.6, 0.6))
        bottom = np.zeros(len(data))
        colours = colours or colour_map(data.columns)
        for col in data.columns:
            ax.bar(range(len(data.index)), data[col], bottom=bottom, color=colours.get(col, GREY),
                   width=0.7, label=labels.get(col, col))
            bottom += data[col].to_numpy()
        ax.set_xticks(range(len(data.index)), [str(i).replace(" (", "\n(") for i in data.index])
        ax.set_xlim(-0.5, len(data.index) - 0.5)
        ax.set_ylabel("engagements (one per domain)" if data.columns.name == "domain"
                      else "engagements")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
        left, _, right, _ = _decorations(fig, ax)
        _fit_ticks(fig, ax, WIDTH - left - right, len(data.index))
        ax.set_title(_wrap(fig, title, WIDTH - left, 11, "bold"))
        footer = [[(_source_text(fig, source), 0.0)]] if source else []
        _arrange(fig, [[(ax, 0.0, WIDTH, 2.2)]], footer)
    return fig


def _fit_ticks(fig, ax, width: float, n: int) -> None:
    """Fit the category labels of the x axis to ``width`` inches of axis: each label is
    wrapped to its share of the width; where a word is wider than that, every label is
    slanted."""
    if not n:
        return
    slot = width / n - 0.1
    texts = [t.get_text() for t in ax.get_xticklabels()]
    size = ax.get_xticklabels()[0].get_fontsize()
    if all(_text_width(fig, w, size) <= slot for t in texts for w in t.split()):
        ax.set_xticks(ax.get_xticks(), [_wrap(fig, t, slot / 0.98, size) for t in texts])
    else:
        for t in ax.get_xticklabels():  # each label ends at its tick
            t.set_rotation(45)
            t.set_rotation_mode("anchor")
            t.set_horizontalalignment("right")


# --- trade ----------------------------------------------------------------------------------

PANEL_HEIGHT = 1.4  # inches: the axes box of a trade panel


def plot_trade_values(table: pd.DataFrame, title: str = "Trade", source: str = "",
                      unit: str = "USD million") -> Figure:
    """Trade values, one panel per group of like periods (same basis and months).

    In each panel every value is a bar, sources side by side within a period (so conflicting
    values stand next to each other); reported values are solid, derived ones hatched and
    labelled "derived"; as soon as two periods of a panel are known a line joins the headline
    values. Periods on different bases never share a panel, so a partial year is never drawn
    as if comparable with a full year. Panels with few periods stand two to a row, the others
    take the whole width; period labels too many to stand side by side are slanted, values
    turned upright (or, too many even so, left to the table of figures).
    """
    from briefing import trade

    if table.empty:
        return empty_figure("No trade figures for this pair.", source)
    if table["period"].nunique() > MAX_BAR_PERIODS:
        return _plot_trade_lines(table, title, source, unit)
    groups = trade.comparable_groups(table)
    sources = list(dict.fromkeys(table["source_id"]))
    colours = colour_map(sources)
    heads = set(trade.headline(table)["observation_id"])
    with house_style():
        fig = plt.figure(figsize=(WIDTH, 5.0))
        heading = fig.suptitle(_wrap(fig, title, WIDTH, 11, "bold"), x=0, y=1, ha="left",
                               va="top", fontweight="bold", fontsize=11)
        # a lone panel takes the whole width
        half = (WIDTH - 0.3) / 2 if len(groups) > 1 else 0.0
        rows = []
        for panel_title, g in groups:
            ax = fig.add_axes((0.15, 0.2, 0.7, 0.6))
            needs, bars = _trade_panel(fig, ax, g, colours, heads, unit)
            if needs <= half and rows and len(rows[-1]) == 1 and rows[-1][0][2] == half:
                x0, x1 = half + 0.3, WIDTH  # beside the half-width panel before it
            else:
                x0, x1 = 0.0, (half if needs <= half else WIDTH)
                rows.append([])
            rows[-1].append((ax, x0, x1, PANEL_HEIGHT))
            left = _decorations(fig, ax)[0]
            _label_panel(fig, ax, x1 - x0 - left, bars)
            _fit_value_axis(fig, ax, PANEL_HEIGHT)
            ax.set_title(_wrap(fig, panel_title, x1 - x0 - left, 9, "bold"), fontsize=9)
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=colours[s], label=f"reported [{s}]") for s in sources
                   if (table[table["source_id"] == s]["method"] == "reported").any()]
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="///",
                             label="derived (computed from a reported value)"))
        footer = [[(_footer_legend(fig, handles), 0.0)]]
        if source:
            footer.append([(_source_text(fig, source), 0.0)])
        _arrange(fig, rows, footer, heading=heading)
    return fig


#: Share of a period's slot that its bars take.
BARS_WIDTH = 0.84


def _trade_panel(fig, ax, g: pd.DataFrame, colours: dict, heads: set,
                 unit: str) -> tuple[float, int]:
    """Draw one panel's bars and value labels; return the width in inches it needs for its
    labels to stand side by side, and the most bars of one period."""
    periods = list(dict.fromkeys(g.sort_values("period_start")["period"]))
    per_period = g.groupby("period").size()
    width = BARS_WIDTH / max(per_period.max(), 1)
    # a yearly axis is proportional to time: a missing year is a gap, not a closed ranks
    starts = g.groupby("period")["period_start"].min()
    yearly = g["period_basis"].isin(["calendar_year", "fiscal_year_in", "partial_year",
                                     "year_to_date"]).all()
    first = int(starts.min().year) if yearly else 0
    slot = {p: (int(starts[p].year) - first if yearly else i) for i, p in enumerate(periods)}
    head_points = []
    for period in periods:
        i = slot[period]
        rows = g[g["period"] == period].sort_values(["method", "source_id"],
                                                    ascending=[False, True])
        for j, (_, r) in enumerate(rows.iterrows()):
            x = i + width * (j + 0.5 - len(rows) / 2)  # a period's bars centred on its tick
            derived = r["method"] == "derived"
            ax.bar(x, r["value_norm"], width=width * 0.92,
                   color="white" if derived else colours[r["source_id"]],
                   edgecolor=colours[r["source_id"]], hatch="///" if derived else None,
                   linewidth=1.2)
            ax.annotate(f"{r['value_norm']:,.0f}" + ("\nderived" if derived else ""),
                        (x, r["value_norm"]), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=SMALL, linespacing=1.0,
                        fontstyle="italic" if derived else "normal",
                        path_effects=[withStroke(linewidth=2.5, foreground="white")])
            if r["observation_id"] in heads:
                head_points.append((x, r["value_norm"]))
    if len(head_points) >= 2:
        xs, ys = zip(*head_points)
        ax.plot(xs, ys, color="#333333", linewidth=1, marker=".", zorder=3)
    ax.set_xticks([slot[p] for p in periods], periods)
    ax.set_xlim(-0.5, max(slot.values()) + 0.5)
    ax.set_ylabel(g["unit_norm"].iloc[0] if "unit_norm" in g else unit)  # the panel's own
    ax.set_ylim(0, g["value_norm"].max() * 1.3)
    ax.grid(axis="x", visible=False)
    bars = int(per_period.max())
    left = _decorations(fig, ax)[0]
    tick = max(_size(fig, t).width for t in ax.get_xticklabels())
    value = max(_size(fig, t).width for t in ax.texts)
    slot = max(tick + 0.1, bars * (value + 0.05) / BARS_WIDTH)
    return left + 0.05 + slot * len(periods), bars


def _label_panel(fig, ax, width: float, bars: int) -> None:
    """Fit a panel's labels to its ``width`` inches: period labels wrapped or slanted
    (:func:`_fit_ticks`); values turned upright over their bars where they do not stand
    side by side, and where even upright they would touch, left to the table of figures."""
    n = len(ax.get_xticks())
    slot = width / max(n, 1)
    _fit_ticks(fig, ax, width, n)
    value_w = max(_size(fig, t).width for t in ax.texts)
    if bars * (value_w + 0.05) <= slot * BARS_WIDTH:
        return
    line_h = max(_size(fig, t).height for t in ax.texts if "\n" not in t.get_text())
    if bars * (line_h + 0.03) <= slot * BARS_WIDTH:
        for t in ax.texts:
            t.set_text(t.get_text().replace("\n", " "))
            t.set_rotation(90)
    else:
        for t in ax.texts:
            t.set_visible(False)


def _fit_value_axis(fig, ax, height: float) -> None:
    """Set the top of a panel's value axis so that every value label, over its bar, stays
    inside the panel's ``height`` inches."""
    top = ax.get_ylim()[1] / 1.3 * 1.08
    for t in ax.texts:
        if t.get_visible():
            room = 1 - (_size(fig, t).height + 0.08) / height
            top = max(top, t.xy[1] / max(room, 0.2))
    ax.set_ylim(0, top)


#: Above this many periods the trade chart draws lines instead of bars.
MAX_BAR_PERIODS = 24


def _plot_trade_lines(table: pd.DataFrame, title: str, source: str, unit: str) -> Figure:
    """Trade values for long series: per panel of like periods, the headline values as a
    line, every other source's value as a small dot, derived values as hollow markers."""
    from briefing import trade

    groups = trade.comparable_groups(table)
    heads = set(trade.headline(table)["observation_id"])
    with house_style():
        fig = plt.figure(figsize=(WIDTH, 5.0))
        rows, handles = [], {}
        for panel_title, g in groups:
            ax = fig.add_axes((0.15, 0.2, 0.7, 0.6))
            g = g.sort_values("period_start")
            head = g[g["observation_id"].isin(heads)]
            others = g[~g["observation_id"].isin(heads)]
            ax.plot(head["period_start"], head["value_norm"], color=PALETTE[0], linewidth=1,
                    label="headline value")
            if len(others):
                ax.plot(others["period_start"], others["value_norm"], linestyle="none",
                        marker=".", markersize=2, color=PALETTE[1], alpha=0.6,
                        label="other sources' values")
            derived = g[g["method"] == "derived"]
            if len(derived):
                ax.plot(derived["period_start"], derived["value_norm"], linestyle="none",
                        marker="o", markerfacecolor="white", color=PALETTE[5], label="derived")
            for line in ax.lines:
                handles.setdefault(line.get_label(), line)
            ax.set_ylabel(g["unit_norm"].iloc[0] if "unit_norm" in g else unit)
            ax.set_ylim(bottom=0)
            left = _decorations(fig, ax)[0]
            ax.set_title(_wrap(fig, f"{panel_title} ({len(g):,} values)", WIDTH - left, 9,
                               "bold"), fontsize=9)
            rows.append([(ax, 0.0, WIDTH, 1.2)])
        heading = fig.suptitle(_wrap(fig, title, WIDTH, 11, "bold"), x=0, y=1, ha="left",
                               va="top", fontweight="bold", fontsize=11)
        footer = [[(_footer_legend(fig, list(handles.values())), 0.0)]]
        if source:
            footer.append([(_source_text(fig, source), 0.0)])
        _arrange(fig, rows, footer, heading=heading)
    return fig
