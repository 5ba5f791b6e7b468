"""The briefing as an nbconvert format: ``jupyter nbconvert --to briefing`` (HTML) and
``--to briefing_pdf`` (the same HTML printed by WeasyPrint), and a "Briefing" entry in
JupyterLab's File › Save and Export Notebook As.

Both are registered under the ``nbconvert.exporters`` entry point (``pyproject.toml``). They
render any notebook, executed or not, through the project's template: no code, no prompts,
no scripts, nothing fetched; the parameters cell removed; data text escaped.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import default

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


class PrintVersions(Preprocessor):
    """Show an output's print version where it has one: a data frame JupyterLab shows with
    every column is printed with the columns that fit the page (:func:`briefing.show.frame`)."""

    def preprocess_cell(self, cell, resources, index):
        from briefing.show import PRINT_MIME

        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if PRINT_MIME in data:
                data["text/html"] = data.pop(PRINT_MIME)
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
        # contents where the notebook asks for them (a briefing puts them after its
        # summary and key judgments), else after the title, never before it
        here = soup.find("div", class_="toc-here")
        title = soup.find("header", class_="title-block")
        if title is None and soup.find("h1") is not None:
            title = soup.find("h1").find_parent("div", class_="jp-RenderedMarkdown")
        if here is not None:
            here.replace_with(nav.extract())
        elif title is not None:
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


class BriefingExporter(HTMLExporter):
    """The house HTML: the ``briefing`` template, no input, no prompts, no stderr."""

    export_from_notebook = "Briefing (HTML)"

    @default("template_name")
    def _template_name_default(self):
        return TEMPLATE

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(config.TEMPLATES_DIR)]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("anchor_link_text")
    def _anchor_link_text_default(self):
        return ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(REMOVE_TAGS), enabled=True),
            enabled=True)
        self.register_preprocessor(DropStderr(), enabled=True)
        self.register_preprocessor(PrintVersions(), enabled=True)

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render with the page header taken from the notebook (its title, and its
        ``as_of`` when the parameters give one), then add the table of contents."""
        resources = dict(resources or {})
        title = str(nb.metadata.get("title") or _first_heading(nb)
                    or resources.get("metadata", {}).get("name", "Briefing"))
        nb.metadata["title"] = title
        page = {"header_left_css": css_string(title), "header_right_css": "", "footer": "",
                "created": ""}
        page.update(resources.get("briefing") or {})
        resources["briefing"] = page
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        return add_contents(html), resources


class BriefingPDFExporter(BriefingExporter):
    """The house HTML printed to A4 by WeasyPrint, with the package's fonts."""

    export_from_notebook = "Briefing (PDF)"
    #: what Jupyter's export download is served as (it reads this attribute)
    output_mimetype = "application/pdf"

    # as nbconvert's own WebPDFExporter: a .pdf file from the HTML template
    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self):
        return ".html.j2"

    def from_notebook_node(self, nb, resources=None, **kw):
        from weasyprint import HTML

        from briefing import fonts

        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        pdf = HTML(string=html, base_url=str(config.PROJ_ROOT)).write_pdf(
            **fonts.pdf_options())
        resources["output_extension"] = ".pdf"
        return pdf, resources


def _first_heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
