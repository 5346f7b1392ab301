"""Document types are plug-ins: recognised from their title pages, each yielding its own tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import doctypes
from pipeline.parse.base import cell_text, row_bbox
from pipeline.rows import KrRow, RowError, make
from pipeline.run import run

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .toy_doctype import MenuItemRow, menu
from .toy_doctype.menu import MenuParser

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def test_titles_decide_the_type_district_and_year():
    plan = doctypes.identify("สำนักงานเขตบางนา\nแผนปฏิบัติราชการประจำปี พ.ศ. 2569 ของสำนักงานเขตบางนา")
    book = doctypes.identify(
        "สำนักงานเขตห้วยขวาง\nงบประมาณรายจ่ายประจำปี 2565 ของสำนักงานเขตห้วยขวางโดยสังเขป\nก) งบประมาณ"
    )
    assert (plan[0].name, plan[1].district, plan[1].fiscal_year) == ("action_plan", "บางนา", 2569)
    assert (book[0].name, book[1].district, book[1].fiscal_year) == ("budget_book", "ห้วยขวาง", 2565)
    # A plan quoting the budget's title later on is still a plan: the first title wins.
    mixed = doctypes.identify(
        "แผนปฏิบัติการ ประจำปี พ.ศ. 2569 สำนักงานเขตบางนา … ตามงบประมาณรายจ่ายประจำปี 2569 ของสำนักงานเขตบางนา"
    )
    assert mixed[0].name == "action_plan"
    assert doctypes.identify("รายการอาหาร ร้านข้าวแกง") is None


def _menu_pdf(path: Path, with_table: bool) -> Path:
    table = TableSpec([200, 100], [["รายการ", "ราคา"], ["ข้าวผัด", "50"], ["ต้มยำกุ้ง", "120"]])
    page = PageSpec(
        [table] if with_table else [],
        title=["รายการอาหาร ประจำปี 2569 สำนักงานเขตบางนา"],
        running_header=None,
    )
    return write_pdf(path, [page])


@needs_fonts
@pytest.mark.slow
def test_a_new_document_type_is_a_folder_and_one_registry_line(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(doctypes, "REGISTRY", [*doctypes.REGISTRY, "tests.toy_doctype"])  # the one line
    raw = tmp_path / "raw"
    raw.mkdir()
    _menu_pdf(raw / "menu.pdf", with_table=True)
    _menu_pdf(raw / "empty-menu.pdf", with_table=False)
    out = tmp_path / "out"
    # inline: the patched registry holds in this process only (a worker imports the real one)
    result = run([raw], out, progress=False, executor="inline")
    assert all(d.ok for d in result.documents)
    docs = pd.read_parquet(out / "documents").set_index("doc_id")
    assert docs.loc["menu", "doc_type"] == "menu_card"
    assert (docs.loc["menu", "district"], docs.loc["menu", "fiscal_year"]) == ("บางนา", 2569)
    menu = pd.read_parquet(out / "menu_items")
    assert menu.set_index("dish")["price_baht"].to_dict() == {"ข้าวผัด": 50, "ต้มยำกุ้ง": 120}
    # The menu without its table yields none of the type's required tables: a blocking failure.
    assert result.validation_exit == 1
    rejects = pd.read_parquet(out / "rejects")
    reasons = rejects[rejects["check"] == "menu_card.required_tables"]
    assert set(reasons["doc_id"]) == {"empty-menu"}
    assert "no rows in menu_items" in reasons["reason"].iloc[0]


@needs_fonts
@pytest.mark.slow
def test_a_plan_without_plan_tables_fails_validation(tmp_path: Path):
    page = PageSpec([], title=["แผนปฏิบัติราชการประจำปี พ.ศ. 2570", "สำนักงานเขตทดสอบ"])
    write_pdf(tmp_path / "hollow.pdf", [page, page])
    out = tmp_path / "out"
    result = run([tmp_path / "hollow.pdf"], out, progress=False)
    assert result.documents[0].ok
    assert result.validation_exit == 1
    rejects = pd.read_parquet(out / "rejects")
    hit = rejects[rejects["check"] == "action_plan.required_tables"]
    assert len(hit) == 1 and "okr_rows" in hit["reason"].iloc[0]


class _MisspeltMenuParser(MenuParser):
    """The toy parser with a typo in a field name, as a new parser might have."""

    def parse(self, ctx, out) -> None:
        for table in ctx.of_kind("menu"):
            for r in range(len(table.rows)):
                page, _ = row_bbox(table, r)
                out.add("menu_items", {"page": page, "dish": cell_text(table, r, "dish"), "price_bath": 1})


@needs_fonts
def test_a_misspelt_field_fails_the_document_naming_table_and_field(tmp_path: Path, monkeypatch):
    """A row field the table lacks is an error at the parser, not an empty column."""
    monkeypatch.setattr(doctypes, "REGISTRY", [*doctypes.REGISTRY, "tests.toy_doctype"])
    monkeypatch.setattr(menu, "MenuParser", _MisspeltMenuParser)
    raw = tmp_path / "raw"
    raw.mkdir()
    _menu_pdf(raw / "menu.pdf", with_table=True)
    result = run([raw], tmp_path / "out", progress=False, validate=False, executor="inline")
    (doc,) = result.documents
    assert not doc.ok
    assert "menu_items: unknown field 'price_bath'" in doc.message
    rejects = pd.read_parquet(tmp_path / "out" / "rejects")
    assert rejects["reason"].str.contains("price_bath").tolist() == [True]
    # Missing fields are named too, and a row of one table is not taken for another's.
    with pytest.raises(RowError, match=r"menu_items: missing field 'price_baht'"):
        make(MenuItemRow, {"page": 1, "dish": "ข้าวผัด"})
    with pytest.raises(RowError, match="krs: got a row of menu_items"):
        make(KrRow, MenuItemRow(page=1, dish="ข้าวผัด", price_baht=50))
