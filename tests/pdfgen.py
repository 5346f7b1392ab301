"""Small PDFs built by the tests: ruled Thai tables drawn with reportlab and a TLWG font.

``write_pdf(path, pages)`` draws each ``PageSpec`` (title lines, then a table); a
table cell may span rows/columns (a merged cell) and wraps its text to the column
width, so tests get multi-line cells, merged cells and tables continued on the
next page the way the district offices' word processors draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_FILE = FONT_DIR / "Laksaman.ttf"
BOLD_FILE = FONT_DIR / "Laksaman-Bold.ttf"
FONT, BOLD = "Laksaman", "Laksaman-Bold"
A4 = (595.3, 841.9)
A4_LANDSCAPE = (841.9, 595.3)
PADDING = 3.0
MARGIN = 50.0


@dataclass
class TableSpec:
    """A ruled table. ``rows[r][c]`` is a cell's text; ``spans[(r, c)] = (rowspan, colspan)``.

    Positions covered by a span hold any value (ignored). The first ``header_rows``
    rows are drawn in bold.
    """

    widths: list[float]
    rows: list[list[str]]
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    header_rows: int = 1
    size: float = 12.0
    # The header rows' background grey (0 black .. 1 white), None for none: plans shade them.
    header_fill: float | None = None
    # The ruling lines' width (points) and grey (0 black): some producers print hairlines in grey.
    line_width: float = 0.75
    line_grey: float = 0.0


@dataclass
class PageSpec:
    """One page: a running header, title lines, then one or more tables."""

    tables: list[TableSpec] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    running_header: str | None = "สำนักงานเขตทดสอบ แผนปฏิบัติการ ประจำปี พ.ศ. 2570"
    landscape: bool = False
    footer: str | None = None
    # The left margin (points): a plan set close to the binding edge has a small one.
    margin: float = MARGIN


def fonts_available() -> bool:
    return FONT_FILE.exists() and BOLD_FILE.exists()


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # Each face on its own: another test module may have registered "Laksaman" alone (regular
    # only), and a bold face skipped with it made the outcome depend on the order tests ran in.
    registered = pdfmetrics.getRegisteredFontNames()
    for name, path in ((FONT, FONT_FILE), (BOLD, BOLD_FILE)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))


def wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Break text into lines no wider than ``width``: at spaces, else anywhere."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if stringWidth(trial, font, size) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = ""
            for ch in word:  # a word wider than the column breaks anywhere
                if stringWidth(current + ch, font, size) > width and current:
                    lines.append(current)
                    current = ""
                current += ch
        lines.append(current)
    return lines


def _draw_table(canvas, spec: TableSpec, x0: float, top: float, page_height: float) -> float:
    """Draw the table with its top at ``top`` (from the page top); returns its bottom."""
    leading = spec.size * 1.3
    covered = {
        (r + i, c + j)
        for (r, c), (rs, cs) in spec.spans.items()
        for i in range(rs)
        for j in range(cs)
        if (i, j) != (0, 0)
    }
    xs = [x0]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    # Row heights: each row fits its own single-row cells; spanning cells share their rows.
    heights = []
    for r, row in enumerate(spec.rows):
        need = 1
        for c, text in enumerate(row):
            if (r, c) in covered or spec.spans.get((r, c), (1, 1))[0] > 1:
                continue
            cs = spec.spans.get((r, c), (1, 1))[1]
            font = BOLD if r < spec.header_rows else FONT
            need = max(need, len(wrap(text, xs[c + cs] - xs[c] - 2 * PADDING, font, spec.size)))
        heights.append(need * leading + 2 * PADDING)
    for (r, c), (rs, cs) in spec.spans.items():
        font = BOLD if r < spec.header_rows else FONT
        lines = wrap(spec.rows[r][c], xs[c + cs] - xs[c] - 2 * PADDING, font, spec.size)
        need = len(lines) * leading + 2 * PADDING
        have = sum(heights[r : r + rs])
        if need > have:
            heights[r + rs - 1] += need - have
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    canvas.setLineWidth(spec.line_width)
    canvas.setStrokeGray(spec.line_grey)
    for r, row in enumerate(spec.rows):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spec.spans.get((r, c), (1, 1))
            left, right, cell_top, cell_bottom = xs[c], xs[c + cs], ys[r], ys[r + rs]
            shaded = spec.header_fill is not None and r < spec.header_rows
            if shaded:
                canvas.setFillGray(spec.header_fill)
            width, height = right - left, cell_bottom - cell_top
            canvas.rect(left, page_height - cell_bottom, width, height, fill=int(shaded))
            canvas.setFillGray(0)
            font = BOLD if r < spec.header_rows else FONT
            canvas.setFont(font, spec.size)
            for i, line in enumerate(wrap(text, right - left - 2 * PADDING, font, spec.size)):
                baseline = cell_top + PADDING + (i + 1) * leading - spec.size * 0.3
                canvas.drawString(left + PADDING, page_height - baseline, line)
    return ys[-1]


def write_pdf(path: Path, pages: list[PageSpec], title: str = "test plan") -> Path:
    """Write the pages to ``path`` and return it."""
    from reportlab.pdfgen.canvas import Canvas

    _register()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle(title)
    for number, page in enumerate(pages, start=1):
        width, height = A4_LANDSCAPE if page.landscape else A4
        canvas.setPageSize((width, height))
        y = 30.0
        if page.running_header:
            canvas.setFont(FONT, 10)
            canvas.drawString(page.margin, height - y - 10, page.running_header)
            y += 30
        for line in page.title:
            canvas.setFont(BOLD, 16)
            canvas.drawString(page.margin, height - y - 16, line)
            y += 24
        for table in page.tables:
            y = _draw_table(canvas, table, page.margin, y + 6, height) + 12
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(width / 2, 20, page.footer or f"- {number} -")
        canvas.showPage()
    canvas.save()
    return path
