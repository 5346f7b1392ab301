"""Tesseract: an image in, words with boxes and confidences out (TSV).

By default in this process through the C API (``capi``: the models loaded once per process);
with ``OcrSettings.engine = "command"``, or where the library cannot be loaded, as the
``tesseract`` command (PPM on stdin).  Command calls are started and finished apart, so
several run side by side (each single-threaded: the pages already run in parallel processes).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from . import capi
from .settings import OcrSettings


class OcrError(RuntimeError):
    """Tesseract failed on a page (not installed, crashed, timed out)."""


@cache
def tesseract_available(languages: str = "tha+eng") -> bool:
    """True when the ``tesseract`` command and its Thai and English models are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out.stdout + out.stderr).split())
    return all(lang in langs for lang in languages.split("+"))


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word Tesseract read, in pixels of the image it was given (before any zoom)."""

    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple  # words of one text line share it
    line_top: float
    line_bottom: float

    def shifted(self, dx: float, dy: float, line: tuple | None = None) -> OcrWord:
        """The word moved by (dx, dy), e.g. from a mosaic tile to the page; optionally on a new line key."""
        return replace(
            self,
            x0=self.x0 + dx,
            x1=self.x1 + dx,
            top=self.top + dy,
            bottom=self.bottom + dy,
            line_top=self.line_top + dy,
            line_bottom=self.line_bottom + dy,
            line=self.line if line is None else line,
        )


def zoomed(gray: np.ndarray, zoom: float) -> np.ndarray:
    """The image as Tesseract is given it at ``zoom`` (Lanczos resampling); itself at 1."""
    if zoom == 1.0:
        return gray
    from PIL import Image

    size = (max(1, round(gray.shape[1] * zoom)), max(1, round(gray.shape[0] * zoom)))
    return np.asarray(Image.fromarray(gray).resize(size, Image.Resampling.LANCZOS))


class TesseractCall:
    """One Tesseract run on an image, shrunk by ``zoom``; ``words()`` waits for it.

    With ``prescaled`` the image is already shrunk (``zoomed``): only its words are scaled back.
    """

    def __init__(
        self,
        gray: np.ndarray,
        psm: int,
        settings: OcrSettings,
        zoom: float = 1.0,
        source: str = "",
        whitelist: str | None = None,
        prescaled: bool = False,
    ) -> None:
        from PIL import Image

        image = gray if prescaled else zoomed(gray, zoom)
        self.zoom, self.source, self.settings = zoom, source, settings
        self._engine = capi.engine(settings.languages) if settings.engine == "api" else None
        if self._engine is not None:  # read when the words are asked for
            self._image, self._psm, self._whitelist = image, psm, whitelist
            return
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PPM")  # uncompressed: nothing to encode or decode
        self._data = buffer.getvalue()
        cmd = ["tesseract", "stdin", "stdout", "-l", settings.languages, "--psm", str(psm)]
        cmd += ["--dpi", str(round(settings.dpi * zoom))]
        if whitelist:
            cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
        cmd.append("tsv")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # calls run side by side; threads only contend
        try:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
            )
        except OSError as exc:
            raise OcrError(f"cannot run tesseract: {exc}") from exc

    def words(self) -> list[OcrWord]:
        """The words read (confident enough to be more than noise), in reading order."""
        if self._engine is not None:
            dpi = round(self.settings.dpi * self.zoom)
            try:
                tsv = self._engine.tsv(self._image, self._psm, dpi, self._whitelist)
            except RuntimeError as exc:
                raise OcrError(str(exc)) from exc
            return parse_tsv(tsv, self.zoom, self.source, self.settings.min_word_conf)
        timeout = self.settings.timeout_s
        try:
            out, err = self._proc.communicate(self._data, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self._proc.kill()
            self._proc.communicate()
            raise OcrError(f"tesseract took longer than {timeout:.0f} s") from exc
        if self._proc.returncode != 0:
            raise OcrError(f"tesseract failed: {err.decode(errors='replace').strip()[-300:]}")
        return parse_tsv(out.decode("utf-8"), self.zoom, self.source, self.settings.min_word_conf)


def parse_tsv(tsv: str, zoom: float, source: str, min_conf: float) -> list[OcrWord]:
    """Tesseract's TSV as words in the unshrunk image's pixels, each with its line's box."""
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: dict[tuple, tuple[float, float]] = {}
    rows = []
    for row in reader:
        left, top, width, height = (float(row[k]) / zoom for k in ("left", "top", "width", "height"))
        key = (source, row["block_num"], row["par_num"], row["line_num"])
        if row["level"] == "4":
            lines[key] = (top, top + height)
        elif row["level"] == "5" and row["text"].strip() and float(row["conf"]) >= min_conf:
            rows.append((row["text"], float(row["conf"]), left, top, left + width, top + height, key))
    words = []
    for text, conf, x0, top, x1, bottom, key in rows:
        line_top, line_bottom = lines.get(key, (top, bottom))
        words.append(OcrWord(text, conf, x0, top, x1, bottom, key, line_top, line_bottom))
    return words
