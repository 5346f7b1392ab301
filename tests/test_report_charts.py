"""The report's charts (inline SVG, Thai text kept as text) and its year-over-year section, on a
dataset holding two years of Bang Na (the gold, and next year derived from it), in headless Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402
from test_report import _chromium  # noqa: E402
from test_yearly import ADDED, NEXT, NextYear  # noqa: E402

from pipeline.validate import validate_dataset  # noqa: E402

pytestmark = [
    pytest.mark.slow,  # Great Expectations validation: seconds of CPU per dataset
    pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available"),
]


@pytest.fixture(scope="module")
def two_year_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep2") / "extracted"
    factory.write_dataset(out)
    nxt = NextYear()
    factory.write_dataset(out, nxt, doc_id=NEXT)
    validate_dataset(out)
    return out / "report" / "index.html", nxt


def test_charts_are_inline_svg_with_thai_text(two_year_report):
    report, _ = two_year_report
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", html)  # nothing fetched
    assert "<script" not in html and "<link" not in html
    for fig in ("chart-division-bangna-2569", "chart-division-bangna-2570", "chart-years", "chart-totals",
                "chart-pages"):  # fmt: skip
        assert f"id='{fig}'" in html, fig
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    assert "ฝ่ายโยธา" in svg_text and "งบประมาณ" in svg_text  # Thai drawn as text, not paths
    assert "font-family: 'Laksaman'" in html or "font-family: 'Garuda'" in html


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (apt-get install chromium)")
def test_report_with_two_years_renders_charts_and_changes_in_chromium(two_year_report, tmp_path):
    report, nxt = two_year_report
    cmd = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.resolve().as_uri(),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert 'id="charts"' in dom and dom.count("<svg") >= 5
    assert 'id="changes"' in dom and f'id="changes-{NEXT}"' in dom
    section = dom[dom.index('id="changes"') :]
    assert f"Projects dropped: {len(nxt.dropped)}" in section
    for _, name in ADDED:
        assert name in section
    assert nxt.renamed[0] in section and nxt.renamed[1] in section
    assert "Money per division (baht), then and now" in section


def test_one_year_has_charts_but_no_changes_section(tmp_path):
    out = factory.write_dataset(tmp_path / "extracted")
    validate_dataset(out)
    html = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "id='charts'" in html and "id='changes'" not in html


def test_pages_chart_counts_pages_read_by_ocr_from_the_pages_table():
    import pandas as pd

    from pipeline.analysis import overview

    docs = pd.DataFrame({"doc_id": ["scan", "plan"], "n_pages": [3, 5], "text_source": ["mixed", "digital"]})
    per_page = pd.DataFrame({"doc_id": ["scan"] * 3, "source": ["digital", "ocr", "ocr"]})
    got = {(p["doc_id"], p["text_source"]): p["pages"] for p in overview.pages(docs, per_page)}
    assert got == {("scan", "digital"): 1, ("scan", "ocr"): 2, ("plan", "digital"): 5}
    # a dataset written before the pages table: the document's text_source for all its pages
    assert {"doc_id": "scan", "pages": 3, "text_source": "mixed"} in overview.pages(docs)
