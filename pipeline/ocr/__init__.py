"""Stage 2 for scans: a page image read into the same ``PageContent`` as a digital page.

One module per concern:

- ``settings``: ``OcrSettings``, every tolerance of the OCR reader in one dataclass;
- ``prepare``: page preparation (orientation, deskew, lighting, noise, binarisation) with OpenCV;
- ``rules``: ruling lines from the prepared image's pixels, erased for Tesseract;
- ``tesseract``: Tesseract as a subprocess, words with boxes and confidences;
- ``cells``: the table cells read as mosaics, unsure short or numeric cells read again;
- ``lexical``: marks and letters Tesseract lost, restored from the thai stage's word list;
- ``glyphs``: OCR words to ``Glyph``s the Thai repair and layout stages read;
- ``page``: the page put together (render, prepare, rules, cells, the text around them).

``pipeline.sources`` decides per page whether it is read from its text layer or by OCR.
"""

from .glyphs import OCR_FONT, normalise
from .lexical import lexicon, restore_text
from .page import detect_rotation, ocr_image, ocr_page, render_page
from .prepare import prepare_page
from .rules import find_rules, table_cells
from .settings import DEFAULT, OcrSettings
from .tesseract import OcrError, tesseract_available

__all__ = [
    "DEFAULT",
    "OCR_FONT",
    "OcrError",
    "OcrSettings",
    "detect_rotation",
    "find_rules",
    "lexicon",
    "normalise",
    "ocr_image",
    "ocr_page",
    "prepare_page",
    "render_page",
    "restore_text",
    "table_cells",
    "tesseract_available",
]
