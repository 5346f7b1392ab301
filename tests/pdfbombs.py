"""PDFs built byte by byte for the resource-limit tests: an inflate bomb and an image bomb."""

from __future__ import annotations

import zlib
from pathlib import Path

CHUNK = 1 << 20


def _deflated_zeros(n_bytes: int, fill: bytes = b" ") -> bytes:
    """``n_bytes`` of ``fill`` deflated, made in chunks (the bomb never sits in memory whole)."""
    z = zlib.compressobj(9)
    block = fill * CHUNK
    out = []
    for _ in range(n_bytes // CHUNK):
        out.append(z.compress(block))
    out.append(z.compress(fill * (n_bytes % CHUNK)))
    out.append(z.flush())
    return b"".join(out)


def write_raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given objects (1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)  # callers pass a fresh corpus folder
    path.write_bytes(bytes(out))
    return path


def _stream(attrs: str, data: bytes) -> bytes:
    return f"<< {attrs} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def inflate_bomb(path: Path, inflated_mb: int) -> Path:
    """One page whose content stream inflates to ``inflated_mb`` MB (of spaces)."""
    content = _deflated_zeros(inflated_mb * CHUNK)
    return write_raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            _stream("/Filter /FlateDecode", content),
        ],
    )


def image_bomb(path: Path, side_px: int = 40_000) -> Path:
    """One page drawing a ``side_px`` x ``side_px`` greyscale image that inflates to side_px² bytes."""
    image = _deflated_zeros(side_px * side_px, b"\xff")
    return write_raw_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            _stream(
                f"/Type /XObject /Subtype /Image /Width {side_px} /Height {side_px} "
                "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                image,
            ),
        ],
    )
