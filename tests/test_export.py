"""The briefing as an nbconvert format: `jupyter nbconvert --to briefing` (and
`--to briefing_pdf`) from the installed package's entry points."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from nbconvert.exporters import get_export_names, get_exporter
from pypdf import PdfReader

from briefing.export import BriefingExporter, BriefingPDFExporter

pytestmark = pytest.mark.slow


def test_the_exporters_are_registered_under_their_names():
    names = get_export_names()
    assert "briefing" in names and "briefing_pdf" in names
    assert get_exporter("briefing") is BriefingExporter
    assert get_exporter("briefing_pdf") is BriefingPDFExporter
    # JupyterLab's export menu: the server serves /nbconvert/<name>/<path> for names of word
    # characters only, and labels each entry with the name capitalised ("Briefing",
    # "Briefing_pdf"); the download is named with the exporter's extension.
    assert all(re.fullmatch(r"\w+", n) for n in ("briefing", "briefing_pdf"))
    assert BriefingPDFExporter().file_extension == ".pdf"
    # the server sends the download with the exporter's mimetype
    assert BriefingPDFExporter().output_mimetype == "application/pdf"
    assert BriefingExporter().output_mimetype == "text/html"


def test_jupyter_nbconvert_to_briefing_on_an_executed_notebook(seed_build, tmp_path):
    executed = tmp_path / "10-timeline.ipynb"
    shutil.copy(seed_build / "notebooks" / "10-timeline.ipynb", executed)
    for fmt, out in (("briefing", "10-timeline.html"), ("briefing_pdf", "10-timeline.pdf")):
        proc = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", fmt,
                               str(executed)], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert (tmp_path / out).is_file(), proc.stderr[-2000:]
    html = (tmp_path / "10-timeline.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "load_facts(" not in html
    assert 'pair: str = "IND-KAZ"' not in html  # the parameters cell is removed
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert '<nav aria-label="Contents" class="toc">' in html
    assert 'src="data:image/png;base64,' in html
    text = "\n".join(p.extract_text() or "" for p in PdfReader(tmp_path / "10-timeline.pdf")
                     .pages)
    assert "Engagement timeline" in text and "Chronology" in text


@pytest.mark.parametrize("name, printed, left_out", [
    ("timeline.html", ("engagement_id", "summary", "source_id"), ("quote", "status_quote")),
    ("trade.html", ("observation_id", "value", "currency"), ("quote", "formula")),
])
def test_the_selected_facts_print_as_columns_that_fit_the_page(seed_build, name, printed,
                                                                left_out):
    """The analysis notebooks show their selected facts as a data frame: in the briefing
    only the print columns, and the table stays within the A4 text width."""
    from bs4 import BeautifulSoup
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    html = (seed_build / name).read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").find("table", class_="data-frame")
    heads = [th.get_text(strip=True) for th in table.find_all("th")]
    assert all(c in heads for c in printed) and not any(c in heads for c in left_out)
    found = 0
    for page in HTML(string=html, base_url=str(seed_build)).render().pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        todo = [box]
        while todo:
            b = todo.pop()
            if isinstance(b, boxes.TableBox) and "data-frame" in (b.element.get("class")
                                                                  or ""):
                found += 1
                assert b.position_x + b.margin_width() <= right + 0.5, name
            todo.extend(getattr(b, "children", None) or [])
    assert found >= 1
