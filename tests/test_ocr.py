"""Scanned plans: a ruled Thai table drawn here, rasterised into an image-only PDF, read by OCR.

The scan goes through the OCR pages stage (ruling lines from the image, Tesseract for
the text) and then the same tables, parse and emit stages as a digital plan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline import ocr, sources, thai
from pipeline import run as run_module
from pipeline.ocr.cells import CellRead, header_cells, reread_unsure
from pipeline.ocr.tesseract import OcrWord
from pipeline.pages import PageReader
from pipeline.run import run
from pipeline.tables import extract_tables

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed"),
    pytest.mark.skipif(
        not ocr.tesseract_available(), reason="tesseract-ocr with tesseract-ocr-tha not installed"
    ),
]

TITLE = "สำนักงานเขตทดสอบ แผนปฏิบัติการ ประจำปี พ.ศ. 2570"
HEADER = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
ROWS = [
    ["1", "โครงการฝึกอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน", "64,100", "ฝ่ายปกครอง"],
    ["2", "โครงการปรับปรุงซอยทองอยู่ 1", "4,794,000", "ฝ่ายโยธา"],
    ["3", "โครงการอบรมอาสาสมัครด้านการป้องกันยาเสพติด", "1,250,500", "ฝ่ายปกครอง"],
]
WIDTHS = [45, 260, 130, 100]
# A rule found in the image lies this close (points) to the line drawn in the PDF.
EDGE_TOLERANCE = 1.0


def plan_page() -> PageSpec:
    return PageSpec([TableSpec(WIDTHS, [HEADER, *ROWS])], title=[TITLE, "บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"])


def rasterise(src: Path, dst: Path, dpi: int = ocr.DEFAULT.dpi) -> Path:
    """An image-only copy of a PDF, as a scanner writes it: every page one greyscale picture."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    pdf.close()
    images[0].save(dst, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return dst


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scan")
    digital = write_pdf(folder / "digital.pdf", [plan_page()])
    return digital, rasterise(digital, folder / "scan.pdf")


def read_page(path: Path):
    with PageReader(str(path), path.stem) as reader:
        [page] = list(reader.pages())
    return page


def test_scan_has_no_text_layer_and_ocr_reads_it(scan):
    digital, scanned = scan
    page = read_page(scanned)
    assert not page.has_text
    got = ocr.ocr_page(str(scanned), 1, page.width, page.height, "scan")
    assert got.has_text and got.page_number == 1
    assert all(g.fontname == ocr.OCR_FONT and g.cid == -1 and g.visible for g in got.glyphs)
    assert [g.seq for g in got.glyphs] == list(range(len(got.glyphs)))
    text = thai.page_text(thai.repair_page(got, {}))
    assert TITLE in text
    for row in ROWS:
        assert row[2] in text


def test_ocr_edges_form_the_drawn_table(scan):
    digital, scanned = scan
    page = read_page(scanned)
    got = ocr.ocr_page(str(scanned), 1, page.width, page.height, "scan")
    drawn = read_page(digital)
    # Every ruling line is found where the PDF drew it (the scan is the same page size).
    scale = page.width / drawn.width
    for o in ("h", "v"):
        want = sorted({round(e.top if o == "h" else e.x0, 1) for e in drawn.edges if e.orientation == o})
        found = sorted(e.top / scale if o == "h" else e.x0 / scale for e in got.edges if e.orientation == o)
        assert len(found) == len(want), (o, found, want)
        assert all(abs(f - w) <= EDGE_TOLERANCE for f, w in zip(found, want, strict=True))
    [table] = extract_tables("scan", [thai.repair_page(got, {})]).tables
    assert table.kind == "routine_list"
    assert table.header_rows == 1 and (len(table.rows), len(table.rows[0])) == (len(ROWS), len(HEADER))
    assert [row[2].text for row in table.rows] == [row[2] for row in ROWS]


def test_run_processes_a_scanned_plan(scan, tmp_path):
    _, scanned = scan
    result = run([scanned], tmp_path, progress=False, validate=False)
    assert [d.ok for d in result.documents] == [True], result.documents
    [doc] = pd.read_parquet(tmp_path / "documents").to_dict("records")
    assert doc["text_source"] == "ocr"
    assert (doc["district"], doc["fiscal_year"]) == ("ทดสอบ", 2570)
    rows = pd.read_parquet(tmp_path / "routine_projects").sort_values("seq")
    assert list(rows["seq"]) == [1, 2, 3]
    assert list(rows["budget_baht"]) == [int(r[2].replace(",", "")) for r in ROWS]  # exact amounts
    assert list(rows["division"]) == [r[3] for r in ROWS]


def test_a_plan_with_a_scanned_page_is_mixed(tmp_path):
    import pypdfium2 as pdfium

    digital = write_pdf(tmp_path / "digital.pdf", [PageSpec(title=[TITLE, "คำนำ"]), plan_page()])
    scanned = rasterise(digital, tmp_path / "scanned.pdf")
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(digital)), [0])  # the cover keeps its text layer
    mixed.import_pages(pdfium.PdfDocument(str(scanned)), [1])  # the list is a scan
    mixed.save(str(tmp_path / "mixed.pdf"))
    out = tmp_path / "out"
    result = run([tmp_path / "mixed.pdf"], out, progress=False, validate=False)
    assert result.documents[0].ok, result.documents
    assert pd.read_parquet(out / "documents")["text_source"].tolist() == ["mixed"]
    rows = pd.read_parquet(out / "routine_projects").sort_values("seq")
    assert list(rows["budget_baht"]) == [int(r[2].replace(",", "")) for r in ROWS]


