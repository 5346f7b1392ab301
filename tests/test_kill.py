"""SIGKILL a run at many moments (reading pages, committing, validating): every table stays
readable, no document mixes two runs, and a run started again finishes the job without
redoing the documents finished before the kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import ingest
from pipeline.schema import all_tables

from .conftest import ROOT
from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

pytestmark = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")

DOCS = 6
HEADER = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]


def _write_version(raw: Path, version: str) -> dict[str, str]:
    """DOCS plans whose project names carry ``version``; doc_id -> sha256."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(DOCS):
        names = [f"โครงการ {i}-{r} รุ่น{version}" for r in (0, 1, 2)]
        rows = [HEADER] + [[str(r + 1), name, "1,000", "ฝ่ายโยธา"] for r, name in enumerate(names)]
        page = PageSpec([TableSpec([50, 250, 90, 110], rows)], title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"])
        write_pdf(raw / f"plan{i}.pdf", [page])
    return {f.path.stem: f.sha256 for f in ingest.find_inputs([raw])}


def _run(raw: Path, out: Path, kill_after: float | None = None) -> tuple[int | None, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1", "GX_ANALYTICS_ENABLED": "false"}
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(raw), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        stdout, _ = proc.communicate(timeout=kill_after)
        return proc.returncode, stdout.decode()
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the run, its fork server and its workers
        stdout, _ = proc.communicate()
        return None, stdout.decode()


def _check_consistent(out: Path, versions: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every table readable; each document entirely one version. Returns doc_id -> version."""
    frames = {t: pd.read_parquet(out / t) for t in all_tables()}
    by_sha = {sha: v for v, shas in versions.items() for sha in shas.values()}
    docs = frames["documents"]
    assert sorted(docs["doc_id"]) == sorted(versions["A"])  # no document vanished or doubled
    seen = {}
    for doc_id, sha in zip(docs["doc_id"], docs["sha256"], strict=True):
        version = by_sha[sha]
        names = frames["routine_projects"].query("doc_id == @doc_id")["project_name"]
        assert len(names) == 3 and all(n.endswith(f"รุ่น{version}") for n in names), (doc_id, list(names))
        seen[doc_id] = version
    return seen


def _completed(code: int | None, log: str) -> bool:
    """Ran to the end: every document read, validated (these small plans fail some checks: exit 1)."""
    return code in (0, 1) and "FAILED" not in log and "validation " in log


def _phase(stdout: str, remaining: int) -> str:
    done = stdout.count("done   ")
    return "pages" if done == 0 and remaining else ("validation" if done == remaining else "emit")


def _kill_at_many_points(tmp_path: Path, points: int) -> dict[str, int]:
    """Kill one run after another, later each time (the same output folder), then finish the job."""
    raw = tmp_path / "raw"
    out = tmp_path / "out"
    versions = {"A": _write_version(raw, "A")}
    started = time.monotonic()
    code, log = _run(raw, out)
    full = time.monotonic() - started
    assert _completed(code, log), log
    versions["B"] = _write_version(raw, "B")

    phases: dict[str, int] = {}
    state = _check_consistent(out, versions)
    for k in range(points):
        code, log = _run(raw, out, kill_after=full * (k + 1) / (points + 1))
        remaining = sum(v == "A" for v in state.values())
        assert log.count("done   ") <= remaining, log  # documents finished before are not redone
        if code is None:
            phases[_phase(log, remaining)] = phases.get(_phase(log, remaining), 0) + 1
        state = _check_consistent(out, versions)
    code, log = _run(raw, out)  # started again: finishes the job
    assert _completed(code, log), log
    assert log.count("done   ") == sum(v == "A" for v in state.values()), log
    assert set(_check_consistent(out, versions).values()) == {"B"}
    return phases


@pytest.mark.slow
def test_kill_at_several_points(tmp_path: Path):
    phases = _kill_at_many_points(tmp_path, points=3)
    assert sum(phases.values()) >= 2, phases


@pytest.mark.corpus
def test_kill_at_many_points(tmp_path: Path):
    phases = _kill_at_many_points(tmp_path, points=30)
    assert {"pages", "emit"} <= set(phases), phases
