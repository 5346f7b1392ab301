"""A scanned page read into the same ``PageContent`` as a digital page.

The page is rendered once, turned upright, straightened and cleaned (``prepare``); its
ruling lines are found on the prepared image (``rules``), so the tables stage finds the
grid as on a digital PDF; the cells are read as mosaics (``cells``) and the text outside
the tables from the page with the tables blanked out, in a call running alongside.  The
words become glyphs (``glyphs``) in page points.
"""

from __future__ import annotations

import io
import os
import re
import subprocess

import numpy as np

from ..records import Glyph, PageContent, ScanQuality, TextChange
from . import prepare as prep
from .cells import read_cells
from .glyphs import words_to_glyphs
from .rules import find_rules, table_cells
from .settings import DEFAULT, OcrSettings
from .tesseract import OcrError, OcrWord, TesseractCall

# The rule name of a restored run in ``text_repairs``.
LEXICAL_RULE = "ocr:lost-marks"
# Orientation detection reads a copy of the page at this resolution (dpi).
OSD_DPI = 150
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ROTATE_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def render_page(pdf_path: str, page_number: int, dpi: int = DEFAULT.dpi) -> np.ndarray:
    """The 1-based page rendered as a greyscale array (0 = black, 255 = white)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_number - 1]
        try:
            image = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        pdf.close()
    return np.asarray(image)


def detect_rotation(gray: np.ndarray, settings: OcrSettings) -> int:
    """The clockwise turn (0/90/180/270) that makes the page upright, by Tesseract's OSD.

    0 when OSD is unsure, finds too little text, or is not installed.
    """
    from PIL import Image

    small = prep.shrink(gray, OSD_DPI / settings.dpi)
    buffer = io.BytesIO()
    Image.fromarray(small).save(buffer, format="PPM")
    cmd = ["tesseract", "stdin", "stdout", "--psm", "0", "--dpi", str(OSD_DPI)]
    try:
        out = subprocess.run(
            cmd,
            input=buffer.getvalue(),
            capture_output=True,
            timeout=settings.timeout_s,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        )
    except (OSError, subprocess.SubprocessError):
        return 0
    text = out.stdout.decode(errors="replace")
    turn, conf = _ROTATE.search(text), _ROTATE_CONF.search(text)
    if out.returncode != 0 or not turn or not conf or float(conf.group(1)) < settings.min_orientation_conf:
        return 0
    return int(turn.group(1)) % 360


def _cell_boxes(edges, scale: float, shape: tuple[int, int], settings: OcrSettings) -> list:
    """The grid's cells as pixel boxes, just inside their borders, top to bottom."""
    inset = settings.cell_inset / scale
    h, w = shape
    boxes = set()
    for x0, t, x1, b in table_cells(edges):
        box = (
            max(round(x0 / scale + inset), 0),
            max(round(t / scale + inset), 0),
            min(round(x1 / scale - inset), w),
            min(round(b / scale - inset), h),
        )
        if box[2] > box[0] and box[3] > box[1]:
            boxes.add(box)
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def ocr_image(
    gray: np.ndarray,
    scale: float,
    settings: OcrSettings = DEFAULT,
    rotation: int = 0,
    changes: list[tuple[str, str, str]] | None = None,
) -> tuple[list[Glyph], list, ScanQuality]:
    """Glyphs and ruling lines (points) of a page image, and what preparation found.

    ``scale`` is points per pixel of ``gray``; ``rotation`` (degrees clockwise) turns the page
    upright first; what the OCR text rules changed is added to ``changes`` as (rule, before,
    after): the cells the text rules of ``cells`` changed, the runs whose lost marks were restored.
    """
    page = prep.prepare_page(gray, settings, rotation)
    edges, clean = find_rules(page.gray, settings, page.rule_ink, page.scanned)
    boxes = _cell_boxes(edges, scale, clean.shape, settings)
    outside = clean.copy()
    for x0, t, x1, b in boxes:
        outside[t:b, x0:x1] = 255  # the cells are read from the mosaic
    page_call = TesseractCall(outside, settings.page_psm, settings, settings.page_zoom, source="page")
    words: list[OcrWord] = []
    found: list[tuple[str, str, str]] = []  # (rule, before, after) of the cells' text rules
    for cell in read_cells(clean, boxes, settings, found):
        words += cell.words
    words += page_call.words()
    confs = [w.conf for w in words]
    quality = ScanQuality(
        **{
            **{f: getattr(page.quality, f) for f in ScanQuality.__slots__},
            "words": len(words),
            "mean_conf": round(float(np.mean(confs)), 1) if confs else None,
        }
    )
    restored: list[tuple[str, str]] = []
    glyphs = words_to_glyphs(words, scale, settings, restored)
    if changes is not None:
        changes += found + [(LEXICAL_RULE, *c) for c in restored]
    return glyphs, edges, quality


def _read_failed(quality: ScanQuality, settings: OcrSettings) -> bool:
    """Too few or too unsure words for the ink on the page: perhaps it lies turned."""
    if quality.ink_share < settings.min_ink_share:
        return False  # a blank page
    return quality.words < settings.min_page_words or (quality.mean_conf or 0.0) < settings.min_page_conf


def ocr_page(
    pdf_path: str,
    page_number: int,
    width: float,
    height: float,
    doc_id: str = "",
    settings: OcrSettings = DEFAULT,
) -> PageContent:
    """The 1-based page of a PDF read by OCR into a ``PageContent`` (points, like a digital page).

    ``width`` and ``height`` are the page's size in points (from the pages stage).  A page
    whose read fails (few or unsure words) is checked for orientation (Tesseract's OSD) and,
    when it lies turned, read again upright; the surer read is kept, and a page turned by 90
    or 270 degrees comes back with its width and height swapped.  Raises ``OcrError`` when
    Tesseract cannot read it.
    """
    gray = render_page(pdf_path, page_number, settings.dpi)
    scale = width / gray.shape[1]
    restored: list[tuple[str, str, str]] = []
    glyphs, edges, quality = ocr_image(gray, scale, settings, changes=restored)
    if settings.orientation_check and _read_failed(quality, settings):
        turn = detect_rotation(gray, settings)
        if turn:
            turned: list[tuple[str, str, str]] = []
            again = ocr_image(gray, scale, settings, turn, turned)
            if (again[2].mean_conf or 0.0) > (quality.mean_conf or 0.0):
                glyphs, edges, quality = again
                restored = turned
                if turn in (90, 270):
                    width, height = height, width
    return PageContent(
        doc_id=doc_id,
        page_number=page_number,
        width=width,
        height=height,
        glyphs=glyphs,
        edges=edges,
        has_text=any(not g.text.isspace() for g in glyphs),
        source="ocr",
        scan=quality,
        changes=[TextChange(page_number, rule, before, after) for rule, before, after in restored],
    )


__all__ = ["OcrError", "detect_rotation", "ocr_image", "ocr_page", "render_page"]
