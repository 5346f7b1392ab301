"""Table structure on scans: shaded headers, faint hairline grids, blots on rules, letter stems.

Each table is drawn by ``pdfgen``, degraded by ``scangen`` and its ruling lines found again
from the pixels: the cells must be the cells of the digital page (the scan keeps the page
size, so they land where the PDF drew them), neither fewer (a rule lost under a shaded
header, a hairline too faint for the ink threshold) nor more (a letter touching a border,
a photocopied shading turned black in one cell, split into false rows).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline import ocr, ruling
from pipeline.pages import PageReader

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .scangen import PROFILES, degrade_pdf

pytestmark = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")

# The KR evaluation table of the plans: a shaded header of wrapped titles over narrow code columns.
KR_HEADER = [
    "ที่",
    "รหัส KRs",
    "ชื่อตัวชี้วัด",
    "ค่าเป้าหมาย (ตามแบบ ปผ.01)",
    "ความรับผิดชอบ (H/R)",
    "โครงการ/กิจกรรม (งบประมาณ)",
    "ส่วนราชการที่รับผิดชอบ",
]
KR_ROWS = [
    [
        "1",
        "11102",
        "ร้อยละการกระทำผิดของผู้ใช้รถจักรยานยนต์บนทางเท้าลดลง",
        "ร้อยละ 25 จากปี 2568",
        "R",
        "โครงการกวดขันรถยนต์จักรยานยนต์จอดหรือขี่บนทางเท้า",
        "ฝ่ายเทศกิจ",
    ],
    [
        "2",
        "11104",
        "ยกเลิก/ยุบรวมพื้นที่หาบเร่แผงลอยนอกจุดผ่อนผัน",
        "ร้อยละ 100",
        "R",
        "กิจกรรมจัดระเบียบหาบเร่แผงลอย",
        "ฝ่ายเทศกิจ",
    ],
    ["3", "12101", "ขึ้นทะเบียนทางหลวงท้องถิ่นแล้วเสร็จ", "30 สายทาง", "H", "กิจกรรมขึ้นทะเบียนทางหลวงท้องถิ่น", "ฝ่ายโยธา"],
]
KR_WIDTHS = [39, 39, 218, 104, 73, 186, 78]
# A cell found in the scan lies this close (points, each side) to the cell drawn.
CELL_TOLERANCE = 4.0


def kr_page(fill: float | None = 0.85, line_width: float = 0.5, line_grey: float = 0.0) -> PageSpec:
    table = TableSpec(
        KR_WIDTHS,
        [KR_HEADER, *KR_ROWS],
        header_fill=fill,
        line_width=line_width,
        line_grey=line_grey,
        size=14,
    )
    return PageSpec([table], title=["1.2 ประสิทธิภาพในการดำเนินงานภารกิจหลัก", "(Function Base)"], landscape=True)


def drawn_cells(path: Path) -> list[tuple[float, ...]]:
    with PageReader(str(path), path.stem) as reader:
        [page] = list(reader.pages())
    return ruling.cell_boxes(page.edges)


def scanned_cells(path: Path) -> list[tuple[float, ...]]:
    settings = ocr.DEFAULT
    prepared = ocr.prepare_page(ocr.render_page(str(path), 1, settings.dpi), settings)
    edges, _ = ocr.find_rules(prepared.gray, settings, prepared.rule_ink, prepared.scanned)
    return ocr.table_cells(edges)


def assert_same_grid(found: list, drawn: list) -> None:
    def near(a, b):
        return all(abs(x - y) <= CELL_TOLERANCE for x, y in zip(a, b, strict=True))

    missing = [d for d in drawn if not any(near(d, f) for f in found)]
    extra = [f for f in found if not any(near(f, d) for d in drawn)]
    assert not missing and not extra, (
        f"{len(missing)} drawn cells missing",
        missing,
        f"{len(extra)} extra",
        extra,
    )


def _grid_case(tmp_path: Path, spec: PageSpec, profile: str) -> None:
    digital = write_pdf(tmp_path / "digital.pdf", [spec])
    scanned = degrade_pdf(digital, tmp_path / f"{profile}.pdf", PROFILES[profile], seed=3)
    drawn = drawn_cells(digital)
    assert len(drawn) == len(KR_HEADER) * (len(KR_ROWS) + 1)
    assert_same_grid(scanned_cells(scanned), drawn)


@pytest.mark.slow
def test_a_shaded_header_keeps_its_rules_on_a_photocopy(tmp_path):
    """A grey header photocopied at the binding edge: the toner-black cell neither hides nor splits rules."""
    _grid_case(tmp_path, kr_page(fill=0.7), "photocopy")


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("fill", [0.85, 0.7])  # the plans' grey and a darker one
def test_a_shaded_header_table_keeps_its_grid(tmp_path, profile, fill):
    _grid_case(tmp_path, kr_page(fill=fill), profile)


@pytest.mark.slow
def test_a_faint_hairline_grid_is_found(tmp_path):
    """Hairlines (0.3 pt) printed 50% grey, scanned: lighter than the ink threshold, still the grid."""
    _grid_case(tmp_path, kr_page(fill=None, line_width=0.3, line_grey=0.5), "office")


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["lowres", "office"])
def test_a_faint_hairline_grid_under_a_light_shaded_header(tmp_path, profile):
    # (A photocopy drops such hairlines altogether: there is nothing left to find.)
    _grid_case(tmp_path, kr_page(fill=0.85, line_width=0.3, line_grey=0.5), profile)


def test_a_blot_on_a_rule_neither_moves_it_nor_makes_it_a_box():
    """A dark blot on one stretch of a rule (a toner-black cell, a binding shadow): one rule, in its place."""
    settings = ocr.DEFAULT
    image = np.full((700, 900), 255, dtype=np.uint8)
    image[100:103, 100:800] = 0  # table top
    image[300:303, 100:800] = 0  # row rule
    image[600:603, 100:800] = 0  # table bottom
    for x in (100, 250, 797):
        image[100:603, x : x + 3] = 0
    image[100:300, 100:250] = 0  # the first header cell printed black
    edges, _ = ocr.find_rules(image, settings)
    rows = sorted(e.top / settings.scale for e in edges if e.orientation == "h")
    assert rows == pytest.approx([101.5, 301.5, 601.5]), rows  # the rules' middles (pixels)
    assert len(ocr.table_cells(edges)) == 4


def test_a_letter_stem_touching_a_border_is_not_a_border():
    """A bold letter's stem and bar touching the cell's top border (one end held) are no rules."""
    settings = ocr.DEFAULT
    image = np.full((600, 800), 255, dtype=np.uint8)
    image[100:103, 100:700] = 0
    image[400:403, 100:700] = 0
    image[100:403, 100:103] = 0
    image[100:403, 697:700] = 0
    image[100:170, 300:306] = 0  # a 17 pt stem hanging from the top border
    image[165:170, 250:306] = 0  # and a 13 pt bar from it
    edges, _ = ocr.find_rules(image, settings)
    assert len(edges) == 4, edges
    assert len(ocr.table_cells(edges)) == 1


def test_a_narrow_columns_short_borders_are_kept():
    """Borders shorter than a lone rule are kept when rules hold both their ends (a 40 pt merged row)."""
    settings = ocr.DEFAULT
    px = settings.px
    image = np.full((px(300), px(400)), 255, dtype=np.uint8)
    top, mid, bottom = px(50), px(90), px(250)
    left, right = px(50), px(350)
    for y in (top, mid, bottom):
        image[y : y + 3, left : right + 3] = 0
    for x in (left, right):
        image[top : bottom + 3, x : x + 3] = 0
    image[top : mid + 3, px(100) : px(100) + 3] = 0  # a 40 pt border in the first row only
    edges, _ = ocr.find_rules(image, settings)
    assert len(ocr.table_cells(edges)) == 3


def test_a_shadow_along_the_binding_cuts_no_column():
    """A solid dark band down the page edge that the table's rules run into is not a filled cell."""
    settings = ocr.DEFAULT
    image = np.full((800, 900), 255, dtype=np.uint8)
    image[:, 20:100] = 0  # the binding shadow, photocopied solid, the whole page high
    for y in (100, 300, 500):
        image[y : y + 3, 40:753] = 0  # the rules run into it
    for x in (150, 450, 750):
        image[100:503, x : x + 3] = 0
    edges, _ = ocr.find_rules(image, settings)
    cells = ocr.table_cells(edges)
    assert len(cells) == 4, cells
    assert min(c[0] for c in cells) == pytest.approx(151.5 * settings.scale)


