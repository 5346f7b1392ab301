"""Stage 1, ingest: find the PDFs, fingerprint them, read what each document says it is.

District and fiscal year come from the document's own title text (the cover and
the running page header, "สำนักงานเขตบางนา … แผนปฏิบัติการ ประจำปี พ.ศ. 2569"),
never from the file name alone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import thai
from .records import PageContent, RepairedPage, SourceDocument

# The title is read from this many leading pages (cover, foreword, running header).
TITLE_PAGES = 4
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# "สำนักงานเขตบางนา" / "เขต บางนา": the district name is the Thai word after เขต.
DISTRICT = re.compile(r"สำนักงานเขต\s*([\u0E01-\u0E4E]+)")
# Buddhist-era year of the plan: "ประจำปี พ.ศ. 2569", "ปีงบประมาณ พ.ศ. 2569".
FISCAL_YEAR = re.compile(r"(?:ประจำปี|ปีงบประมาณ)\s*(?:งบประมาณ\s*)?(?:พ\.?\s*ศ\.?)?\s*(25\d\d)")
ANY_YEAR = re.compile(r"พ\.\s*ศ\.\s*(25\d\d)")
TITLE = re.compile(r"(แผนปฏิบัติ(?:ราชการ|การ)\s*ประจำปี(?:งบประมาณ)?\s*พ\.\s*ศ\.\s*25\d\d)")


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
    """A SourceDocument with title, district and fiscal year read from the leading pages."""
    text = "\n".join(thai.page_text(p) for p in pages)
    text = text.translate(THAI_DIGITS)
    compact = re.sub(r"\s+", " ", text)
    districts = Counter(_district_name(m.group(1)) for m in DISTRICT.finditer(compact))
    years = Counter(int(m.group(1)) for m in FISCAL_YEAR.finditer(compact)) or Counter(
        int(m.group(1)) for m in ANY_YEAR.finditer(compact)
    )
    title_match = TITLE.search(compact)
    return SourceDocument(
        doc_id=path.stem,
        path=str(path),
        sha256=digest,
        n_pages=n_pages,
        text_pages=text_pages,
        title=re.sub(r"\s+", " ", title_match.group(1)).strip() if title_match else None,
        district=districts.most_common(1)[0][0] if districts else None,
        fiscal_year=years.most_common(1)[0][0] if years else None,
    )


def _district_name(word: str) -> str:
    # A header drawn without a space glues the title on: "บางนาแผนปฏิบัติการ…".
    return re.split(r"แผน|ประจำปี|กรุงเทพ", word, maxsplit=1)[0] or word


def has_text(pages: Iterable[PageContent]) -> int:
    """How many of the pages have a usable text layer."""
    return sum(1 for p in pages if p.has_text)
