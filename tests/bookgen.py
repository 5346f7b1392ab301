"""Small district budget books built by the tests, laid out as the district offices print them.

``write_book(path, spec)`` draws a summary table (งบประมาณตามโครงสร้างงาน), each
programme's page (heading with รหัส, objective, activities, an indicator table) and the
detailed budget: a numbered tree with amounts in two right-aligned columns and no
ruling lines.  Fonts, margins and whether the indicator table is ruled vary by spec,
as they vary by producer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .pdfgen import A4, FONT_DIR, _register

Node = tuple[str | None, str, int | None, list]  # code, label, amount, children


@dataclass
class Programme:
    name: str
    code: str
    kpis: list[tuple[str, str, list[str]]]  # indicator, unit, six values (past … forward 3)
    tree: list[Node]  # level-1 lines of the detailed budget
    division: str = "ฝ่ายปกครอง"
    objective: str = "เพื่อให้บริการประชาชนอย่างมีประสิทธิภาพ"
    activities: tuple[str, ...] = ("อำนวยการและบริหารงานทั่วไป", "ประชาสัมพันธ์")

    @property
    def total(self) -> int:
        return sum(n[2] or 0 for n in self.tree)


@dataclass
class BookSpec:
    district: str = "ทดสอบ"
    year: int = 2565
    programmes: list[Programme] = field(default_factory=list)
    font: str = "Laksaman"
    margin: float = 60.0
    ruled_kpis: bool = True
    structure_total: int | None = None  # printed total of the summary (default: the true sum)
    detail_per_division: bool = False  # each division's detail after its programmes, not all at the end

    def divisions(self) -> list[tuple[str, list[Programme]]]:
        out: dict[str, list[Programme]] = {}
        for pr in self.programmes:
            out.setdefault(pr.division, []).append(pr)
        return list(out.items())


def _font(canvas, name: str, size: float, bold: bool = False) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    face = f"{name}-Bold" if bold else name
    if face not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face, str(FONT_DIR / f"{face}.ttf")))
    canvas.setFont(face, size)
    return face


def _money(v: int | None) -> str:
    return "-" if not v else f"{v:,}"


class _Page:
    """A cursor over pages: lines go down the page; a full page starts the next."""

    def __init__(self, canvas, spec: BookSpec):
        self.c, self.spec, self.y, self.number = canvas, spec, 60.0, 1

    def need(self, height: float) -> None:
        if self.y + height > A4[1] - 60:
            self.break_page()

    def break_page(self) -> None:
        _font(self.c, self.spec.font, 10)
        self.c.drawCentredString(A4[0] / 2, 30, str(self.number))
        self.c.showPage()
        self.y, self.number = 60.0, self.number + 1

    def text(
        self,
        x: float,
        s: str,
        size: float = 12,
        bold: bool = False,
        right: bool = False,
        centre: bool = False,
    ) -> None:
        _font(self.c, self.spec.font, size, bold)
        draw = self.c.drawRightString if right else self.c.drawCentredString if centre else self.c.drawString
        draw(x, A4[1] - self.y, s)

    def down(self, step: float = 18.0) -> None:
        self.y += step


def _summary(p: _Page, spec: BookSpec) -> None:
    m = spec.margin
    p.text(m + 20, f"งบประมาณรายจ่ายประจำปี {spec.year} ของสำนักงานเขต{spec.district}โดยสังเขป", 13, True)
    p.down(24)
    p.text(m, "ข) งบประมาณตามโครงสร้างงาน", 12, True)
    p.down()
    p.text(535, "(บาท)", right=True)
    p.down()
    for x, h in ((m + 90, "ฝ่าย/งาน/โครงการ"), (365, "เงินงบประมาณ"), (440, "เงินนอกงบประมาณ"), (515, "รวม")):
        p.text(x, h, 10, bold=True, centre=True)
    p.down()
    rows = []
    for division, progs in spec.divisions():
        rows.append((m, division, sum(pr.total for pr in progs)))
        rows += [(m + 8, pr.name, pr.total) for pr in progs]
    total = sum(pr.total for pr in spec.programmes)
    rows.append((m, "รวมงบประมาณตามโครงสร้างงาน", spec.structure_total or total))
    for x, label, v in rows:
        p.text(x, label)
        p.text(390, _money(v), right=True)
        p.text(465, "-", right=True)
        p.text(535, _money(v), right=True)
        p.down()
    p.break_page()


def _kpi_table(p: _Page, spec: BookSpec, pr: Programme) -> None:
    m, year = spec.margin, spec.year
    cols = [m + 175, m + 225, m + 275, m + 335, m + 395, m + 445, m + 495]  # right edges: unit … f3
    p.text(m + 160, "งบประมาณ/ประมาณการรายจ่ายล่วงหน้า/ค่าเป้าหมายของตัวชี้วัด", 11, True)
    p.down()
    heads = ["หน่วยนับ", "ปีที่ผ่านมา", "ปีปัจจุบัน", "งบประมาณ"] + [f"ปี {year + k}" for k in (1, 2, 3)]
    p.text(m, "เป้าหมายปฏิบัติงาน/ ตัวชี้วัด", 9, True)
    for x, h in zip(cols, heads, strict=True):
        p.text(x - 24, h, 9, True, centre=True)
    p.down(12)
    p.text(cols[3] - 24, f"ปี {year}", 9, True, centre=True)  # the plan year's heading on two lines
    p.down()
    money = [("รวมทั้งสิ้น", pr.total), ("เงินงบประมาณ", pr.total), ("เงินนอกงบประมาณ", None)]
    rows = [(ind, unit, vals) for ind, unit, vals in pr.kpis]
    rows += [(label, "บาท", ["", "", _money(v), "-", "-", "-"]) for label, v in money]
    for ind, unit, vals in rows:
        p.need(18)
        if spec.ruled_kpis:
            p.c.line(m - 4, A4[1] - p.y + 13, cols[-1] + 4, A4[1] - p.y + 13)
        p.text(m, ind, 11)
        p.text(cols[0] - 2, unit, 11, right=True)
        for x, v in zip(cols[1:], vals, strict=True):
            if v:
                p.text(x - 2, v, 11, right=True)
        p.down()
    if spec.ruled_kpis:
        p.c.line(m - 4, A4[1] - p.y + 13, cols[-1] + 4, A4[1] - p.y + 13)


def _programmes(p: _Page, spec: BookSpec, division: str, progs: list[Programme]) -> None:
    m = spec.margin
    p.text(m, division, 13, True)
    p.down()
    p.text(m, "มีภารกิจเกี่ยวกับการปกครอง การทะเบียน และการบริหารงานทั่วไปของสำนักงานเขต")
    p.down(26)
    for pr in progs:
        p.need(200)
        p.text(m, f"{pr.name} - รหัส {pr.code}", 12, True)
        p.down()
        p.text(m, f"วัตถุประสงค์ : “{pr.objective}”")
        p.down()
        p.text(m, "กิจกรรมหลัก : " + ", ".join(pr.activities))
        p.down(24)
        _kpi_table(p, spec, pr)
        p.down(20)
    p.break_page()


def _tree(p: _Page, spec: BookSpec, nodes: list[Node], depth: int) -> None:
    m = spec.margin
    for code, label, amount, children in nodes:
        p.need(18)
        leaf = bool(code) and "-" in code
        indent = m + (12 * depth if not leaf else 12 * depth + 10)
        text = f"{code} {label}" if code and not leaf else label
        if leaf:
            p.text(indent, code, 11)
            p.text(indent + 52, label, 11)
        else:
            p.text(indent, text, 11, bold=True)
        if amount is not None:
            x = 520 if leaf else 455
            p.text(x, f"{amount:,}", 11, right=True)
            p.text(x + 22, "บาท", 11, right=True)
        p.down()
        _tree(p, spec, children, depth + 1)


def _detail(p: _Page, spec: BookSpec, progs: list[Programme]) -> None:
    p.text(spec.margin + 100, "รายละเอียดงบประมาณจำแนกตามงบรายจ่าย", 13, True)
    p.down(24)
    for pr in progs:
        p.need(60)
        p.text(spec.margin, pr.name, 12, True)
        p.text(540, f"{pr.total:,} บาท", 12, right=True)
        p.down()
        _tree(p, spec, pr.tree, 0)
        p.down(12)
    p.break_page()


def write_book(path: Path, spec: BookSpec) -> Path:
    """Draw the book and return its path."""
    from reportlab.pdfgen.canvas import Canvas

    _register()
    canvas = Canvas(str(path), pagesize=A4)
    p = _Page(canvas, spec)
    _summary(p, spec)
    if spec.detail_per_division:
        for division, progs in spec.divisions():
            _programmes(p, spec, division, progs)
            _detail(p, spec, progs)
    else:
        for division, progs in spec.divisions():
            _programmes(p, spec, division, progs)
        _detail(p, spec, spec.programmes)
    canvas.save()
    return path


def sample_programmes() -> list[Programme]:
    """Two programmes with a tree of every kind of line: numbers, codes, categories, text."""
    admin = Programme(
        "งานอำนวยการและบริหารสำนักงานเขต",
        "1300001",
        [
            ("รับ-ส่ง หนังสือ", "เรื่อง", ["24,000", "25,000", "25,742", "26,000", "26,500", "27,000"]),
            ("ความพึงพอใจผู้รับบริการ", "ร้อยละ", ["", "", "95", "95", "95", "95"]),
        ],
        [
            ("1.", "งบบุคลากร", 3_420_800, [
                ("1.1", "เงินเดือน", 3_178_850, [
                    ("01101-2", "อัตราเดิม 9 อัตรา", 3_000_000, []),
                    ("01102-1", "เงินเลื่อนขั้น", 178_850, []),
                ]),
                ("1.2", "ค่าจ้างประจำ", 241_950, [("01201-1", "อัตราเดิม 1 อัตรา", 241_950, [])]),
            ]),
            ("2.", "งบดำเนินงาน", 500_000, [
                (None, "ค่าตอบแทน ใช้สอยและวัสดุ", 500_000, [
                    ("2.1", "ค่าตอบแทน", 200_000, [(None, "ค่าอาหารทำการนอกเวลา", None, [])]),
                    ("2.2", "ค่าวัสดุ", 300_000, [(None, "ค่าวัสดุสำนักงาน ค่าวัสดุคอมพิวเตอร์", None, [])]),
                ]),
            ]),
            ("3.", "งบลงทุน", 53_310, [
                (None, "ค่าครุภัณฑ์ ที่ดินและสิ่งก่อสร้าง", 53_310, [
                    (None, "ค่าครุภัณฑ์", 53_310, [
                        ("05101-1", "เครื่องปรับอากาศ 1 เครื่อง", 27_800, []),
                        ("05105-2", "เครื่องคอมพิวเตอร์ 1 เครื่อง", 25_510, []),
                    ]),
                ]),
            ]),
        ],
    )  # fmt: skip
    rule = Programme(
        "งานบริหารทั่วไปและบริการทะเบียน",
        "1300003",
        [("บริการทะเบียนราษฎร", "ราย", ["380", "390", "400", "400", "400", "400"])],
        [
            ("1.", "งบบุคลากร", 1_000_000, [
                ("1.1", "เงินเดือน", 1_000_000, [("01101-1", "อัตราเดิม 3 อัตรา", 1_000_000, [])]),
            ]),
            ("2.", "งบรายจ่ายอื่น", 352_000, [
                ("07110-1", "ค่าใช้จ่ายเกี่ยวกับการสนับสนุนกิจการอาสาสมัครป้องกันภัยฝ่ายพลเรือน", 352_000, []),
            ]),
        ],
        division="ฝ่ายทะเบียน",
    )  # fmt: skip
    return [admin, rule]
