"""What notebooks show a reader: figures with numbered captions, tables, sentences, notes.

Used as ``show.figure(...)``, ``show.table(...)``: every call displays one piece of the page.

Everything that reaches the HTML passes through here, and every piece of data text is
HTML-escaped on the way (a ``<script>`` in a fact shows as text). Figures are embedded as
PNG so the rendered briefing is self-contained.
"""

from __future__ import annotations

import hashlib
import html
import io

import pandas as pd
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from briefing import fmt, knowledge, vocab
from briefing.facts import Facts


def esc(text: object) -> str:
    """HTML-escape any value for insertion into the briefing."""
    return html.escape("" if text is None else str(text), quote=True)


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes."""
    from briefing.charts import house_style

    buf = io.BytesIO()
    with house_style():  # tick labels are made while saving: in the house style too
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def figure(fig: Figure, caption: str, source: str = "") -> None:
    """Display a figure as an embedded PNG followed by its numbered caption; close it."""
    import matplotlib.pyplot as plt

    display(Image(data=figure_png(fig), format="png"))
    plt.close(fig)
    src = f' <span class="source">{esc(source)}</span>' if source else ""
    display(HTML(f'<p class="figure-caption">{esc(caption)}{src}</p>'))


#: A table of at most this many rows prints on one page (it moves whole to the next).
KEEP_TOGETHER = 12


def table(df: pd.DataFrame, caption: str = "", index: bool = True,
          classes: str = "briefing-table", max_rows: int | None = None) -> None:
    """Display a table (its text escaped) with an optional caption above it.

    Above ``max_rows`` rows only the first and last halves are shown, with a row of "…"
    between them, and the caption says how many rows there are.
    """
    if df.empty:  # a table with no rows says so in words
        notice((f"{caption} " if caption else "") + "None in the data.")
        return
    if max_rows is not None and len(df) > max_rows:
        caption = (f"{caption} " if caption else "") + (
            f"Showing the first and last {max_rows // 2:,} of {fmt.count(len(df), 'row')}.")
    cap = f'<p class="table-caption">{esc(caption)}</p>' if caption else ""
    if len(df) <= KEEP_TOGETHER:
        classes += " keep-together"   # a short table is not split across pages
    body = df.to_html(index=index, escape=True, na_rep="", classes=classes, border=0,
                      max_rows=max_rows if max_rows is not None and len(df) > max_rows
                      else None)
    display(HTML(cap + body))


#: The MIME type of a data frame's print version (:func:`frame`): the house exporter
#: (:mod:`briefing.export`) shows it in place of the ``text/html`` JupyterLab shows.
PRINT_MIME = "application/vnd.briefing.print+html"


#: Values up to this many characters are kept on one line in a data frame's table.
SHORT = 24


def _cell_text(series: pd.Series) -> pd.Series:
    """A column as the text a reader sees: days as ``YYYY-MM-DD``, numbers in full with
    thousands separators, missing values empty."""
    if pd.api.types.is_datetime64_any_dtype(series):
        times = series.dropna()
        form = "%Y-%m-%d" if (times == times.dt.normalize()).all() else "%Y-%m-%d %H:%M"
        return series.dt.strftime(form).fillna("")
    if pd.api.types.is_float_dtype(series):
        return series.map(lambda x: "" if pd.isna(x) else f"{x:,.12g}")
    if pd.api.types.is_integer_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.map(lambda x: "" if pd.isna(x) else f"{x:,}")
    return series.map(lambda x: "" if x is None or (not isinstance(x, str) and pd.isna(x))
                      else str(x))


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def styled_html(df: pd.DataFrame, max_rows: int = 200,
                classes: str = "briefing-table data-frame") -> str:
    """A frame as an HTML table by a pandas Styler: text (and dates, flags) left-aligned,
    numbers right-aligned, headers aligned with their columns, every value escaped.

    Above ``max_rows`` rows the first and last halves are shown with a row of "…" between.
    The table's id is derived from its content, so the same frame gives the same bytes (the
    builds are byte-identical).
    """
    text = pd.DataFrame({c: _cell_text(df[c]) for c in df.columns}, index=df.index)
    text.columns = [str(c) for c in df.columns]
    if max_rows is not None and len(text) > max_rows:
        half = max(max_rows // 2, 1)
        gap = pd.DataFrame([["\u2026"] * text.shape[1]], columns=text.columns)
        text = pd.concat([text.head(half), gap, text.tail(half)])
    text = text.reset_index(drop=True)
    left = [str(c) for c in df.columns if not _is_number(df[c])]
    right = [str(c) for c in df.columns if _is_number(df[c])]
    digest = hashlib.sha256(pd.util.hash_pandas_object(text, index=False).values.tobytes()
                            + "\x1f".join(text.columns).encode()).hexdigest()[:12]
    # short values (ids, dates, codes, numbers) are never broken at a hyphen; text wraps
    short = {c for c in text.columns if text[c].str.len().max() <= SHORT}
    styles = {c: [{"selector": "td", "props": "text-align: left;"
                   + (" white-space: nowrap;" if c in short else "")},
                  {"selector": "th", "props": "text-align: left;"}] for c in left}
    styles.update({c: [{"selector": "td", "props": "text-align: right;"
                        + (" white-space: nowrap;" if c in short else "")},
                       {"selector": "th", "props": "text-align: right;"}] for c in right})
    from pandas.io.formats.style import Styler

    styler = (Styler(text, uuid=digest, cell_ids=False).hide(axis="index")
              .format(escape="html").format_index(escape="html", axis=1)
              .set_table_attributes(f'class="{esc(classes)}"')
              .set_table_styles(styles, axis=0, overwrite=False)
              .set_table_styles([{"selector": "td, th", "props": "vertical-align: top;"}],
                                overwrite=False))
    return styler.to_html(cell_ids=False)


def frame(df: pd.DataFrame, caption: str, print_columns: list[str] | None = None,
          max_rows: int = 200) -> None:
    """Display a data frame as data, for an analyst to read beside the analysis.

    JupyterLab shows every column (:func:`styled_html`: text left-aligned, numbers right);
    the house HTML and PDF (:mod:`briefing.export`) show only ``print_columns`` of the same
    rows, so that a wide frame fits the page; the caption of each says which it is. Both are
    one output, a MIME bundle (``text/html`` for Lab, :data:`PRINT_MIME` for the briefing).
    """
    if df.empty:
        notice(f"{caption} None in the data.")
        return
    rows = fmt.count(len(df), "row")
    if len(df) > max_rows:
        rows += f", the first and last {max_rows // 2:,} shown"
    cols = [c for c in (print_columns or df.columns) if c in df.columns]
    lab_cap = (f"{caption} {rows}, every one of its {fmt.count(df.shape[1], 'column')} "
               "(the briefing prints fewer).")
    print_cap = (f"{caption} {rows}; {len(cols)} of its {fmt.count(df.shape[1], 'column')}"
                 " (the notebook shows every one).") if len(cols) < df.shape[1] else \
        f"{caption} {rows}."
    bundle = {
        "text/plain": f"<{len(df)} rows x {df.shape[1]} columns>",
        "text/html": f'<p class="table-caption">{esc(lab_cap)}</p>'
                     + styled_html(df, max_rows),
        PRINT_MIME: f'<p class="table-caption">{esc(print_cap)}</p>'
                    + styled_html(df[cols], max_rows),
    }
    display(bundle, raw=True)


def paragraphs(sentences: list[str], css_class: str = "summary") -> None:
    """Display sentences built from the numbers as one escaped paragraph each."""
    display(HTML("".join(f'<p class="{css_class}">{esc(s)}</p>' for s in sentences)))


def bullets(items: list[str], css_class: str = "facts-list") -> None:
    """Display an escaped bulleted list."""
    display(HTML(f'<ul class="{css_class}">' + "".join(f"<li>{esc(i)}</li>" for i in items)
                 + "</ul>"))


def notice(text: str) -> None:
    """Display a clear message in place of a section that has no data."""
    display(HTML(f'<p class="notice">{esc(text)}</p>'))


#: Up to this many sources are named in full under a chart; more are counted and named by
#: their ids, each fully described in the briefing's sources.
SOURCE_LINE_MAX = 3


def source_line(facts: Facts, source_ids) -> str:
    """A source line for the given source ids: author, title, publisher, date (for more than
    :data:`SOURCE_LINE_MAX` sources, their number and ids)."""
    src = facts.sources.set_index("source_id", drop=False)
    ids = [sid for sid in dict.fromkeys(source_ids) if sid in src.index]
    if len(ids) > SOURCE_LINE_MAX:
        from briefing import fmt

        return (f"Sources: {fmt.count(len(ids), 'source')} (each described under the sources): "
                + ", ".join(f"[{sid}]" for sid in ids) + ".")
    basis = vocab.labels("sources", "date_published_basis", facts.data_dir)
    parts = []
    for sid in dict.fromkeys(source_ids):
        if sid not in src.index:
            continue
        s = src.loc[sid]
        who = f"{s['author']}, " if s["author"] else ""
        parts.append(f"{who}\u201c{s['title']}\u201d, {s['publisher']}, "
                     f"{knowledge.published_words(s, basis)} [{sid}]")
    if not parts:
        return ""
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts) + "."


def html_block(html_text: str) -> None:
    """Display HTML built by the package (its data parts already escaped)."""
    display(HTML(html_text))


def title(title: str, stamp: str, note: str = "") -> None:
    """The briefing's title block: title, currency stamp ("As of …") and a note."""
    extra = f'<p class="title-note">{esc(note)}</p>' if note else ""
    display(HTML(f'<header class="title-block"><h1 class="briefing-title">{esc(title)}</h1>'
                 f'<p class="stamp">{esc(stamp)}</p>{extra}</header>'))
