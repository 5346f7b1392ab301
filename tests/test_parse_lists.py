"""Parsing the project lists: key projects, routine projects, their budgets and stated totals.

Real behaviour on the shared Bang Na plan (checked against the gold tables), and on
small PDFs built here: lists continued over pages with repeated headers, rows split
by the page break, merged work-group cells, columns in another order, a wrapped
header, an extra column, a multi-year budget cell.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pipeline import thai
from pipeline.pages import PageReader
from pipeline.parse.base import ParseContext, ParseResult
from pipeline.parse.key_projects import KeyProjectsParser
from pipeline.parse.lists import (
    SEQ_IN_SEQUENCE,
    kr_code,
    match_note,
    parse_budget,
    policy_codes,
    split_divisions,
    squash,
)
from pipeline.parse.routine import RoutineParser
from pipeline.records import Cell, SourceDocument
from pipeline.tables import extract_tables

from .conftest import SHARED
from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

GOLD = SHARED / "gold" / "bangna-2569"
needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def parse(tableset, fiscal_year: int | None, doc_id: str = "test"):
    doc = SourceDocument(doc_id, f"{doc_id}.pdf", "x", 1, 1, None, "ทดสอบ", fiscal_year)
    ctx = ParseContext(doc, tableset)
    out = ParseResult()
    KeyProjectsParser().parse(ctx, out)
    RoutineParser().parse(ctx, out)
    return ctx, out


def parse_pdf(path: Path, fiscal_year: int | None):
    with PageReader(str(path), path.stem) as reader:
        repaired = [thai.repair_page(p, reader.fonts) for p in reader.pages()]
    return parse(extract_tables(path.stem, repaired), fiscal_year, path.stem)


def stated(out, section: str) -> dict:
    [row] = [r for r in out.rows["stated_totals"] if r["section"] == section]
    return row


def budgets(out, section: str) -> list[tuple]:
    return sorted(
        (r["seq"], r["budget_year"], r["amount_baht"]) for r in out.rows["budgets"] if r["section"] == section
    )


def gold(table: str) -> list[dict]:
    if not GOLD.is_dir():
        pytest.skip("../shared gold tables not present")
    with open(GOLD / f"{table}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_int(value: str) -> int | None:
    return int(value) if value else None


# --- helpers ------------------------------------------------------------------------------


def test_budget_cell_amount_note_and_multi_year():
    assert parse_budget("2,522,50 0", 2569).amount == 2522500
    b = parse_budget("281,000, 000 ปี 2569 - 14,050,0 00 ปี 2570 - 210,750, 000 ปี 2571 - 56,200,0 00", 2569)
    assert (b.total, b.amount) == (281_000_000, 14_050_000)
    assert b.yearly == {2569: 14_050_000, 2570: 210_750_000, 2571: 56_200_000}
    assert sum(b.yearly.values()) == b.total
    b = parse_budget("ไม่ใช่ งบประมาณ", 2569)  # OCR typo of ไม่ใช้
    assert b.amount is None and b.yearly == {} and b.note == "ไม่ใช้งบประมาณ"
    assert parse_budget("ตามที่ ซ่อมแซม", 2569).note == "ตามที่ซ่อมแซม"
    assert parse_budget("-", 2569).note is None
    assert parse_budget("", 2569) == parse_budget(None, 2569)


def test_transfer_remark_names_the_real_bureau():
    assert match_note("*โอนงบ ประมาณไปสำนักการโยธา") == "โอนงบประมาณไปสำนักการโยธา"
    assert match_note("โอนงบประมาณไป สำนักงานโยธา") == "โอนงบประมาณไปสำนักการโยธา"
    assert match_note("งบกลางของเขตเอง") == "งบกลางของเขตเอง"  # unknown notes kept as printed


def test_divisions_one_per_unit_whatever_the_wrap():
    assert split_divisions("ฝ่ายรักษา ความสะ อาดฯ") == ["ฝ่ายรักษาความสะอาดฯ"]
    assert split_divisions("ฝ่ายการศึกษา ฝ่าย การคลัง") == ["ฝ่ายการศึกษา", "ฝ่ายการคลัง"]
    assert split_divisions("ฝ่ายโยธา ฝ่าย สิ่ง แวดล้อม") == ["ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อม"]
    assert split_divisions("ฝ่ายพัฒนา ชุมชนฯ ฝ่ายรายได้") == ["ฝ่ายพัฒนาชุมชนฯ", "ฝ่ายรายได้"]
    assert split_divisions("ฝ่ายปกครอง โรงเรียนวัดบางนาใน") == ["ฝ่ายปกครอง", "โรงเรียนวัดบางนาใน"]
    assert split_divisions("ฝ่ายทะเบีัยน") == ["ฝ่ายทะเบียน"]  # a stray mark: matched to the reference
    assert split_divisions("ทุก ฝ่าย") == ["ทุกฝ่าย"]
    assert split_divisions("-") == [] and split_divisions("") == []


def test_codes_from_digits():
    assert kr_code("4110 1") == "41101" and kr_code("๔๑๑๐๑") == "41101"
    assert kr_code("-") is None and kr_code("411") is None
    box = (0.0, 0.0, 1.0, 1.0)

    def cell(*lines: str) -> Cell:
        return Cell(0, 0, " ".join(lines), box, 1, lines=[(t, box) for t in lines])

    assert policy_codes(cell("108 109 110")) == ["108", "109", "110"]
    assert policy_codes(cell("145 146 10", "8 161")) == ["145", "146", "108", "161"]  # a code wrapped
    assert policy_codes(cell("145 146 147 1691")) == ["145", "146", "147", "1691"]  # kept as printed
    assert policy_codes(cell("-")) == [] and policy_codes(None) == []


# --- synthetic plans ------------------------------------------------------------------------

KEY_HEADER = {
    "seq": "ลำดับที่",
    "name": "ชื่อโครงการ/กิจกรรมสำคัญ",
    "budget": "งบประมาณ (บาท)",
    "divisions": "ส่วนราชการ/ฝ่าย",
    "kr": "รหัส KRs",
    "policy": "รหัสนโยบาย (3 หลัก)",
    "note": "หมายเหตุ",
}
KEY_WIDTHS = {"seq": 40, "name": 230, "budget": 80, "divisions": 70, "kr": 60, "policy": 48, "note": 60}
# (name, budget cell, divisions cell, KR code, policy cell, expected divisions, expected policy codes)
KEY_PROJECTS = [
    (
        "กิจกรรมการปลูกต้นไม้รวมทุกประเภท",
        "ไม่ใช้งบประมาณ",
        "ฝ่ายรักษาความสะอาดฯ",
        "41101",
        "049",
        ["ฝ่ายรักษาความสะอาดฯ"],
        ["049"],
    ),
    (
        "โครงการจ้างงานคนพิการเพื่อปฏิบัติงาน",
        "1,134,000",
        "ฝ่ายการศึกษา ฝ่ายการคลัง",
        "71105",
        "108 109 110",
        ["ฝ่ายการศึกษา", "ฝ่ายการคลัง"],
        ["108", "109", "110"],
    ),
    (
        "โครงการชุมชนเข้มแข็งพัฒนาตนเองตามหลักปรัชญาเศรษฐกิจพอเพียง",
        "ตามที่ได้รับจัดสรร",
        "ฝ่ายพัฒนาชุมชนฯ",
        "83104",
        "-",
        ["ฝ่ายพัฒนาชุมชนฯ"],
        [],
    ),
    (
        "กิจกรรมบำรุงรักษาระบบระบายน้ำโดยการล้างทำความสะอาด",
        "2,522,500",
        "ฝ่ายโยธา",
        "14101",
        "166",
        ["ฝ่ายโยธา"],
        ["166"],
    ),
    (
        "โครงการส่งเสริมกิจกรรมสโมสรและลานกีฬา",
        "62,720",
        "ฝ่ายเทศกิจ ฝ่ายพัฒนาชุมชนฯ",
        "81205",
        "136",
        ["ฝ่ายเทศกิจ", "ฝ่ายพัฒนาชุมชนฯ"],
        ["136"],
    ),
]


def key_cells(i: int, order: list[str]) -> list[str]:
    name, budget, divisions, kr, policy, _, _ = KEY_PROJECTS[i]
    values = {
        "seq": str(i + 1),
        "name": name,
        "budget": budget,
        "divisions": divisions,
        "kr": kr,
        "policy": policy,
        "note": "",
    }
    return [values[k] for k in order]


def key_plan(tmp_path: Path, order: list[str], split_at: int, stated_count: int, stated_total: int) -> Path:
    """A key-project list over two pages (header repeated), the row ``split_at`` split by the break."""
    header = [KEY_HEADER[k] for k in order]
    widths = [KEY_WIDTHS[k] for k in order]
    first = [key_cells(i, order) for i in range(split_at)]
    split = key_cells(split_at, order)
    name_col = order.index("name")
    name = KEY_PROJECTS[split_at][0]
    head, tail = name[: len(name) // 2], name[len(name) // 2 :]
    split[name_col] = head
    continued = [""] * len(order)
    continued[name_col] = tail
    rest = [key_cells(i, order) for i in range(split_at + 1, len(KEY_PROJECTS))]
    total = [""] * len(order)
    total[0] = "รวมงบประมาณทั้งสิ้น"
    total[order.index("budget")] = f"{stated_total:,}"
    spans = {(len(rest) + 2, 0): (1, 2)} if order[1] == "name" else {}
    pages = [
        PageSpec(
            [TableSpec(widths, [header] + first + [split])], title=["โครงการ/กิจกรรมสำคัญ"], landscape=True
        ),
        PageSpec([TableSpec(widths, [header, continued] + rest + [total], spans=spans)], landscape=True),
        PageSpec(
            title=[
                f"โครงการ/กิจกรรมสำคัญ รวมจำนวน...{stated_count}...โครงการ/กิจกรรม",
                f"จำนวนเงินทั้งสิ้น...{stated_total:,}...บาท",
                "โครงการ/กิจกรรมภายใต้แผนงานบูรณาการ จำนวน 9 โครงการ/กิจกรรม จำนวนเงินทั้งสิ้น 1,000 บาท",
            ],
            landscape=True,
        ),
    ]
    return write_pdf(tmp_path / "key.pdf", pages)


def expected_amount(budget: str) -> int | None:
    return int(budget.replace(",", "")) if re.fullmatch(r"[\d,]+", budget) else None


@needs_fonts
@pytest.mark.parametrize(
    "order",
    [
        ["seq", "name", "budget", "divisions", "kr", "policy"],
        ["seq", "name", "divisions", "budget", "policy", "kr", "note"],  # reordered, one column more
    ],
)
def test_key_projects_over_two_pages(tmp_path, order):
    amounts = [expected_amount(p[1]) for p in KEY_PROJECTS]
    total = sum(a or 0 for a in amounts)
    ctx, out = parse_pdf(key_plan(tmp_path, order, split_at=2, stated_count=5, stated_total=total), 2570)
    rows = out.rows["key_projects"]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]  # the total row is not a project
    for row, (name, budget, _, kr, _, divisions, codes) in zip(rows, KEY_PROJECTS, strict=True):
        assert squash(row["project_name"]) == squash(name)  # the split row is whole again
        assert row["budget_baht"] == expected_amount(budget)
        assert row["budget_note"] == (None if expected_amount(budget) else budget)
        assert row["divisions"] == divisions
        assert row["kr_code"] == kr
        assert row["policy_codes"] == codes
        assert row["page"] in (1, 2) and len(row["bbox"]) == 4
    assert rows[1]["page"] == 1 and rows[3]["page"] == 2
    assert budgets(out, "key") == [(i + 1, 2570, a) for i, a in enumerate(amounts) if a is not None]
    st = stated(out, "key_projects")
    assert (st["stated_count"], st["stated_total_baht"]) == (5, total)
    assert (st["computed_count"], st["computed_total_baht"]) == (5, total)
    assert not [r for r in ctx.rejects if r.table == "key_projects"]


@needs_fonts
def test_key_projects_stated_totals_are_read_not_computed(tmp_path):
    order = ["seq", "name", "budget", "divisions", "kr", "policy"]
    ctx, out = parse_pdf(key_plan(tmp_path, order, split_at=3, stated_count=6, stated_total=999), 2570)
    st = stated(out, "key_projects")
    assert (st["stated_count"], st["stated_total_baht"]) == (6, 999)
    assert st["computed_count"] == 5 and st["computed_total_baht"] != 999


@needs_fonts
def test_key_project_drawn_over_two_ruled_rows_is_one_project(tmp_path):
    order = ["seq", "name", "budget", "divisions", "kr", "policy"]
    header = [KEY_HEADER[k] for k in order]
    widths = [KEY_WIDTHS[k] for k in order]
    rows = [header, key_cells(0, order), key_cells(1, order)]
    rows.append(["", "ต่อเนื่องในแถวที่สอง", "", "ฝ่ายเทศกิจ", "", "111"])
    rows.append(key_cells(2, order))
    spec = TableSpec(widths, rows)
    ctx, out = parse_pdf(write_pdf(tmp_path / "two.pdf", [PageSpec([spec], landscape=True)]), None)
    got = out.rows["key_projects"]
    assert [r["seq"] for r in got] == [1, 2, 3]
    assert squash(got[1]["project_name"]) == squash(KEY_PROJECTS[1][0] + "ต่อเนื่องในแถวที่สอง")
    assert got[1]["divisions"] == KEY_PROJECTS[1][5] + ["ฝ่ายเทศกิจ"]
    assert got[1]["policy_codes"] == KEY_PROJECTS[1][6] + ["111"]
    assert got[1]["budget_baht"] == 1_134_000
    # Without the plan's fiscal year a plain amount has no year: no budgets row, and that is said.
    assert budgets(out, "key") == []
    assert any("fiscal year unknown" in r.reason for r in ctx.rejects)


@needs_fonts
def test_key_project_whose_number_ocr_misread_takes_it_from_the_sequence(tmp_path):
    # A scan's "2" read as "q" (rule list:seq_in_sequence): without the rule row 2 joins row 1.
    order = ["seq", "name", "budget", "divisions", "kr", "policy"]
    rows = [[KEY_HEADER[k] for k in order]] + [key_cells(i, order) for i in range(4)]
    rows[2][0] = "q"
    rows[4][0] = "?"  # the last row: no number after it to check against, so not guessed
    spec = TableSpec([KEY_WIDTHS[k] for k in order], rows)
    ctx, out = parse_pdf(write_pdf(tmp_path / "misread.pdf", [PageSpec([spec], landscape=True)]), None)
    got = out.rows["key_projects"]
    assert [r["seq"] for r in got] == [1, 2, 3]
    assert squash(got[1]["project_name"]) == squash(KEY_PROJECTS[1][0])
    assert [(c.rule, c.before, c.after) for c in ctx.changes if c.rule == SEQ_IN_SEQUENCE] == [
        (SEQ_IN_SEQUENCE, "q", "2")
    ]


@needs_fonts
@pytest.mark.parametrize(("stated", "seqs"), [(4, [1, 2, 3, 4]), (5, [1, 2, 3])])
def test_last_list_row_whose_number_ocr_misread_takes_it_from_the_total_row(tmp_path, stated, seqs):
    # The last row's "4" read as "a4": no numbered row after it, but the total row counts
    # 4 projects (rule list:seq_in_sequence); a total that counts otherwise proves nothing.
    order = ["seq", "name", "budget", "divisions", "kr", "policy"]
    rows = [[KEY_HEADER[k] for k in order]] + [key_cells(i, order) for i in range(4)]
    rows[4][0] = "a4"
    rows.append(["", f"{stated} โครงการ", "", "", "", ""])
    spec = TableSpec([KEY_WIDTHS[k] for k in order], rows)
    ctx, out = parse_pdf(write_pdf(tmp_path / "last.pdf", [PageSpec([spec], landscape=True)]), None)
    assert [r["seq"] for r in out.rows["key_projects"]] == seqs
    guessed = [(c.before, c.after) for c in ctx.changes if c.rule == SEQ_IN_SEQUENCE]
    assert guessed == ([("a4", "4")] if seqs[-1] == 4 else [])


GROUP_HEADER = ["ลำดับที่", "งาน", "โครงการ", "งบประมาณ (บาท)", "ฝ่าย"]
GROUP_WIDTHS = [40, 110, 200, 110, 80]
LIST_HEADER = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
LIST_WIDTHS = [45, 260, 130, 100]
MULTI_YEAR = "281,000,000 ปี 2570 - 14,050,000 ปี 2571 - 210,750,000 ปี 2572 - 56,200,000"
REMARK = "*โอนงบประมาณไปสำนักการโยธา"
# (work group, name, budget cell, division)
ROUTINE = [
    ("งานปกครอง", "โครงการฝึกอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน", "64,100", "ฝ่ายปกครอง"),
    ("งานปกครอง", "โครงการอบรมอาสาสมัครด้านการป้องกันยาเสพติด", "50,000", "ฝ่ายปกครอง"),
    ("งานอำนวยความสะดวกและบริหารสำนักงานเขต", "โครงการก่อสร้างอาคารสำนักงานเขต", MULTI_YEAR, "ฝ่ายโยธา"),
    ("งานบำรุงรักษาซ่อมแซม", "โครงการปรับปรุงซอยทองอยู่ 1", "4,794,000", "ฝ่ายโยธา"),
    ("งานบำรุงรักษาซ่อมแซม", "โครงการปรับปรุงซอยทองอยู่ 2", "4,950,000", "ฝ่ายโยธา"),
    ("งานบำรุงรักษาซ่อมแซม", "โครงการปรับปรุงซอยสันติภูมิ 5", "3,622,000", "ฝ่ายโยธา"),
]
FY_AMOUNT = {MULTI_YEAR: 14_050_000}


def routine_amount(budget: str) -> int:
    return FY_AMOUNT.get(budget) or int(budget.replace(",", ""))


def groups_pages(count: int, total: int) -> list[PageSpec]:
    """Part 3: items numbered per work group under merged group cells; item 5 split by the page break."""
    item = lambda i, n: f"{n}. {ROUTINE[i][1]}" + (f" {REMARK}" if ROUTINE[i][2] == MULTI_YEAR else "")  # noqa: E731
    page1 = [
        GROUP_HEADER,
        ["1", ROUTINE[0][0], item(0, 1), ROUTINE[0][2], ROUTINE[0][3]],
        ["", "", item(1, 2), ROUTINE[1][2], ROUTINE[1][3]],
        ["2", ROUTINE[2][0], item(2, 1), ROUTINE[2][2], ROUTINE[2][3]],
        ["3", ROUTINE[3][0], item(3, 1), ROUTINE[3][2], ROUTINE[3][3]],
        ["", "", "2. โครงการปรับปรุงซอย", "4,950,00", ROUTINE[4][3]],
    ]
    page2 = [
        GROUP_HEADER,
        ["", "", "ทองอยู่ 2", "0", ""],
        ["", "", item(5, 3), ROUTINE[5][2], ROUTINE[5][3]],
        ["", "รวม", f"{count} โครงการ", f"{total:,}", ""],
    ]
    spans1 = {(1, 0): (2, 1), (1, 1): (2, 1), (4, 0): (2, 1), (4, 1): (2, 1)}
    spans2 = {(1, 0): (2, 1), (1, 1): (2, 1)}
    return [
        PageSpec([TableSpec(GROUP_WIDTHS, page1, spans=spans1)], title=["ส่วนที่ 3 งานประจำพื้นฐาน"]),
        PageSpec([TableSpec(GROUP_WIDTHS, page2, spans=spans2)]),
    ]


def list_pages(order: list[int], count: int, total: int) -> list[PageSpec]:
    """The numbered list, in another order than Part 3, total row at the end, sentence under it."""
    rows = [LIST_HEADER]
    for seq, i in enumerate(order, start=1):
        name = ROUTINE[i][1] + (f" {REMARK}" if ROUTINE[i][2] == MULTI_YEAR else "")
        rows.append([str(seq), name, ROUTINE[i][2], ROUTINE[i][3]])
    rows.append([f"{count} โครงการ", "", f"{total:,}", ""])
    return [
        PageSpec(
            [TableSpec(LIST_WIDTHS, rows, spans={(len(rows) - 1, 0): (1, 2)})],
            title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"],
        ),
        PageSpec(
            title=[
                "โครงการ/กิจกรรมประจำพื้นฐาน รวม",
                f"จำนวน...{count}...โครงการ/กิจกรรม จำนวนเงินทั้งสิ้น {total:,} บาท",
            ]
        ),
    ]


@needs_fonts
def test_routine_list_joined_with_work_groups_by_name(tmp_path):
    order = [2, 5, 0, 3, 4, 1]  # the list's order differs from Part 3's
    total = sum(routine_amount(r[2]) for r in ROUTINE)
    pages = groups_pages(len(ROUTINE), total) + list_pages(order, len(ROUTINE), total)
    ctx, out = parse_pdf(write_pdf(tmp_path / "routine.pdf", pages), 2570)
    rows = out.rows["routine_projects"]
    assert [r["seq"] for r in rows] == list(range(1, len(ROUTINE) + 1))
    for row, i in zip(rows, order, strict=True):
        group, name, budget, division = ROUTINE[i]
        assert squash(row["project_name"]) == squash(name)  # the remark is not part of the name
        assert squash(row["work_group"]) == squash(group)
        assert row["budget_baht"] == routine_amount(budget)
        assert row["division"] == division
        assert row["budget_note"] == ("โอนงบประมาณไปสำนักการโยธา" if budget == MULTI_YEAR else None)
    seq_multi = order.index(2) + 1
    years = [b for b in budgets(out, "routine") if b[0] == seq_multi]
    assert years == [
        (seq_multi, 2570, 14_050_000),
        (seq_multi, 2571, 210_750_000),
        (seq_multi, 2572, 56_200_000),
    ]
    assert len(budgets(out, "routine")) == len(ROUTINE) + 2
    st = stated(out, "routine_projects")
    assert (st["stated_count"], st["stated_total_baht"]) == (len(ROUTINE), total)
    assert (st["computed_count"], st["computed_total_baht"]) == (len(ROUTINE), total)
    assert not [r for r in ctx.rejects if r.table == "routine_projects"]


@needs_fonts
def test_routine_groups_alone_when_the_list_is_absent(tmp_path):
    total = sum(routine_amount(r[2]) for r in ROUTINE)
    ctx, out = parse_pdf(write_pdf(tmp_path / "groups.pdf", groups_pages(len(ROUTINE), total)), 2570)
    rows = out.rows["routine_projects"]
    assert [r["seq"] for r in rows] == list(range(1, len(ROUTINE) + 1))
    assert [squash(r["project_name"]) for r in rows] == [squash(r[1]) for r in ROUTINE]
    assert [squash(r["work_group"]) for r in rows] == [squash(r[0]) for r in ROUTINE]
    # Item 5 was split by the page break: its name and its wrapped amount are whole again.
    assert rows[4]["budget_baht"] == 4_950_000 and rows[4]["page"] == 1
    assert stated(out, "routine_projects")["stated_total_baht"] == total
    assert stated(out, "routine_projects")["computed_total_baht"] == total


# --- the shared Bang Na plan ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bangna(bangna_tables):
    return parse(bangna_tables, 2569, "bangna-2569")


def test_bangna_key_projects_match_the_gold(bangna):
    _, out = bangna
    rows = out.rows["key_projects"]
    want = gold("key_projects")
    assert len(rows) == len(want) == 71
    for row, g in zip(rows, want, strict=True):
        assert row["seq"] == int(g["seq"])
        assert row["budget_baht"] == as_int(g["budget_baht"])
        assert (row["budget_note"] or "") == g["budget_note"]
        assert row["divisions"] == json.loads(g["divisions"])
        assert row["kr_code"] == g["kr_code"]
        assert row["policy_codes"] == json.loads(g["policy_codes"])
    st = stated(out, "key_projects")
    assert (st["stated_count"], st["stated_total_baht"]) == (71, 16_867_765)
    assert (st["computed_count"], st["computed_total_baht"]) == (71, 16_867_765)
    assert budgets(out, "key") == sorted(
        (int(g["seq"]), 2569, int(g["amount_baht"])) for g in gold("budgets") if g["section"] == "key"
    )


def test_bangna_routine_projects_match_the_gold(bangna):
    ctx, out = bangna
    rows = out.rows["routine_projects"]
    want = gold("routine_projects")
    assert len(rows) == len(want) == 47
    for row, g in zip(rows, want, strict=True):
        assert row["seq"] == int(g["seq"])
        assert row["budget_baht"] == int(g["budget_baht"])
        assert (row["budget_note"] or "") == g["budget_note"]
        assert row["division"] == g["division"]
        assert squash(row["work_group"]) == squash(g["work_group"])
    st = stated(out, "routine_projects")
    assert (st["stated_count"], st["stated_total_baht"]) == (47, 148_449_240)
    assert (st["computed_count"], st["computed_total_baht"]) == (47, 148_449_240)
    assert budgets(out, "routine") == sorted(
        (int(g["seq"]), int(g["budget_year"]), int(g["amount_baht"]))
        for g in gold("budgets")
        if g["section"] == "routine"
    )
    assert not [r for r in ctx.rejects if r.table == "routine_projects"]


def test_misspelt_units_snap_to_the_one_reference_name_they_can_be():
    from pipeline.parse.lists import agency_name, division_name

    assert division_name("ฝ่ายเทคนิค") == "ฝ่ายเทศกิจ"  # no district office has a ฝ่ายเทคนิค
    assert agency_name("สำนักเทคนิค") == "สำนักเทศกิจ"
    assert agency_name("สำนักงานการศึกษา") == "สำนักการศึกษา"
    # Known names and longer forms of them stay as printed, spaces included.
    assert agency_name("สำนักวัฒนธรรม กีฬา และการท่องเที่ยว") == "สำนักวัฒนธรรม กีฬา และการท่องเที่ยว"
    assert agency_name("สำนักดิจิทัล กรุงเทพมหานคร") == "สำนักดิจิทัล กรุงเทพมหานคร"
    # Far from every reference name: kept as printed, for validation to report.
    assert agency_name("กรมทางหลวงชนบท") == "กรมทางหลวงชนบท"
    assert division_name("ฝ่ายกฎหมายและคดี") == "ฝ่ายกฎหมายและคดี"


def test_stated_counts_that_disagree_take_the_copy_the_rows_confirm():
    # The work-group table's "47 โครงการ" read "67" on a scan; the list's total row says 47,
    # and 47 rows were read: 47 is stated, and the disagreement is still a reject.
    from pipeline.parse.lists import Stated
    from pipeline.parse.routine import _agree
    from pipeline.records import TableSet

    doc = SourceDocument("test", "test.pdf", "x", 1, 1, None, "ทดสอบ", 2569)
    ctx = ParseContext(doc, TableSet([], [], []))
    stated = [Stated(67, 148_449_240, 88), Stated(47, 148_449_240, 104)]
    final = _agree(ctx, stated, {"count": 47, "amount": 148_449_240})
    assert (final.count, final.amount) == (47, 148_449_240)
    assert [r.reason for r in ctx.rejects] == ["stated counts disagree: [47, 67]"]
    # no copy confirmed by the rows: the first, as before
    assert _agree(ctx, stated, {"count": 46, "amount": 0}).count == 67