def test_a_rules_ragged_edge_is_erased_with_it_and_a_mark_touching_it_is_not():
    """Bumps of a bled border left beside the erased rule are erased; a letter's mark touching it stays."""
    settings = ocr.DEFAULT
    px = settings.px
    image = np.full((px(200), px(300)), 255, dtype=np.uint8)
    top, bottom, left, right = px(40), px(160), px(40), px(260)
    for y in (top, bottom):
        image[y : y + 3, left : right + 3] = 0
    for x in (left, right):
        image[top : bottom + 3, x : x + 3] = 0
    bumps = [(px(60) + 37 * i, left + 3 + 2 + i % 3) for i in range(8)]  # toner beside the border
    for y, x_end in bumps:
        image[y : y + 4, left + 3 : x_end] = 90  # grey, as a photocopy's ragged edge
    mark = (px(120), left + 3)  # a mark touching the border, reaching 2.5 pt into the cell
    image[mark[0] : mark[0] + px(1.5), mark[1] : mark[1] + px(2.5)] = 0
    edges, clean = ocr.find_rules(image, settings)
    assert len(ocr.table_cells(edges)) == 1
    for y, x_end in bumps:
        assert (clean[y : y + 4, left + 3 : x_end] == 255).all()
    assert (clean[mark[0] : mark[0] + px(1.5), mark[1] + px(1.5) : mark[1] + px(2.5)] == 0).all()


