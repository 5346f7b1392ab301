"""The table cells read by Tesseract as a mosaic: one call for many cells, each on its own.

Whole-page OCR runs words across cell borders, so each cell (its ruling lines erased)
becomes a tile of one tall image, stacked with white space between, read in a single
Tesseract call (one process start, not one per cell).  Each grid's first row (the header:
it decides which table a grid is) is read apart, at full size; the others at the zoom that makes
their letters the height Tesseract reads best (``body_zoom``, measured on the page).  The cells read
as a few letters are read again, in a mosaic at full size.  A cell read as a few
letters unsurely, or not at all, is read again alone as one line; a cell read mostly as
digits (an amount, a code) unsurely is read again with only digits allowed.  The read
Tesseract is surer of is kept.  A cell of a column of codes (by its content) that does not
read as a code is read again with digits only.  In a column of text, a speck of dust read as
punctuation in front of a line's first letter is left out (``SPECK_RULE``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .glyphs import normalise
from .settings import OcrSettings
from .tesseract import OcrWord, TesseractCall, zoomed

PixelBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels of the page image

SPECK_RULE = "ocr:punctuation-speck"
# The punctuation a speck of dust or toner on a scan is read as: dots and ticks.  Brackets,
# dashes, asterisks and quotes in front of Thai text are printed on purpose ("(ร่าง)", "- กิจกรรม",
# "*โอนงบประมาณ") and are never taken for specks.
SPECK_MARKS = frozenset(".,'`:;·")
# A column is a column of text when at least this many of its cells, and this share of those
# holding anything, start with a Thai letter.
TEXT_COLUMN_CELLS = 3
TEXT_COLUMN_SHARE = 0.6
MARKS_BAND_RULE = "ocr:marks-band-reread"
# A line in the marks band of another whose letters copy a stretch of it at least this closely
# (rapidfuzz partial ratio, 0-100) is that stretch read a second time, however many words it has.
MARKS_BAND_COPY = 55


@dataclass(slots=True)
class CellRead:
    """One cell's words (page pixels) and the zoom they were read at."""

    box: PixelBox
    zoom: float
    words: list[OcrWord] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(normalise(w.text) for w in self.words).replace(" ", "")

    @property
    def conf(self) -> float:
        """How sure Tesseract is of the read: its least sure word (0 for no words)."""
        return min((w.conf for w in self.words), default=0.0)


def header_cells(boxes: list[PixelBox], gap: float) -> set[int]:
    """Indices of the cell boxes (pixels) with no cell right above them: each grid's first row."""
    return {
        i
        for i, (x0, t, x1, _) in enumerate(boxes)
        if not any(0 <= t - b <= gap and min(x1, u1) > max(x0, u0) for u0, _, u1, b in boxes)
    }


def _has_ink(clean: np.ndarray, box: PixelBox, settings: OcrSettings) -> bool:
    x0, t, x1, b = box
    min_px = settings.min_ink_points / settings.scale**2
    return int((clean[t:b, x0:x1] < 128).sum()) >= min_px


def letter_height(clean: np.ndarray, boxes: list[PixelBox], settings: OcrSettings) -> float | None:
    """The height (pixels) of the letters in the cell boxes: the median height of their ink blots.

    Each blot of ink is a letter, a mark above or below one, or a digit; most are letters of
    the body size (a Thai consonant, a digit's body), so the median is their height whatever
    the font and its size.  Blots smaller than ``min_ink_points`` (dust) are not counted.
    None when the cells hold fewer than ``min_letters`` blots.
    """
    import cv2

    min_area = settings.min_ink_points / settings.scale**2
    heights = []
    for x0, t, x1, b in boxes:
        ink = (clean[t:b, x0:x1] < 128).astype(np.uint8)
        _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        stats = stats[1:]
        heights.append(stats[stats[:, cv2.CC_STAT_AREA] >= min_area, cv2.CC_STAT_HEIGHT])
    found = np.concatenate(heights) if heights else np.zeros(0)
    if len(found) < settings.min_letters:
        return None
    return float(np.median(found))


def body_zoom(clean: np.ndarray, boxes: list[PixelBox], settings: OcrSettings) -> float:
    """The zoom at which Tesseract reads these cells: their letters made ``letter_px`` high.

    ``ocr_zoom`` when the measure is off (``letter_px`` 0) or the letters cannot be measured.
    """
    height = letter_height(clean, boxes, settings) if settings.letter_px > 0 else None
    if height is None:
        return settings.ocr_zoom
    step = settings.zoom_step
    zoom = round(settings.letter_px / height / step) * step
    return round(min(max(zoom, settings.min_zoom), settings.max_zoom), 6)


