"""Stage 2 for scans: read a page image into the same ``PageContent`` as a digital page.

A page without a text layer is rendered with pypdfium2, its ruling lines are found
as long dark pixel runs (so ``tables`` finds the grid exactly as for digital PDFs)
and its text is read by Tesseract (``tha+eng``).  Whole-page OCR reads table
borders as letters (``|`` -> ``1``/``ไ``) and runs words across cell borders, so
the table cells are OCRed on their own: each cell, ruling lines erased, becomes a
tile of one tall mosaic image read in a single Tesseract call (one process start,
not one per cell); the text outside the tables is read from the page with the
tables blanked out, in a second call running alongside.

Each OCR word becomes one ``Glyph`` per character cluster (a letter with its marks),
spread evenly over the word's box, all on the line's top and bottom, with a space
glyph between words of one line so ``thai.text_from_chars`` sees the real gaps.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import ruling
from .records import Edge, Glyph, PageContent

# Render resolution: Tesseract reads Thai marks reliably from ~300 dpi up.
DPI = 300
POINTS_PER_INCH = 72.0
# Pixels darker than this (0-255 grey) are ink.
INK_THRESHOLD = 128
# A dark run at least this long (points) is a ruling line: longer than the strokes of
# any body-text glyph, shorter than the one-line rows and narrow columns of the plans.
MIN_RULE_POINTS = 12.0
# A run this long (points) is a rule on its own; a shorter one only where it meets a
# rule across it (bold 16 pt letters have stems over 12 pt, but they touch no border).
LONE_RULE_POINTS = 72.0
# Rules within this distance (pixels) of each other's ends meet.
RULE_MEET_PX = 6
# Breaks in a printed/scanned line up to this many pixels are bridged.
MAX_RULE_GAP_PX = 2
# Runs on neighbouring pixel rows within this distance are one line's thickness.
RULE_MERGE_PX = 2
# A "line" thicker than this (pixels) is a filled box: its two sides are the edges.
MAX_RULE_THICKNESS_PX = 10
# Rule pixels are erased this much wider than measured (anti-aliasing, scan blur).
ERASE_MARGIN_PX = 2
# Cell crops are taken this far inside the cell's borders (points).
CELL_INSET = 1.0
# A cell crop with fewer ink pixels than this is empty (dust, a rule's remains).
MIN_INK_PX = 30
# White space around and between the tiles of the cell mosaic (pixels).
TILE_GAP_PX = 40
# Tesseract page segmentation: 6 (one uniform block) reads the stacked single-cell tiles
# best; 4 (one column of lines) reads the free text around the tables best (measured).
CELL_PSM = 6
PAGE_PSM = 4
# A cell read as this many letters or fewer (a sequence number, a code, a dash), or as nothing, and
# less surely than SURE_CONF, is read again on its own as one line (psm 7): among the stacked
# tiles a lone "21" comes out "77" (conf 57) and a "7" comes out "/" or not at all, merging two
# rows; alone it reads right (conf 96).  The read Tesseract is surer of is kept; a cell the mosaic
# left empty takes the second read only from NEW_READ_CONF up (a dash read alone as "2" is 55).
SHORT_CELL_CHARS = 4
SURE_CONF = 90.0
NEW_READ_CONF = 60.0
SHORT_PSM = 7
# At most this many single-cell reads run at once.
PARALLEL_READS = 4
LANGUAGES = "tha+eng"
# Images are shrunk by this factor for Tesseract (300 -> 150 dpi): its Thai model keeps the stacked marks
# (a tone over an upper vowel: ที่, ดื่ม, น้ำ) of 16 pt text best near 200 dpi, while the ruling
# lines are found on the sharper DPI render (measured on the Bang Na scan).
OCR_ZOOM = 0.5
# The first row of cells of each grid (no cell right above it: the header) is read at full size
# (zoom 1), apart from the rest: it decides which table a grid is and where its columns go, and at
# 150 dpi Tesseract read the repeated OKR header as "SUPER ๐๒8" (conf 83-96) and "หน่วยงานหลัก" as
# "หน่วยงาน van", so continuation pages lost their table (Bang Na okr pages 34, 35, 47, 71).
# A cell whose top is this close (points) under another cell's bottom has a cell above it.
HEADER_GAP = 6.0
HEADER_ZOOM = 1.0
# Words Tesseract is less sure of than this (0-100) are noise (specks, rule remains).
MIN_WORD_CONF = 20.0
# Between digits or Latin letters Tesseract's word cuts are the writer's spaces ("099 235");
# a blank this wide (share of the pitch) there is a space.
LATIN_GAP = 0.2
# With fewer letters than this on a line, the pitch is taken as this share of the size.
MIN_PITCH_LETTERS = 4
DEFAULT_PITCH = 0.5
# An OCR line box is this many times the font size (Thai marks above and below).
LINE_HEIGHT_PER_SIZE = 1.15
OCR_FONT = "ocr"
# A blank between two OCR letters wider than this share of the line's letter pitch is a space
# (measured on rendered Laksaman: letters of one word stand up to 0.79 pitch apart, word gaps
# 1.07 and more; the line's height is no good unit, marks above and below make it vary).
WORD_GAP = 0.9
OCR_TIMEOUT_S = 300

# Tesseract writes sara am as nikhahit + sara aa (สํา): one vowel in Thai text.
_SARA_AM_SPLIT = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


class OcrError(RuntimeError):
    """Tesseract failed on a page (not installed, crashed, timed out)."""


@cache
def tesseract_available() -> bool:
    """True when the ``tesseract`` command and its Thai and English models are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out.stdout + out.stderr).split())
    return all(lang in langs for lang in LANGUAGES.split("+"))


