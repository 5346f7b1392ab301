"""Section 1.1 OKR tables: one row per KR line and project, BMA and district lines apart."""

from __future__ import annotations

import pytest

from pipeline.parse.base import ParseContext, ParseResult
from pipeline.parse.okr import OkrParser, split_budgets, split_targets
from pipeline.records import SourceDocument

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


def test_budget_cell_items_keep_their_order():
    assert split_budgets("ไม่ใช้งบประมาณ 2,522,50 0 ไม่ใช้งบประมาณ") == [
        (None, "ไม่ใช้งบประมาณ"),
        (2522500, None),
        (None, "ไม่ใช้งบประมาณ"),
    ]


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def test_okr_table_with_issue_row_merged_super_okr_stacked_lines_and_listed_projects(tmp_path):
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
    out, _ = parse_pdf(pdf, OkrParser())
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
    amounts = {b["amount_baht"] for b in out.rows["budgets"]}
    assert amounts == {2522500, 11923245, 137500, 62720, 1134000, 1037800, 50000}