def _mosaic(image: np.ndarray, boxes: list[PixelBox], gap: int) -> tuple[np.ndarray, list[int]]:
    """Crops of ``image`` stacked one under another on white, and each tile's top in the mosaic."""
    width = max(x1 - x0 for x0, _, x1, _ in boxes) + 2 * gap
    height = sum(b - t for _, t, _, b in boxes) + gap * (len(boxes) + 1)
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    tops = []
    y = gap
    for x0, t, x1, b in boxes:
        mosaic[y : y + b - t, gap : gap + x1 - x0] = image[t:b, x0:x1]
        tops.append(y)
        y += b - t + gap
    return mosaic, tops


def _scaled_box(box: PixelBox, zoom: float) -> PixelBox:
    x0, t, x1, b = box
    return (
        round(x0 * zoom),
        round(t * zoom),
        max(round(x1 * zoom), round(x0 * zoom) + 1),
        max(round(b * zoom), round(t * zoom) + 1),
    )


def _alone(clean: np.ndarray, box: PixelBox, gap: int) -> np.ndarray:
    x0, t, x1, b = box
    tile = np.full((b - t + 2 * gap, x1 - x0 + 2 * gap), 255, dtype=np.uint8)
    tile[gap : gap + b - t, gap : gap + x1 - x0] = clean[t:b, x0:x1]
    return tile


def _one_line(clean: np.ndarray, box: PixelBox, settings: OcrSettings) -> bool:
    """The cell's ink lies in one band of rows (one text line): no blank rows split it."""
    x0, t, x1, b = box
    rows = (clean[t:b, x0:x1] < 128).any(axis=1)
    inked = np.nonzero(rows)[0]
    if len(inked) == 0:
        return True
    gaps = np.diff(inked) - 1
    return not (gaps >= settings.px(settings.line_gap_points)).any()


def _digit_share(text: str) -> float:
    signs = [c for c in text if not c.isspace()]
    if not signs:
        return 0.0
    return sum(1 for c in signs if unicodedata.category(c) == "Nd" or c in ",.-") / len(signs)


def _has_thai(text: str) -> bool:
    return any("\u0e01" <= c <= "\u0e4e" for c in text)


def _alone_call(
    clean: np.ndarray, read: CellRead, settings: OcrSettings, source: str, whitelist: str | None
) -> TesseractCall:
    """A Tesseract call on one cell cut out alone (the re-reads of unsure and code cells)."""
    return TesseractCall(
        _alone(clean, read.box, settings.tile_gap_px),
        # one line (psm 7) reads a lone short word best; a code wrapped onto two lines
        # ("8310" / "4") read as one line comes out "0"
        settings.short_psm if _one_line(clean, read.box, settings) else settings.cell_psm,
        settings,
        read.zoom,
        source=source,
        whitelist=whitelist,
    )


def reread_unsure(clean: np.ndarray, reads: list[CellRead], settings: OcrSettings) -> None:
    """Read again, alone, the cells the mosaic read unsurely as a few letters or as digits."""
    gap = settings.tile_gap_px
    todo: list[tuple[int, str | None]] = []
    for i, cell in enumerate(reads):
        if cell.conf >= settings.sure_conf:
            continue
        if len(cell.text) <= settings.short_cell_chars:
            todo.append((i, None))
        elif _digit_share(cell.text) >= settings.digit_share and not _has_thai(cell.text):
            # only a cell of figures alone: with digits only allowed, the year markers of a
            # multi-year amount ("281,000,000 ปี 2569 - 14,050,000") were lost, and the figures
            # ran together into one wrong amount
            todo.append((i, settings.digit_chars))
    for start in range(0, len(todo), settings.parallel_reads):
        batch = todo[start : start + settings.parallel_reads]
        calls = [_alone_call(clean, reads[i], settings, f"reread{i}", whitelist) for i, whitelist in batch]
        for (i, _), call in zip(batch, calls, strict=True):
            cell = reads[i]
            x0, t, _x1, _b = cell.box
            new = [w.shifted(x0 - gap, t - gap) for w in call.words()]
            new_conf = min((w.conf for w in new), default=0.0)
            if new and new_conf > cell.conf and (cell.words or new_conf >= settings.new_read_conf):
                cell.words = new


