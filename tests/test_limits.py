"""Bounded resources per document: bombs, a memory cap and a time limit end in a reject with
the reason, and the rest of the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import limits
from pipeline.limits import LimitExceeded, Limits
from pipeline.run import run

from .conftest import BANGNA_PDF
from .pdfbombs import image_bomb, inflate_bomb, write_raw_pdf
from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def _good_plan(path: Path) -> Path:
    header = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
    rows = [header, ["1", "โครงการปรับปรุงซอย", "1,000", "ฝ่ายโยธา"]]
    return write_pdf(path, [PageSpec([TableSpec([50, 250, 90, 110], rows)])])


@needs_fonts
@pytest.mark.slow
def test_bombs_are_rejected_with_their_reason_and_the_batch_goes_on(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    inflate_bomb(raw / "inflate.pdf", inflated_mb=96)
    image_bomb(raw / "image.pdf", side_px=16_000)
    _good_plan(raw / "good.pdf")
    result = run([raw], tmp_path / "out", progress=False, validate=False, limits=Limits(max_stream_mb=32))
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["good"].ok
    assert "inflates past the 32 MB stream limit" in by_id["inflate"].message
    assert "page image of 16000x16000 px exceeds the image limit" in by_id["image"].message
    assert by_id["inflate"].peak_rss_mb < 32 + 400  # the stream never inflated whole
    rejects = pd.read_parquet(tmp_path / "out" / "rejects")
    assert {"inflate", "image"} <= set(rejects["doc_id"])
    assert result.rows()["rejects"] >= 2  # the summary counts every rejected file


@pytest.mark.slow  # a worker process started, and killed after 1.5 s of the whole plan
def test_a_document_over_its_time_limit_is_stopped(tmp_path: Path):
    result = run([BANGNA_PDF], tmp_path, progress=False, validate=False, limits=Limits(seconds=1.5))
    [doc] = result.documents
    assert not doc.ok and "took longer than the time limit of 1.5 s" in doc.message
    assert set(pd.read_parquet(tmp_path / "rejects")["doc_id"]) == {"bangna-2569"}


@pytest.mark.slow
def test_a_document_over_its_memory_cap_is_rejected(tmp_path: Path):
    """The stream limit raised out of the way: the address-space cap stops the bomb instead."""
    pdf = inflate_bomb(tmp_path / "big.pdf", inflated_mb=800)
    capped = Limits(memory_mb=1000, max_stream_mb=4096)
    [doc] = run([pdf], tmp_path / "out", progress=False, validate=False, limits=capped).documents
    assert not doc.ok and "memory cap of 1000 MB" in doc.message


def test_stream_limit_bounds_inflation_in_process(tmp_path: Path):
    """pdfminer's own decoder, bounded: the reason names the limit, a small stream reads fine."""
    import zlib

    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    limits.apply(Limits(max_stream_mb=1), cap_memory=False)
    try:
        small = PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(b"BT ET " * 1000))
        assert small.get_data() == b"BT ET " * 1000
        big = PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(b" " * (3 << 20)))
        with pytest.raises(LimitExceeded, match="1 MB stream limit"):
            big.get_data()
    finally:
        limits.apply(Limits(), cap_memory=False)


def test_render_limit_refuses_a_huge_page():
    with pytest.raises(LimitExceeded, match="40000x40000 px"):
        limits.check_render(40_000, 40_000)
    limits.check_render(2480, 3508)  # A4 at 300 dpi


def test_a_huge_page_in_a_damaged_pdf_is_reported_not_raised(tmp_path: Path):
    pdf = write_raw_pdf(tmp_path / "odd.pdf", [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages >>"])
    [doc] = run([pdf], tmp_path / "out", progress=False, validate=False).documents
    assert not doc.ok and doc.message and "internal error" not in doc.message


def test_the_time_limit_grows_with_the_scanned_pages():
    """Each page the worker queues for OCR moves its deadline on; the reason says by how much."""
    from pipeline.executors import ProcessExecutor, _Running
    from pipeline.worker import Task

    class Messages:
        def __init__(self, items):
            self.items, self.closed = list(items), False

        def poll(self):
            return bool(self.items)

        def recv(self):
            return self.items.pop(0)

    lim = Limits(seconds=600, seconds_per_scanned_page=30)
    messages = Messages([("pages", 3), ("scanned", 1), ("scanned", 1)])
    job = _Running(Task("x.pdf", "x", "", lim), None, messages, 1000.0)
    seen = []
    ProcessExecutor._receive(job, lambda doc, kind, n: seen.append(kind))
    assert (job.scanned, job.deadline) == (2, 1060.0)
    assert seen == ["pages"]  # "scanned" is no progress of the bar
    assert lim.time_limit(124) == 600 + 30 * 124
    assert "4320 s (600 s + 30 s for each of 124 scanned pages)" in lim.describe_time(124)
    assert lim.describe_time() == "took longer than the time limit of 600 s"
