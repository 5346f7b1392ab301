"""Scans as offices publish them: skewed, blurred, noisy, unevenly lit, photocopied, turned.

A ruled Thai plan page drawn by ``pdfgen`` is degraded by ``scangen`` (each degradation
of its profiles) and read back: the page preparation must find the skew, the ruling
lines must still form the drawn grid, and the pipeline must give the same rows, with
exact amounts, as from the digital page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import ocr
from pipeline.run import run

from .pdfgen import write_pdf
from .scangen import PROFILES, Degradation, degrade_pdf
from .test_ocr import HEADER, ROWS, plan_page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not ocr.tesseract_available(), reason="tesseract-ocr with tesseract-ocr-tha not installed"
    ),
]

# The skew is found to within this many degrees (a cell border then drifts < 0.5 pt over a table).
SKEW_TOLERANCE = 0.1


@pytest.fixture(scope="module")
def digital(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("digital") / "digital.pdf", [plan_page()])


def _scan(digital: Path, folder: Path, profile: Degradation, name: str = "scan") -> Path:
    return degrade_pdf(digital, folder / f"{name}.pdf", profile, seed=7)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_preparation_finds_the_skew_and_the_grid(digital, tmp_path, name):
    """Each degraded copy: the skew is measured and undone, and the ruling lines form the drawn grid."""
    profile = PROFILES[name]
    scanned = _scan(digital, tmp_path, profile)
    settings = ocr.DEFAULT
    prepared = ocr.prepare_page(ocr.render_page(str(scanned), 1, settings.dpi), settings)
    assert abs(prepared.quality.skew_deg - profile.skew_deg) <= SKEW_TOLERANCE, prepared.quality
    assert prepared.gray.dtype == np.uint8 and prepared.ink.shape == prepared.gray.shape
    edges, _ = ocr.find_rules(prepared.gray, settings, prepared.rule_ink)
    cells = ocr.table_cells(edges)
    assert len(cells) == len(HEADER) * (len(ROWS) + 1), (name, len(cells))


def test_a_clean_rendering_is_not_rotated_or_filtered(digital, tmp_path):
    scanned = _scan(digital, tmp_path, Degradation(dpi=300))
    prepared = ocr.prepare_page(ocr.render_page(str(scanned), 1), ocr.DEFAULT)
    assert prepared.quality.skew_deg == 0.0 and prepared.quality.rotation == 0
    assert prepared.quality.noise < 3.0


@pytest.fixture(scope="module")
def office_run(digital, tmp_path_factory):
    """The issue's realistic scan (200 dpi, skew, blur, noise, uneven light, JPEG) through the pipeline."""
    folder = tmp_path_factory.mktemp("office")
    scanned = _scan(digital, folder, PROFILES["office"])
    out = folder / "out"
    result = run([scanned], out, progress=False, validate=False)
    return out, result


def test_a_realistic_scan_gives_the_digital_rows(office_run):
    out, result = office_run
    assert [d.ok for d in result.documents] == [True], result.documents
    rows = pd.read_parquet(out / "routine_projects").sort_values("seq")
    assert list(rows["seq"]) == [1, 2, 3]
    assert list(rows["budget_baht"]) == [int(r[2].replace(",", "")) for r in ROWS]  # exact amounts
    assert list(rows["division"]) == [r[3] for r in ROWS]


def test_the_pages_table_and_summary_say_how_the_scan_was_read(office_run):
    out, result = office_run
    [page] = pd.read_parquet(out / "pages").to_dict("records")
    assert page["source"] == "ocr" and page["rotation"] == 0
    assert abs(page["skew_deg"] - PROFILES["office"].skew_deg) <= SKEW_TOLERANCE
    assert page["ocr_words"] > 20 and page["ocr_mean_conf"] > 80
    assert (page["tables"], page["tables_rejected"]) == (1, 0)
    [doc] = result.documents
    assert doc.scan is not None and doc.scan.ocr_pages == 1
    assert (doc.scan.table_pages, doc.scan.recognised_pages) == (1, 1)
    assert "tables recognised on 1 of 1" in doc.scan.text()


@pytest.mark.slow
@pytest.mark.parametrize("turn", [90, 180])
def test_a_turned_page_is_read_upright(digital, tmp_path, turn):
    """A page scanned turned reads as few, unsure words; its orientation is found and it is read again."""
    scanned = _scan(digital, tmp_path, replace(PROFILES["office"], rotate=turn))
    out = tmp_path / "out"
    [doc] = run([scanned], out, progress=False, validate=False).documents
    assert doc.ok, doc.message
    [page] = pd.read_parquet(out / "pages").to_dict("records")
    assert page["rotation"] == turn
    rows = pd.read_parquet(out / "routine_projects").sort_values("seq")
    assert list(rows["budget_baht"]) == [int(r[2].replace(",", "")) for r in ROWS]


HTML_PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "bangna-2569-html.pdf"


@pytest.mark.skipif(not HTML_PLAN.exists(), reason="../shared/dev/bangna-2569-html.pdf not present")
def test_a_column_of_lone_letters_reads_them_at_full_size(tmp_path, monkeypatch):
    """The KR pages' responsibility column holds one Latin letter a cell ("R"): shrunk in the body
    mosaic (zoom 0.55 on this plan's small print) Tesseract read most of them as the Thai "ค";
    the cells read as a few letters are read again in a mosaic at full size, and every one is "R"."""
    from pipeline.ocr import cells as cells_module

    scan = degrade_pdf(HTML_PLAN, tmp_path / "scan.pdf", PROFILES["office"], [74, 75, 76])
    lone = []
    real = cells_module.read_cells

    def spy(*args, **kwargs):
        reads = real(*args, **kwargs)
        lone.extend(r.text for r in reads if len(r.text) == 1 and not r.text.isdigit())
        return reads

    monkeypatch.setattr("pipeline.ocr.page.read_cells", spy)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(scan))
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    pdf.close()
    for number, (width, height) in enumerate(sizes, start=1):
        ocr.ocr_page(str(scan), number, width, height, "scan")
    assert len(lone) >= 10 and set(lone) == {"R"}