# The OKR header as OCR read it on photocopied continuation pages: marks lost, letters confused,
# Latin for Thai, too garbled for the header lexicon but still like the header read the page before.
OKR_HEADER_MISREAD = [
    "SUPFR 0KR",
    "คาเปาหมาย",
    "หนวยงานwan (H)",
    "KRS (Keyพิธรนห1)",
    "คาเปาหมาย",
    "หนวยงาน (ท)",
    "โครงการ/กจกรรม",
    "สวนราซการ/ผาย",
    "งบประมาฌ (บาn)",
]


def _okr_row(i: int) -> list[str]:
    return [
        f"ผู้คนมีสุขภาพดี {i}",
        "ร้อยละ 80",
        "สนอ.",
        f"ร้อยละของชุมชนที่ผ่านเกณฑ์ {i}",
        "ร้อยละ 70",
        "สนอ.",
        f"โครงการส่งเสริมสุขภาพ {i}",
        "ฝ่ายสิ่งแวดล้อม",
        f"{i}0,000",
    ]


def test_a_repeated_header_misread_past_recognition_is_not_a_data_row(tmp_path):
    """A continuation page's header that reads like the page before's is dropped; plain rows are kept."""
    from pipeline import thai
    from pipeline.tables import extract_tables

    from .test_parse_okr import HEADER, WIDTHS

    def page(header: list[str] | None, numbers: list[int], title: tuple[str, ...] = ()) -> PageSpec:
        rows = ([header] if header else []) + [_okr_row(i) for i in numbers]
        table = TableSpec(WIDTHS, rows, size=10, header_rows=1 if header else 0)
        return PageSpec([table], list(title), landscape=True)

    pages = [page(HEADER, [1, 2], ("ยุทธศาสตร์ที่ 1",)), page(OKR_HEADER_MISREAD, [3, 4]), page(None, [5])]
    path = write_pdf(tmp_path / "okr.pdf", pages)
    with PageReader(str(path), path.stem) as reader:
        repaired = [thai.repair_page(p, reader.fonts) for p in reader.pages()]
    [table] = extract_tables(path.stem, repaired).tables
    assert table.kind == "okr" and table.pages == [1, 2, 3]
    first = [row[0].text for row in table.rows]
    assert first == [f"ผู้คนมีสุขภาพดี {i}" for i in range(1, 6)], first


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_a_grid_cut_by_the_page_edge_keeps_its_last_column(tmp_path, profile):
    """A table running past the sheet's right edge: its last column is found, up to the edge."""
    widths = [*KR_WIDTHS[:-1], KR_WIDTHS[-1] + 60]  # from 70 pt, it ends 25 pt past the sheet
    table = TableSpec(widths, [KR_HEADER, *KR_ROWS], header_fill=0.85, size=14)
    digital = write_pdf(
        tmp_path / "digital.pdf", [PageSpec([table], ["1.2 ประสิทธิภาพ"], landscape=True, margin=70)]
    )
    scanned = degrade_pdf(digital, tmp_path / f"{profile}.pdf", PROFILES[profile], seed=3)
    page_width = 842
    drawn = [(x0, t, min(x1, page_width), b) for x0, t, x1, b in drawn_cells(digital)]
    found = scanned_cells(scanned)
    assert len(found) == len(drawn) == len(KR_HEADER) * (len(KR_ROWS) + 1)
    for d in drawn:
        # the cut side lies where the scan's frame ends: within the skew's reach of the sheet's edge
        tolerance = (
            (CELL_TOLERANCE,) * 2 + ((10.0 if d[2] == page_width else CELL_TOLERANCE),) + (CELL_TOLERANCE,)
        )
        assert any(
            all(abs(x - y) <= tol for x, y, tol in zip(d, f, tolerance, strict=True)) for f in found
        ), d


def test_a_grid_running_off_the_image_is_closed_but_page_wide_rules_are_no_grid():
    """Rules of one grid ending at the image edge get a closing border; two lone page-wide rules do not."""
    settings = ocr.DEFAULT
    px = settings.px
    image = np.full((px(400), px(300)), 255, dtype=np.uint8)
    image[px(10) : px(10) + 3, :] = 0  # a running header's rule, edge to edge
    image[px(390) : px(390) + 3, :] = 0  # and a footer's
    rows = (px(100), px(150), px(200))
    for y in rows:
        image[y : y + 3, px(50) :] = 0  # the grid's rules run off the right edge
    for x in (px(50), px(150)):
        image[rows[0] : rows[-1] + 3, x : x + 3] = 0
    edges, _ = ocr.find_rules(image, settings)
    cells = ocr.table_cells(edges)
    assert len(cells) == 4, cells  # two rows of two columns, the second closed at the edge
    assert max(c[2] for c in cells) == pytest.approx(300, abs=1.0)
    assert min(c[1] for c in cells) == pytest.approx(100, abs=1.5)  # nothing between the page-wide rules
