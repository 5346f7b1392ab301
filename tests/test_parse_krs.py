"""KR evaluation tables: components from the titles, codes from digits, targets' single values."""

from __future__ import annotations

import pytest

from pipeline.parse.base import ParseContext, ParseResult
from pipeline.parse.krs import KrsParser, split_numbered, target_value
from pipeline.records import SourceDocument

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .test_parse_profile import parse_pdf

HEADER = [
    "ที่",
    "รหัส KRs",
    "ชื่อตัวชี้วัด",
    "ค่าเป้าหมาย (ตามแบบ ปผ.01)",
    "ความรับผิดชอบ (H/R)",
    "ส่วนราชการ ที่รับผิดชอบ",
    "โครงการ/กิจกรรม (งบประมาณ)",
]
WIDTHS = [30, 60, 170, 110, 70, 110, 200]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("4,900 ต้น", 4900.0, "ต้น"),
        ("ร้อยละ 60 (2 แห่ง)", 60.0, "ร้อยละ"),
        ("ร้อยละ 25 จากปี 2568", 25.0, "ร้อยละ"),
        ("ร้อยละ 25 ของผู้มีหน้าที่ชำระค่าธรรมเนียมกลุ่มที่ 1 ทั้งหมด", 25.0, "ร้อยละ"),
        ("ไม่น้อยกว่า ร้อยละ 80", 80.0, "ร้อยละ"),
        ("ลดลง 21.629 ตัน/วัน", 21.629, "ตัน/วัน"),
        ("100 แห่ง 15.13 ตัน/วัน", None, None),
        ("ไม่ต่ำกว่า ระดับทองแดง (ดี) (คะแนนรวม ร้อยละ 60 ขึ้นไป)", None, None),
        ("ร้อยละ 100 ตามภารกิจ ร้อยละ 100 ตามภารกิจ", 100.0, "ร้อยละ"),
    ],
)
def test_target_value(text, value, unit):
    assert target_value(text) == (value, unit)


def test_numbered_projects_are_split_only_when_numbered_in_sequence():
    assert split_numbered("1. กิจกรรมก ปี 2567 - 2568 2. กิจกรรมข") == ["กิจกรรมก ปี 2567 - 2568", "กิจกรรมข"]
    assert split_numbered("กิจกรรมสวน 15 นาที 2. ไม่ใช่รายการ") == ["กิจกรรมสวน 15 นาที 2. ไม่ใช่รายการ"]


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def _agenda_page() -> PageSpec:
    """An Agenda Base page of one KR."""
    agenda = TableSpec(
        WIDTHS,
        [HEADER, ["1", "41101", "จำนวนต้นไม้ที่ปลูก", "4,900 ต้น", "R", "ฝ่ายโยธา", "กิจกรรมปลูกต้นไม้"]],
    )
    return PageSpec([agenda], title=["1.1 ประสิทธิภาพของการดำเนินงาน (Agenda Base)"], landscape=True)


def test_components_continued_table_and_reordered_columns(tmp_path):
    function_1 = TableSpec(
        WIDTHS,
        [
            HEADER,
            [
                "1",
                "11102",
                "ร้อยละการกระทำผิดลดลง",
                "ร้อยละ 25",
                "CO - H",
                "ฝ่ายเทศกิจ ฝ่ายโยธา",
                "1. กิจกรรมก 2. กิจกรรมข",
            ],
        ],
    )
    function_2 = TableSpec(
        WIDTHS,
        [
            HEADER,
            ["2", "1210", "ขึ้นทะเบียนทางหลวง", "30 สายทาง", "R", "ฝ่ายโยธา", "กิจกรรมขึ้นทะเบียน"],
            ["", "1", "ท้องถิ่น", "", "", "", ""],
        ],
    )
    pages = [
        _agenda_page(),
        PageSpec([function_1], title=["1.2 ประสิทธิภาพในการดำเนินงาน (Function Base)"], landscape=True),
        PageSpec([function_2], landscape=True),
    ]
    out, ctx = parse_pdf(write_pdf(tmp_path / "krs.pdf", pages), KrsParser())
    rows = out.rows["krs"]
    assert [(r["kr_code"], r["component"]) for r in rows] == [
        ("41101", "agenda"),
        ("11102", "function"),
        ("12101", "function"),
    ]
    assert rows[0]["target_value"] == 4900.0 and rows[0]["divisions"] == ["ฝ่ายโยธา"]
    assert rows[1]["responsibility"] == "CO-H"
    assert rows[1]["projects"] == ["กิจกรรมก", "กิจกรรมข"]
    assert rows[1]["divisions"] == ["ฝ่ายเทศกิจ", "ฝ่ายโยธา"]
    assert rows[2]["kr_name"].replace(" ", "") == "ขึ้นทะเบียนทางหลวงท้องถิ่น"


