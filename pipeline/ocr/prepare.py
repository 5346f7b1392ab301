"""Page preparation: a scanned page made upright, straight, evenly lit and clean before anything else.

Scans come turned (90/180/270), skewed by a degree or two, darker at one corner or at the
binding, blurred, noisy and JPEG-compressed.  Every later step assumes a straight page on
white paper: the ruling lines are found as long horizontal and vertical runs, the cells
are cut along them, Tesseract reads each cell.  So, with OpenCV:

1. orientation: Tesseract's orientation detection (OSD) on a small copy of the page;
2. skew: the angle at which the page's rows of ink (ruling lines and text lines) line up
   best, the variance of the row profile peaking, searched within ``max_skew_deg``;
3. lighting: the paper's brightness estimated by a morphological closing (which removes
   the ink) and divided out, so a shadow or a fading corner becomes white paper again;
4. noise and contrast: a median filter removes sensor noise and specks, and the ink is
   stretched to black;
5. binarisation: Otsu's threshold on the evened-out page gives the ink mask the ruling
   lines are found on (Tesseract binarises the greyscale image itself).

``ScanQuality`` records what was found, per page, for the data-quality report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..records import ScanQuality
from .settings import OcrSettings

# The skew search runs on a copy of the page shrunk to about this resolution (dpi): text
# lines stay apart, and a rotation costs a millisecond.
SKEW_SEARCH_DPI = 50
# The refinement runs at this resolution, within a coarse step of the first estimate.
SKEW_REFINE_DPI = 100
# With ocr_input "white", grey levels this far from the ink threshold towards white are paper.
PAPER_CUT = 1 / 3
# Paper whose grey levels spread more than this (after evening out the light) is noisy: it is
# median-filtered, and whitened for Tesseract.
NOISY_PAPER = 3.0
# Grey levels under this are ink, however faint, when looking for specks.
FAINT_INK = 200


@dataclass(slots=True)
class PreparedPage:
    """A page image ready for the ruling lines and Tesseract."""

    gray: np.ndarray  # evened-out greyscale, 255 = paper
    ink: np.ndarray  # bool mask of ink pixels
    quality: ScanQuality
    rule_ink: np.ndarray | None = None  # ink and thin faint strokes: where ruling lines are looked for
    # Where the scan holds the page (False where straightening turned blank corners in); None: all.
    scanned: np.ndarray | None = None


def _cv2():
    import cv2

    cv2.setNumThreads(1)  # pages run in parallel processes; threads would only contend
    return cv2


def shrink(gray: np.ndarray, factor: float) -> np.ndarray:
    """The image shrunk by ``factor`` (area averaging); as it is when ``factor`` >= 1."""
    cv2 = _cv2()
    if factor >= 1.0:
        return gray
    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def rotate(gray: np.ndarray, angle_deg: float, border: int = 255) -> np.ndarray:
    """The image rotated counter-clockwise by ``angle_deg`` about its centre, same size."""
    cv2 = _cv2()
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    return cv2.warpAffine(
        gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def _row_score(ink: np.ndarray, angle: float) -> float:
    """How well the rows of ink line up when the image is turned back by ``angle``."""
    turned = rotate(ink, angle, border=0)
    profile = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(profile)).sum())


def _best_angle(ink: np.ndarray, angles: np.ndarray) -> float:
    scores = [_row_score(ink, a) for a in angles]
    return float(angles[int(np.argmax(scores))])


def estimate_skew(gray: np.ndarray, settings: OcrSettings) -> float:
    """The page's skew in degrees (counter-clockwise positive), from its ruling and text lines.

    Rows of ink line up best (the row profile is sharpest) when the page is turned back by
    its skew; searched coarsely on a small copy, then finely on a larger one.
    """
    cv2 = _cv2()
    coarse_step = 0.25
    small = shrink(gray, SKEW_SEARCH_DPI / settings.dpi)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    limit = settings.max_skew_deg
    best = _best_angle(ink, np.arange(-limit, limit + 1e-9, coarse_step))
    medium = shrink(gray, SKEW_REFINE_DPI / settings.dpi)
    _, ink = cv2.threshold(medium, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    fine = np.arange(best - coarse_step, best + coarse_step + 1e-9, settings.skew_step_deg)
    return -round(_best_angle(ink, fine), 3)  # the page is turned back by minus its skew


def even_out(gray: np.ndarray, settings: OcrSettings) -> np.ndarray:
    """The page divided by its paper brightness: uneven light and shadows become white paper."""
    cv2 = _cv2()
    factor = 0.25  # the paper's brightness varies slowly: estimated on a quarter-size copy
    small = shrink(gray, factor)
    k = max(3, round(settings.background_points / settings.scale * factor)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # ink removed: the paper is left
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2)
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def despeckle(gray: np.ndarray, settings: OcrSettings) -> np.ndarray:
    """Specks (blots of ink smaller than ``speck_points2``, even faint ones) turned to paper.

    Photocopier toner and the remains of a rule's ragged edge read as letters (``๑«๓al``); the
    smallest Thai mark (mai ek) is some 4 square points.
    """
    cv2 = _cv2()
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (gray < FAINT_INK).astype(np.uint8), connectivity=8
    )
    small = stats[:, cv2.CC_STAT_AREA] < settings.speck_points2 / settings.scale**2
    small[0] = False  # the paper
    out = gray.copy()
    # Each speck whitened within its own box: a page holds some hundreds of blots, and looking
    # every pixel's label up (``small[labels]``) cost 23 ms a page at 300 dpi, the boxes ~1 ms.
    for i in np.flatnonzero(small):
        x, y, w, h = stats[i, :4]
        box = (slice(y, y + h), slice(x, x + w))
        out[box][labels[box] == i] = 255
    return out


def thin_dark(gray: np.ndarray, settings: OcrSettings) -> np.ndarray:
    """Strokes darker than the paper beside them by ``faint_rule_contrast``, thinner than a rule can be.

    A black-hat (closing minus image) across each direction with a kernel a little wider
    than the thickest rule: a hairline printed in grey stands out against the paper on both
    sides even when it is lighter than the ink threshold, while a shaded cell, wider than
    the kernel, does not.  Taken before the paper is whitened for Tesseract (which erases it).
    """
    cv2 = _cv2()
    k = 2 * settings.px(settings.max_rule_thickness_points) + 1
    out = np.zeros(gray.shape, dtype=bool)
    for size in ((1, k), (k, 1)):  # (width, height): across horizontal lines, across vertical ones
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        out |= cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel) >= settings.faint_rule_contrast
    return out


def _percentile(gray: np.ndarray, q: float) -> float:
    """The q-th percentile of an 8-bit image, from its histogram (a sort of 9 M pixels costs 0.2 s).

    OpenCV's histogram: 4 ms a page, where ``np.bincount`` (which widens every pixel to int64)
    took 30 ms, three times a page.
    """
    hist = _cv2().calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256])
    counts = np.cumsum(hist.ravel().astype(np.int64))
    return float(np.searchsorted(counts, q / 100 * counts[-1]))


def _noise(gray: np.ndarray, ink: np.ndarray) -> float:
    """Sensor noise: the spread of the paper's grey levels (away from the ink)."""
    cv2 = _cv2()
    near_ink = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8))
    paper = (near_ink == 0).astype(np.uint8)
    if not paper.any():
        return 0.0
    # OpenCV's masked spread: 25 ms a page at 300 dpi, where copying the paper pixels out
    # (``gray[~near_ink].std()``) took 60 ms; the same figure (to 1e-12).
    _, std = cv2.meanStdDev(gray, mask=paper)
    return float(std[0, 0])


