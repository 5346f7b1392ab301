"""The Dask executor on a LocalCluster: the same documents, results and files as the process pool."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.limits import Limits
from pipeline.run import run
from pipeline.schema import all_tables

from .conftest import BANGNA_PDF
from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

pytest.importorskip("distributed")
needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


@needs_fonts
@pytest.mark.slow
def test_dask_local_cluster_writes_what_the_process_pool_writes(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    header = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
    for i, name in enumerate(["โครงการปรับปรุงซอย", "โครงการลอกคลอง"]):
        page = PageSpec([TableSpec([50, 250, 90, 110], [header, ["1", name, "1,000", "ฝ่ายโยธา"]])],
                        title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"])  # fmt: skip
        write_pdf(raw / f"plan{i}.pdf", [page])
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated")

    # Validated where they are read: in the Dask worker, and in the process pool's validator.
    by_dask = run([raw], tmp_path / "dask", progress=False, executor="dask", jobs=1)
    by_pool = run([raw], tmp_path / "pool", progress=False)
    assert [(d.doc_id, d.ok, d.rows) for d in by_dask.documents] == [
        (d.doc_id, d.ok, d.rows) for d in by_pool.documents
    ]
    assert (by_dask.validation_exit, by_dask.validation_rejects) == (
        by_pool.validation_exit, by_pool.validation_rejects)  # fmt: skip
    reports = [json.loads((tmp_path / o / "report" / "results.json").read_text()) for o in ("dask", "pool")]
    assert [d["doc_id"] for d in reports[0]["documents"]] == ["plan0", "plan1"]
    assert reports[0]["documents"] == reports[1]["documents"]
    assert reports[0]["summary"] == reports[1]["summary"]
    assert {d.doc_id: d.ok for d in by_dask.documents} == {"broken": False, "plan0": True, "plan1": True}
    for table in all_tables():
        a = pd.read_parquet(tmp_path / "dask" / table).drop(columns=["extracted_at"], errors="ignore")
        b = pd.read_parquet(tmp_path / "pool" / table).drop(columns=["extracted_at"], errors="ignore")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@pytest.mark.slow  # a Dask LocalCluster started for one document
def test_dask_keeps_the_time_limit(tmp_path: Path):
    """A Dask task cannot be killed: the document stops itself at the page its time ran out on."""
    limited = Limits(seconds=0.2)
    [doc] = run([BANGNA_PDF], tmp_path, progress=False, validate=False, executor="dask", jobs=1,
                limits=limited).documents  # fmt: skip
    assert not doc.ok and "took longer than the time limit of 0.2 s" in doc.message
    assert doc.seconds < 10  # stopped within its first pages, not after the whole plan (20 s and more)
    assert set(pd.read_parquet(tmp_path / "rejects")["doc_id"]) == {"bangna-2569"}
