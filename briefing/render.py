"""Rendering executed notebooks: HTML through the project's nbconvert template, PDF by
WeasyPrint from that same HTML.

The HTML has no code, no prompts, no parameters cells and no scripts; figures are embedded
as data URIs, so the file is self-contained. Headings get stable ids and a table of
contents; figures and tables are numbered by the stylesheet.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from briefing import config
from briefing.export import BriefingExporter, css_string


def render_html(nb: nbformat.NotebookNode, title: str, header_right: str = "",
                footer: str = "", created: str = "") -> str:
    """Render an executed notebook to the briefing's self-contained HTML (through
    :class:`briefing.export.BriefingExporter`, the same exporter ``jupyter nbconvert --to
    briefing`` uses).

    ``created`` (W3C date-time, from :func:`briefing.clock.build_time`) becomes the page's
    ``dcterms.created`` and ``dcterms.modified``, which WeasyPrint writes into the PDF's
    metadata; no other time is written, so a fixed ``SOURCE_DATE_EPOCH`` gives identical
    bytes.
    """
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    resources = {"briefing": {"header_left_css": css_string(title),
                              "header_right_css": css_string(header_right),
                              "footer": footer, "created": created}}
    html, _ = BriefingExporter().from_notebook_node(nb, resources=resources)
    return html


def render_pdf(html: str, path: Path, base_url: Path | None = None) -> None:
    """Print the HTML to an A4 PDF with WeasyPrint, with the fonts the package ships."""
    from weasyprint import HTML

    from briefing import fonts

    HTML(string=html, base_url=str(base_url or config.PROJ_ROOT)).write_pdf(
        str(path), **fonts.pdf_options())