def prepare_page(gray: np.ndarray, settings: OcrSettings, rotation: int = 0) -> PreparedPage:
    """A rendered page (greyscale, 255 = paper) made straight, evenly lit and clean.

    ``rotation`` is the turn (degrees clockwise) that makes the page upright, made first.
    """
    cv2 = _cv2()
    if rotation:
        gray = np.ascontiguousarray(np.rot90(gray, k=-(rotation // 90)))  # rot90 turns anticlockwise
    contrast_before = _percentile(gray, 95) - _percentile(gray, 5)
    flat = even_out(gray, settings)
    noise = _noise(flat, flat < 128)
    # A median filter takes out sensor noise and specks; a clean rendering is left alone.
    noisy = noise > NOISY_PAPER
    clean = cv2.medianBlur(flat, 3) if noisy else flat
    skew = estimate_skew(clean, settings)
    if abs(skew) >= settings.min_deskew_deg:
        clean = rotate(clean, -skew)
        # the scanner's frame, turned with the page: what lay beyond it was never scanned
        scanned = rotate(np.full(clean.shape, 255, dtype=np.uint8), -skew, border=0) > 127
    else:
        scanned = None
    # Stretch: the darkest ink to black, the paper (already 255) stays white.
    low = _percentile(clean, 0.5)
    if 0 < low < 255:  # a blank page (all paper) has nothing to stretch
        clean = cv2.convertScaleAbs(clean, alpha=255.0 / (255.0 - low), beta=-low * 255.0 / (255.0 - low))
    faint = thin_dark(clean, settings)
    if noisy:
        clean = despeckle(clean, settings)
    threshold, binary = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = binary.astype(bool)
    if settings.ocr_input == "binary":
        clean = np.where(ink, 0, 255).astype(np.uint8)
    elif settings.ocr_input == "white" and noisy:
        # Grain and JPEG ringing on the paper go; the ink keeps its grey edges (anti-aliasing).
        # (A clean rendering is left alone: its thin strokes are light grey.)
        paper = threshold + (255 - threshold) * PAPER_CUT
        clean = cv2.convertScaleAbs(clean, alpha=255.0 / paper)
    sharpness = float(cv2.Laplacian(shrink(clean, SKEW_REFINE_DPI / settings.dpi), cv2.CV_64F).var())
    quality = ScanQuality(
        rotation=rotation,
        skew_deg=skew,
        noise=round(noise, 2),
        contrast=round(contrast_before, 1),
        sharpness=round(sharpness, 1),
        ink_share=round(float(ink.mean()), 4),
        threshold=float(threshold),
    )
    return PreparedPage(clean, ink, quality, ink | faint, scanned)
