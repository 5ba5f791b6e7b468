"""The sources' scripts in the PDF and the charts: Devanagari (Hindi) from the font the
package ships, Cyrillic (Russian) and the typographic characters from DejaVu; characters no
font draws are found before printing."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from briefing import fonts, render
from briefing.facts import Facts

HINDI = "भारत और कज़ाख़स्तान"
RUSSIAN = "Казахстан и Индия"
PUNCTUATION = ["\u2019", "\u201c", "\u201d", "\u2013", "\u060c"]  # ’ “ ” – ،
TIBETAN = "བོད"
CJK = "中文"


def _page(title: str, markdown: str) -> str:
    """The briefing's HTML (project template and stylesheet) of a one-cell notebook."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown)])
    return render.render_html(nb, title, header_right="As of 7 April 2021")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> tuple[str, Path]:
    html = _page(f"{HINDI}: briefing",
                 f"## {HINDI}\n\n"
                 f"The minister\u2019s words: \u201c{HINDI}\u201d \u2013 {RUSSIAN}\u060c said.\n\n"
                 f"**{HINDI}** in bold, *{RUSSIAN}* in italics.\n")
    path = tmp_path_factory.mktemp("fonts") / "page.pdf"
    render.render_pdf(html, path)
    return html, path


def _fonts(path: Path) -> dict[str, dict]:
    """Every font the PDF's pages use: BaseFont without the subset tag -> font dictionary."""
    out = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            out[str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]] = font
    return out


