"""Held-out fonts: Thai text drawn in a font the repair may not know, its text layer broken.

The PDF is drawn with reportlab, which embeds a subset of the font with its glyph names
stripped (post format 3) and a one-byte code per glyph; the ToUnicode map is then left,
removed or rewritten:

- ``keep``: the producer's map, right (the control);
- ``none``: no ToUnicode (the text comes from a code page nobody can read);
- ``marks-latin``: every mark and vowel sign called a Latin letter (``ตัavวชีxaวัvด``);
- ``scrambled``: the Thai entries permuted among themselves (a rewritten map: every
  entry is a plausible Thai letter, none is right);
- ``aa-as-am``: sara aa called sara am (the Excel books: ``กำรพัฒนำ``).

Run the repair inside ``shapes.held_out(family)`` so neither the exact outlines nor the
shapes of the font's own family are among the references: its glyphs must be named
from other fonts' shapes and the document's words.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

TLWG = Path("/usr/share/fonts/truetype/tlwg")
NOTO = Path("/usr/share/fonts/truetype/noto")
ARUNDINA = Path("/usr/share/fonts/truetype/arundina")
FALLBACK = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
VARIANTS = ("keep", "none", "marks-latin", "scrambled", "aa-as-am")
# Lines of a district plan and budget book (every mark and tone, sara am and sara aa, tall letters).
TEXT = [
    "แผนปฏิบัติราชการประจำปี พ.ศ. 2569 ของสำนักงานเขตบางนา",
    "ยุทธศาสตร์ที่ 1 มหานครปลอดภัย ลดอุบัติเหตุและอาชญากรรม",
    "ตัวชี้วัดความสำเร็จ ร้อยละของผู้ใช้บริการที่พึงพอใจ",
    "งบประมาณทั้งสิ้น 12,345,600 บาท จากเงินอุดหนุนทั่วไป",
    "ฝ่ายโยธา ฝ่ายรักษาความสะอาดและสวนสาธารณะ ฝ่ายปกครอง",
    "โครงการพัฒนาคุณภาพชีวิตผู้สูงอายุและคนพิการในชุมชน",
    "การป้องกันและแก้ไขปัญหายาเสพติดในสถานศึกษา",
    "ค่าเป้าหมาย ไม่น้อยกว่าร้อยละ 80 ของครัวเรือนทั้งหมด",
    "น้ำท่วมขังบนถนนสายหลัก ระบายน้ำได้ภายในสามชั่วโมง",
    "ส่งเสริมเศรษฐกิจฐานรากและหญิงฐานะยากจนให้มีรายได้เพิ่มขึ้น",
    "ปรับปรุงภูมิทัศน์ริมคลองให้สะอาด ร่มรื่น ปลอดภัย",
    "เชื่อมโยงข้อมูลสารสนเทศของกรุงเทพมหานครกับหน่วยงานอื่น",
    "จัดเก็บภาษีที่ดินและสิ่งปลูกสร้างได้ครบถ้วนตามเป้าหมาย",
    "สำนักงานเขตมีพันธกิจหลักในการพัฒนาและให้บริการประชาชน",
    "ผู้รับผิดชอบ ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
    "อบรมเชิงปฏิบัติการเพื่อเพิ่มประสิทธิภาพของบุคลากร",
    "ติดตั้งกล้องโทรทัศน์วงจรปิดเพิ่มเติมในจุดเสี่ยงภัย",
    "ขุดลอกคูคลองและท่อระบายน้ำความยาวรวม 1,250 เมตร",
    "ร้อยละความสำเร็จของการดำเนินงานตามแผนปฏิบัติราชการ",
    "ตรวจสุขภาพประจำปีให้แก่ผู้ประกอบการร้านอาหารแผงลอย",
]
_MARKS_AND_SIGNS = set("ัิีึืุู็่้๊๋์ํำาะเแโใไๅ")
_SIZE = 14


def families() -> list[tuple[str, Path]]:
    """(family, regular font file) of every Thai font installed for the harness."""
    out = []
    for path in sorted(TLWG.glob("*.ttf")):
        if "-" not in path.stem:
            out.append((path.stem, path))
    for name in ("NotoSansThai", "NotoSerifThai", "NotoLoopedThai"):
        path = NOTO / f"{name}-Regular.ttf"
        if path.exists():
            out.append((name, path))
    for name in ("ArundinaSans", "ArundinaSerif"):
        path = ARUNDINA / f"{name}.ttf"
        if path.exists():
            out.append((name, path))
    return out


def gold() -> list[str]:
    """What a reader sees on the page, one string per line (NFC)."""
    return [unicodedata.normalize("NFC", t) for t in TEXT]


def build(
    font: Path, out: Path, variant: str = "keep", seed: int = 9, lines: list[str] | None = None
) -> Path:
    """Draw ``lines`` (default TEXT) in ``font`` and break the ToUnicode map as ``variant`` says."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {VARIANTS}")
    name = f"HeldOut{font.stem.replace('-', '')}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font)))
    if "HeldOutFallback" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("HeldOutFallback", str(FALLBACK)))
    has = set(pdfmetrics.getFont(name).face.charToGlyph)
    c = canvas.Canvas(str(out), pagesize=(595, 842), pageCompression=0)
    y = 800.0
    for line in lines or TEXT:
        # what the font lacks (Noto Thai has no digits) is drawn by a fallback, as word processors do
        text = c.beginText(40, y)
        for ch in line:
            text.setFont(name if ord(ch) in has or ch == " " else "HeldOutFallback", _SIZE)
            text.textOut(ch)
        c.drawText(text)
        y -= 2 * _SIZE
    c.showPage()
    c.save()
    data = out.read_bytes()
    out.write_bytes(_break_to_unicode(data, variant, random.Random(seed)))
    return out