def test_without_tesseract_a_scan_is_rejected_clearly(scan, tmp_path, monkeypatch):
    _, scanned = scan
    monkeypatch.setattr(sources.OcrSource, "available", lambda self: False)
    monkeypatch.setattr(run_module.ocr, "tesseract_available", lambda languages="": False)
    # inline: the patch holds only in this process, not in a worker's
    [doc] = run([scanned], tmp_path, progress=False, validate=False, executor="inline").documents
    assert not doc.ok
    assert "no text layer" in doc.message and "tesseract-ocr-tha" in doc.message


def test_text_command_reads_a_scanned_page(scan):
    from typer.testing import CliRunner

    from pipeline.cli import app

    _, scanned = scan
    out = CliRunner().invoke(app, ["text", str(scanned)])
    assert out.exit_code == 0, out.output
    assert TITLE in out.output and "4,794,000" in out.output


def test_rules_are_long_thin_runs_not_letter_strokes():
    import numpy as np

    settings = ocr.DEFAULT
    scale = settings.scale
    image = np.full((600, 800), 255, dtype=np.uint8)
    image[100:103, 100:700] = 0  # table top
    image[400:403, 100:700] = 0  # table bottom
    image[100:403, 100:103] = 0  # left side
    image[100:403, 697:700] = 0  # right side
    image[450:520, 300:306] = 0  # a tall letter stem (17 pt) under the table, touching no rule
    image[500:540, 320:420] = 0  # a filled box: too thick for a rule, no rule meets it
    edges, clean = ocr.find_rules(image, settings)
    assert sorted((e.orientation, round(e.top if e.orientation == "h" else e.x0)) for e in edges) == [
        ("h", round(101.5 * scale)),
        ("h", round(401.5 * scale)),
        ("v", round(101.5 * scale)),
        ("v", round(698.5 * scale)),
    ]
    assert clean[100:103, 100:700].min() == 255  # the rules are erased for OCR
    assert clean[450:520, 300:306].max() == 0  # the letter is kept
    assert len(ocr.table_cells(edges)) == 1


def test_shrunk_ocr_image_gives_glyphs_in_page_points(scan):
    """Tesseract reads a half-size image; the glyph boxes still land where the letters are drawn."""
    _, scanned = scan
    page = read_page(scanned)
    found = {}
    for zoom in (1.0, ocr.DEFAULT.ocr_zoom):
        settings = replace(ocr.DEFAULT, ocr_zoom=zoom, letter_px=0)  # this zoom on the page
        got = ocr.ocr_page(str(scanned), 1, page.width, page.height, "scan", settings)
        digits = [g for g in got.glyphs if g.text.isascii() and not g.text.isspace()]
        start = "".join(g.text for g in digits).index("4,794,000")
        found[zoom] = digits[start], digits[start + len("4,794,000") - 1]
    (a0, a1), (b0, b1) = found.values()
    assert abs(a0.x0 - b0.x0) < 2 and abs(a1.x1 - b1.x1) < 2 and abs(a0.top - b0.top) < 2


def test_an_unsure_short_cell_is_read_again_on_its_own(scan):
    """A sequence number the mosaic misread ("/", conf 40) or lost is read alone, and the surer read kept."""
    _, scanned = scan
    settings = ocr.DEFAULT
    page = read_page(scanned)
    prepared = ocr.prepare_page(ocr.render_page(str(scanned), 1), settings)
    edges, clean = ocr.find_rules(prepared.gray, settings, prepared.ink)
    cells = sorted(ocr.table_cells(edges), key=lambda c: (c[1], c[0]))
    seq_cells = [c for c in cells if c[0] == min(c[0] for c in cells)][1:]  # under the header
    scale = settings.scale
    boxes = [tuple(round(v / scale) + d for v, d in zip(c, (3, 3, -3, -3), strict=True)) for c in seq_cells]
    misread = OcrWord("/", 40.0, 0, 0, 10, 10, ("m", 1), 0, 10)
    sure = OcrWord("9", 99.0, 0, 0, 10, 10, ("m", 2), 0, 10)
    reads = [
        CellRead(boxes[0], settings.ocr_zoom, [misread]),
        CellRead(boxes[1], settings.ocr_zoom, []),
        CellRead(boxes[2], settings.ocr_zoom, [sure]),
    ]
    reread_unsure(clean, reads, settings)
    assert [r.text for r in reads] == ["1", "2", "9"]  # the sure read stays, however wrong
    assert page.page_number == 1


