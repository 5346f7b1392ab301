"""Resource limits of one document: memory, time, inflated streams, image and render sizes.

A hostile or broken PDF must cost a bounded amount: the worker process that reads it gets an
address-space cap (``RLIMIT_AS``) and a wall-clock limit (enforced by the executor), every
Flate stream pdfminer inflates is cut at ``max_stream_mb`` (a 4 GB zip bomb never reaches
memory), image XObjects larger than ``max_image_pixels`` are refused before anything
decodes them, and no page is rendered (OCR) larger than ``max_render_pixels``.  Each limit
raises ``LimitExceeded`` with a message that says which limit and by how much.
"""

from __future__ import annotations

import os
import resource
import zlib
from dataclasses import dataclass

MB = 1 << 20
INFLATE_PIECE = 8 * MB


class LimitExceeded(Exception):
    """A document needs more than a limit allows; the message is the reject reason."""


@dataclass(frozen=True)
class Limits:
    """Per-document limits; the defaults suit a 600-page plan on a 2 GB machine."""

    memory_mb: int = 1536
    # The time limit is ``seconds`` plus ``seconds_per_scanned_page`` for each page read by OCR
    # (the worker reports each one as it is queued, and the deadline moves on): a text page
    # takes ~0.1 s, a scanned page 2-5 s of CPU and, on a loaded 2-core machine, up to ~18 s of
    # wall time (a 17-page scan took 309 s with 8 jobs on the machine), so a 124-page scan would
    # be killed at 600 s while a hung digital document is still stopped there.
    seconds: float = 600.0
    seconds_per_scanned_page: float = 30.0
    max_stream_mb: int = 128  # one inflated content, font or image stream
    max_image_pixels: int = 200_000_000  # one embedded image (width x height)
    max_render_pixels: int = 120_000_000  # one page rendered for OCR (A0 at 300 dpi is ~140 Mpx)

    def describe_memory(self) -> str:
        return f"needed more than the memory cap of {self.memory_mb} MB"

    def time_limit(self, scanned_pages: int = 0) -> float:
        """Seconds a document with ``scanned_pages`` pages read by OCR may take."""
        return self.seconds + self.seconds_per_scanned_page * scanned_pages

    def describe_time(self, scanned_pages: int = 0) -> str:
        if not scanned_pages:
            return f"took longer than the time limit of {self.seconds:g} s"
        return (
            f"took longer than the time limit of {self.time_limit(scanned_pages):g} s "
            f"({self.seconds:g} s + {self.seconds_per_scanned_page:g} s for each of "
            f"{scanned_pages} scanned pages)"
        )


_active = Limits()


def active() -> Limits:
    """The limits applied in this process (defaults until ``apply`` is called)."""
    return _active


def apply(limits: Limits, cap_memory: bool = True) -> None:
    """Apply ``limits`` to this process: memory cap, stream inflation, image decoding."""
    global _active
    _active = limits
    if cap_memory:
        cap = limits.memory_mb * MB
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    _bound_pdfminer_inflate()
    _bound_pil()


# --- inflated streams ----------------------------------------------------------------------


class _BoundedZlib:
    """The part of the zlib module pdfminer uses, refusing to inflate past the stream limit."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        inflater = _BoundedInflater()
        out = inflater.decompress(data)
        rest = inflater.flush()
        return out + rest if rest else out  # no copy of a large stream

    @staticmethod
    def decompressobj(*args, **kwargs):
        return _BoundedInflater(*args, **kwargs)


class _BoundedInflater:
    """Inflates in pieces of INFLATE_PIECE bytes, counting: a bomb stops one piece past the limit
    (zlib's own max_length would first build the whole output, then copy it)."""

    def __init__(self, *args, **kwargs) -> None:
        self._inner = zlib.decompressobj(*args, **kwargs)
        self._left = _active.max_stream_mb * MB

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        pieces = []
        while True:
            piece = self._inner.decompress(data, INFLATE_PIECE)
            self._spend(len(piece))
            pieces.append(piece)
            data = self._inner.unconsumed_tail
            if not data:
                break
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def flush(self, *args) -> bytes:
        out = self._inner.flush()
        self._spend(len(out))
        return out

    def _spend(self, n: int) -> None:
        self._left -= n
        if self._left < 0:
            raise LimitExceeded(f"a content stream inflates past the {_active.max_stream_mb} MB stream limit")

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def _bound_pdfminer_inflate() -> None:
    # pdfminer decodes Flate with zlib.decompress and no size bound (pdftypes.PDFStream.decode).
    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]


# --- images and rendering --------------------------------------------------------------------


def _bound_pil() -> None:
    from PIL import Image

    # Pillow warns past MAX_IMAGE_PIXELS and raises DecompressionBombError past twice that.
    Image.MAX_IMAGE_PIXELS = _active.max_image_pixels // 2


def check_images(path: str) -> None:
    """Refuse a PDF with an embedded image larger than the image limit, before any decoding.

    Reads only the image dictionaries (/Width, /Height) of each page's XObjects, forms included.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    limit = _active.max_image_pixels

    def walk(resources, depth: int, page_no: int, seen: set[int]) -> None:
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if depth < 8 else None
        for ref in (xobjects or {}).values() if isinstance(xobjects, dict) else ():
            if id(ref) in seen:
                continue
            seen.add(id(ref))
            obj = resolve1(ref)
            if not isinstance(obj, PDFStream):
                continue
            subtype = getattr(resolve1(obj.attrs.get("Subtype")), "name", None)
            if subtype == "Image":
                w, h = _int(obj.attrs.get("Width")), _int(obj.attrs.get("Height"))
                if w * h > limit:
                    raise LimitExceeded(
                        f"page {page_no}: page image of {w}x{h} px exceeds the image limit "
                        f"of {limit / 1e6:g} Mpx"
                    )
            elif subtype == "Form":
                walk(obj.attrs.get("Resources"), depth + 1, page_no, seen)

    with open(path, "rb") as fh:
        document = PDFDocument(PDFParser(fh))
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            walk(page.resources, 0, number, set())


def check_render(width_px: float, height_px: float) -> None:
    """Refuse to render a page image larger than the render limit (OCR of huge pages)."""
    limit = _active.max_render_pixels
    if width_px * height_px > limit:
        raise LimitExceeded(
            f"page image of {int(width_px)}x{int(height_px)} px exceeds the render limit "
            f"of {limit / 1e6:g} Mpx"
        )


def _int(value) -> int:
    from pdfminer.pdftypes import resolve1

    try:
        return max(0, int(resolve1(value)))
    except (TypeError, ValueError):
        return 0


def single_threaded_env() -> None:
    """One thread per numeric library in a worker: the pool already uses every core."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
