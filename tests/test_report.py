"""The HTML report: self-contained, Thai readable, the expected sections render in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402

from pipeline.validate import validate_dataset  # noqa: E402

pytestmark = [
    pytest.mark.slow,  # Great Expectations validation: seconds of CPU per dataset
    pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = factory.write_dataset(tmp_path_factory.mktemp("rep") / "extracted")
    validate_dataset(out)
    return out / "report" / "index.html"


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert "<meta charset='utf-8'>" in html
    assert "Sarabun" in html and "Laksaman" in html
    # no external request: no src/href to http(s), no <script>, no <link rel=stylesheet>
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", html)
    assert "<script" not in html and "<link" not in html
    assert "บางนา" in html  # Thai kept as text, not escaped


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (apt-get install chromium)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    cmd = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.resolve().as_uri(),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert 'id="summary"' in dom
    assert 'id="findings-bangna-2569"' in dom
    for section in ("bangna-2569-key_projects", "bangna-2569-subdistricts", "bangna-2569-repairs",
                    "bangna-2569-text-quality", "bangna-2569-extraction-rejects"):  # fmt: skip
        assert f'id="{section}"' in dom, section
    assert "subdistricts.area_km2.stated_total" in dom and "17.789" in dom and "18.789" in dom
    assert "krs.kr_code.unique_in_document" in dom and "42102" in dom
    assert "เขตบางนา" in dom