# --- the page image -------------------------------------------------------------------


def render_page(pdf_path: str, page_number: int, dpi: int = DPI) -> np.ndarray:
    """The 1-based page rendered as a greyscale array (0 = black, 255 = white)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_number - 1]
        try:
            image = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        pdf.close()
    return np.asarray(image)


# --- ruling lines ---------------------------------------------------------------------


@dataclass(slots=True)
class _Rule:
    """A line found in the image, in pixels: ``a0..a1`` across its thickness, ``b0..b1`` along it."""

    a0: int
    a1: int
    b0: int
    b1: int


def _runs(ink: np.ndarray, min_len: int) -> np.ndarray:
    """Runs of ink along each row of ``ink``: an array of (row, start, end) with end exclusive."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    change = np.diff(padded, axis=1)
    rows, starts = np.nonzero(change == 1)
    _, ends = np.nonzero(change == -1)  # row-major order: pairs up with the starts
    if len(starts) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    # Bridge small breaks: a run continues the previous one on its row across a short gap.
    new_run = np.ones(len(starts), dtype=bool)
    new_run[1:] = (rows[1:] != rows[:-1]) | (starts[1:] - ends[:-1] > MAX_RULE_GAP_PX)
    first = np.nonzero(new_run)[0]
    last = np.append(first[1:], len(starts)) - 1
    merged = np.stack([rows[first], starts[first], ends[last]], axis=1)
    return merged[merged[:, 2] - merged[:, 1] >= min_len]


def _rules(ink: np.ndarray, min_len: int) -> list[_Rule]:
    """Long runs along the rows of ``ink``, neighbouring rows merged into one line each."""
    rules: list[_Rule] = []
    open_rules: list[_Rule] = []
    for row, start, end in _runs(ink, min_len).tolist():
        open_rules = [r for r in open_rules if row - r.a1 <= RULE_MERGE_PX]
        for r in open_rules:
            overlap = min(r.b1, end) - max(r.b0, start)
            if overlap > 0.5 * min(r.b1 - r.b0, end - start):
                r.a1 = row
                r.b0, r.b1 = min(r.b0, start), max(r.b1, end)
                break
        else:
            rule = _Rule(row, row, start, end)
            rules.append(rule)
            open_rules.append(rule)
    return rules


def _meet(h: _Rule, v: _Rule) -> bool:
    """A horizontal and a vertical rule cross or touch (within ``RULE_MEET_PX``)."""
    m = RULE_MEET_PX
    return h.b0 - m <= v.a1 and v.a0 <= h.b1 + m and v.b0 - m <= h.a1 and h.a0 <= v.b1 + m


