"""The batch and the CLI: bad files get a clear message and a reject row; nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import emit
from pipeline.cli import app, parse_pages
from pipeline.records import SourceDocument
from pipeline.rows import KeyProjectRow, RowError
from pipeline.run import run

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def _encrypted(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 700, "secret plan")
    canvas.showPage()
    canvas.save()
    return path


def _scan(path: Path) -> Path:
    """A page with drawings only: no text layer, as a scanned plan has."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    for i in range(20):
        canvas.rect(50 + i * 10, 100 + i * 20, 200, 10, fill=1)
    canvas.showPage()
    canvas.save()
    return path


@needs_fonts
@pytest.mark.slow
def test_bad_files_do_not_stop_the_batch(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated")
    (raw / "notapdf.pdf").write_text("hello")
    _encrypted(raw / "locked.pdf")
    _scan(raw / "scan.pdf")
    write_pdf(
        raw / "menu.pdf",
        [
            PageSpec(
                [TableSpec([150, 150], [["สินค้า", "ราคา"], ["ข้าว", "20"]])],
                running_header=None,
                title=["รายการอาหาร"],
            )
        ],
    )
    header = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
    plan = PageSpec(
        [TableSpec([50, 250, 90, 110], [header, ["1", "โครงการปรับปรุงซอย", "1,000", "ฝ่ายโยธา"]])],
        title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"],
    )
    write_pdf(raw / "good.pdf", [plan])

    out = tmp_path / "out"
    result = run([raw], out, progress=False, validate=False)
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["good"].ok
    assert not any(by_id[d].ok for d in ("corrupt", "notapdf", "locked", "scan", "menu"))
    assert "encrypted" in by_id["locked"].message
    assert "not a PDF" in by_id["notapdf"].message
    assert "no text layer" in by_id["scan"].message
    assert "not a district action plan" in by_id["menu"].message
    rejects = pd.read_parquet(out / "rejects")
    assert {"corrupt", "notapdf", "locked", "scan", "menu"} <= set(rejects["doc_id"])
    assert not list(out.rglob("*.tmp"))  # nothing half-written


@needs_fonts
@pytest.mark.slow
def test_rerun_replaces_a_documents_rows(tmp_path: Path):
    header = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
    rows = [
        header,
        ["1", "โครงการปรับปรุงซอย", "1,000", "ฝ่ายโยธา"],
        ["2", "โครงการลอกคลอง", "2,000", "ฝ่ายโยธา"],
    ]
    pdf = write_pdf(tmp_path / "plan.pdf", [PageSpec([TableSpec([50, 250, 90, 110], rows)])])
    out = tmp_path / "out"
    run([pdf], out, progress=False, validate=False)
    first = pd.read_parquet(out / "documents")
    run([pdf], out, progress=False, validate=False)
    again = pd.read_parquet(out / "documents")
    assert len(first) == len(again) == 1
    assert again["district"].iloc[0] == "ทดสอบ" and int(again["fiscal_year"].iloc[0]) == 2570


def test_emit_writes_the_contract_schema(tmp_path: Path):
    doc = SourceDocument("d1", "raw/d1.pdf", "abc", 3, 3, "t", "บางนา", 2569)
    emit.emit_document(
        tmp_path,
        doc,
        {
            "key_projects": [
                KeyProjectRow(
                    page=2, seq=1, project_name="x", budget_baht=None, budget_note=None,
                    divisions=["ฝ่ายโยธา"], kr_code=None, policy_codes=[], bbox=None,
                )  # fmt: skip
            ]
        },
    )
    frame = pd.read_parquet(tmp_path / "key_projects")
    assert str(frame["fiscal_year"].dtype) == "int16"
    assert frame.loc[0, "district"] == "บางนา" and list(frame.loc[0, "divisions"]) == ["ฝ่ายโยธา"]
    assert (tmp_path / "rejects" / "d1.parquet").exists()
    # A dict row names exactly its table's fields: a misspelt key is an error, not a null column.
    with pytest.raises(RowError, match="key_projects: unknown field 'sq'"):
        emit.emit_document(tmp_path, doc, {"key_projects": [{"sq": 1, "project_name": "x"}]})
    with pytest.raises(RowError, match="rows for unknown table"):
        emit.emit_document(tmp_path, doc, {"key_project": []})


def test_parse_pages_spec():
    assert parse_pages("1,3-5", 10) == [1, 3, 4, 5]
    assert parse_pages(None, 3) == [1, 2, 3]
    with pytest.raises(ValueError):
        parse_pages("9", 3)


def test_cli_reports_usage_errors_with_exit_2(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["text", str(tmp_path / "missing.pdf")]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["run", str(empty), "--out", str(tmp_path / "o")]).exit_code == 2
