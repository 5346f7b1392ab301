"""Budget books end to end: built books in several fonts and layouts, and the real ones."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from pipeline.run import run

from .bookgen import BookSpec, sample_programmes, write_book
from .pdfgen import FONT_DIR, fonts_available

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
REAL_BOOKS = Path(__file__).resolve().parents[2] / "shared" / "real-bma"


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    names = ("documents", "budget_programs", "budget_kpis", "budget_items", "budget_summary", "stated_totals")
    return {t: pd.read_parquet(out / t) for t in names}


@needs_fonts
@pytest.mark.parametrize(
    "font, ruled, margin, per_division",
    [("Laksaman", True, 60.0, False), ("Garuda", False, 85.0, True)],
    ids=["laksaman-ruled", "garuda-unruled-wide-margin-detail-per-division"],
)
@pytest.mark.slow
def test_a_built_book_gives_every_table(tmp_path: Path, font: str, ruled: bool, margin: float, per_division):
    if not (FONT_DIR / f"{font}.ttf").exists():
        pytest.skip(f"{font} not installed")
    spec = BookSpec(
        programmes=sample_programmes(),
        font=font,
        ruled_kpis=ruled,
        margin=margin,
        detail_per_division=per_division,
    )
    pdf = write_book(tmp_path / "65999.pdf", spec)  # a budget-unit number: nothing in the name
    result = run([pdf], tmp_path / "out", progress=False)
    assert result.validation_exit == 0
    t = _tables(tmp_path / "out")
    doc = t["documents"].iloc[0]
    assert (doc["doc_type"], doc["district"], doc["fiscal_year"]) == ("budget_book", "ทดสอบ", 2565)

    programs = t["budget_programs"].set_index("program_code")
    assert list(programs.index) == ["1300001", "1300003"]
    assert programs.loc["1300003", "division"] == "ฝ่ายทะเบียน"
    admin = programs.loc["1300001"]
    assert admin["program_name"] == "งานอำนวยการและบริหารสำนักงานเขต"
    assert admin["division"] == "ฝ่ายปกครอง"
    assert (admin["total_baht"], admin["budget_baht"]) == (3_974_110, 3_974_110)
    assert pd.isna(admin["off_budget_baht"])
    assert list(admin["activities"]) == ["อำนวยการและบริหารงานทั่วไป", "ประชาสัมพันธ์"]

    kpis = t["budget_kpis"]
    mail = kpis[kpis["indicator"] == "รับ-ส่ง หนังสือ"].set_index("year")
    assert mail["kind"].to_dict() == {2563: "past", 2564: "current", 2565: "plan", 2566: "forward",
                                      2567: "forward", 2568: "forward"}  # fmt: skip
    assert mail.loc[2565, "value"] == 25742 and mail.loc[2565, "unit"] == "เรื่อง"
    assert set(kpis[kpis["indicator"] == "ความพึงพอใจผู้รับบริการ"]["year"]) == {2565, 2566, 2567, 2568}

    items = t["budget_items"].set_index("item_id")
    by_label = {r.label: r for r in items.itertuples()}
    assert by_label["งานอำนวยการและบริหารสำนักงานเขต"].level == 0
    salary = by_label["อัตราเดิม 9 อัตรา"]
    assert (salary.code, salary.amount_baht, salary.category) == ("01101-2", 3_000_000, "งบบุคลากร")
    assert items.loc[salary.parent_id, "code"] == "1.1"
    # Unnumbered category lines nest by the chart of categories, not by their indentation.
    equipment = by_label["ค่าครุภัณฑ์"]
    assert items.loc[equipment.parent_id, "label"] == "ค่าครุภัณฑ์ ที่ดินและสิ่งก่อสร้าง"
    assert pd.isna(by_label["ค่าอาหารทำการนอกเวลา"].amount_baht)

    totals = t["stated_totals"]
    assert len(totals) > 10
    assert (totals["stated_total_baht"] == totals["computed_total_baht"]).all()
    assert "budget_summary district: programmes" in set(totals["section"])


@needs_fonts
@pytest.mark.slow
def test_a_printed_total_that_does_not_add_up_is_reported_not_edited(tmp_path: Path):
    programmes = sample_programmes()
    wrong = copy.deepcopy(programmes)
    code, label, _, children = wrong[0].tree[0][3][0]
    wrong[0].tree[0][3][0] = (code, label, 3_178_000, children)  # 1.1 เงินเดือน printed 850 short
    pdf = write_book(tmp_path / "book.pdf", BookSpec(programmes=wrong))
    result = run([pdf], tmp_path / "out", progress=False)
    assert result.validation_exit == 1
    assert result.documents[0].totals_reconciled == result.documents[0].totals_checked - 2  # 1.1 and 1.
    items = pd.read_parquet(tmp_path / "out" / "budget_items")
    assert items.loc[items["code"] == "1.1", "amount_baht"].tolist()[0] == 3_178_000  # as printed
    rejects = pd.read_parquet(tmp_path / "out" / "rejects")
    found = rejects[rejects["check"].str.startswith("budget_items.totals")]
    assert found["reason"].str.contains("printed 3,178,000, sum 3,178,850").any()
    assert found["page"].notna().all()


@pytest.mark.slow
@pytest.mark.skipif(not REAL_BOOKS.is_dir(), reason="the real budget books are not here")
def test_real_books_reconcile(tmp_path: Path):
    result = run(sorted(REAL_BOOKS.glob("*.pdf")), tmp_path / "out", progress=False)
    assert all(d.ok and d.doc_type == "budget_book" for d in result.documents)
    t = _tables(tmp_path / "out")
    for doc_id, st in t["stated_totals"].groupby("doc_id"):
        parents = st[st["section"].str.startswith("budget_items ")]
        share = (parents["stated_total_baht"] == parents["computed_total_baht"]).mean()
        assert share >= 0.995, doc_id
    programs = t["budget_programs"]
    assert programs["total_baht"].notna().all() and programs["budget_baht"].notna().all()
    assert set(zip(programs["doc_id"], programs["program_code"], strict=True)) <= set(
        zip(t["budget_kpis"]["doc_id"], t["budget_kpis"]["program_code"], strict=True)
    )
