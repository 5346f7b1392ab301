"""Documents validated beside the workers: the batch's main process only gathers and reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.executors import ProcessExecutor
from pipeline.worker import Task

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

ROOT = Path(__file__).resolve().parents[1]
needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")
HEADER = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]


def _python(script: str) -> str:
    """What ``script`` prints, run by a fresh interpreter on this tree."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1", "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _plan(path: Path, name: str) -> Path:
    page = PageSpec([TableSpec([50, 250, 90, 110], [HEADER, ["1", name, "1,000", "ฝ่ายโยธา"]])],
                    title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"])  # fmt: skip
    write_pdf(path, [page])
    return path


@needs_fonts
@pytest.mark.slow  # a fork server and a validator started for one small plan
def test_the_pool_returns_each_document_validated(tmp_path: Path):
    pdf = _plan(tmp_path / "plan.pdf", "โครงการลอกคลอง")
    task = Task(str(pdf), "plan", "0" * 64, validate=True)
    [outcome] = list(ProcessExecutor(1).run([task], lambda *a: None))
    assert outcome.ok and outcome.validation is not None
    record = outcome.validation
    assert record["doc_id"] == "plan" and record["payload"]["tables"]
    # This small plan lacks tables a plan must yield: a blocking failure, its rows merged into rejects.
    stages = outcome.tables["rejects"].column("stage").to_pylist()
    assert record["payload"]["validate_rejects"] == stages.count("validate") > 0
    assert outcome.rows["rejects"] == len(stages) - stages.count("validate")  # as extracted


@needs_fonts
@pytest.mark.slow  # a fork server and a validator started for one small plan
def test_a_run_never_imports_great_expectations_in_its_own_process(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, name in enumerate(["โครงการปรับปรุงซอย", "โครงการลอกคลอง"]):
        _plan(raw / f"plan{i}.pdf", name)
    # Read and validated; then one file renamed: re-keyed, its record with it, nothing validated.
    script = (
        "import sys\nfrom pathlib import Path\nfrom pipeline.run import run\n"
        "if __name__ == '__main__':\n"
        f"    raw, out = Path({str(raw)!r}), Path({str(tmp_path / 'out')!r})\n"
        "    r = run([raw], out, progress=False, jobs=2)\n"
        "    (raw / 'plan1.pdf').rename(raw / 'plan9.pdf')\n"
        "    again = run([raw], out, progress=False, jobs=2)\n"
        "    assert [d.status for d in again.documents] == ['unchanged', 'renamed'], again.documents\n"
        "    assert again.validation_rejects == r.validation_rejects\n"
        "    print(r.validation_exit, r.validation_rejects, 'great_expectations' in sys.modules)\n"
    )
    exit_code, rejects, imported = _python(script).split()
    assert (exit_code, imported) == ("1", "False")  # validated (blocking failures found), GX elsewhere
    report = json.loads((tmp_path / "out" / "report" / "results.json").read_text())
    assert [d["doc_id"] for d in report["documents"]] == ["plan0", "plan9"]
    assert sum(d["validate_rejects"] for d in report["documents"]) == int(rejects) > 0
    checks = [c for t in report["documents"][1]["tables"].values() for c in t["checks"]]
    assert checks and {c["doc_id"] for c in checks} == {"plan9"}
    for doc in ("plan0", "plan9"):  # each record kept with its document's generation
        kept = json.loads((tmp_path / "out" / ".store" / doc / "current" / "validation.json").read_text())
        assert kept["payload"] == next(d for d in report["documents"] if d["doc_id"] == doc)


@needs_fonts
@pytest.mark.slow  # Great Expectations validates in this process (the inline executor)
def test_records_made_with_other_suites_are_made_again(tmp_path: Path, monkeypatch):
    import shutil

    from pipeline.run import run
    from pipeline.validate.suites import DEFAULT_SUITES_DIR

    raw = tmp_path / "raw"
    raw.mkdir()
    _plan(raw / "plan.pdf", "โครงการลอกคลอง")
    out = tmp_path / "out"

    def checked_tables() -> set[str]:
        [doc] = json.loads((out / "report" / "results.json").read_text())["documents"]
        return {c["table"] for t in doc["tables"].values() for c in t["checks"]}

    run([raw], out, progress=False, executor="inline")
    assert "staffing" in checked_tables()
    suites = tmp_path / "suites"  # the same suites but staffing's
    shutil.copytree(DEFAULT_SUITES_DIR, suites)
    (suites / "staffing.json").unlink()
    monkeypatch.setenv("BKKPLAN_EXPECTATIONS", str(suites))
    again = run([raw], out, progress=False, executor="inline")
    assert [d.status for d in again.documents] == ["unchanged"] and not again.validation_skipped
    assert "staffing" not in checked_tables() and "krs" in checked_tables()


@pytest.mark.slow  # a validator started (it imports Great Expectations)
def test_the_validator_is_forked_with_the_validation_stage_imported():
    # Imported once, in the batch's process, which needs it for the report: not again in the validator.
    script = (
        "import sys\nfrom pipeline.validator import Validator\nv = Validator()\n"
        "print('pipeline.validate.core' in sys.modules, 'pandas' in sys.modules)\nv.close()\n"
    )
    assert _python(script).split() == ["True", "True"]