def test_header_cells_are_the_first_row_of_each_grid():
    """Cells with no cell right above them (across the rule and the insets) head their grid."""
    gap = ocr.DEFAULT.header_gap / ocr.DEFAULT.scale
    boxes = [
        (0, 0, 100, 50), (110, 0, 300, 50),  # header row
        (0, 60, 300, 90),  # a full-width issue row under it
        (0, 100, 100, 200), (110, 100, 300, 200),  # body
        (0, 600, 300, 650), (0, 660, 300, 700),  # a second grid lower on the page
    ]  # fmt: skip
    assert header_cells(boxes, gap) == {0, 1, 5}


def test_header_cells_are_read_at_full_size_the_rest_shrunk(scan, monkeypatch):
    """The header row goes to Tesseract in a mosaic of its own at header_zoom; its words still land
    in its cells, the body's in theirs."""
    from pipeline.ocr import cells as cells_module

    _, scanned = scan
    settings = ocr.DEFAULT
    page = read_page(scanned)
    started = []
    real = cells_module.TesseractCall

    def spy(gray, psm, settings, zoom=1.0, **kw):
        # the mosaic's height in page pixels (a prescaled mosaic is already shrunk by its zoom)
        started.append((gray.shape[0] / (zoom if kw.get("prescaled") else 1.0), psm, zoom))
        return real(gray, psm, settings, zoom, **kw)

    monkeypatch.setattr(cells_module, "TesseractCall", spy)
    got = ocr.ocr_page(str(scanned), 1, page.width, page.height, "scan")
    cell_reads = [(h, zoom) for h, psm, zoom in started if psm == settings.cell_psm]
    body_zooms = {zoom for _, zoom in cell_reads} - {settings.header_zoom}
    assert len(body_zooms) == 1 and max(body_zooms) < settings.header_zoom
    header_height = min(h for h, zoom in cell_reads if zoom == settings.header_zoom)
    assert header_height < max(h for h, zoom in cell_reads if zoom in body_zooms)
    cells = sorted(ocr.table_cells(got.edges), key=lambda c: (c[1], c[0]))
    top = min(c[1] for c in cells)
    header = [c for c in cells if c[1] == top]
    x0, t, x1, b = sorted(header)[2]  # the budget column's header cell
    inside = [g for g in got.glyphs if x0 <= (g.x0 + g.x1) / 2 <= x1 and t <= (g.top + g.bottom) / 2 <= b]
    assert "".join(g.text for g in inside).replace(" ", "") == HEADER[2]


@pytest.mark.parametrize("size", [6.0, 16.0])
def test_body_cells_are_read_at_the_zoom_that_makes_their_letters_letter_px_high(tmp_path, size, monkeypatch):
    """Small print is shrunk less, large print more: the letters reach Tesseract ``letter_px`` high
    whatever the font size, so a table printed at 6 pt reads as well as one at 12 pt (at the fixed
    zoom 0.4 its letters were 6 px high and two of its three amounts misread)."""
    from pipeline.ocr import cells as cells_module

    spec = PageSpec([TableSpec(WIDTHS, [HEADER, *ROWS], size=size)], title=[TITLE])
    scanned = rasterise(write_pdf(tmp_path / "digital.pdf", [spec]), tmp_path / "scan.pdf")
    page = read_page(scanned)
    measured = []
    real = cells_module.body_zoom

    def spy(clean, boxes, settings):
        zoom = real(clean, boxes, settings)
        measured.append((cells_module.letter_height(clean, boxes, settings), zoom))
        return zoom

    monkeypatch.setattr(cells_module, "body_zoom", spy)
    got = ocr.ocr_page(str(scanned), 1, page.width, page.height, "scan")
    [(height, zoom)] = measured
    settings = ocr.DEFAULT
    assert abs(height * zoom - settings.letter_px) <= height * settings.zoom_step / 2 + 1e-6
    assert (zoom > 0.8) if size == 6.0 else (zoom < settings.ocr_zoom)
    text = "".join(g.text for g in got.glyphs)
    assert all(row[2] in text for row in ROWS)  # every amount exact


def test_tesseract_in_process_reads_as_the_command_does(scan):
    """The C API engine (models loaded once) gives the command's words, boxes and confidences."""
    from pipeline.ocr import capi
    from pipeline.ocr.tesseract import TesseractCall

    if capi.engine(ocr.DEFAULT.languages) is None:
        pytest.skip("libtesseract cannot be loaded")
    gray = ocr.render_page(str(scan[1]), 1, 200)[:600]
    reads = {}
    for engine in ("api", "command"):
        settings = replace(ocr.DEFAULT, engine=engine, dpi=200)
        reads[engine] = TesseractCall(gray, 6, settings, 0.5, source="t").words()
    assert len(reads["api"]) > 10
    assert reads["api"] == reads["command"]
