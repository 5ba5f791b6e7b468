"""Rendering executed notebooks: HTML through the project's nbconvert template, PDF by
WeasyPrint from that same HTML.

The HTML has no code, no prompts, no parameters cells and no scripts; figures are embedded
as data URIs, so the file is self-contained. Headings get stable ids and a table of
contents; figures and tables are numbered by the stylesheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from briefing import config

TEMPLATE = "briefing"
#: Cells never shown to a reader: the parameter cells and anything tagged for removal.
REMOVE_TAGS = ("parameters", "injected-parameters", "remove-cell")


class DropStderr(Preprocessor):
    """Remove stderr streams (warnings, progress bars): they are for the developer."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") ==
                                    "stderr")]
        return cell, resources


def css_string(text: str) -> str:
    """Escape text for a CSS string literal (``content: "…"``)."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "<>\n\r" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return "".join(out)


def exporter() -> HTMLExporter:
    """The HTML exporter configured with the project's template."""
    exp = HTMLExporter(template_name=TEMPLATE,
                       extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                       exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True, anchor_link_text="")
    remove = TagRemovePreprocessor(remove_cell_tags=set(REMOVE_TAGS), enabled=True)
    exp.register_preprocessor(remove, enabled=True)
    exp.register_preprocessor(DropStderr(), enabled=True)
    return exp


def render_html(nb: nbformat.NotebookNode, title: str, header_right: str = "",
                footer: str = "", created: str = "") -> str:
    """Render an executed notebook to the briefing's self-contained HTML.

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
    html, _ = exporter().from_notebook_node(nb, resources=resources)
    return add_contents(html)


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def add_contents(html: str) -> str:
    """Give every h2 a stable id and fill the table of contents with links to them."""
    soup = BeautifulSoup(html, "html.parser")
    nav = soup.find("nav", class_="toc")
    used: set[str] = set()
    items = []
    renamed: dict[str, str] = {}
    for h in soup.find_all("h2"):
        text = h.get_text(" ", strip=True).rstrip("\u00b6").strip()
        old = h.get("id")
        h["id"] = _slug(text, used)
        if old:
            renamed[f"#{old}"] = f"#{h['id']}"
        items.append((h["id"], text))
    # links to a renamed heading (its own anchor link among them) follow it
    for a in soup.find_all("a", href=True):
        if a["href"] in renamed:
            a["href"] = renamed[a["href"]]
    if nav is not None:
        nav.clear()
        # contents after the title, not before it
        title = soup.find("header", class_="title-block")
        if title is None and soup.find("h1") is not None:
            title = soup.find("h1").find_parent("div", class_="jp-RenderedMarkdown")
        if title is not None:
            title.insert_after(nav.extract())
        if len(items) >= 2:
            heading = soup.new_tag("h2")
            heading.string = "Contents"
            ol = soup.new_tag("ol")
            for anchor, text in items:
                li = soup.new_tag("li")
                a = soup.new_tag("a", href=f"#{anchor}")
                a.string = text
                li.append(a)
                ol.append(li)
            nav.append(heading)
            nav.append(ol)
    return str(soup)


def render_pdf(html: str, path: Path, base_url: Path | None = None) -> None:
    """Print the HTML to an A4 PDF with WeasyPrint, with the fonts the package ships."""
    from weasyprint import HTML

    from briefing import fonts

    HTML(string=html, base_url=str(base_url or config.PROJ_ROOT)).write_pdf(
        str(path), **fonts.pdf_options())
