"""What notebooks show a reader: figures with numbered captions, tables, sentences, notes.

Used as ``show.figure(...)``, ``show.table(...)``: every call displays one piece of the page.

Everything that reaches the HTML passes through here, and every piece of data text is
HTML-escaped on the way (a ``<script>`` in a fact shows as text). Figures are embedded as
PNG so the rendered briefing is self-contained.
"""

from __future__ import annotations

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
    body = df.to_html(index=index, escape=True, na_rep="", classes=classes, border=0,
                      max_rows=max_rows if max_rows is not None and len(df) > max_rows
                      else None)
    display(HTML(cap + body))


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


def source_line(facts: Facts, source_ids) -> str:
    """A source line for the given source ids: author, title, publisher, date."""
    src = facts.sources.set_index("source_id", drop=False)
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