def _is_code(text: str, settings: OcrSettings) -> bool:
    return len(text) >= settings.code_min_digits and text.isascii() and text.isdigit()


def _columns(reads: list[CellRead], settings: OcrSettings) -> list[list[int]]:
    """The cells grouped by the column they fill: the same left and right borders (pixels)."""
    tol = settings.px(settings.column_edge_points)
    columns: list[list[int]] = []
    for i, cell in enumerate(reads):
        x0, _, x1, _ = cell.box
        for col in columns:
            c0, _, c1, _ = reads[col[0]].box
            if abs(c0 - x0) <= tol and abs(c1 - x1) <= tol:
                col.append(i)
                break
        else:
            columns.append([i])
    return columns


def code_column_misreads(reads: list[CellRead], settings: OcrSettings) -> list[tuple[int, int]]:
    """Cells of a code column whose text is not a code, each with the column's code length.

    A column is a code column by its content: most of its cells that hold a digit read as
    one code of digits alone ("11104"), at least ``code_column_cells`` of them.  A cell there
    with digits and other signs ("8310ศุ": a code wrapped onto a second line, its "4" read as
    a Thai letter), or with a code shorter than the column's usual length, is a misread.
    """
    out: list[tuple[int, int]] = []
    for col in _columns(reads, settings):
        texts = [reads[i].text for i in col]
        with_digits = [t for t in texts if any(c.isdigit() for c in t)]
        codes = [t for t in with_digits if _is_code(t, settings)]
        if len(codes) < settings.code_column_cells or len(codes) < settings.code_column_share * len(
            with_digits
        ):
            continue
        lengths = [len(t) for t in codes]
        usual = max(set(lengths), key=lengths.count)
        for i, text in zip(col, texts, strict=True):
            if any(c.isdigit() for c in text) and not (_is_code(text, settings) and len(text) >= usual):
                out.append((i, usual))
    return out


def reread_code_columns(clean: np.ndarray, reads: list[CellRead], settings: OcrSettings) -> int:
    """Misread cells of code columns (``code_column_misreads``) read again with digits only.

    The digits-only read is kept when it is a code of the column's length; returns how many
    cells were read again so.
    """
    gap = settings.tile_gap_px
    todo = code_column_misreads(reads, settings)
    kept = 0
    for start in range(0, len(todo), settings.parallel_reads):
        batch = todo[start : start + settings.parallel_reads]
        calls = [_alone_call(clean, reads[i], settings, f"code{i}", settings.code_chars) for i, _ in batch]
        for (i, usual), call in zip(batch, calls, strict=True):
            cell = reads[i]
            x0, t, _x1, _b = cell.box
            new = [w.shifted(x0 - gap, t - gap) for w in call.words()]
            text = "".join(normalise(w.text) for w in new).replace(" ", "")
            if _is_code(text, settings) and len(text) == usual:
                cell.words = new
                kept += 1
    return kept


