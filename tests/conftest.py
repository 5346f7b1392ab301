"""Shared fixtures and the test tiers.

Tiers (README "Tests"): ``pytest`` (= ``-m "not slow"``) is the quick tier: unit tests and small
PDFs the tests build, no whole-plan run. ``slow`` marks what reads a whole plan, a scan (OCR), the
real books, Great Expectations validation or subprocess runs; ``corpus`` (always also ``slow``) the
very long runs (hundreds of fuzz mutants, kills at many points) that CI leaves out.

Expensive fixtures are built once per session: the Bang Na plan through the pages and thai stages
(``bangna_pages``), its tables (``bangna_tables``), and ``run_once``: the whole pipeline run once
per PDF (by content) and shared by every test that reads its output (``bangna_dataset``, the
corpus documents). A test that changes such an output copies it first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BANGNA_PDF = ROOT / "raw" / "bangna-2569.pdf"

# A test using one of these fixtures reads a whole plan: it is slow whatever its own marks say.
WHOLE_PLAN_FIXTURES = frozenset({"bangna_pages", "bangna_tables", "bangna_dataset", "run_once"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Before ``-m`` selects: whole-plan fixture users are slow, and every corpus test is slow too."""
    for item in items:
        if WHOLE_PLAN_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("corpus"):
            item.add_marker(pytest.mark.slow)


# A quick-tier test slower than this (seconds, setup + call) is named at the end of the run: the
# tier stays under a minute only if such tests are marked slow or share a fixture.
QUICK_TEST_SECONDS = 5.0
_quick_durations: dict[str, float] = {}


def _quick_tier(config) -> bool:
    return "not slow" in (config.getoption("markexpr", "") or "")


def pytest_runtest_logreport(report):
    if report.when in ("setup", "call"):
        _quick_durations[report.nodeid] = _quick_durations.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _quick_tier(config):
        return
    slow = sorted(((d, n) for n, d in _quick_durations.items() if d > QUICK_TEST_SECONDS), reverse=True)
    if slow:
        terminalreporter.section(f"quick-tier tests over {QUICK_TEST_SECONDS:.0f} s (mark them slow?)")
        for seconds, nodeid in slow:
            terminalreporter.write_line(f"{seconds:6.1f} s  {nodeid}")


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
def run_once(tmp_path_factory):
    """``run_once(pdf) -> (out, result)``: the whole pipeline with validation, once per PDF content.

    The output folder is shared: read it, or copy it before changing it.
    """
    from pipeline.run import run

    done: dict[str, tuple[Path, object]] = {}

    def run_pdf(pdf: Path):
        key = hashlib.sha256(Path(pdf).read_bytes()).hexdigest()
        if key not in done:
            out = tmp_path_factory.mktemp(f"run-{Path(pdf).stem}")
            result = run([Path(pdf)], out, progress=False, validate=True)
            done[key] = (out, result)
        return done[key]

    return run_pdf


@pytest.fixture(scope="session")
def bangna_dataset(run_once):
    """The whole pipeline run once on the Bang Na plan; the dataset folder and the run's result."""
    out, result = run_once(BANGNA_PDF)
    assert not result.failed, result.failed
    return out, result
