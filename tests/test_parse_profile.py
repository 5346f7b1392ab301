"""Profile tables: subdistricts (area merged from the area table) and staffing, totals apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import thai
from pipeline.pages import PageReader
from pipeline.parse.base import ParseContext, ParseResult
from pipeline.parse.profile import ProfileParser
from pipeline.records import SourceDocument
from pipeline.tables import extract_tables

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

pytestmark = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def parse_pdf(path: Path, parser) -> tuple[ParseResult, ParseContext]:
    """Run pages -> thai -> tables -> one parser on a small PDF."""
    with PageReader(str(path), path.stem) as reader:
        repaired = [thai.repair_page(p, reader.fonts) for p in reader.pages()]
    tables = extract_tables(path.stem, repaired)
    doc = SourceDocument(path.stem, str(path), "x", len(repaired), len(repaired), None, "ทดสอบ", 2570)
    ctx = ParseContext(doc, tables)
    out = ParseResult()
    parser.parse(ctx, out)
    return out, ctx


def test_staffing_blank_first_heading_reordered_columns_and_total_row(tmp_path):
    rows = [
        ["", "อัตราว่าง", "อัตรากำลัง", "อัตราครอง"],
        ["ข้าราชการ", "8", "143", "135"],
        ["ลูกจ้างประจำ", "12", "301", "289"],
        ["รวม", "20", "444", "424"],
    ]
    pdf = write_pdf(
        tmp_path / "staff.pdf", [PageSpec([TableSpec([200, 80, 80, 80], rows)], title=["ข้อมูลอัตรากำลัง"])]
    )
    out, _ = parse_pdf(pdf, ProfileParser())
    got = [(r["category"], r["positions"], r["filled"], r["vacant"]) for r in out.rows["staffing"]]
    assert got == [("ข้าราชการ", 143, 135, 8), ("ลูกจ้างประจำ", 301, 289, 12)]
    totals = {r["column"]: (r["stated_value"], r["computed_value"]) for r in out.rows["profile_totals"]}
    assert totals == {"positions": (444.0, 444.0), "filled": (424.0, 424.0), "vacant": (20.0, 20.0)}


def test_population_header_over_two_rows_and_area_from_the_area_table(tmp_path):
    area = TableSpec(
        [120, 100], [["แขวง", "พื้นที่ (ตร.กม.)"], ["ทดสอบเหนือ", "5.5"], ["ทดสอบใต้", "4.25"], ["รวม", "9.75"]]
    )
    population = TableSpec(
        [100, 120, 70, 70, 70],
        [
            ["แขวง", "จำนวนบ้าน (หลังคาเรือน)", "จำนวนประชากร", "", ""],
            ["", "", "ชาย", "หญิง", "รวม"],
            ["ทดสอบเหนือ", "1,000", "1,200", "1,300", "2,500"],
            ["ทดสอบใต้", "2,000", "2,100", "2,200", "4,300"],
            ["รวม", "3,000", "3,300", "3,500", "6,900"],
        ],
        spans={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3)},
        header_rows=2,
    )
    pdf = write_pdf(
        tmp_path / "pop.pdf", [PageSpec([area], title=["พื้นที่"]), PageSpec([population], title=["ประชากร"])]
    )
    out, _ = parse_pdf(pdf, ProfileParser())
    got = [
        (r["subdistrict"], r["area_km2"], r["households"], r["male"], r["female"], r["total"])
        for r in out.rows["subdistricts"]
    ]
    assert got == [("ทดสอบเหนือ", 5.5, 1000, 1200, 1300, 2500), ("ทดสอบใต้", 4.25, 2000, 2100, 2200, 4300)]
    totals = {r["column"]: (r["stated_value"], r["computed_value"]) for r in out.rows["profile_totals"]}
    assert totals["total"] == (6900.0, 6800.0)  # the printed total is kept even when the rows disagree
    assert "area_km2" not in totals  # the population table prints no area total


def test_bangna_profile(bangna_tables):
    doc = SourceDocument("bangna-2569", "raw/bangna-2569.pdf", "x", 125, 125, None, "บางนา", 2569)
    ctx = ParseContext(doc, bangna_tables)
    out = ParseResult()
    ProfileParser().parse(ctx, out)
    subs = {r["subdistrict"]: r for r in out.rows["subdistricts"]}
    assert set(subs) == {"บางนาเหนือ", "บางนาใต้"}
    assert (subs["บางนาใต้"]["area_km2"], subs["บางนาใต้"]["households"], subs["บางนาใต้"]["total"]) == (
        13.628,
        48527,
        46456,
    )
    assert [r["positions"] for r in out.rows["staffing"]] == [143, 301, 220, 335, 36, 38]
    totals = {
        (r["table"], r["column"]): (r["stated_value"], r["computed_value"])
        for r in out.rows["profile_totals"]
    }
    assert totals[("subdistricts", "area_km2")] == (17.789, 18.789)  # the source's own inconsistency
    assert totals[("staffing", "positions")] == (1073.0, 1073.0)