_ENTRY = re.compile(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>")


def _break_to_unicode(pdf: bytes, variant: str, rng: random.Random) -> bytes:
    """The PDF with its ToUnicode maps broken in place (same length: the xref stays right)."""
    if variant == "keep":
        return pdf
    if variant == "none":
        return pdf.replace(b"/ToUnicode ", b"/ToUnicodX ")

    def rewrite(block: re.Match) -> bytes:
        entries = _ENTRY.findall(block.group(0))
        thai = [u for _, u in entries if 0x0E01 <= int(u, 16) <= 0x0E5B]
        if variant == "scrambled":
            shuffled = thai[:]
            rng.shuffle(shuffled)
            swap = dict(zip(thai, shuffled, strict=True))
        else:
            swap = {}
        latin = iter("avxouwzqkjvxaouwzqkj" * 4)

        def entry(m: re.Match) -> bytes:
            code, uni = m.group(1), m.group(2)
            ch = chr(int(uni, 16))
            if variant == "scrambled" and uni in swap:
                uni = swap[uni]
            elif variant == "marks-latin" and ch in _MARKS_AND_SIGNS:
                uni = f"{ord(next(latin)):04X}".encode()
            elif variant == "aa-as-am" and ch == "า":
                uni = b"0E33"
            return b"<" + code + b"> <" + uni + b">"

        return _ENTRY.sub(entry, block.group(0))

    return re.sub(rb"begincmap.*?endcmap", rewrite, pdf, flags=re.S)


def read_text(pdf: Path) -> str:
    """The repaired text of the PDF's first page (pages + thai stages, as ``bkkplan text``)."""
    from pipeline import thai
    from pipeline.pages import PageReader

    with PageReader(str(pdf), pdf.stem) as reader:
        page = next(reader.pages([1]))
        return thai.page_text(thai.repair_page(page, reader.fonts))


def cer(text: str, lines: list[str], spaces: bool = True) -> float:
    """Character error rate of the text against the gold lines (optionally ignoring spaces)."""
    from rapidfuzz.distance import Levenshtein

    want = "\n".join(lines)
    got = unicodedata.normalize("NFC", text)
    if not spaces:
        want, got = re.sub(r"\s", "", want), re.sub(r"\s", "", got)
    return Levenshtein.distance(got, want) / max(len(want), 1)


def build_other_font_words(out: Path, body: Path, other: Path, lines: list[tuple[str, str]]) -> Path:
    """Each line's text in ``body``, its last word in ``other``, whose ToUnicode map is dropped.

    A word set in a second font (a unit after a number, a term pasted from elsewhere) whose
    map the producer left out: pdfplumber reads nothing for it (the lost ``บาท``).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    names = []
    for font in (body, other):
        name = f"HeldOut{font.stem.replace('-', '')}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font)))
        names.append(name)
    c = canvas.Canvas(str(out), pagesize=(595, 842), pageCompression=0)
    y = 800.0
    for text, word in lines:
        t = c.beginText(40, y)
        t.setFont(names[0], _SIZE)
        t.textOut(text + " ")
        t.setFont(names[1], _SIZE)
        t.textOut(word)
        c.drawText(t)
        y -= 2 * _SIZE
    c.showPage()
    c.save()
    tag = re.escape(other.stem.encode())
    data = re.sub(
        rb"<<[^<>]*/BaseFont /\w+\+" + tag + rb"[^<>]*>>",
        lambda m: m.group(0).replace(b"/ToUnicode ", b"/ToUnicodX "),
        out.read_bytes(),
    )
    out.write_bytes(data)
    return out


LAYOUT_FAULTS = ("plain", "marks-first", "doubled", "fake-bold", "double-font")


def build_layout(font: Path, out: Path, fault: str = "plain", lines: list[str] | None = None) -> Path:
    """Draw ``lines`` glyph by glyph at the pen a non-shaping producer keeps, with a layout fault.

    Every glyph is its own text object placed where its advance puts it (the ToUnicode map
    stays right: only the drawing is at fault):

    - ``plain``: in typing order (the control);
    - ``marks-first``: each letter's marks drawn before the letter, at their right place
      (the content-stream order of ``เืช่อมโยง``);
    - ``doubled``: every glyph drawn twice at the same place (a producer's double draw);
    - ``fake-bold``: every line drawn again 0.3 pt to the right (bold faked by overprinting);
    - ``double-font``: every line drawn again at the same place by a second font resource
      made from the same file (two names for one font: the copy is not the same font's glyph).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if fault not in LAYOUT_FAULTS:
        raise ValueError(f"unknown fault {fault!r}; one of {LAYOUT_FAULTS}")
    names = []
    for suffix in ("", "Copy"):
        name = f"HeldOut{font.stem.replace('-', '')}{suffix}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font)))
        names.append(name)
    if "HeldOutFallback" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("HeldOutFallback", str(FALLBACK)))
    has = set(pdfmetrics.getFont(names[0]).face.charToGlyph)
    c = canvas.Canvas(str(out), pagesize=(595, 842), pageCompression=0)

    def draw(clusters, y, name, dx=0.0):
        for cluster in clusters:
            for x, ch in cluster:
                c.setFont(name if ord(ch) in has else "HeldOutFallback", _SIZE)
                c.drawString(x + dx, y, ch)
                if fault == "doubled":
                    c.drawString(x + dx, y, ch)

    y = 800.0
    for line in lines or TEXT:
        clusters: list[list[tuple[float, str]]] = []
        pen = 40.0
        for ch in line:
            name = names[0] if ord(ch) in has else "HeldOutFallback"
            if ch in _COMBINING and clusters:
                clusters[-1].append((pen, ch))
            else:
                clusters.append([(pen, ch)])
            pen += pdfmetrics.stringWidth(ch, name, _SIZE)
        if fault == "marks-first":
            clusters = [cl[1:] + cl[:1] for cl in clusters]
        draw(clusters, y, names[0])
        if fault == "fake-bold":
            draw(clusters, y, names[0], 0.3)
        elif fault == "double-font":
            draw(clusters, y, names[1])
        y -= 2 * _SIZE
    c.showPage()
    c.save()
    return out


# Marks drawn on a letter (above or below it), sara am's ring included.
_COMBINING = set("ัิีึืุู็่้๊๋์ํ")
