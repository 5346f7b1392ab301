"""Stage 1, ingest: find the PDFs, fingerprint them, read what each document says it is.

District and fiscal year come from the document's own title text (the cover and
the running page header, "สำนักงานเขตบางนา … แผนปฏิบัติการ ประจำปี พ.ศ. 2569"),
never from the file name alone.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from . import doctypes, thai
from .records import PageContent, RepairedPage, SourceDocument

# The title is read from this many leading pages (cover, foreword, running header, the
# budget book's summary page): as many as the document type reading the most needs.
TITLE_PAGES = max(t.title_spec.pages for t in doctypes.all_types())


class InputError(Exception):
    """A file that cannot be read as a PDF (corrupt, encrypted, not a PDF)."""


def find_pdfs(paths: Sequence[str | Path]) -> list[Path]:
    """PDF files named directly or found (recursively) in the given folders, sorted, unique."""
    return [f.path for f in find_inputs(paths, digest=False)]


@dataclass(frozen=True)
class InputFile:
    """A PDF of the input: where it is, where it is relative to the folder it was found in."""

    path: Path  # resolved
    relative: PurePath  # to the input folder; a file named directly: its own name
    sha256: str = ""


def find_inputs(paths: Sequence[str | Path], digest: bool = True) -> list[InputFile]:
    """The PDFs of ``paths`` (files, or folders searched recursively), unique, in input order."""
    found: dict[Path, PurePath] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() == ".pdf":
                    found.setdefault(f.resolve(), f.relative_to(p))
        else:
            found.setdefault(p.resolve(), PurePath(p.name))
    return [InputFile(f, rel, sha256_of(f) if digest and f.is_file() else "") for f, rel in found.items()]


@dataclass(frozen=True)
class KnownDocument:
    """A document already in the dataset (from its manifest)."""

    doc_id: str
    source_path: str
    sha256: str


@dataclass(frozen=True)
class PlannedDocument:
    """An input file with its doc_id; ``same_as``: a document already holding this very file."""

    file: InputFile
    doc_id: str
    same_as: str | None = None  # identical bytes already in the input or the dataset: not redone
    renamed_from: str | None = None  # this file's bytes are in the dataset under an old name


def plan_documents(files: Sequence[InputFile], known: Iterable[KnownDocument] = ()) -> list[PlannedDocument]:
    """doc_ids by SCHEMA.md: the file name without .pdf, unique within the dataset.

    Different files sharing a name get the folder path relative to the input as a prefix
    (``2569/plan.pdf`` -> ``2569-plan``), and so does a file whose name a different, still
    existing file of an earlier run holds.  A file keeps the doc_id the dataset already gives
    its path.  A file whose bytes (sha256) are already in the input or the dataset under
    another name is that same document.
    """
    known_by_id = {k.doc_id: k for k in known}
    known_by_path = {k.source_path: k for k in known_by_id.values()}
    known_by_sha = {k.sha256: k for k in known_by_id.values() if k.sha256}
    groups: dict[str, list[InputFile]] = defaultdict(list)
    for f in files:
        groups[f.sha256 or str(f.path)].append(f)
    # The file of each group of identical files that is read: the one the dataset knows, else the first.
    canonical = {}
    for key, group in groups.items():
        stored = known_by_sha.get(key)
        paths = {str(f.path): f for f in group}
        canonical[key] = paths.get(stored.source_path, group[0]) if stored else group[0]
    firsts = list(canonical.values())
    by_stem: dict[str, int] = Counter(f.path.stem for f in firsts)

    ids: dict[Path, str] = {}
    taken: set[str] = set()
    for f in sorted(firsts, key=lambda f: str(f.path) not in known_by_path):  # known paths first
        own = known_by_path.get(str(f.path))
        if own is not None and own.doc_id not in taken:
            doc_id = own.doc_id
        else:
            doc_id = f.path.stem
            holder = known_by_id.get(doc_id)
            foreign = holder is not None and holder.sha256 != f.sha256 and Path(holder.source_path).exists()
            if by_stem[doc_id] > 1 or foreign:
                doc_id = "-".join([*_folder_parts(f), doc_id])
            if doc_id in taken or (foreign and doc_id in known_by_id):
                doc_id = f"{doc_id}-{f.sha256[:8]}"
        taken.add(doc_id)
        ids[f.path] = doc_id

    planned = []
    for f in files:
        first = canonical[f.sha256 or str(f.path)]
        doc_id = ids[first.path]
        old = known_by_sha.get(f.sha256) if f.sha256 else None
        if old is not None and old.doc_id != doc_id and old.doc_id not in taken:
            if Path(old.source_path).exists():  # another copy, read in an earlier run
                planned.append(PlannedDocument(f, old.doc_id, same_as=old.doc_id))
                continue
            if first.path == f.path:  # the file was renamed or moved
                planned.append(PlannedDocument(f, doc_id, renamed_from=old.doc_id))
                continue
        same = doc_id if first.path != f.path else None
        planned.append(PlannedDocument(f, doc_id, same_as=same))
    return planned


def _folder_parts(f: InputFile) -> list[str]:
    parts = list(f.relative.parent.parts)
    return parts or [f.path.parent.name]


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
    path: Path,
    n_pages: int,
    text_pages: int,
    pages: Iterable[RepairedPage],
    digest: str,
    doc_id: str | None = None,
) -> SourceDocument:
    """A SourceDocument with type, title, district and fiscal year read from the leading pages.

    The document types (``pipeline.doctypes``) recognise their own titles; a document
    none of them recognises has no type, district or year.  ``doc_id`` comes from
    ``plan_documents`` (unique in the dataset); default: the file name.
    """
    text = "\n".join(thai.page_text(p) for p in pages)
    found = doctypes.identify(text)
    doc_type, ident = found if found else (None, None)
    return SourceDocument(
        doc_id=doc_id or path.stem,
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
