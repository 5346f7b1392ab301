"""The OCR page reader's tolerances, in one frozen dataclass (as pdfplumber's table settings).

Lengths are in points where they describe the page (a rule is longer than any letter stroke)
and in pixels of the working image only where they describe the image itself.  Override
any of them for a run with ``dataclasses.replace(OcrSettings(), dpi=200)`` or
``OcrSettings.from_mapping({...})`` (a config file's section).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How a page image is prepared, its ruling lines found and its text read by Tesseract."""

    # --- the working image --------------------------------------------------------------
    # Pages are rendered at this resolution; the ruling lines are found on it.  Lower costs less
    # (preparation and ruling lines are ~0.8 s of a page's ~2.5 s CPU at 300) but was measured
    # less exact (8 pages each of the office and photocopy copies, Tesseract still at 120 dpi,
    # every drawn cell found at each): cell CER 0.014/0.017 at 300, 0.018/0.009 at 240 (zoom
    # 0.5), 0.020/0.021 at 200 (zoom 0.6) for 0.5/0.4 s less a page; not changed on that alone.
    dpi: int = 300
    # --- page preparation -----------------------------------------------------------------
    # Skew is looked for within +-max_skew_deg, to the nearest skew_step_deg (a 0.05 degree
    # error moves a cell border by 0.4 pt across an A4 table).
    max_skew_deg: float = 3.0
    skew_step_deg: float = 0.05
    # A page is rotated only when its skew is at least this (rotating resamples every pixel).
    min_deskew_deg: float = 0.04
    # The paper's brightness is estimated over windows of this size (points): wider than any
    # letter, ruling line or filled cell, narrower than the light's fall-off and a binding shadow.
    background_points: float = 18.0
    # What Tesseract is given: "gray" (the evened-out page), "white" (on noisy paper, the levels
    # near white pushed to white) or "binary" (Otsu's ink mask).  Measured on the office copy's
    # KR and key-project pages: cell CER gray 0.019, white 0.0105, binary 0.32 (a shaded header
    # turned black).
    ocr_input: str = "white"
    # On noisy paper, blots of ink smaller than this (square points) are specks, removed.
    speck_points2: float = 0.5
    # A page read with fewer words than min_page_words or a mean confidence under min_page_conf,
    # though it has ink (min_ink_share), may lie turned: its orientation (90/180/270) is checked
    # with OSD (1.7 s of CPU, so only then), believed from min_orientation_conf.  Upright pages of the
    # degraded copies read at 94, turned ones at 65-71 (Tesseract is surely wrong on them).
    orientation_check: bool = True
    min_page_words: int = 5
    min_page_conf: float = 85.0
    min_ink_share: float = 0.005
    min_orientation_conf: float = 2.0
    # --- ruling lines ---------------------------------------------------------------------
    # A dark run at least this long (points) is a ruling line: longer than the strokes of any
    # body-text glyph, shorter than the one-line rows and narrow columns of the plans.
    min_rule_points: float = 12.0
    # A run this long (points) is a rule on its own; a shorter one only where it meets a rule
    # across it (bold 16 pt letters have stems over 12 pt, but they touch no border).
    lone_rule_points: float = 72.0
    # Rules within this distance (points) of each other's ends meet.
    rule_meet_points: float = 1.5
    # Breaks in a printed or scanned line up to this long (points) are bridged.
    max_rule_gap_points: float = 0.6
    # A "line" thicker than this (points) is a filled box: its two sides are the edges.
    max_rule_thickness_points: float = 2.4
    # A thin stroke this much darker (grey levels) than the paper beside it is ink for the
    # ruling lines even when lighter than the page's ink threshold (a hairline printed grey).
    faint_rule_contrast: float = 25.0
    # Rule pixels are erased this much wider than found (points): anti-aliasing, scan blur.
    erase_margin_points: float = 0.5
    # Ink touching an erased rule and reaching no further than this from it (points) is the
    # rule's ragged edge (toner bleed, a photocopied border's bumps), erased with it: left in a
    # cell it is read as ":", "o", "|".  A letter or mark touching a border reaches further.
    rule_residue_points: float = 1.0
    # --- cells ------------------------------------------------------------------------------
    # Cell crops are taken this far inside the cell's borders (points).
    cell_inset: float = 1.0
    # A cell crop with less ink than this (square points) is empty (dust, a rule's remains).
    min_ink_points: float = 1.7
    # White space around and between the tiles of the cell mosaic (pixels of the working image).
    tile_gap_px: int = 40
    # A cell whose top is this close (points) under another cell's bottom has a cell above it.
    header_gap: float = 6.0
    # --- Tesseract --------------------------------------------------------------------------
    languages: str = "tha+eng"
    # "api": Tesseract in the process through its C API, the models loaded once per process
    # (the command loads them at every call: ~0.2 s of CPU each, 5+ calls a page); "command":
    # the ``tesseract`` command.  Both give the same TSV.
    engine: str = "api"
    # Page segmentation: 6 (one uniform block) reads the stacked single-cell tiles best; 4 (one
    # column of lines) reads the free text around the tables best (measured).
    cell_psm: int = 6
    page_psm: int = 4
    # The body cells are shrunk for Tesseract so that their letters are letter_px pixels high:
    # the zoom is letter_px over the letters' measured height on the page (the median height of
    # the ink blots in its body cells, ``cells.letter_height``), rounded to zoom_step, within
    # min_zoom..max_zoom.  The letters' height on a scan depends on the document's font size,
    # not on the scan's dpi (pages are rendered at ``dpi``): the Word plan's body letters are
    # 36 px at 300 dpi, the HTML plan's 26 px.  14.4 px is where the office copy of the Word
    # plan read best (ocr_zoom sweep, cell CER: 11.9 px 0.0076, 14.4 px 0.0057, 16.2 px 0.0086,
    # 18 px 0.0105, 24 px 0.0153; the 150 dpi copy 0.0024 at 14.4 px, 0.0124 at 18 px); on the
    # HTML plan's office copy, 10.4 px (zoom 0.4) misread 24 of 40 project names on two pages,
    # 13 px none.  letter_px = 0 turns the measure off: ocr_zoom on every page.
    letter_px: float = 14.4
    zoom_step: float = 0.05
    min_zoom: float = 0.25
    max_zoom: float = 1.0
    # A page with fewer letters than this in its body cells is read at ocr_zoom.
    min_letters: int = 30
    ocr_zoom: float = 0.4
    # The text around the tables is read at this zoom: at 0.4 the word gaps of a title line
    # ("แผนปฏิบัติการ ประจำปี") were lost on a clean rendering.
    page_zoom: float = 0.5
    # Each grid's first row of cells (its header) is read at this zoom, apart from the rest: it
    # decides which table a grid is, and at 150 dpi the repeated OKR header was misread.
    header_zoom: float = 1.0
    # A cell read as this many letters or fewer, or as nothing, and less surely than sure_conf,
    # is read again on its own as one line (short_psm); the read Tesseract is surer of is kept,
    # and a cell the mosaic left empty takes the second read only from new_read_conf up.
    short_cell_chars: int = 4
    sure_conf: float = 90.0
    new_read_conf: float = 60.0
    short_psm: int = 7
    # Rows of blank paper at least this high (points) inside a cell part two of its text lines.
    line_gap_points: float = 1.0
    # A cell read mostly as digits (amounts, codes) less surely than sure_conf is read again
    # with only digits and their signs allowed; the surer read is kept.
    digit_share: float = 0.6
    digit_chars: str = "0123456789,.-"
    # A column whose cells with digits mostly (code_column_share, at least code_column_cells of
    # them) read as one run of code_min_digits digits or more is a column of codes (KR codes):
    # its cells that read otherwise ("8310ศุ", a wrapped "4" read as a letter) are read again
    # with only code_chars allowed, and that read is kept when it is a code of the usual length.
    code_min_digits: int = 3
    code_column_cells: int = 3
    code_column_share: float = 0.6
    code_chars: str = "0123456789"
    # Cells whose left and right borders are this close (points) fill one column.
    column_edge_points: float = 3.0
    # A cell's line with at most this share of another line's words, lying in the band of marks
    # above that line, is those marks read twice (``cells``), left out.
    marks_band_words: float = 0.25
    # At most this many single-cell reads run at once.
    parallel_reads: int = 4
    # Words Tesseract is less sure of than this (0-100) are noise (specks, rule remains).
    min_word_conf: float = 20.0
    timeout_s: float = 300.0
    # --- words to glyphs ------------------------------------------------------------------
    # A blank between two Thai letters wider than this share of the line's letter pitch is a
    # space (rendered Laksaman: letters of a word up to 0.79 pitch apart, word gaps 1.07 up).
    word_gap: float = 0.9
    # Between digits or Latin letters Tesseract's word cuts are the writer's spaces.
    latin_gap: float = 0.2
    # With fewer letters than this on a line, the pitch is taken as default_pitch of the size.
    min_pitch_letters: int = 4
    default_pitch: float = 0.5
    # An OCR line box is this many times the font size (Thai marks above and below).
    line_height_per_size: float = 1.15
    # --- lexical restoration ------------------------------------------------------------
    # Marks the fast tha model loses (tone marks, thanthakhat, marks below) and letters it
    # confuses are restored from the thai stage's word list (``lexical``); costs in nats,
    # against words' negative log corpus frequencies.  On the office copy's key and routine
    # pages exact project names went 48 -> 58 of 117; on 473 correct strings (both gold
    # folders) nothing changes.
    restore_marks: bool = True
    lost_mark_cost: float = 3.0
    misread_cost: float = 5.0
    # --- the document ---------------------------------------------------------------------
    # Pages OCRed at once, each in its own process (0: one per core).
    workers: int = 0

    @property
    def scale(self) -> float:
        """Points per pixel of the working image."""
        return 72.0 / self.dpi

    def px(self, points: float) -> int:
        """A length in points as whole pixels of the working image (at least 1)."""
        return max(1, round(points / self.scale))

    def n_workers(self) -> int:
        return self.workers or os.cpu_count() or 1

    def as_dict(self) -> dict:
        """The settings as plain values, for the report."""
        return asdict(self)

    @classmethod
    def from_mapping(cls, values: dict) -> OcrSettings:
        """Settings from a config mapping (a config file's ``[ocr]``); an unknown key is an error."""
        from ..settings import from_mapping

        return from_mapping(cls, values, "ocr")


DEFAULT = OcrSettings()