def test_bangna_krs(bangna_tables):
    doc = SourceDocument("bangna-2569", "raw/bangna-2569.pdf", "x", 125, 125, None, "บางนา", 2569)
    ctx = ParseContext(doc, bangna_tables)
    out = ParseResult()
    KrsParser().parse(ctx, out)
    rows = out.rows["krs"]
    assert len(rows) == 77
    assert sum(r["component"] == "agenda" for r in rows) == 8
    assert [r["kr_code"] for r in rows].count("42102") == 2  # printed twice in the source
    first = rows[0]
    assert (first["kr_code"], first["target_value"], first["target_unit"]) == ("41101", 4900.0, "ต้น")
    assert all(len(r["kr_code"]) == 5 for r in rows)
    assert not [r for r in ctx.rejects if r.table == "krs"]


def test_an_unreadable_responsibility_is_taken_from_the_okr_line_of_the_kr():
    """The office scan of the HTML plan read the KR tables' "R" as "ค" (47 of 77 rows): the
    KR's district line in the OKR tables names it after the agency, "สำนักงานเขต (R)"."""
    from pipeline.parse.krs import okr_responsibilities, responsibility, responsibility_from_okr

    out = ParseResult()
    out.rows["okr_rows"] = [
        {"kr_name": "ร้อยละของลานกีฬาที่ผ่านเกณฑ์มาตรฐาน", "kr_agency": "สำนักงานเขต (R)"},
        {"kr_name": "ร้อยละของลานกีฬาที่ผ่านเกณฑ์มาตรฐาน", "kr_agency": "สำนักวัฒนธรรม กีฬา"},
        {"kr_name": "จำนวนต้นไม้ที่ปลูก", "kr_agency": "สำนักงานเขต (CO - H)"},
    ]
    okr = okr_responsibilities(out)
    assert responsibility("ค") is None
    assert responsibility_from_okr("ร้อยละของลานกีฬาที่ผ่านเกณฑ์ มาตรฐาน", okr) == "R"
    assert responsibility_from_okr("จำนวนต้นไม้ที่ปลูก", okr) == "CO-H"
    assert responsibility_from_okr("ร้อยละของห้องน้ำสาธารณะที่ผ่านการประเมิน", okr) is None


# The KR header as OCR read it on a photocopy's first Function Base page: the marks band above
# "ชื่อตัวชี้วัด" read as junk and its mark lost, too garbled for the header lexicon.
KR_HEADER_MISREAD = [
    "a ท",
    "รหัส KRs",
    "สจ ม3 dua ขอตัวขวัด",
    "ค่าเป้าหมาย (ตามแบบปผ.01)",
    "ความรับผิดชอบ (H/R)",
    "ส่วนราชการทรับผิดชอบ",
    "โครงการ/กิจกรรม (งบประมาณ)",
]


@pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
def test_a_titled_table_whose_header_reads_like_the_last_tables_is_that_kind(tmp_path):
    """A new section's table (title above it) with a misread header is the kind of the table before."""
    function = TableSpec(
        WIDTHS,
        [KR_HEADER_MISREAD, ["1", "11102", "ร้อยละการกระทำผิดลดลง", "ร้อยละ 25", "R", "ฝ่ายเทศกิจ", "กิจกรรมก"]],
    )
    pages = [
        _agenda_page(),
        PageSpec([function], title=["1.2 ประสิทธิภาพในการดำเนินงาน (Function Base)"], landscape=True),
    ]
    out, ctx = parse_pdf(write_pdf(tmp_path / "krs.pdf", pages), KrsParser())
    rows = out.rows["krs"]
    assert [(r["kr_code"], r["component"]) for r in rows] == [("41101", "agenda"), ("11102", "function")]
    assert rows[1]["kr_name"] == "ร้อยละการกระทำผิดลดลง"
