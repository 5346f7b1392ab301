"""Section 1.1 OKR tables: one row per KR line and project, BMA and district lines apart."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.parse.base import ParseContext, ParseResult
from pipeline.parse.lists import squash
from pipeline.parse.okr import (
    Line,
    OkrParser,
    Unit,
    count_agencies,
    count_targets,
    cut_kr_name,
    reassign_district_lines,
    rejoin_digits,
    split_budgets,
    split_kr_items,
    split_targets,
)
from pipeline.parse.okr import rules as okr_rules
from pipeline.parse.okr.levels import level_names
from pipeline.records import Cell, SourceDocument, Table, TableSet
from pipeline.vocabulary import okr_words

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .test_parse_profile import parse_pdf

HEADER = [
    "SUPER OKR",
    "ค่าเป้าหมาย",
    "หน่วยงานหลัก (H)",
    "KRs (Key Result)",
    "ค่าเป้าหมาย",
    "หน่วยงาน (H)",
    "โครงการ/กิจกรรม",
    "ส่วนราชการ/ฝ่าย",
    "งบประมาณ (บาท)",
]
WIDTHS = [95, 60, 70, 110, 70, 75, 140, 75, 75]


def test_stacked_targets_are_cut_at_value_starts():
    assert split_targets("250,000 ต้น 4,900 ต้น", 2) == ["250,000 ต้น", "4,900 ต้น"]
    assert split_targets("110 จุด ร้อยละ 100 ตามภารกิจ", 2) == ["110 จุด", "ร้อยละ 100 ตามภารกิจ"]
    assert split_targets("ร้อยละ 25 จากปี 2568", 2) is None  # one value: not cut


def test_stacked_targets_wrapped_inside_a_value_word_or_with_numbers_in_the_upper_value():
    # "ไม่ต่ำ / กว่า" wrapped inside the value word: whole again, and a value starts there.
    lines = ["ไม่น้อยกว่า", "60 หน่วย", "งาน ไม่ต่ำ", "กว่า ระดับ", "ทองแดง"]
    assert split_targets(lines, 2) == ["ไม่น้อยกว่า 60 หน่วยงาน", "ไม่ต่ำกว่า ระดับทองแดง"]
    # A value starting a wrapped line with no space before it ("นาที" / "สะสม 10").
    lines = ["สะสม 510", "แห่ง คุณภาพ", "สวน 15", "นาที", "สะสม 10", "แห่ง"]
    assert split_targets(lines, 2) == ["สะสม 510 แห่ง คุณภาพสวน 15 นาที", "สะสม 10 แห่ง"]
    # The upper value holds numbers of its own and does not start with one: the last start cuts.
    lines = ["มีหน่วยงาน", "ตามข้อกำหนด", "ISO 37001", "อย่างน้อย", "1 หน่วย", "งาน 1 ฉบับ"]
    assert split_targets(lines, 2) == ["มีหน่วยงานตามข้อกำหนด ISO 37001 อย่างน้อย 1 หน่วยงาน", "1 ฉบับ"]


def test_kr_cell_with_bma_then_district_name_is_cut_at_the_known_district_name():
    known = [squash("ถนนสวยประจำเขตที่ได้รับการพัฒนา"), squash("คลองสวยประจำเขต")]
    assert cut_kr_name("พัฒนาถนนสวย 50 เขต ถนนสวยประจำเขตที่ได้รับการพัฒนา", known) == (
        "พัฒนาถนนสวย 50 เขต",
        "ถนนสวยประจำเขตที่ได้รับการพัฒนา",
    )
    # Spelt a little apart in the evaluation table: still found.
    assert cut_kr_name("พัฒนาถนนสวย 50 เขต ถนนสวยประจำเขตที่ได้รับการพัฒนา", [squash("ถนนสายประจำเขตที่ได้รับการพัฒนา")])
    # The same name printed twice (BMA and district lines share it).
    twice = "จำนวนโรงเรียนที่มีการตรวจสอบ จำนวนโรงเรียนที่มีการตรวจสอบ"
    assert cut_kr_name(twice, [squash("จำนวนโรงเรียนที่มีการตรวจสอบ")]) == (
        "จำนวนโรงเรียนที่มีการตรวจสอบ",
        "จำนวนโรงเรียนที่มีการตรวจสอบ",
    )
    # The cell is one known name (shared by both levels): not cut; an unknown tail: not cut.
    assert cut_kr_name("คลองสวยประจำเขต", known) is None
    assert cut_kr_name("ร้อยละของผู้ค้าที่ประกอบปรุงอาหาร", known) is None


def test_numbered_district_kr_names_go_one_to_each_district_line():
    text = "การเข้าร่วมการคัดแยกขยะ (1) แหล่งกำเนิดขยะ (2) มูลฝอยอินทรีย์ (เศษอาหาร)"
    assert split_kr_items(text, 2) == (
        "การเข้าร่วมการคัดแยกขยะ",
        ["(1) แหล่งกำเนิดขยะ", "(2) มูลฝอยอินทรีย์ (เศษอาหาร)"],
    )
    assert split_kr_items(text, 3) is None  # as many items as district lines, or none
    lines = [Line("สำนักสิ่งแวดล้อม"), Line("สำนักงานเขต (R)"), Line("สำนักงานเขต (R)")]
    bma, district = level_names(text, lines, [])
    assert bma == "การเข้าร่วมการคัดแยกขยะ"
    assert [ln.kr_name for ln in lines] == ["", "(1) แหล่งกำเนิดขยะ", "(2) มูลฝอยอินทรีย์ (เศษอาหาร)"]
    # A block of one level keeps its KR name whole, even if a known district name ends it.
    one = [Line("สำนักอนามัย")]
    assert level_names("ค่าเฉลี่ยร้อยละของเงิน", one, [squash("ร้อยละของเงิน")])[0] == (
        "ค่าเฉลี่ยร้อยละของเงิน"
    )


def test_a_number_cut_by_a_wrap_is_whole_again():
    assert rejoin_digits("ไม่น้อยกว่า 15,000,00 0 ครั้ง") == "ไม่น้อยกว่า 15,000,000 ครั้ง"
    assert rejoin_digits("ร้อยละ 100 (2 แห่ง)") == "ร้อยละ 100 (2 แห่ง)"
    assert rejoin_digits("250,000 ต้น 4,900 ต้น") == "250,000 ต้น 4,900 ต้น"  # whole groups: two numbers


def test_budget_cell_items_keep_their_order():
    assert split_budgets("ไม่ใช้งบประมาณ 2,522,50 0 ไม่ใช้งบประมาณ") == [
        (None, "ไม่ใช้งบประมาณ"),
        (2522500, None),
        (None, "ไม่ใช้งบประมาณ"),
    ]


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def _issue_table_pdf(tmp_path):
    """An OKR table under a strategy title with a banner row naming its issue."""
    rows = [
        HEADER,
        ["ประเด็นการพัฒนา 1.1 เดินได้ เดินดี"] + [""] * 8,
        [
            "1.1.1 ระยะทางเท้าที่ปรับปรุง",
            "300 กิโลเมตร",
            "สำนักเทศกิจ",
            "ร้อยละการกระทำผิดลดลง",
            "ร้อยละ 25",
            "สำนักเทศกิจ",
            "โครงการกวดขันทางเท้า",
            "ฝ่ายเทศกิจ",
            "ไม่ใช้งบประมาณ",
        ],
        ["", "", "", "", "ร้อยละ 20", "สำนักงานเขต (R)", "", "", ""],
        [
            "",
            "",
            "สำนักการระบายน้ำ",
            "แก้ไขจุดเสี่ยงน้ำท่วม",
            "110 จุด ร้อยละ 100",
            "สำนักการระบายน้ำ สำนักงานเขต (R)",
            "1. กิจกรรมล้างท่อ 2. กิจกรรมเปิดทางน้ำ",
            "ฝ่ายโยธา",
            "2,522,500 ไม่ใช้งบประมาณ",
        ],
    ]
    spans = {(1, 0): (1, 9), (2, 0): (3, 1), (2, 1): (3, 1), (2, 2): (2, 1), (2, 3): (2, 1)}
    spans.update({(2, c): (2, 1) for c in (6, 7, 8)})
    table = TableSpec(WIDTHS, rows, spans=spans, size=10)
    pdf = write_pdf(tmp_path / "okr.pdf", [PageSpec([table], title=["ยุทธศาสตร์ด้านเดินทางดี"], landscape=True)])
    return pdf


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def test_okr_table_with_issue_row_merged_super_okr_stacked_lines_and_listed_projects(tmp_path):
    out, ctx = parse_pdf(_issue_table_pdf(tmp_path), OkrParser())
    got = [
        (r["kr_target"], r["level"], r["project_name"], r["budget_baht"], r["budget_note"])
        for r in out.rows["okr_rows"]
    ]
    assert got == [
        ("ร้อยละ 25", "bma", "โครงการกวดขันทางเท้า", None, "ไม่ใช้งบประมาณ"),
        ("ร้อยละ 20", "district", "โครงการกวดขันทางเท้า", None, "ไม่ใช้งบประมาณ"),
        ("110 จุด", "bma", "กิจกรรมล้างท่อ", 2522500, None),
        ("110 จุด", "bma", "กิจกรรมเปิดทางน้ำ", None, "ไม่ใช้งบประมาณ"),
        ("ร้อยละ 100", "district", "กิจกรรมล้างท่อ", 2522500, None),
        ("ร้อยละ 100", "district", "กิจกรรมเปิดทางน้ำ", None, "ไม่ใช้งบประมาณ"),
    ]
    first = out.rows["okr_rows"][0]
    assert (first["strategy_no"], first["strategy_name"], first["issue_code"]) == (1, "ด้านเดินทางดี", "1.1")
    assert (first["super_okr_code"], first["super_okr_target"]) == ("1.1.1", "300 กิโลเมตร")
    assert {r["super_okr_code"] for r in out.rows["okr_rows"]} == {"1.1.1"}  # merged cell carried down
    assert out.rows["okr_rows"][2]["lead_agency"] == "สำนักการระบายน้ำ"
    assert [(b["seq"], b["amount_baht"]) for b in out.rows["budgets"]] == [(3, 2522500), (5, 2522500)]
    # The banner rule says what it did, with its page.
    banners = [c for c in ctx.changes if c.rule == "okr.banner_rows"]
    assert [(c.page, c.after) for c in banners] == [(1, "issue 1.1")]


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def test_a_structural_rule_switched_off_in_the_vocabulary_does_not_run(tmp_path, monkeypatch):
    words = okr_words()
    off = dataclasses.replace(words, rules={**words.rules, "banner_rows": False})
    monkeypatch.setattr("pipeline.parse.okr.rules.okr_words", lambda: off)
    out, ctx = parse_pdf(_issue_table_pdf(tmp_path), OkrParser())
    assert not [c for c in ctx.changes if c.rule == "okr.banner_rows"]
    rows = out.rows["okr_rows"]
    assert {r["issue_code"] for r in rows} == {None}
    assert any("ประเด็นการพัฒนา" in (r["kr_name"] or "") for r in rows)  # the banner is read as a KR row


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def test_kr_line_drawn_columns_too_far_left_is_read_under_its_headings(tmp_path):
    rows = [
        HEADER,
        [
            "8.1.1 ความครอบคลุมพื้นที่สาธารณะ",
            "ร้อยละ 70",
            "สำนักวัฒนธรรม",
            "ร้อยละของลานกีฬาที่ผ่านเกณฑ์",
            "ร้อยละ 80",
            "สำนักวัฒนธรรม",
            "กิจกรรมปรับปรุงลานกีฬา",
            "ฝ่ายพัฒนาชุมชนฯ",
            "ไม่ใช้งบประมาณ",
        ],
        # The district line typed one column left: target under the KR heading, agency under the target's.
        ["", "", "", "ร้อยละ 80 (7 แห่ง)", "สำนักงานเขต (R)", "", "", "", ""],
    ]
    spans = {(1, 0): (2, 1), (1, 1): (2, 1), (1, 2): (2, 1)}
    table = TableSpec(WIDTHS, rows, spans=spans, size=10)
    pdf = write_pdf(
        tmp_path / "shift.pdf", [PageSpec([table], title=["ยุทธศาสตร์ด้านสร้างสรรค์ดี"], landscape=True)]
    )
    out, _ = parse_pdf(pdf, OkrParser())
    got = [
        (r["kr_name"], r["kr_target"], r["kr_agency"], r["level"], r["project_name"])
        for r in out.rows["okr_rows"]
    ]
    assert got == [
        ("ร้อยละของลานกีฬาที่ผ่านเกณฑ์", "ร้อยละ 80", "สำนักวัฒนธรรม", "bma", "กิจกรรมปรับปรุงลานกีฬา"),
        ("ร้อยละของลานกีฬาที่ผ่านเกณฑ์", "ร้อยละ 80 (7 แห่ง)", "สำนักงานเขต (R)", "district", "กิจกรรมปรับปรุงลานกีฬา"),
    ]


def test_bangna_okr_rows(bangna_tables):
    doc = SourceDocument("bangna-2569", "raw/bangna-2569.pdf", "x", 125, 125, None, "บางนา", 2569)
    ctx = ParseContext(doc, bangna_tables)
    out = ParseResult()
    OkrParser().parse(ctx, out)
    rows = out.rows["okr_rows"]
    assert 145 <= len(rows) <= 165  # gold: 155
    assert {r["strategy_no"] for r in rows} == set(range(1, 10))
    assert all(r["level"] in ("bma", "district") for r in rows)
    # 1.4.1: one KR with a BMA and a district line and three listed projects -> 6 rows.
    flood = [r for r in rows if r["super_okr_code"] == "1.4.1"]
    assert [r["level"] for r in flood] == ["bma"] * 3 + ["district"] * 3
    assert [r["budget_baht"] for r in flood] == [None, 2522500, None] * 2
    # The first KR: its district line is drawn in the next KR's rows but belongs to it.
    assert [(r["level"], r["kr_target"].replace(" ", "")) for r in rows[:2]] == [
        ("bma", "ร้อยละ25จากปี2568"),
        ("district", "ร้อยละ25จากปี2568"),
    ]
    assert rows[0]["project_name"] == rows[1]["project_name"]
    # Every KR line has its target, a stacked target cell cut to one value per line.
    assert all(r["kr_target"] for r in rows)
    assert not any(squash(r["kr_target"]) == "ร้อยละ100ร้อยละ100" for r in rows)
    # District lines printed under a sibling KR are read with the KR the evaluation tables give them.
    reach = [r for r in rows if r["level"] == "district" and squash(r["kr_target"]) == "ไม่น้อยกว่า300,000ครั้ง"]
    assert [squash(r["kr_name"]) for r in reach] == ["จำนวนการเข้าถึงสื่อประชาสัมพันธ์ที่เผยแพร่"]
    amounts = {b["amount_baht"] for b in out.rows["budgets"]}
    assert amounts == {2522500, 11923245, 137500, 62720, 1134000, 1037800, 50000}


def _mend(table: Table, changes: list | None = None) -> Table:
    """The table after the registry's table rules (the parser's first step), their changes kept."""
    doc = SourceDocument("d", "raw/d.pdf", "0" * 64, 41, 41, "t", "ทดสอบ", 2570)
    ctx = ParseContext(doc, TableSet([table], [], []))
    mended = okr_rules.run_table_rules(ctx, table)
    if changes is not None:
        changes.extend(ctx.changes)
    return mended


def test_page_top_super_okr_cell_without_a_code_goes_on_from_the_cell_above():
    fields = ["super_okr", "super_okr_target", "lead_agency", "kr", "kr_target", "kr_agency", "project"]

    def cell(r, c, text, page):
        bbox = (0.0, 100.0 + 50 * r, 10.0, 140.0 + 50 * r)
        return Cell(r, c, text, bbox, page, lines=[(text, bbox)])

    top = ["3.2.1 คะแนนความพึงพอใจ", "4 คะแนน", "สำนักดิจิทัล", "พัฒนามาตรฐาน", "ร้อยละ 100"]
    top += ["สำนักดิจิทัล", "กิจกรรมพัฒนา"]
    # Next page: a new (district) agency line; the Super OKR cell holds the rest of the name above.
    below = ["สาธารณะและการเปิดเผยข้อมูล", "", "", "ร้อยละของคำขอ", "ร้อยละ 100", "สำนักงานเขต (R)", ""]
    rows = [[cell(0, c, t, 40) for c, t in enumerate(top)], [cell(1, c, t, 41) for c, t in enumerate(below)]]
    table = Table("d", [40, 41], (0, 0, 10, 10), rows, fields, 1, "okr", {f: i for i, f in enumerate(fields)})
    changes = []
    mended = _mend(table, changes)
    assert mended.rows[1][0] is mended.rows[0][0]
    assert [(c.page, c.rule) for c in changes] == [(41, "okr.values_carried_down")]
    assert squash(mended.rows[1][0].text) == squash("3.2.1 คะแนนความพึงพอใจสาธารณะและการเปิดเผยข้อมูล")
    assert mended.rows[1][5].text == "สำนักงานเขต (R)"  # the agency line stays a line of its own
    # A Super OKR cell that opens with its code starts a Super OKR: not joined.
    rows[1][0] = cell(1, 0, "3.2.2 อีกหนึ่ง", 41)
    assert _mend(table).rows[1][0] is not _mend(table).rows[0][0]


def _hand_table(top: list[str], below: list[str], top_lines: dict[int, list[str]] | None = None) -> Table:
    """A two-row OKR table cut by a page break (row 0 on page 40, row 1 on page 41)."""
    fields = ["super_okr", "super_okr_target", "lead_agency", "kr", "kr_target", "kr_agency", "project"]
    top_lines = top_lines or {}

    def cell(r, c, text, page, lines=None):
        bbox = (0.0, 100.0 + 50 * r, 10.0, 140.0 + 50 * r)
        return Cell(r, c, text, bbox, page, lines=[(t, bbox) for t in (lines or [text])])

    rows = [
        [cell(0, c, t, 40, top_lines.get(c)) for c, t in enumerate(top)],
        [cell(1, c, t, 41) for c, t in enumerate(below)],
    ]
    return Table("d", [40, 41], (0, 0, 10, 10), rows, fields, 1, "okr", {f: i for i, f in enumerate(fields)})


def test_page_top_kr_cell_closing_a_bracket_left_open_above_goes_on_from_the_cell_above():
    top = ["3.2.1 คะแนน", "4 คะแนน", "สำนักดิจิทัล", "พัฒนามาตรฐาน (% คำขอที่เขตให้", "ร้อยละ 100 ร้อยละ 100"]
    top += ["สำนักดิจิทัล", "กิจกรรมพัฒนา"]
    # Next page: the district line, its KR cell holding the rest of the KR name above, no target.
    below = ["", "", "", "บริการได้) ร้อยละของคำขอ", "", "สำนักงานเขต (R)", ""]
    lines = {4: ["ร้อยละ 100", "ร้อยละ 100"]}
    mended = _mend(_hand_table(top, below, lines))
    assert mended.rows[1][3] is mended.rows[0][3]
    assert squash(mended.rows[0][3].text) == squash("พัฒนามาตรฐาน (% คำขอที่เขตให้บริการได้) ร้อยละของคำขอ")
    assert mended.rows[1][5].text == "สำนักงานเขต (R)"  # still a KR line of its own
    # The name above is whole (its bracket closed): the row is a KR of its own.
    whole = _hand_table(top[:3] + ["พัฒนามาตรฐาน (% คำขอ)"] + top[4:], below, lines)
    assert _mend(whole).rows[1][3] is not _mend(whole).rows[0][3]
    # The cell below opens its own bracket first: a KR of its own.
    own = _hand_table(top, below[:3] + ["ร้อยละ (ของคำขอ)"] + below[4:], lines)
    assert _mend(own).rows[1][3] is not _mend(own).rows[0][3]


def test_targets_and_agencies_are_counted_in_a_stacked_cell():
    assert count_targets(["ร้อยละ 100", "ร้อยละ 100"]) == 2
    assert count_targets("ร้อยละ 25 จากปี 2568") == 1
    assert count_targets("") == 0
    assert count_agencies(["สำนัก", "ดิจิทัล", "กรุงเทพม", "หานคร"]) == 1
    assert count_agencies(["สำนักการระบายน้ำ สำนักงานเขต (R)"]) == 2


def _unit(name: str, lines: list[Line], code: str = "9.2.2") -> Unit:
    for ln in lines:
        ln.kr_name = ln.kr_name or name
    return Unit({"lead_agency": name}, lines, [], 1, None, code, name)


def test_district_line_printed_under_a_sibling_kr_moves_to_the_kr_whose_target_it_is():
    known = [(squash("จำนวนการเข้าถึงสื่อ"), squash("300,000 ครั้ง")), (squash("จำนวนสื่อ"), squash("150 ชิ้นงาน"))]
    reach = _unit("จำนวนการเข้าถึงสื่อ", [Line("สำนักงานประชาสัมพันธ์", "15,000,000 ครั้ง")])
    media = _unit(
        "จำนวนสื่อ",
        [
            Line("สำนักงานเขต (R)", "1,000 ชิ้นงาน"),
            Line("สำนักงานเขต (R)", "300,000 ครั้ง"),
            Line("สำนักงานเขต (R)", "150 ชิ้นงาน"),
        ],
    )
    reassign_district_lines([reach, media], known)
    assert [(ln.target, ln.kr_name) for ln in reach.lines] == [
        ("15,000,000 ครั้ง", "จำนวนการเข้าถึงสื่อ"),
        ("300,000 ครั้ง", "จำนวนการเข้าถึงสื่อ"),
    ]
    assert [ln.target for ln in media.lines] == ["1,000 ชิ้นงาน", "150 ชิ้นงาน"]


def test_district_line_with_a_target_two_krs_share_leaves_the_kr_with_two():
    known = [
        (squash("ศูนย์ที่นำแผน"), squash("ร้อยละ 100 (2 แห่ง)")),
        (squash("ศูนย์ที่รายงานเมนู"), squash("ร้อยละ 100 (2 แห่ง)")),
    ]
    plan = _unit("ศูนย์ที่นำแผน", [Line("สำนักพัฒนาสังคม", "ร้อยละ 100")], "6.1.1")
    first, second = Line("สำนักงานเขต (R)", "ร้อยละ 100 (2 แห่ง)"), Line("สำนักงานเขต (R)", "ร้อยละ 100 (2 แห่ง)")
    menu = _unit("ศูนย์ที่รายงานเมนู", [first, second], "6.1.1")
    reassign_district_lines([plan, menu], known)
    assert plan.lines[-1] is second and second.kr_name == "ศูนย์ที่นำแผน"
    assert len(menu.lines) == 1 and menu.lines[0] is first and first.kr_name == "ศูนย์ที่รายงานเมนู"


def test_district_lines_stay_when_nothing_is_missing_or_the_line_is_its_own_krs():
    known = [(squash("คลองสวย"), squash("ร้อยละ 80")), (squash("ถนนสวย"), squash("ร้อยละ 80"))]
    # The KR with no district line of its own, and the sibling's only line fits the sibling: stays.
    canal = _unit("คลองสวย", [Line("สำนักการระบายน้ำ", "ร้อยละ 90")], "1.1.1")
    road = _unit("ถนนสวย", [Line("สำนักโยธา", "ร้อยละ 90"), Line("สำนักงานเขต (R)", "ร้อยละ 80")], "1.1.1")
    reassign_district_lines([canal, road], known)
    assert len(canal.lines) == 1 and len(road.lines) == 2
    # Another Super OKR's line is never taken.
    other = _unit("ถนนสวย", [Line("สำนักงานเขต (R)", "ร้อยละ 80"), Line("สำนักงานเขต (R)", "ร้อยละ 80")], "1.1.2")
    reassign_district_lines([canal, other], known)
    assert len(canal.lines) == 1 and len(other.lines) == 2
    # A line named on its own ("(1) …") stays with its KR.
    named = Line("สำนักงานเขต (R)", "ร้อยละ 80", kr_name="(1) ถนนสาย 1")
    two = _unit("ถนนสวย", [named, Line("สำนักงานเขต (R)", "ร้อยละ 80", kr_name="(2) ถนนสาย 2")], "1.1.1")
    reassign_district_lines([canal, two], known)
    assert len(canal.lines) == 1



def _banner(text: str):
    """A one-row OKR table whose row one cell spans whole, and the banner rule's verdict on it."""
    fields = ["super_okr", "kr", "kr_agency"]
    bbox = (0.0, 100.0, 10.0, 140.0)
    cell = Cell(0, 0, text, bbox, 7, colspan=3, lines=[(text, bbox)])
    columns = {f: i for i, f in enumerate(fields)}
    table = Table("d", [7], (0, 0, 10, 10), [[cell] * 3], fields, 0, "okr", columns)
    doc = SourceDocument("d", "d.pdf", "x", 1, 1, None, "บางนา", 2569)
    ctx = ParseContext(doc, TableSet([table], [], []))
    return okr_rules.banner_rows(table, 0, okr_rules.RuleLog(ctx, "banner_rows"))


@pytest.mark.parametrize(
    "banner",
    [
        "ะ. ประเด็นการพัฒนา 1.4 ป้องกันและแก้ปัญหาน้ำท่วม",  # a speck read before the marker
        "ประเด็นการพั7,ฒ นา 1.4 ป้องกันและแก้ปัญหาน้ำท่วม",  # specks read inside it
        "ประเด็นการพัov ฒนา 1.4 ป้องกันและแก้ปัญหาน้ำท่วม",
    ],
)
def test_a_banner_row_read_through_ocr_noise_still_names_the_issue(banner):
    """Scans' banner rows (as the degraded copies read them) set the issue and are no KR row."""
    code, name = _banner(banner)
    assert code == "1.4" and name.startswith("ป้องกัน")


@pytest.mark.parametrize(
    "text", ["ร้อยละของประเด็นการพัฒนาที่สำเร็จ", "ประเด็น 1.4", "การพัฒนาชุมชน 1.4", "1. ประเด็นปัญหาการพัฒนา"]
)
def test_a_spanning_row_that_does_not_open_with_the_marker_is_no_banner(text):
    assert _banner(text) is None
