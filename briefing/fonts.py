"""The briefing's fonts: what the PDF and the charts print with, and which characters none of
them can draw.

DejaVu (the Debian package ``fonts-dejavu-core``) draws Latin, Greek, Cyrillic, the
typographic quotes and dashes and the Arabic comma. It has no Devanagari, so the package ships
Noto Sans Devanagari (SIL Open Font License) in ``templates/briefing/fonts/``, beside its
licence and a README saying where it comes from. WeasyPrint loads it through
``fonts.css`` in the same folder (:func:`pdf_options`); matplotlib through
:func:`matplotlib_families`. The HTML itself names the family but embeds no font, so it stays
self-contained.

A character that no font covers is drawn as an empty box, and neither WeasyPrint nor
matplotlib fails. :func:`missing_glyphs` finds such characters before anything is printed,
:func:`glyph_warning` and :func:`facts_warnings` say where they are.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from briefing import config

#: The shipped fonts, their licence, their origin, and the @font-face rules naming them.
FONTS_DIR = config.TEMPLATES_DIR / "briefing" / "fonts"
FONT_FACES_CSS = FONTS_DIR / "fonts.css"
#: The stylesheets whose ``font-family`` lists decide which fonts the PDF may use.
STYLESHEETS = (config.TEMPLATES_DIR / "briefing" / "briefing.css", FONT_FACES_CSS)
#: Family names that are no font but whatever the machine maps them to.
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
                    "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "math", "emoji",
                    "fangsong", "inherit", "initial", "unset"}
#: The charts' fonts, in fallback order: DejaVu first, as before, then the shipped one.
MATPLOTLIB_FAMILIES = ["DejaVu Sans", "Noto Sans Devanagari"]


def shipped_fonts() -> list[Path]:
    """The font files shipped with the package."""
    return sorted(FONTS_DIR.glob("*.ttf"))


def pdf_options() -> dict:
    """Keyword arguments for WeasyPrint's ``write_pdf`` that add the shipped fonts:
    ``HTML(...).write_pdf(target, **pdf_options())``."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    faces = CSS(filename=str(FONT_FACES_CSS), font_config=font_config)
    return {"stylesheets": [faces], "font_config": font_config}


def matplotlib_families() -> list[str]:
    """Register the shipped fonts with matplotlib and return the ``font.family`` list to use:
    matplotlib falls back from one family to the next, glyph by glyph."""
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in shipped_fonts():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    return list(MATPLOTLIB_FAMILIES)


def stylesheet_families() -> list[str]:
    """Every font family the stylesheets name (generic families left out), in order."""
    names: dict[str, None] = {}
    for sheet in STYLESHEETS:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for value in re.findall(r"font-family\s*:\s*([^;}]+)", css):
            for name in value.split(","):
                name = name.strip().strip("\"'").strip()
                if name and name.lower() not in GENERIC_FAMILIES:
                    names[name] = None
    return list(names)


def _system_fonts() -> list[tuple[list[str], str]]:
    """(families, file) of every font fontconfig knows, through WeasyPrint's own binding of
    fontconfig (so this works wherever WeasyPrint does, without the ``fc-list`` program)."""
    from weasyprint.text.ffi import ffi, fontconfig

    fc_config = ffi.gc(fontconfig.FcInitLoadConfigAndFonts(), fontconfig.FcConfigDestroy)
    fontset = fontconfig.FcConfigGetFonts(fc_config, fontconfig.FcSetSystem)
    value = ffi.new("FcChar8 **")
    out = []
    for i in range(fontset.nfont if fontset != ffi.NULL else 0):
        pattern = fontset.fonts[i]
        families, n = [], 0
        while fontconfig.FcPatternGetString(pattern, b"family", n,
                                            value) == fontconfig.FcResultMatch:
            families.append(ffi.string(value[0]).decode("utf-8", "replace"))
            n += 1
        if fontconfig.FcPatternGetString(pattern, b"file", 0, value) == fontconfig.FcResultMatch:
            out.append((families, ffi.string(value[0]).decode("utf-8", "replace")))
    return out


