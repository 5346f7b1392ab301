"""Marks attached to the letter they belong to, whatever order and place they were drawn in.

Glyphs are laid out by hand as producers draw them (one font, size 10, 1000 units/em):
each mark's ink box is what its font says, its pen origin what the producer chose.
"""

from __future__ import annotations

from pipeline.records import Glyph
from pipeline.thai.glyphs import FontEvidence
from pipeline.thai.layout import line_text
from pipeline.thai.order import build_clusters

SIZE = 10.0
FONT = "F"


def _layout(drawn, ink):
    """Glyphs from (text, pen x, advance in ems) in drawing order; ``ink``: text -> ink box (units)."""
    ev = FontEvidence()
    glyphs = []
    for seq, (text, x, adv) in enumerate(drawn):
        cid = ord(text[0])
        ev.ink[cid] = ink.get(text, (50, 0, adv * 1000 - 50, 500))
        glyphs.append((text, Glyph(text, cid, FONT, SIZE, x, 90.0, x + adv * SIZE, 100.0, seq)))
    return glyphs, {FONT: ev}


def _text(drawn, ink):
    chars, orphans = build_clusters(*_layout(drawn, ink))
    return line_text(chars), orphans


# Marks as most Thai fonts draw them: no advance, ink hanging left of the pen, over the letter.
HANGING = {"ิ": (-450, 600, -50, 800), "่": (-200, 850, -100, 1000), "ั": (-450, 600, -50, 800)}
# Marks that leave placing to the shaper (Noto Looped Thai): no advance, ink right of the pen.
PAST_PEN = {"ิ": (50, 600, 450, 800), "่": (50, 850, 150, 1000), "ั": (50, 600, 450, 800)}
# A monospaced font's marks: a cell of their own, ink inside it (TlwgMono, TlwgTypo).
OWN_CELL = {"ิ": (150, 600, 490, 800), "่": (430, 850, 490, 1000), "ั": (260, 600, 600, 800)}


# ปฏิบัติ as a non-shaping producer draws it: each mark zero-width at the pen its letter left
PATIBAT = [
    ("ป", 0, 0.6),
    ("ฏ", 6, 0.6),
    ("ิ", 12, 0),
    ("บ", 12, 0.6),
    ("ั", 18, 0),
    ("ต", 18, 0.6),
    ("ิ", 24, 0),
]


def test_marks_hanging_over_their_letter():
    drawn = PATIBAT
    assert _text(drawn, HANGING) == ("ปฏิบัติ", 0)


def test_marks_drawn_past_the_pen_belong_to_the_letter_typed_before():
    # unshaped: the mark's ink lands on the next letter, yet it was never placed there
    drawn = PATIBAT
    assert _text(drawn, PAST_PEN) == ("ปฏิบัติ", 0)


def test_marks_in_a_cell_of_their_own_join_their_letter_without_a_gap():
    # ที่ then ป in a monospaced font: every glyph 0.6 em, the marks in the cells after ท
    drawn = [("ท", 0, 0.6), ("ี", 6, 0.6), ("่", 12, 0.6), ("ป", 18, 0.6), ("ั", 24, 0.6), ("ก", 30, 0.6)]
    ink = {**OWN_CELL, "ี": (150, 600, 490, 800)}
    assert _text(drawn, ink) == ("ที่ปัก", 0)


def test_marks_drawn_before_their_letter():
    # เชื่อม with ื drawn before ช (after เ, which carries no mark) and ่ placed over ช
    drawn = [("เ", 0, 0.4), ("ื", 10, 0), ("ช", 4, 0.6), ("่", 10, 0), ("อ", 10, 0.6), ("ม", 16, 0.6)]
    ink = {"ื": (-450, 600, -50, 800), "่": (-200, 850, -100, 1000)}
    assert _text(drawn, ink) == ("เชื่อม", 0)


def test_a_positioned_mark_goes_where_its_ink_is():
    # the producer placed ิ over บ (pen moved back): the ink decides, not the letter drawn before
    drawn = [("ป", 0, 0.6), ("ฏ", 6, 0.6), ("บ", 12, 0.6), ("ิ", 12.5, 0)]
    assert _text(drawn, PAST_PEN) == ("ปฏบิ", 0)


def test_a_shaped_mark_at_the_pen_of_the_letter_before_its_own_goes_where_its_ink_is():
    # ปฏิบัติ in a monospaced font (marks with ink right of their pen) shaped by Chromium: each
    # mark is moved back over the letter drawn just before it, so its pen lands where the
    # letter before that one ended (ป for ิ of ฏ); that letter, drawn earlier, is not its base
    drawn = [
        ("ป", 0, 0.6),
        ("ฏ", 6, 0.6),
        ("ิ", 6, 0),
        ("บ", 12, 0.6),
        ("ั", 12, 0),
        ("ต", 18, 0.6),
        ("ิ", 18, 0),
    ]
    assert _text(drawn, PAST_PEN) == ("ปฏิบัติ", 0)
