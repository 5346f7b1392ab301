"""The Thai repair's memos give exactly what the plain per-glyph code gives."""

from __future__ import annotations

from pipeline import thai
from pipeline.records import FontProgram, Glyph


def _glyphs():
    # the same few glyphs drawn many times, one of them with no text (a broken mapping)
    drawn = [("ก", 1), ("(cid:7)", 7), ("\uf70a", 9), ("า", 2), ("ก", 1)] * 40
    return [
        Glyph(t, cid, "F", 10.0, 5.0 * i, 90.0, 5.0 * i + 4, 100.0, i) for i, (t, cid) in enumerate(drawn)
    ]


def test_glyph_reader_reads_each_font_glyph_and_text_once_and_as_the_plain_code(monkeypatch):
    fonts: dict[str, FontProgram] = {}
    evidence = {"F": None}
    plain = [thai._glyph_text(g, evidence, fonts) for g in _glyphs()]
    calls = []
    real = thai._glyph_text
    monkeypatch.setattr(thai, "_glyph_text", lambda g, *a: calls.append(g) or real(g, *a))
    read = thai.glyph_reader(evidence, fonts)
    assert [read(g) for g in _glyphs()] == plain
    assert len(calls) == 4  # (F, 1, ก), (F, 7, (cid:7)), (F, 9, PUA), (F, 2, า)
