"""Tesseract in this process, through its C API (``libtesseract``, the library the command uses).

Every ``tesseract`` command loads its language models anew: ~0.2 s of CPU, as much as reading
a small cell costs, five times a page or more.  Here each process loads them once and reads
every image of its pages with them: the same engine, settings and TSV as the command, called
with ctypes on the library the ``tesseract-ocr`` package installs (no other dependency).

``engine()`` is None when the library cannot be loaded or initialised; the caller then runs
the command instead.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
from functools import cache

import numpy as np

# The header line the command's TSV renderer writes before the rows the API gives.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
_LIBRARY_NAMES = ("tesseract", "libtesseract.so.5", "libtesseract.so.4")


def _load() -> ctypes.CDLL | None:
    # One thread: pages already run in parallel processes (OpenMP reads this when loaded).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    for name in _LIBRARY_NAMES:
        path = ctypes.util.find_library(name) if "." not in name else name
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        lib.TessBaseAPICreate.restype = vp
        lib.TessBaseAPIInit3.argtypes = [vp, cp, cp]
        lib.TessBaseAPIInit3.restype = i
        lib.TessBaseAPISetPageSegMode.argtypes = [vp, i]
        lib.TessBaseAPISetVariable.argtypes = [vp, cp, cp]
        lib.TessBaseAPISetVariable.restype = i
        lib.TessBaseAPISetImage.argtypes = [vp, vp, i, i, i, i]
        lib.TessBaseAPISetSourceResolution.argtypes = [vp, i]
        lib.TessBaseAPIRecognize.argtypes = [vp, vp]
        lib.TessBaseAPIRecognize.restype = i
        lib.TessBaseAPIGetTsvText.argtypes = [vp, i]
        lib.TessBaseAPIGetTsvText.restype = ctypes.POINTER(ctypes.c_char)
        lib.TessDeleteText.argtypes = [ctypes.POINTER(ctypes.c_char)]
        lib.TessBaseAPIClear.argtypes = [vp]
        lib.TessBaseAPIEnd.argtypes = [vp]
        lib.TessBaseAPIDelete.argtypes = [vp]
        return lib
    return None


class Engine:
    """One initialised ``TessBaseAPI`` (models loaded once), reading greyscale arrays to TSV."""

    def __init__(self, lib: ctypes.CDLL, handle: int) -> None:
        self._lib, self._handle = lib, handle

    def tsv(self, gray: np.ndarray, psm: int, dpi: int, whitelist: str | None = None) -> str:
        """The TSV (with its header line) of a greyscale image, as ``tesseract ... tsv`` prints it."""
        lib, api = self._lib, self._handle
        image = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = image.shape
        lib.TessBaseAPISetPageSegMode(api, psm)
        lib.TessBaseAPISetVariable(api, b"tessedit_char_whitelist", (whitelist or "").encode())
        lib.TessBaseAPISetImage(api, image.ctypes.data, width, height, 1, width)
        lib.TessBaseAPISetSourceResolution(api, dpi)
        try:
            if lib.TessBaseAPIRecognize(api, None) != 0:
                raise RuntimeError("Tesseract could not read the image")
            text = lib.TessBaseAPIGetTsvText(api, 0)
            try:
                rows = ctypes.string_at(text).decode("utf-8") if text else ""
            finally:
                if text:
                    lib.TessDeleteText(text)
        finally:
            lib.TessBaseAPIClear(api)
        return TSV_HEADER + rows


@cache
def _engine(languages: str, pid: int) -> Engine | None:
    lib = _load()
    if lib is None:
        return None
    handle = lib.TessBaseAPICreate()
    if not handle or lib.TessBaseAPIInit3(handle, None, languages.encode()) != 0:
        return None
    # Its notes ("Detected 94 diacritics") went to the command's stderr, which was read and dropped.
    lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
    atexit.register(_end, lib, handle, pid)
    return Engine(lib, handle)


def _end(lib: ctypes.CDLL, handle: int, pid: int) -> None:
    """Free the models at exit (else the library warns of leaks), in the process that loaded them."""
    if os.getpid() == pid:
        lib.TessBaseAPIEnd(handle)
        lib.TessBaseAPIDelete(handle)


def engine(languages: str) -> Engine | None:
    """This process's engine for ``languages`` (a forked worker makes its own), or None."""
    return _engine(languages, os.getpid())