def _lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    by_line: dict[tuple, list[OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    return list(by_line.values())


def _line_text(line: list[OcrWord]) -> str:
    return "".join(normalise(w.text) for w in sorted(line, key=lambda w: w.x0)).replace(" ", "")


def _is_marks_band_reread(line: list[OcrWord], other: list[OcrWord], settings: OcrSettings) -> bool:
    """Whether ``line`` is the band of marks above ``other`` read a second time as a line.

    On blurred scans Tesseract reads the tone marks and vowels above a line twice: in the line,
    and as a line of their own of a few letters far apart ("ม  oo  a" over "ร้อยละความสำเร็จ"),
    whose words then land inside the words of the line below.  Such a line sits in the band
    between the top of the other line's ink (its marks) and the top of its letters (no line
    of text can: lines do not overlap), and has a small share of its words.  On a photocopy
    the band is read as a garbled copy of a stretch of the line ("ะ กีฬาที่ย" over
    "ร้อยละของลานกีฬาที่ผ่านเกณฑ์…"), with more words: a line in the band whose letters copy a
    stretch of the other's (``MARKS_BAND_COPY``) is a second read too.
    """
    if len(line) >= len(other):
        return False
    centre = sum((w.top + w.bottom) / 2 for w in line) / len(line)
    ink_top = min(w.top for w in other)
    letters_top = sorted(w.top for w in other)[len(other) // 2]
    if not ink_top <= centre <= letters_top:
        return False
    if len(line) <= settings.marks_band_words * len(other):
        return True
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(_line_text(line), _line_text(other)) >= MARKS_BAND_COPY


def drop_marks_band_rereads(
    reads: list[CellRead], settings: OcrSettings, changes: list[tuple[str, str, str]] | None = None
) -> int:
    """Each cell's lines that are the marks above another of its lines read again, left out.

    Returns how many lines were left out; each changed cell is added to ``changes`` as
    (``MARKS_BAND_RULE``, before, after).  (On the office copy of the Bang Na plan they put
    "ม", "a", "v" inside KR names and issue banners: "ร้ม อยละ", "ประเด็นการพัov ฒนา"; on the
    photocopy, garbled copies before or inside them: "แก้ไขจุดเสี่สี่คยงงน้น้าำทํท่วม".)
    """
    dropped = 0
    for cell in reads:
        lines = _lines(cell.words)
        if len(lines) < 2:
            continue
        junk = {
            id(line)
            for line in lines
            if any(o is not line and _is_marks_band_reread(line, o, settings) for o in lines)
        }
        if junk:
            dropped += len(junk)
            before = cell.text
            cell.words = [w for line in lines if id(line) not in junk for w in line]
            if changes is not None:
                changes.append((MARKS_BAND_RULE, before, cell.text))
    return dropped


def _starts_thai(text: str) -> bool:
    """Whether the text starts as a Thai word does: a consonant or a leading vowel (เ แ โ ใ ไ)."""
    return bool(text) and ("\u0e01" <= text[0] <= "\u0e2e" or "\u0e40" <= text[0] <= "\u0e44")


def _without_speck(line: list[OcrWord]) -> list[OcrWord] | None:
    """The line with the speck in front of its first Thai letter left out; None when it has none.

    The speck is a word of its own (".", then "โครงการ") or the front of the first word (".โครงการ").
    """
    line = sorted(line, key=lambda w: w.x0)
    first = normalise(line[0].text)
    lead = len(first) - len(first.lstrip("".join(SPECK_MARKS)))
    if lead == 0:
        return None
    rest = first[lead:].lstrip()
    if rest:
        return [replace(line[0], text=rest), *line[1:]] if _starts_thai(rest) else None
    if len(line) > 1 and _starts_thai(normalise(line[1].text)):
        return line[1:]
    return None


def drop_punctuation_specks(reads: list[CellRead], settings: OcrSettings) -> list[tuple[str, str]]:
    """Rule ``SPECK_RULE``: punctuation read in front of the first Thai letter of a text column's line.

    On a photocopied scan a speck in front of a name is read as "." or "'" (".โครงการ…").  A
    column is a text column by its content: most of its cells start with a Thai letter, so
    a line of it that starts with a dot or tick right before a Thai letter had a speck there.
    Amount and code columns start with digits and are never touched.  Returns each changed
    cell's text (before, after).
    """
    changed: list[tuple[str, str]] = []
    for col in _columns(reads, settings):
        texts = [reads[i].text for i in col]
        filled = [t for t in texts if t]
        thai = sum(1 for t in filled if _starts_thai(t))
        if thai < TEXT_COLUMN_CELLS or thai < TEXT_COLUMN_SHARE * len(filled):
            continue
        for i in col:
            cell = reads[i]
            lines = sorted(_lines(cell.words), key=lambda ln: min(w.top for w in ln))
            fixed = [_without_speck(line) for line in lines]
            if all(f is None for f in fixed):
                continue
            before = cell.text
            cell.words = [w for line, f in zip(lines, fixed, strict=True) for w in (f or line)]
            changed.append((before, cell.text))
    return changed


@dataclass(slots=True)
class _MosaicCall:
    """A started Tesseract call on a mosaic of cells, and where each cell's tile lies in it."""

    call: TesseractCall
    cells: Sequence[int]  # indices of the cells (CellRead) tiled, top to bottom
    zoom: float
    tops: list[float]  # each tile's top in the mosaic, in pixels before the zoom
    small: list[PixelBox]  # each cell's box on the page shrunk by the zoom
    gap: float  # the white space around the tiles, in pixels before the zoom


def _start_mosaic(
    clean: np.ndarray, reads: list[CellRead], cells: Sequence[int], zoom: float, settings: OcrSettings
) -> _MosaicCall:
    """The cells (indices into ``reads``) tiled into one mosaic, read at ``zoom``.

    The page is shrunk once and the mosaic cut from it (shrinking the mosaic resampled its
    blank gaps too: 1.6 times the page's pixels).
    """
    small = [_scaled_box(reads[i].box, zoom) for i in cells]
    gap = max(1, round(settings.tile_gap_px * zoom))
    mosaic, tops = _mosaic(zoomed(clean, zoom), small, gap)
    call = TesseractCall(mosaic, settings.cell_psm, settings, zoom, source=f"cells@{zoom}", prescaled=True)
    return _MosaicCall(call, cells, zoom, [top / zoom for top in tops], small, gap / zoom)


def _mosaic_words(m: _MosaicCall) -> list[list[OcrWord]]:
    """Each tiled cell's words (page pixels), in the order of ``m.cells``."""
    out: list[list[OcrWord]] = [[] for _ in m.cells]
    for word in m.call.words():  # in the mosaic's pixels before the zoom, as the page's
        mid = (word.top + word.bottom) / 2
        k = max(0, int(np.searchsorted(m.tops, mid, side="right")) - 1)
        x0, t = m.small[k][0] / m.zoom, m.small[k][1] / m.zoom
        # Each tile's words keep their own lines even when Tesseract saw one line across tiles.
        out[k].append(word.shifted(x0 - m.gap, t - m.tops[k], line=(*word.line, m.cells[k])))
    return out


def reread_short_at_full_size(clean: np.ndarray, reads: list[CellRead], settings: OcrSettings) -> int:
    """The cells the shrunk mosaic read as a few letters, read again in a mosaic at ``header_zoom``.

    A short word is read with little context, and shrunk its letters are few pixels: on the
    office copy of the HTML plan a responsibility column's lone "R" read as the Thai "ค" in
    23 of 29 cells at zoom 0.55 (6 of 29 at 0.4), and in none at full size, where 34 of the
    other 34 short cells read as before.  The full-size read is kept when it reads anything.
    Returns how many cells were read again so.
    """
    short = [
        i
        for i, cell in enumerate(reads)
        if cell.zoom < settings.header_zoom and 0 < len(cell.text) <= settings.short_cell_chars
    ]
    if not short:
        return 0
    again = _start_mosaic(clean, reads, short, settings.header_zoom, settings)
    for i, words in zip(short, _mosaic_words(again), strict=True):
        cell = reads[i]
        if not words:
            continue
        # digits read well shrunk (amounts at 0.4 are exact): a read with a digit gives way
        # only to a surer one (a sequence "44" read 75 was read "aq" 74 at full size)
        if any(c.isdigit() for c in cell.text) and min(w.conf for w in words) <= cell.conf:
            continue
        cell.words, cell.zoom = words, settings.header_zoom
    return len(short)


def read_cells(
    clean: np.ndarray,
    boxes: list[PixelBox],
    settings: OcrSettings,
    changes: list[tuple[str, str]] | None = None,
) -> list[CellRead]:
    """The words of each cell box (pixels of ``clean``, its ruling lines erased).

    What the text rules changed is added to ``changes`` as (rule, before, after): the cells
    whose marks band was read twice (``MARKS_BAND_RULE``) or whose punctuation specks were left
    out (``SPECK_RULE``).
    """
    # The header row is found among all cells, empty ones too (an empty spacer row under the
    # header must not make the first body row a header).
    head_boxes = header_cells(boxes, settings.header_gap / settings.scale)
    inked = [i for i, b in enumerate(boxes) if _has_ink(clean, b, settings)]
    head = {k for k, i in enumerate(inked) if i in head_boxes}
    body = [b for k, b in enumerate(boxes[i] for i in inked) if k not in head]
    zoom = body_zoom(clean, body, settings) if body else settings.ocr_zoom
    # The body cells, then the header cells, each set as one mosaic read at its own zoom.
    reads = [CellRead(b, zoom) for b in body]
    reads += [CellRead(boxes[i], settings.header_zoom) for k, i in enumerate(inked) if k in head]
    parts = ((range(len(body)), zoom), (range(len(body), len(reads)), settings.header_zoom))
    calls = [_start_mosaic(clean, reads, part, part_zoom, settings) for part, part_zoom in parts if part]
    for call in calls:
        for i, words in zip(call.cells, _mosaic_words(call), strict=True):
            reads[i].words = words
    reread_short_at_full_size(clean, reads, settings)
    reread_unsure(clean, reads, settings)
    reread_code_columns(clean, reads, settings)
    found: list[tuple[str, str, str]] = []
    drop_marks_band_rereads(reads, settings, found)
    found += [(SPECK_RULE, *c) for c in drop_punctuation_specks(reads, settings)]
    if changes is not None:
        changes += found
    return reads