def _to_unicode(font: dict) -> set[int]:
    """The code points a font's ToUnicode map gives its glyphs: the characters drawn in it."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, flags=re.S):
        for text in re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", block):
            out |= {ord(c) for c in bytes.fromhex(text).decode("utf-16-be")}
    return out


def _is_devanagari_font(name: str) -> bool:
    return "notosansdevanagari" in re.sub(r"[^a-z]", "", name.lower())


def test_the_pdf_text_extracts_back(pdf):
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in
                                         PdfReader(pdf[1]).pages))
    assert HINDI in text
    assert RUSSIAN in text
    for ch in PUNCTUATION:
        assert ch in text, f"{ch!r} lost in the PDF"


def test_devanagari_is_drawn_with_the_embedded_devanagari_font(pdf):
    used = _fonts(pdf[1])
    devanagari = [name for name in used if _is_devanagari_font(name)]
    assert devanagari, f"no Devanagari font in the PDF, only {sorted(used)}"
    assert any("Bold" in name for name in devanagari)  # the heading and the bold words
    letters = {ord(c) for c in HINDI if "\u0900" <= c <= "\u097f"}
    drawn = set()
    for name in devanagari:
        descriptor = used[name]["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
        drawn |= _to_unicode(used[name])
    assert letters <= drawn
    # no Devanagari letter is drawn by another font (that is how empty boxes come out)
    for name, font in used.items():
        if not _is_devanagari_font(name):
            assert not letters & _to_unicode(font), f"Devanagari drawn in {name}"


def test_cyrillic_and_punctuation_are_drawn_with_dejavu(pdf):
    used = _fonts(pdf[1])
    dejavu = set().union(*(_to_unicode(f) for n, f in used.items() if "DejaVu" in n))
    assert {ord(c) for c in RUSSIAN if c != " "} <= dejavu
    assert {ord(c) for c in PUNCTUATION} <= dejavu


def test_the_html_stays_self_contained(pdf):
    html = pdf[0]
    assert "Noto Sans Devanagari" in html  # named by the stylesheet, for browsers too
    assert "@font-face" not in html and not re.search(r"url\([^)]*\.(ttf|woff2?)", html)
    assert HINDI in html


def test_the_shipped_font_and_its_licence():
    files = {p.name for p in fonts.FONTS_DIR.iterdir()}
    assert {"NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", "OFL.txt",
            "README.md", "fonts.css"} <= files
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts.FONTS_DIR / "OFL.txt").read_text()
    css = fonts.FONT_FACES_CSS.read_text()
    for p in fonts.shipped_fonts():
        assert f"url({p.name})" in css


def test_missing_glyphs_flags_tibetan_and_cjk_only():
    assert fonts.missing_glyphs(HINDI) == []
    assert fonts.missing_glyphs(RUSSIAN) == []
    assert fonts.missing_glyphs("".join(PUNCTUATION) + " Zürich, Αθήνα, \u20b9 5") == []
    missing = fonts.missing_glyphs(f"{HINDI} {TIBETAN} {RUSSIAN} {CJK} {TIBETAN}")
    assert missing == [("བ", "TIBETAN LETTER BA"), ("ོ", "TIBETAN VOWEL SIGN O"),
                       ("ད", "TIBETAN LETTER DA"), ("中", "CJK UNIFIED IDEOGRAPH-4E2D"),
                       ("文", "CJK UNIFIED IDEOGRAPH-6587")]
    # character references in HTML count; joiners and variation selectors need no glyph
    assert fonts.missing_glyphs("<p>&#x0F40;</p>") == [("ཀ", "TIBETAN LETTER KA")]
    assert fonts.missing_glyphs("क\u094d\u200dष \u2764\ufe0f") == []


def test_missing_glyphs_without_the_shipped_font_flags_devanagari(monkeypatch):
    monkeypatch.setattr(fonts, "shipped_fonts", lambda: [])
    fonts.font_files.cache_clear()
    fonts.covered.cache_clear()
    try:
        assert [c for c, _ in fonts.missing_glyphs("भारत")] == ["भ", "ा", "र", "त"]
    finally:
        fonts.font_files.cache_clear()
        fonts.covered.cache_clear()


def test_the_checked_fonts_are_those_the_stylesheet_names():
    families = fonts.stylesheet_families()
    assert families[:2] == ["DejaVu Sans", "Noto Sans Devanagari"]
    assert "sans-serif" not in families and "monospace" not in families
    files = fonts.font_files()
    assert any(Path(f).name == "DejaVuSans.ttf" for f in files)
    assert {str(p) for p in fonts.shipped_fonts()} <= set(files)


def test_glyph_warning_names_the_characters_and_where():
    html = f"<h2>{HINDI}</h2><p>The Dalai Lama wrote \u201c{TIBETAN}\u201d in 1959.</p>"
    line = fonts.glyph_warning(html, "india-kazakhstan/briefing.html")
    assert line.startswith("warning: india-kazakhstan/briefing.html: 3 characters")
    assert "'བ' U+0F56 TIBETAN LETTER BA" in line
    assert "wrote \u201cབོད\u201d in 1959" in line
    assert fonts.glyph_warning(f"<p>{HINDI} {RUSSIAN}</p>", "x.html") is None


def test_facts_warnings_name_the_first_row(tmp_path):
    claims = pd.DataFrame({"claim_id": ["c-1", "c-2", "c-3"],
                           "quote": [HINDI, f"{CJK} and {TIBETAN}", f"{CJK} again"],
                           "value": [1.0, 2.0, 3.0]})
    facts = Facts(tmp_path, {"claims": claims}, {}, 0)
    lines = fonts.facts_warnings(facts)
    assert len(lines) == 1  # c-3 repeats characters already reported
    assert "claims.csv, claim_id 'c-2', column quote: 5 characters" in lines[0]
    assert "CJK UNIFIED IDEOGRAPH-4E2D" in lines[0] and "TIBETAN LETTER BA" in lines[0]


def test_the_project_facts_have_a_glyph_for_every_character():
    from briefing.facts import load_facts

    assert fonts.facts_warnings(load_facts()) == []


def test_charts_draw_devanagari_and_cyrillic_without_missing_glyphs():
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from briefing import charts

    assert charts.STYLE["font.family"][:2] == ["DejaVu Sans", "Noto Sans Devanagari"]
    found = font_manager.findfont(font_manager.FontProperties(family="Noto Sans Devanagari"),
                                  fallback_to_default=False)
    assert Path(found).parent == fonts.FONTS_DIR
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with charts.house_style():
            fig, ax = plt.subplots()
            ax.set_title(f"{HINDI} \u2013 {RUSSIAN}", fontweight="bold")
            ax.set_xlabel(f"\u201c{HINDI}\u201d\u060c {RUSSIAN}\u2019")
            fig.canvas.draw()
        plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing
