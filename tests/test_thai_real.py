"""The repair on real PDFs: budget bills against hand-verified lines, the Bang Na plan."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline import thai
from pipeline.pages import PageReader
from pipeline.thai.quality import broken_count

SHARED = Path(__file__).parents[1] / ".." / "shared"
REAL = SHARED / "real-pdfs"
pytestmark = pytest.mark.slow  # many pages of real PDFs, the whole Bang Na plan
# Issue 3 asks for CER <= 0.5% on the gold lines (pdfplumber alone: 21%).
MAX_CER = 0.005


def _norm(s: str, nospace: bool) -> str:
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", "", s) if nospace else re.sub(r"\s+", " ", s).strip()


def _distance(gold: str, text: str) -> int:
    """Edit distance of gold to its best-matching span of the page text."""
    al = fuzz.partial_ratio_alignment(gold, text)
    lo, hi = max(0, al.dest_start - len(gold)), min(len(text), al.dest_end + len(gold))
    window = text[lo:hi]
    best = len(gold)
    for i in range(len(window)):
        for j in range(i + max(1, len(gold) - 3), min(len(window), i + len(gold) + 3) + 1):
            best = min(best, Levenshtein.distance(gold, window[i:j], score_cutoff=best))
        if best == 0:
            break
    return best


@pytest.fixture(scope="module")
def budget_pages():
    gold_file = REAL / "gold-dev.jsonl"
    if not gold_file.exists():
        pytest.skip("shared real PDFs not available")
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {}
    for pdf in sorted({g["pdf"] for g in gold}):
        pages = sorted({g["page"] + 1 for g in gold if g["pdf"] == pdf})
        with PageReader(str(REAL / pdf), pdf) as reader:
            for page, repaired in thai.repair_pages(reader.pages(pages), reader.fonts):
                texts[(pdf, page.page_number - 1)] = thai.page_text(repaired)
    return gold, texts


@pytest.mark.parametrize("nospace", [False, True])
def test_budget_bills_cer(budget_pages, nospace):
    gold, texts = budget_pages
    dist = total = 0
    for g in gold:
        target = _norm(g["gold"], nospace)
        dist += _distance(target, _norm(texts[(g["pdf"], g["page"])], nospace))
        total += len(target)
    assert dist / total <= MAX_CER


def test_budget_bills_no_broken_patterns(budget_pages):
    _, texts = budget_pages
    assert {k: broken_count(t) for k, t in texts.items() if broken_count(t)} == {}


def test_budget_bill_known_words(budget_pages):
    _, texts = budget_pages
    page = texts[("budget-fy2565-14.pdf", 11)]
    assert "ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับ" in page  # (cid:205), (cid:201), marks moved
    assert "เพื่อนำผลงานวิจัยไปใช้ประโยชน์" in re.sub(r"\s+", "", page)
    toc = texts[("budget-fy2565-31.pdf", 4)]
    assert "หน่วยงานอื่นของรัฐ" in toc  # the table of contents' second broken mapping


@pytest.fixture(scope="module")
def bangna_texts(bangna_pages):
    """The repaired text of every Bang Na page (the session's pages, read once)."""
    _, _, repaired = bangna_pages
    return {p.page_number: thai.page_text(p) for p in repaired}


def test_bangna_no_broken_patterns(bangna_texts):
    bad = {n: broken_count(t) for n, t in bangna_texts.items() if broken_count(t)}
    assert bad == {}
    joined = "\n".join(bangna_texts.values())
    assert "(cid:" not in joined and "\ufffd" not in joined and "ำา" not in joined
    assert not re.search("[\ue000-\uf8ff]", joined)


def test_bangna_ambiguous_glyphs(bangna_texts):
    joined = "\n".join(bangna_texts.values())
    assert "น่าอยู่" in joined  # the ู glyph the ToUnicode map calls ่
    assert "ผู้" in joined and "ผ้่" not in joined
    assert "เพื่อ" in joined and "เพ่อื" not in joined
    assert "พื้นที่" in joined
