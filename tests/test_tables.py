"""Stage 4: ruled tables, merged cells, headers by meaning, tables joined across pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import thai
from pipeline.headers import map_columns
from pipeline.pages import PageReader
from pipeline.settings import Settings, TableSettings
from pipeline.tables import extract_tables, load_kinds

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .test_parse_okr import HEADER as OKR_HEADER

pytestmark = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")

KEY_HEADER = [
    "ลำดับที่",
    "ชื่อโครงการ/กิจกรรมสำคัญ",
    "งบประมาณ (บาท)",
    "ส่วนราชการ/ฝ่าย",
    "รหัส KRs",
    "รหัสนโยบาย (3 หลัก)",
]
KEY_WIDTHS = [45, 250, 90, 110, 60, 90]


def key_row(i: int) -> list[str]:
    return [str(i), f"โครงการพัฒนาชุมชนเข้มแข็งที่ {i} ในพื้นที่เขต", f"{i},250,000", "ฝ่ายโยธา", f"5210{i}", "049"]


def read_tables(path: Path, settings: Settings | None = None):
    with PageReader(str(path), path.stem) as reader:
        repaired = [thai.repair_page(p, reader.fonts) for p in reader.pages()]
    return extract_tables(path.stem, repaired, settings=settings)


def texts(table, field):
    col = table.columns[field]
    return [row[col].text if row[col] else None for row in table.rows]


def test_table_continued_with_repeated_header_is_one_table(tmp_path):
    pages = [
        PageSpec(
            [TableSpec(KEY_WIDTHS, [KEY_HEADER] + [key_row(i) for i in range(1, 4)])],
            title=["โครงการ/กิจกรรมสำคัญ"],
            landscape=True,
        ),
        PageSpec([TableSpec(KEY_WIDTHS, [KEY_HEADER] + [key_row(i) for i in range(4, 6)])], landscape=True),
    ]
    result = read_tables(write_pdf(tmp_path / "cont.pdf", pages))
    [table] = result.tables
    assert table.kind == "key_projects"
    assert table.pages == [1, 2]
    assert texts(table, "seq") == ["1", "2", "3", "4", "5"]  # the repeated header is gone
    assert [row[table.columns["seq"]].page for row in table.rows] == [1, 1, 1, 2, 2]
    # each cell knows its row in the table, below the repeated header too
    assert [[c.row for c in row] for row in table.rows] == [[r] * len(KEY_WIDTHS) for r in range(5)]


def test_row_split_by_the_page_break_is_rejoined(tmp_path):
    first = key_row(3)
    head, tail = "โครงการพัฒนาชุมชนเข้มแข็ง", "ต่อเนื่องปีที่สอง"
    first[1] = head
    continued = ["", tail, "", "", "", ""]
    pages = [
        PageSpec([TableSpec(KEY_WIDTHS, [KEY_HEADER, key_row(1), key_row(2), first])], landscape=True),
        PageSpec([TableSpec(KEY_WIDTHS, [KEY_HEADER, continued, key_row(4)])], landscape=True),
    ]
    [table] = read_tables(write_pdf(tmp_path / "split.pdf", pages)).tables
    assert texts(table, "seq") == ["1", "2", "3", "4"]
    joined = texts(table, "project_name")[2]
    assert joined.replace(" ", "") == (head + tail).replace(" ", "")


def test_merged_cell_covers_every_row_it_spans(tmp_path):
    header = ["ลำดับที่", "งาน", "โครงการ", "งบประมาณ (บาท)", "ฝ่าย"]
    rows = [
        header,
        ["1", "งานปกครอง", "1. โครงการฝึกอบรมอาสาสมัคร", "64,100", "ฝ่ายปกครอง"],
        ["", "", "2. โครงการอบรมป้องกันยาเสพติด", "50,000", "ฝ่ายปกครอง"],
        ["2", "งานโยธา", "1. โครงการปรับปรุงซอย", "4,794,000", "ฝ่ายโยธา"],
    ]
    spec = TableSpec([45, 110, 200, 80, 80], rows, spans={(1, 0): (2, 1), (1, 1): (2, 1)})
    [table] = read_tables(write_pdf(tmp_path / "merged.pdf", [PageSpec([spec])])).tables
    assert table.kind == "routine_groups"
    groups = texts(table, "work_group")
    assert groups == ["งานปกครอง", "งานปกครอง", "งานโยธา"]
    col = table.columns["work_group"]
    assert table.rows[0][col] is table.rows[1][col] and table.rows[0][col].rowspan == 2


def test_columns_are_matched_by_header_meaning_not_position(tmp_path):
    order = [4, 0, 3, 1, 5, 2]  # KR code first, budget last
    header = [KEY_HEADER[i] for i in order]
    rows = [header] + [[key_row(i)[j] for j in order] for i in (1, 2)]
    spec = TableSpec([KEY_WIDTHS[i] for i in order], rows)
    [table] = read_tables(write_pdf(tmp_path / "reorder.pdf", [PageSpec([spec], landscape=True)])).tables
    assert table.kind == "key_projects"
    assert texts(table, "kr_code") == ["52101", "52102"]
    assert texts(table, "seq") == ["1", "2"]
    assert [re.sub(r"\D", "", t) for t in texts(table, "budget")] == ["1250000", "2250000"]


def test_wrapped_two_row_header_and_an_extra_column(tmp_path):
    header_top = ["ลำดับ", "ชื่อโครงการ/", "งบประมาณ", "ส่วนราชการ/", "รหัส", "รหัสนโยบาย", "หมายเหตุ"]
    header_bottom = ["ที่", "กิจกรรมสำคัญ", "(บาท)", "ฝ่าย", "KRs", "(3 หลัก)", ""]
    rows = [header_top, header_bottom] + [key_row(i) + ["-"] for i in (1, 2)]
    spec = TableSpec(KEY_WIDTHS + [60], rows, header_rows=2)
    [table] = read_tables(write_pdf(tmp_path / "wrapped.pdf", [PageSpec([spec], landscape=True)])).tables
    assert table.kind == "key_projects"
    assert table.header_rows == 2
    assert texts(table, "policy_codes") == ["049", "049"]


def test_an_unknown_table_is_reported_not_skipped(tmp_path):
    spec = TableSpec([150, 150], [["สินค้า", "ราคา"], ["ข้าวสาร", "20"]])
    result = read_tables(write_pdf(tmp_path / "other.pdf", [PageSpec([spec])]))
    assert result.tables == []
    [reject] = result.rejects
    assert reject.stage == "tables" and reject.page == 1 and "สินค้า" in reject.raw_text


def test_duplicate_headings_follow_their_anchor_column():
    okr = next(k for k in load_kinds() if k.name == "okr")
    headers = list(OKR_HEADER)  # the plan's order: the two ค่าเป้าหมาย columns at 1 and 4
    mapping = map_columns(okr, headers)
    assert mapping["super_okr_target"] == 1 and mapping["kr_target"] == 4
    # Reordered: the KR block first, the Super OKR block after it.
    swapped = headers[3:6] + headers[0:3] + headers[6:]
    mapping = map_columns(okr, swapped)
    assert mapping["kr_target"] == 1 and mapping["super_okr_target"] == 4


def test_bangna_key_project_list_is_one_table_over_nine_pages(bangna_tables):
    [table] = [t for t in bangna_tables.tables if t.kind == "key_projects"]
    assert len(table.pages) == 9
    seqs = [int(s) for s in texts(table, "seq") if s and s.strip().isdigit()]
    assert seqs == list(range(1, 72))


def test_a_kind_decided_with_low_confidence_is_rejected_with_its_scores(tmp_path):
    reworded = ["ลำดับ", "โครงการ/กิจกรรมสำคัญ", "วงเงิน (บาท)", "หน่วยงานที่รับผิดชอบ", "รหัสตัวชี้วัด", "รหัสนโยบาย"]
    pages = [
        PageSpec([TableSpec(KEY_WIDTHS, [reworded] + [key_row(i) for i in range(1, 4)])], landscape=True)
    ]
    pdf = write_pdf(tmp_path / "reworded.pdf", pages)
    [table] = read_tables(pdf).tables
    assert table.kind == "key_projects"  # next year's wording is read by meaning
    # The same table with the bar above any score: listed in rejects with its scores, not parsed.
    result = read_tables(pdf, Settings(tables=TableSettings(kind_confident=1.01)))
    assert result.tables == []
    [reject] = result.rejects
    assert reject.stage == "tables" and reject.page == 1
    assert "key_projects" in reject.reason and "low confidence" in reject.reason
    assert "weakest fields" in reject.reason
