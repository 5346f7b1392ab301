"""The document-level text-quality gate of validation (data/expectations/text_quality.json)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402

from pipeline.validate import validate_dataset  # noqa: E402

pytestmark = [
    pytest.mark.slow,  # a Great Expectations validation per case
    pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available (../shared)"),
]


def _quality(shares: list[float], broken: list[bool]) -> pd.DataFrame:
    n = len(shares)
    return pd.DataFrame(
        {
            "doc_id": "bangna-2569",
            "page": pd.array([10 + i for i in range(n)], dtype="int16"),
            "table": ["key_projects"] * n,
            "column": ["project_name"] * n,
            "tokens": [10] * n,
            "dictionary_share": shares,
            "broken": broken,
        }
    )


@pytest.mark.parametrize(
    ("shares", "broken", "warned", "failed"),
    [
        ([1.0] * 20, [False] * 20, False, False),  # read well
        ([1.0] * 19 + [0.7], [False] * 20, False, False),  # 98.5% over the document: fine
        ([0.95] * 20, [False] * 20, True, False),  # 95%: a warning
        ([0.8] * 20, [False] * 20, True, True),  # 80%: read badly, an error
        ([1.0] * 20, [True] * 2 + [False] * 18, True, True),  # 10% of cells broken
    ],
)
def test_document_text_quality_gate(tmp_path, shares, broken, warned, failed):
    out = factory.write_dataset(tmp_path / "extracted", text_quality=_quality(shares, broken))
    results = {r.check_id: r for r in validate_dataset(out).results if r.failed}
    assert ("text.document_quality" in results) == warned
    assert ("text.document_readable" in results) == failed
    if failed:
        assert results["text.document_readable"].severity == "error"
        assert results["text.document_readable"].failing_rows[0].page is not None
