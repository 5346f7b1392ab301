"""Stage 1, ingest: find the PDFs, fingerprint them, read what each document says it is.

District and fiscal year come from the document's own title text (the cover and
the running page header, "สำนักงานเขตบางนา … แผนปฏิบัติการ ประจำปี พ.ศ. 2569"),
never from the file name alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import doctypes, thai
from .records import PageContent, RepairedPage, SourceDocument

# The title is read from this many leading pages (cover, foreword, running header, the
# budget book's summary page): as many as the document type reading the most needs.
TITLE_PAGES = max(t.title_spec.pages for t in doctypes.all_types())


class InputError(Exception):
    """A file that cannot be read as a PDF (corrupt, encrypted, not a PDF)."""


def find_pdfs(paths: Sequence[str | Path]) -> list[Path]:
    """PDF files named directly or found (recursively) in the given folders, sorted, unique."""
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() == ".pdf":
                    found[f.resolve()] = None
        else:
            found[p.resolve()] = None
    return list(found)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_pdf(path: Path) -> None:
    """Raise InputError with a clear message when the file is not a readable PDF."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError(f"{path.name}: not a PDF (no %PDF header)")


def identify(
    path: Path, n_pages: int, text_pages: int, pages: Iterable[RepairedPage], digest: str
) -> SourceDocument:
    """A SourceDocument with type, title, district and fiscal year read from the leading pages.

    The document types (``pipeline.doctypes``) recognise their own titles; a document
    none of them recognises has no type, district or year.
    """
    text = "\n".join(thai.page_text(p) for p in pages)
    found = doctypes.identify(text)
    doc_type, ident = found if found else (None, None)
    return SourceDocument(
        doc_id=path.stem,
        path=str(path),
        sha256=digest,
        n_pages=n_pages,
        text_pages=text_pages,
        title=ident.title if ident else None,
        district=ident.district if ident else None,
        fiscal_year=ident.fiscal_year if ident else None,
        doc_type=doc_type.name if doc_type else None,
    )


def has_text(pages: Iterable[PageContent]) -> int:
    """How many of the pages have a usable text layer."""
    return sum(1 for p in pages if p.has_text)
