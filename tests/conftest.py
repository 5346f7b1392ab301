"""Shared fixtures: the shared Bang Na PDF, read once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BANGNA_PDF = ROOT / "raw" / "bangna-2569.pdf"


@pytest.fixture(scope="session")
def bangna_pages():
    """Every page of the Bang Na plan through the pages and thai stages, plus the fonts."""
    from pipeline import thai
    from pipeline.pages import PageReader

    with PageReader(str(BANGNA_PDF), "bangna-2569") as reader:
        pages = list(reader.pages())
        fonts = dict(reader.fonts)
    return pages, fonts, [thai.repair_page(p, fonts) for p in pages]


@pytest.fixture(scope="session")
def bangna_tables(bangna_pages):
    from pipeline.tables import extract_tables

    return extract_tables("bangna-2569", bangna_pages[2])


@pytest.fixture(scope="session")
def bangna_dataset(tmp_path_factory):
    """The whole pipeline run once on the Bang Na plan; the dataset folder."""
    from pipeline.run import run

    out = tmp_path_factory.mktemp("extracted")
    result = run([BANGNA_PDF], out, progress=False, validate=True)
    assert not result.failed, result.failed
    return out, result