def _edges(rules: list[_Rule], orientation: str, scale: float) -> list[Edge]:
    """Rules (pixels) as ``Edge``s (points); a filled box gives both its sides."""
    edges = []
    for r in rules:
        b0, b1 = r.b0 * scale, r.b1 * scale
        if r.a1 - r.a0 + 1 > MAX_RULE_THICKNESS_PX:
            positions = [r.a0 * scale, (r.a1 + 1) * scale]
        else:
            positions = [(r.a0 + r.a1 + 1) / 2 * scale]
        for a in positions:
            if orientation == "h":
                edges.append(Edge(b0, a, b1, a, "h"))
            else:
                edges.append(Edge(a, b0, a, b1, "v"))
    return edges


def find_rules(gray: np.ndarray, scale: float) -> tuple[list[Edge], np.ndarray]:
    """Ruling lines of a page image as ``Edge``s in points, and the image with them erased.

    ``scale`` is points per pixel.  Erasing the lines keeps Tesseract from reading a
    border as a letter.
    """
    ink = gray < INK_THRESHOLD
    min_len = max(1, round(MIN_RULE_POINTS / scale))
    horizontal = _rules(ink, min_len)
    vertical = _rules(ink.T, min_len)
    lone = LONE_RULE_POINTS / scale
    horizontal, vertical = (
        [r for r in horizontal if r.b1 - r.b0 >= lone or any(_meet(r, v) for v in vertical)],
        [v for v in vertical if v.b1 - v.b0 >= lone or any(_meet(r, v) for r in horizontal)],
    )
    edges = _edges(horizontal, "h", scale) + _edges(vertical, "v", scale)
    clean = gray.copy()
    m = ERASE_MARGIN_PX
    for r in horizontal:
        clean[max(r.a0 - m, 0) : r.a1 + m + 1, max(r.b0 - m, 0) : r.b1 + m] = 255
    for r in vertical:
        clean[max(r.b0 - m, 0) : r.b1 + m, max(r.a0 - m, 0) : r.a1 + m + 1] = 255
    return edges, clean


def table_cells(edges: list[Edge]) -> list[tuple[float, float, float, float]]:
    """Cell boxes (points) the ruling lines form, the way the tables stage will find them."""
    return ruling.cell_boxes(edges)


# --- Tesseract --------------------------------------------------------------------------


@dataclass(slots=True)
class _Word:
    """An OCR word in page pixels, with the box of the line it is on."""

    text: str
    x0: float
    x1: float
    line_top: float
    line_bottom: float
    line: tuple  # (source, block, paragraph, line): words of one line share it


