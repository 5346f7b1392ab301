"""Degraded scans of digital PDFs, as offices really publish them (Pillow + NumPy).

``degrade_pdf(src, dst, profile)`` rasterises every page at the profile's resolution and
spoils it the way a scanner or photocopier does: a small rotation, blur, sensor noise,
uneven lighting, a dark band at the binding edge, a binarised photocopy look, JPEG
compression, and optionally a page turned by 90/180/270 degrees.  The result is an
image-only PDF (no text layer), so the pipeline must read it by OCR.

Run as a script to make copies for measurement::

    python -m tests.scangen SRC.pdf DST.pdf PROFILE [--pages 1,3-5] [--seed N]
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Degradation:
    """How a scan is spoiled; each field off at its default."""

    dpi: int = 200
    skew_deg: float = 0.0  # rotation of the sheet on the glass (counter-clockwise)
    blur_px: float = 0.0  # Gaussian blur radius, at the scan's resolution
    noise_sigma: float = 0.0  # sensor noise, grey levels
    light_drop: float = 0.0  # uneven lighting: share of brightness lost at the darkest corner
    binding_band: float = 0.0  # darkness (0-1) of a shadow band along the left edge
    photocopy: bool = False  # binarised at a fixed threshold (toner look), with specks
    jpeg_quality: int | None = None  # JPEG compression of the page image
    rotate: int = 0  # page turned by 0/90/180/270 degrees
    contrast: float = 1.0  # <1 fades the ink towards the paper colour


PROFILES: dict[str, Degradation] = {
    # The "realistic scan": greyscale 200 dpi, skew under 1°, slight blur, noise, uneven light, JPEG.
    "office": Degradation(dpi=200, skew_deg=0.8, blur_px=0.8, noise_sigma=9, light_drop=0.3, jpeg_quality=60),
    # A photocopy scanned at 300 dpi: binarised toner, specks, a dark band at the binding, skewed the
    # other way.
    "photocopy": Degradation(
        dpi=300, skew_deg=-1.6, blur_px=1.0, noise_sigma=14, binding_band=0.8, photocopy=True, jpeg_quality=75
    ),
    # A cheap 150 dpi scan, faded and skewed by 2.5°, heavily compressed.
    "lowres": Degradation(
        dpi=150, skew_deg=2.5, blur_px=0.6, noise_sigma=6, light_drop=0.4, contrast=0.7, jpeg_quality=50
    ),
}


def _lighting(shape: tuple[int, int], drop: float, band: float, rng: np.random.Generator) -> np.ndarray:
    """A multiplicative light field: a smooth fall-off towards one corner and a dark binding band."""
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    cy, cx = rng.uniform(0, h), rng.uniform(0, w)  # the brightest point
    dist = np.hypot((y - cy) / h, (x - cx) / w) / np.sqrt(2)
    field = 1.0 - drop * dist
    if band:
        width = 0.06 * w
        field *= 1.0 - band * np.exp(-x / width)
    return field


def degrade_image(image: Image.Image, d: Degradation, rng: np.random.Generator) -> Image.Image:
    """One page image (greyscale, rendered at ``d.dpi``) spoiled as ``d`` says."""
    img = image.convert("L")
    if d.skew_deg:
        img = img.rotate(d.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if d.blur_px:
        img = img.filter(ImageFilter.GaussianBlur(d.blur_px))
    a = np.asarray(img, dtype=np.float32)
    if d.contrast != 1.0:
        a = 255 - (255 - a) * d.contrast
    if d.light_drop or d.binding_band:
        a = a * _lighting(a.shape, d.light_drop, d.binding_band, rng)
    if d.noise_sigma:
        a = a + rng.normal(0, d.noise_sigma, a.shape)
    if d.photocopy:
        a = np.where(a < 150, 20.0, 245.0)
        specks = rng.random(a.shape) < 0.0008
        a[specks] = 20.0
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if d.rotate:
        img = img.rotate(d.rotate, expand=True)
    if d.jpeg_quality is not None:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=d.jpeg_quality)
        img = Image.open(io.BytesIO(buffer.getvalue()))
        img.load()
    return img


def degrade_pdf(src: Path, dst: Path, d: Degradation, pages: list[int] | None = None, seed: int = 0) -> Path:
    """An image-only PDF of ``src``'s pages (1-based ``pages``, default all), each degraded by ``d``."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(src))
    try:
        numbers = pages or list(range(1, len(pdf) + 1))
        images = []
        for n in numbers:
            page = pdf[n - 1]
            rendered = page.render(scale=d.dpi / 72, grayscale=True).to_pil()
            page.close()
            images.append(degrade_image(rendered, d, rng))
    finally:
        pdf.close()
    # Pillow writes greyscale pages as JPEG streams (DCTDecode): the compression stays what it was.
    quality = d.jpeg_quality or 95
    images[0].save(
        dst, "PDF", resolution=float(d.dpi), save_all=True, append_images=images[1:], quality=quality
    )
    return dst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("profile", choices=sorted(PROFILES))
    parser.add_argument("--pages", help="1-based pages, e.g. 1,3-5")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rotate", type=int, default=0, help="turn every page by 90/180/270")
    args = parser.parse_args()
    pages = None
    if args.pages:
        pages = []
        for part in args.pages.split(","):
            a, _, b = part.partition("-")
            pages += list(range(int(a), int(b or a) + 1))
    profile = replace(PROFILES[args.profile], rotate=args.rotate)
    degrade_pdf(args.src, args.dst, profile, pages, args.seed)


if __name__ == "__main__":
    main()
