"""Mutation fuzz: byte-flipped, truncated and spliced copies of the shared plan each end, within
the time limit, with output or a clear reject; never a crash of the batch, a hang, or a bug
passed off as a reject ("internal error", a worker dying)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from pipeline.limits import Limits
from pipeline.run import run

from .conftest import BANGNA_PDF

SEED_PAGES = [0, 1, 2, 3, 40, 41]  # title pages (identity) and table pages of the shared plan
TIME_LIMIT = 120.0


def excerpt(path: Path) -> bytes:
    """A few pages of the shared plan saved as their own PDF: the seed of the mutations."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(BANGNA_PDF))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [i for i in SEED_PAGES if i < len(src)])
    dst.save(str(path))
    return path.read_bytes()


def mutants(seed: bytes, donor: bytes, n: int, rng: random.Random):
    """(name, bytes): byte flips, truncations and splices, in turn."""
    for i in range(n):
        data = bytearray(seed)
        kind = ("flip", "truncate", "splice")[i % 3]
        if kind == "flip":
            for _ in range(rng.choice([1, 4, 32, 256])):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == "truncate":
            data = data[: rng.randrange(1, len(data))]
        else:  # a chunk of the full plan written over, or into, the excerpt
            start = rng.randrange(len(donor) - 4096)
            chunk = donor[start : start + rng.choice([64, 1024, 4096])]
            at = rng.randrange(len(data))
            data[at : at + (len(chunk) if rng.random() < 0.5 else 0)] = chunk
        yield f"{kind}-{i:03d}", bytes(data)


def outcome_of(doc) -> str:
    if doc.ok:
        return "output"
    m = doc.message
    for key, label in (
        ("internal error", "BUG internal error"),
        ("without a result", "BUG worker died"),
        ("killed by signal", "BUG worker died"),
        ("time limit", "time limit"),
        ("memory cap", "memory cap"),
        ("limit", "size limit"),
        ("not a PDF", "not a PDF"),
        ("encrypted", "encrypted"),
        ("damaged PDF", "damaged PDF"),
        ("no text layer", "no text layer"),
        ("not a district action plan", "not a plan"),
    ):
        if key in m:
            return label
    return f"other reject: {m[:60]}"


def fuzz(tmp_path: Path, n: int, seed: int) -> Counter:
    raw = tmp_path / "raw"
    raw.mkdir()
    base = excerpt(tmp_path / "excerpt.pdf")
    for name, data in mutants(base, BANGNA_PDF.read_bytes(), n, random.Random(seed)):
        (raw / f"{name}.pdf").write_bytes(data)
    result = run([raw], tmp_path / "out", progress=False, validate=False, limits=Limits(seconds=TIME_LIMIT))
    counts = Counter(outcome_of(d) for d in result.documents)
    print(f"fuzz of {n} mutants: {dict(counts)}")
    assert len(result.documents) == n
    assert all(d.message for d in result.documents if not d.ok)  # every reject says why
    assert all(d.seconds <= TIME_LIMIT + 5 for d in result.documents)
    bugs = {d.doc_id: d.message for d in result.documents if outcome_of(d).startswith("BUG")}
    assert not bugs, bugs
    return counts


@pytest.mark.slow
def test_fuzz_fast_subset(tmp_path: Path):
    counts = fuzz(tmp_path, n=12, seed=11)
    assert sum(counts.values()) == 12


@pytest.mark.corpus
def test_fuzz_hundreds(tmp_path: Path):
    fuzz(tmp_path, n=300, seed=2026)