def _start_tesseract(gray: np.ndarray, psm: int, zoom: float = 1.0) -> subprocess.Popen:
    """Start Tesseract on an image (fed as PGM on stdin), shrunk by ``zoom``; TSV comes back on stdout."""
    from PIL import Image

    image = Image.fromarray(gray)
    if zoom != 1.0:
        size = (max(1, round(gray.shape[1] * zoom)), max(1, round(gray.shape[0] * zoom)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: nothing to encode or decode
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # two calls run side by side; threads only contend
    cmd = [
        "tesseract",
        "stdin",
        "stdout",
        "-l",
        LANGUAGES,
        "--psm",
        str(psm),
        "--dpi",
        str(round(DPI * zoom)),
        "tsv",
    ]
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
    except OSError as exc:
        raise OcrError(f"cannot run tesseract: {exc}") from exc
    proc.stdin_data = buffer.getvalue()  # type: ignore[attr-defined]
    proc.zoom = zoom  # type: ignore[attr-defined]
    return proc


def _finish_tesseract(proc: subprocess.Popen, source: int) -> list[tuple[dict, tuple]]:
    """Word rows of a Tesseract TSV, each with its line key; line boxes are looked up after."""
    try:
        out, err = proc.communicate(proc.stdin_data, timeout=OCR_TIMEOUT_S)  # type: ignore[attr-defined]
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.communicate()
        raise OcrError(f"tesseract took longer than {OCR_TIMEOUT_S} s") from exc
    if proc.returncode != 0:
        raise OcrError(f"tesseract failed: {err.decode(errors='replace').strip()[-300:]}")
    reader = csv.DictReader(io.StringIO(out.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    zoom = proc.zoom  # type: ignore[attr-defined]
    lines: dict[tuple, tuple[float, float]] = {}
    words = []
    for row in reader:
        for k in ("left", "top", "width", "height"):  # back to the unshrunk image's pixels
            row[k] = float(row[k]) / zoom
        key = (source, row["block_num"], row["par_num"], row["line_num"])
        top, height = float(row["top"]), float(row["height"])
        if row["level"] == "4":
            lines[key] = (top, top + height)
        elif row["level"] == "5" and row["text"].strip() and float(row["conf"]) >= MIN_WORD_CONF:
            words.append((row, key))
    return [(row, key, lines.get(key)) for row, key in words]


def _clusters(text: str) -> list[str]:
    """A word cut into character clusters: each letter with the marks that follow it."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch) == "Mn":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def normalise(text: str) -> str:
    """OCR text in the form the digital text layer has: NFC, sara am as one vowel."""
    return _SARA_AM_SPLIT.sub("\\1\u0e33", unicodedata.normalize("NFC", text.strip()))


def _is_marks(text: str) -> bool:
    return all(unicodedata.category(c) == "Mn" for c in text)


def _thai_join(left: str, right: str) -> bool:
    """Two OCR words meet between Thai letters or marks (no digit or Latin letter at the seam)."""
    return not any(c.isascii() and c.isalnum() for c in (left[-1], right[0]))


def _pitch(bases: list[_Word], size_px: float) -> float:
    """Typical letter width (pixels) on a line: the median width per cluster of its words."""
    widths = sorted(
        (w.x1 - w.x0) / len(_clusters(w.text)) for w in bases for _ in range(len(_clusters(w.text)))
    )
    if len(widths) < MIN_PITCH_LETTERS:
        return DEFAULT_PITCH * size_px
    return widths[len(widths) // 2]


def _glyphs(words: list[_Word], scale: float) -> list[Glyph]:
    """Words (page pixels, reading order) as Glyphs in points, one per character cluster.

    Tesseract cuts Thai into "words" of a letter or two (a lone vowel or tone mark is a
    word of its own) with no space between them, as Thai writes none; its boxes are ink
    boxes.  So a space glyph goes in only where the blank between two letters is wider
    than ``WORD_GAP`` of the size, and each other letter's box is stretched to the next
    one (like a font's advance) so the layout sees no gap there.  Lone marks keep their
    ink box: the repair stage attaches them to the letter they sit on.
    """
    glyphs: list[Glyph] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].line == words[i].line:
            j += 1
        line = words[i:j]
        i = j
        top, bottom = line[0].line_top * scale, line[0].line_bottom * scale
        size = (bottom - top) / LINE_HEIGHT_PER_SIZE
        bases = sorted((w for w in line if not _is_marks(w.text)), key=lambda w: w.x0)
        marks = [w for w in line if _is_marks(w.text)]
        pitch = _pitch(bases, size / scale)
        pieces: list[tuple[str, float, float, bool]] = []  # text, x0, x1 (pixels), is a mark
        for k, w in enumerate(bases):
            nxt = bases[k + 1] if k + 1 < len(bases) else None
            limit = nxt.x0 if nxt is not None else float("inf")
            # The letter's ink reaches as far as the marks drawn over it (their boxes often
            # stick out right of Tesseract's letter box).
            right = max([w.x1] + [m.x1 for m in marks if w.x0 <= m.x0 < limit])
            if nxt is not None:
                gap = WORD_GAP if _thai_join(w.text, nxt.text) else LATIN_GAP
                if nxt.x0 - right > gap * pitch:
                    pieces.append((" ", right, nxt.x0, False))
                else:
                    # No space: the letter reaches the next one (cut back when Tesseract's
                    # box for it runs over the letters after it).
                    right = nxt.x0
            parts = _clusters(w.text)
            step = (right - w.x0) / len(parts)
            pieces += [(p, w.x0 + n * step, w.x0 + (n + 1) * step, False) for n, p in enumerate(parts)]
        pieces += [(m.text, m.x0, m.x1, True) for m in marks]
        # Drawing order: a mark right after the letter it starts over, as fonts draw them.
        for text, x0, x1, _ in sorted(pieces, key=lambda p: (p[1], p[3])):
            glyphs.append(Glyph(text, -1, OCR_FONT, size, x0 * scale, top, x1 * scale, bottom, len(glyphs)))
    return glyphs


def _words(rows: list, dx: float = 0.0, dy: float = 0.0) -> list[_Word]:
    out = []
    for row, key, line in rows:
        text = normalise(row["text"])
        if not text:
            continue
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        line_top, line_bottom = line if line is not None else (top, top + height)
        out.append(_Word(text, left + dx, left + width + dx, line_top + dy, line_bottom + dy, key))
    return out


# --- the page -----------------------------------------------------------------------------


def _mosaic(clean: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> tuple[np.ndarray, list]:
    """Cell crops stacked one under another on white; each tile's (y in mosaic, box on page)."""
    crops = [(clean[t:b, x0:x1], (x0, t, x1, b)) for x0, t, x1, b in boxes]
    crops = [(c, box) for c, box in crops if int((c < INK_THRESHOLD).sum()) >= MIN_INK_PX]
    if not crops:
        return np.full((1, 1), 255, dtype=np.uint8), []
    width = max(c.shape[1] for c, _ in crops) + 2 * TILE_GAP_PX
    height = sum(c.shape[0] for c, _ in crops) + TILE_GAP_PX * (len(crops) + 1)
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    tiles = []
    y = TILE_GAP_PX
    for crop, box in crops:
        mosaic[y : y + crop.shape[0], TILE_GAP_PX : TILE_GAP_PX + crop.shape[1]] = crop
        tiles.append((y, box))
        y += crop.shape[0] + TILE_GAP_PX
    return mosaic, tiles


def _conf(rows: list) -> float:
    """How sure Tesseract is of a cell's read: its least sure word (0 for no words)."""
    return min((float(found[0]["conf"]) for found, _, _ in rows), default=0.0)


def _header_cells(boxes: list[tuple[int, int, int, int]], gap: float) -> set[int]:
    """Indices of the cell boxes (pixels) with no cell right above them: each grid's first row."""
    return {
        i
        for i, (x0, t, x1, _) in enumerate(boxes)
        if not any(0 <= t - b <= gap and min(x1, u1) > max(x0, u0) for u0, _, u1, b in boxes)
    }


def _reread_short_cells(
    clean: np.ndarray, tiles: list, cell_rows: dict[int, list], zooms: dict[int, float] | None = None
) -> None:
    """Read again on its own each cell the mosaic read as a few letters, unsure, or not at all.

    ``cell_rows`` maps a tile to its words (each with the shift to page pixels); a cell's words
    are replaced by the second read when Tesseract is surer of it.  ``zooms`` gives the zoom a
    tile was read at (``OCR_ZOOM`` when not given); it is read again at the same.
    """
    zooms = zooms or {}
    short = [
        i
        for i, rows in cell_rows.items()
        if len("".join(normalise(f[0]["text"]) for f, _, _ in rows).replace(" ", "")) <= SHORT_CELL_CHARS
        and _conf(rows) < SURE_CONF
    ]
    for start in range(0, len(short), PARALLEL_READS):
        batch = short[start : start + PARALLEL_READS]
        calls = []
        for i in batch:
            x0, t, x1, b = tiles[i][1]
            tile = np.full((b - t + 2 * TILE_GAP_PX, x1 - x0 + 2 * TILE_GAP_PX), 255, dtype=np.uint8)
            tile[TILE_GAP_PX : TILE_GAP_PX + b - t, TILE_GAP_PX : TILE_GAP_PX + x1 - x0] = clean[t:b, x0:x1]
            calls.append(_start_tesseract(tile, SHORT_PSM, zooms.get(i, OCR_ZOOM)))
        for i, call in zip(batch, calls, strict=True):
            x0, t, _x1, _b = tiles[i][1]
            new = [
                ((row, (*key, i), line), x0 - TILE_GAP_PX, t - TILE_GAP_PX)
                for row, key, line in _finish_tesseract(call, 2)
            ]
            old_conf, new_conf = _conf(cell_rows[i]), _conf(new)
            if new and new_conf > old_conf and (cell_rows[i] or new_conf >= NEW_READ_CONF):
                cell_rows[i] = new


def ocr_image(gray: np.ndarray, scale: float) -> tuple[list[Glyph], list[Edge]]:
    """Glyphs and ruling lines (points) of a page image; ``scale`` is points per pixel."""
    edges, clean = find_rules(gray, scale)
    cells = table_cells(edges)
    inset = CELL_INSET / scale
    boxes = sorted(
        {
            (
                round(x0 / scale + inset),
                round(t / scale + inset),
                round(x1 / scale - inset),
                round(b / scale - inset),
            )
            for x0, t, x1, b in cells
        },
        key=lambda b: (b[1], b[0]),
    )
    h, w = gray.shape
    boxes = [(max(x0, 0), max(t, 0), min(x1, w), min(b, h)) for x0, t, x1, b in boxes]
    boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
    outside = clean.copy()
    for x0, t, x1, b in boxes:
        outside[t:b, x0:x1] = 255  # the cells are read from the mosaic
    head = _header_cells(boxes, HEADER_GAP / scale)
    page_call = _start_tesseract(outside, PAGE_PSM, OCR_ZOOM)
    # The header cells and the others, each set as one mosaic read at its own zoom.
    tiles: list = []
    zooms: dict[int, float] = {}
    calls = []
    for part, zoom in (
        ([b for i, b in enumerate(boxes) if i not in head], OCR_ZOOM),
        ([b for i, b in enumerate(boxes) if i in head], HEADER_ZOOM),
    ):
        mosaic, part_tiles = _mosaic(clean, part)
        if part_tiles:
            calls.append((_start_tesseract(mosaic, CELL_PSM, zoom), len(tiles), part_tiles))
            zooms.update((len(tiles) + k, zoom) for k in range(len(part_tiles)))
            tiles += part_tiles
    cell_rows: dict[int, list] = {i: [] for i in range(len(tiles))}
    for call, first, part_tiles in calls:
        tops = [y for y, _ in part_tiles]
        for row, key, line in _finish_tesseract(call, 1):
            mid = float(row["top"]) + float(row["height"]) / 2
            i = max(0, int(np.searchsorted(tops, mid, side="right")) - 1)
            y, (x0, t, _x1, _b) = part_tiles[i]
            # Each tile's words keep their own lines even when Tesseract saw one line across tiles.
            cell_rows[first + i].append(((row, (*key, first + i), line), x0 - TILE_GAP_PX, t - y))
    if tiles:
        _reread_short_cells(clean, tiles, cell_rows, zooms)
    words = _words(_finish_tesseract(page_call, 0))
    for rows in cell_rows.values():
        for found, dx, dy in rows:
            words += _words([found], dx=dx, dy=dy)
    # Reading order: lines top to bottom, words of a line left to right.
    words.sort(key=lambda w: (w.line_top, w.line, w.x0))
    return _glyphs(words, scale), edges


def ocr_page(pdf_path: str, page_number: int, width: float, height: float, doc_id: str = "") -> PageContent:
    """The 1-based page of a PDF read by OCR into a ``PageContent`` (points, like a digital page).

    ``width`` and ``height`` are the page's size in points (from the pages stage);
    raises ``OcrError`` when Tesseract cannot read it.
    """
    gray = render_page(pdf_path, page_number)
    glyphs, edges = ocr_image(gray, width / gray.shape[1])
    return PageContent(
        doc_id=doc_id,
        page_number=page_number,
        width=width,
        height=height,
        glyphs=glyphs,
        edges=edges,
        has_text=any(not g.text.isspace() for g in glyphs),
    )