def _cmap(path: str) -> set[int]:
    """The code points a font file maps to glyphs (every font of a collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.lower().endswith((".ttc", ".otc")):
            fonts = TTCollection(path, lazy=True).fonts
        else:
            fonts = [TTFont(path, lazy=True)]
        return {cp for font in fonts for cp in (font.getBestCmap() or {})}
    except Exception:  # an unreadable font covers nothing
        return set()


@lru_cache(maxsize=1)
def font_files() -> tuple[str, ...]:
    """The files of every font the PDF may use: the shipped ones, and the installed fonts of
    the families the stylesheets name."""
    wanted = {name.casefold() for name in stylesheet_families()}
    files = [str(p) for p in shipped_fonts()]
    files += sorted({file for families, file in _system_fonts()
                     if any(f.casefold() in wanted for f in families)})
    return tuple(files)


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """The code points that at least one of :func:`font_files` draws."""
    return frozenset(cp for path in font_files() for cp in _cmap(path))


def _drawn(ch: str) -> bool:
    """Whether a character is drawn at all: controls, format characters (zero-width joiners,
    soft hyphens, direction marks) and variation selectors are not, so need no glyph."""
    cp = ord(ch)
    return not (unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
                or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF)


def char_name(ch: str) -> str:
    """``U+0F40 TIBETAN LETTER KA``: the code point and the Unicode name (whose first word is
    usually the script)."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def missing_glyphs(text: str) -> list[tuple[str, str]]:
    """The characters of ``text`` that no font of the briefing draws, each once, in order of
    first appearance, with their Unicode name: ``[("ཀ", "TIBETAN LETTER KA")]``.

    ``text`` may be plain text or HTML (character references are decoded; tags, styles and
    data URIs are ASCII, which DejaVu covers). The fonts are the package's own
    (:func:`shipped_fonts`) and the installed fonts of every family the stylesheets name
    (``DejaVu Sans``, …). A character outside them prints as an empty box, or in whatever
    font the machine happens to have, so a PDF built elsewhere would differ: both are worth a
    warning. An empty list means every character has a glyph.
    """
    text = html.unescape(text)
    if text.isascii():
        return []
    have = covered()
    out: dict[str, str] = {}
    for ch in text:
        if ch not in out and ord(ch) not in have and _drawn(ch):
            out[ch] = unicodedata.name(ch, f"U+{ord(ch):04X}")
    return list(out.items())


def _visible(text: str) -> str:
    """The text of HTML as a reader sees it (roughly): no styles, scripts or tags."""
    text = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def _excerpt(text: str, ch: str, width: int = 30) -> str:
    i = text.find(ch)
    if i < 0:
        return ""
    start, end = max(0, i - width), min(len(text), i + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _warning(chars: list[str], where: str, excerpt: str) -> str:
    n = len(chars)
    shown = ", ".join(f"'{c}' {char_name(c)}" for c in chars[:5])
    more = f" and {n - 5} more" if n > 5 else ""
    at = f" \u201c{excerpt}\u201d" if excerpt else ""
    return (f"warning: {where}: {n} character{'s' if n != 1 else ''} that no font of the "
            f"briefing draws, printed as empty boxes in the PDF: {shown}{more}; first at{at}")


def glyph_warning(text: str, where: str) -> str | None:
    """One warning line if ``text`` (plain or HTML, e.g. a rendered page) has characters that
    :func:`missing_glyphs` finds, naming them and quoting the text around the first; None
    when every character has a glyph."""
    missing = missing_glyphs(text)
    if not missing:
        return None
    chars = [c for c, _ in missing]
    return _warning(chars, where, _excerpt(_visible(text), chars[0]))


def text_warnings(items: Iterable[tuple[str, str]]) -> list[str]:
    """Warning lines for ``(where, text)`` pairs: each missing character is reported once,
    at the first place it occurs; the characters first found at one place share a line."""
    seen: set[str] = set()
    lines = []
    for where, text in items:
        if not isinstance(text, str) or text.isascii():
            continue
        new = [c for c, _ in missing_glyphs(text) if c not in seen]
        if new:
            seen.update(new)
            lines.append(_warning(new, where, _excerpt(html.unescape(text), new[0])))
    return lines


def facts_warnings(facts) -> list[str]:
    """Warning lines for the characters of the fact tables (quotes, names, titles) that no
    font of the briefing draws, each at the first row that has it: ``claims.csv,
    claim_id 'c-07', column quote``. ``facts`` is a :class:`briefing.facts.Facts`."""

    def cells():
        for table, df in facts.tables.items():
            if df.empty:
                continue
            key = df.columns[0]
            for column in df.columns:
                if df[column].dtype.kind in "biufcmM":  # numbers and dates: no text
                    continue
                for row_id, value in zip(df[key], df[column]):
                    yield f"{table}.csv, {key} {row_id!r}, column {column}", value

    return text_warnings(cells())
