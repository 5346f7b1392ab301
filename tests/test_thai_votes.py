"""Doubtful glyphs are decided by the whole document's words, not by its first pages.

A PDF in Loma (held out of the references) whose ToUnicode map calls sara i sara ii (a
confusable pair: the shapes leave the glyph in doubt).  Its first page says only words that
read as well either way (มิได้/มีได้, ติชม/ตีชม); the next page's words read only with sara i.
Before, the vote closed on the first page's words and the producer's claim was kept for the
whole document (``ประสีทธีภาพ``).
"""

from __future__ import annotations

import re

import pytest

from pipeline import thai
from pipeline.pages import PageReader
from pipeline.sources import read_pages
from pipeline.thai import shapes
from pipeline.thai.votes import DocumentVotes
from tests import heldout_fonts as hf

LOMA = hf.TLWG / "Loma.ttf"
pytestmark = [
    pytest.mark.skipif(not LOMA.exists(), reason="fonts-thai-tlwg not installed"),
    pytest.mark.slow,  # the held-out font is classified by shape
]
PAGES = [
    ["สำนักงานเขตบางนา", "มิได้ มิใช่ ติชม มิตร"],
    ["ประสิทธิภาพ กิจกรรม พิจารณา ผลิต", "สิ่งแวดล้อม ทิศทาง ติดตั้ง คิด บริการ", "ปฏิบัติ สิทธิ ผลผลิต ความคิด"],
]


def _build(out, pages=PAGES):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "VotesLoma" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("VotesLoma", str(LOMA)))
    c = canvas.Canvas(str(out), pagesize=(595, 842), pageCompression=0)
    for lines in pages:
        for i, line in enumerate(lines):
            c.setFont("VotesLoma", 14)
            c.drawString(40, 800 - 28 * i, line)
        c.showPage()
    c.save()
    # the producer's map calls sara i (U+0E34) sara ii (U+0E35); same length, the xref stays right
    data, n = re.subn(rb"(<[0-9A-F]{2}> <)0E34(>)", rb"\g<1>0E35\2", out.read_bytes())
    assert n == 1
    out.write_bytes(data)
    return out


def test_the_whole_document_decides_what_its_first_page_alone_decides_wrongly(tmp_path):
    pdf = _build(tmp_path / "votes.pdf")
    with shapes.held_out("Loma"), PageReader(str(pdf), pdf.stem) as reader:
        first = thai.page_text(thai.repair_page(next(reader.pages([1])), reader.fonts))
    # the first page alone: every word reads either way, the producer's claim stands
    assert first == "สำนักงานเขตบางนา\nมีได้ มีใช่ ตีชม มีตร"
    with shapes.held_out("Loma"):
        pages = list(read_pages(pdf, pdf.stem))
    texts = ["\n".join(lines) for lines in PAGES]
    assert [thai.page_text(p.repaired) for p in pages] == texts
    assert [p.content.page_number for p in pages] == [1, 2]
    # the decision is recorded once, on the first page showing the glyph, with its evidence
    votes = [c for p in pages for c in p.repaired.changes if c.rule.startswith("glyph:document-vote")]
    assert len(votes) == 1 and votes[0].page == 1
    assert (votes[0].before, votes[0].after) == ("ี", "ิ") and " words; " in votes[0].rule


def test_a_decisive_vote_closes_early_and_nothing_waits(tmp_path):
    # the sara i words first: the vote is decided on page 1, no page is held back
    pdf = _build(tmp_path / "early.pdf", [PAGES[1], PAGES[0]])
    votes = DocumentVotes()
    with shapes.held_out("Loma"), PageReader(str(pdf), pdf.stem) as reader:
        source = reader.pages()
        stream = thai.repair_pages(source, reader.fonts, votes)
        page, repaired = next(stream)
        # handed back before the second page was read
        assert page.page_number == 1 and not any(v.closed is False for v in votes._votes.values())
        assert thai.page_text(repaired) == "\n".join(PAGES[1])
        rest = [thai.page_text(r) for _p, r in stream]
    assert rest == ["\n".join(PAGES[0])]
