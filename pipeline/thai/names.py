"""What a font program says its glyphs are: glyph names, Unicode cmap, family name."""

from __future__ import annotations

import io
import re

from .rules import PUA_TO_THAI

_SUBSET_TAG = re.compile(r"^[A-Z]{6}(?:#\d+)?\+")  # "#n": a reused tag told apart (pages)
_STYLE = re.compile(r"[-,]?(Bold|Italic|Oblique|Regular|BoldItalic|BoldOblique|Book|Medium)$", re.I)
_UNI_NAME = re.compile(r"^(?:uni([0-9A-F]{4})|u([0-9A-F]{4,6}))", re.I)


def family(fontname: str) -> str:
    """Family of a PDF font name: subset tag and style suffix removed."""
    name = _SUBSET_TAG.sub("", fontname)
    for _ in range(2):
        name = _STYLE.sub("", name)
    return name.lower()


def thai_text(codepoint: int) -> str | None:
    if codepoint in PUA_TO_THAI:
        return PUA_TO_THAI[codepoint]
    if 0xE000 <= codepoint <= 0xF8FF or codepoint < 0x20:
        return None
    return chr(codepoint)


def text_of_name(name: str) -> str | None:
    """Character a glyph name stands for (``uni0E48.low`` -> ่), or None."""
    if not name or name.startswith("glyph") or name.startswith("."):
        return None
    stem = name.split(".")[0].split("_")[0]
    m = _UNI_NAME.match(stem)
    if m:
        return thai_text(int(m.group(1) or m.group(2), 16))
    from fontTools import agl

    text = agl.toUnicode(stem)
    if len(text) == 1:
        return thai_text(ord(text))
    return None


def open_font(program: bytes):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(program), lazy=True, fontNumber=0)


def names_and_cmap(font) -> dict[int, str]:
    """gid -> text from the program's own glyph names and Unicode cmap."""
    order = font.getGlyphOrder()
    out: dict[int, str] = {}
    if (
        "post" in font
        and getattr(font["post"], "formatType", 3.0) != 3.0
        or any(not n.startswith("glyph") for n in order[4:40])
    ):
        for gid, name in enumerate(order):
            text = text_of_name(name)
            if text:
                out[gid] = text
    if "cmap" in font:
        for table in font["cmap"].tables:
            if table.isUnicode() and (table.platformID, table.platEncID) != (3, 0):
                for cp, name in table.cmap.items():
                    text = thai_text(cp)
                    gid = font.getGlyphID(name)
                    if text and gid not in out:
                        out[gid] = text
    return out


def code_to_gid(font) -> dict[int, int] | None:
    """Char code -> gid for simple (non-CID) TrueType fonts with a symbolic cmap."""
    if "cmap" not in font:
        return None
    tables = {(t.platformID, t.platEncID): t for t in font["cmap"].tables}
    if (3, 1) in tables or (0, 3) in tables:
        return None
    table = tables.get((3, 0)) or tables.get((1, 0))
    if table is None:
        return None
    mapping = {}
    for code, name in table.cmap.items():
        mapping[code & 0xFF if code >= 0xF000 else code] = font.getGlyphID(name)
    return mapping
