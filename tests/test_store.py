"""The output folder: documents commit whole, files are 0644, one run writes at a time,
doc_ids are unique (SCHEMA.md), and an unchanged document is not read again."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from pipeline import emit, ingest
from pipeline.records import SourceDocument
from pipeline.rows import DocumentRow, KeyProjectRow
from pipeline.run import run
from pipeline.schema import all_tables
from pipeline.store import LockTimeout, Manifest, Store, output_lock

from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf

needs_fonts = pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed")


def _tables(doc_id: str, names: list[str]):
    doc = SourceDocument(doc_id, f"raw/{doc_id}.pdf", "sha", 1, 1, "t", "บางนา", 2569)
    rows = [
        KeyProjectRow(
            page=1, seq=i, project_name=n, budget_baht=None, budget_note=None, divisions=[], kr_code=None,
            policy_codes=[], bbox=None,
        )  # fmt: skip
        for i, n in enumerate(names)
    ]
    document = DocumentRow(
        page=1, source_path=doc.path, sha256="sha", title="t", n_pages=1, text_source="digital",
        doc_type="action_plan", pipeline_version="test", extracted_at=datetime.now(UTC),
    )  # fmt: skip
    return emit.document_tables(doc, {"key_projects": rows, "documents": [document]})


def test_commit_replaces_every_table_of_a_document_at_once(tmp_path: Path):
    store = Store(tmp_path)
    store.commit(Manifest("d1", "raw/d1.pdf", "sha", "fp", True), _tables("d1", ["old a", "old b"]))
    store.commit(Manifest("d2", "raw/d2.pdf", "sha2", "fp", True), _tables("d2", ["other"]))
    store.commit(Manifest("d1", "raw/d1.pdf", "sha", "fp", True), _tables("d1", ["new"]))
    frame = pd.read_parquet(tmp_path / "key_projects")
    assert sorted(frame["project_name"]) == ["new", "other"]
    for table in all_tables():  # every table readable, one file per document
        pd.read_parquet(tmp_path / table)
        assert sorted(p.name for p in (tmp_path / table).iterdir()) == ["d1.parquet", "d2.parquet"]
    generations = [p for p in (tmp_path / ".store" / "d1").iterdir() if p.name.startswith("g-")]
    assert len(generations) == 1  # the old generation is gone
    files = [p for p in tmp_path.rglob("*.parquet") if p.is_file() and not p.is_symlink()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files)
    store.remove("d1")
    assert list(pd.read_parquet(tmp_path / "key_projects")["project_name"]) == ["other"]
    assert store.doc_ids() == ["d2"]


def test_clean_drops_what_a_killed_commit_left(tmp_path: Path):
    store = Store(tmp_path)
    store.commit(Manifest("d1", "raw/d1.pdf", "sha", "fp", True), _tables("d1", ["kept"]))
    (tmp_path / ".store" / "d1" / "g-unfinished").mkdir()  # written, never switched to
    (tmp_path / ".store" / "d9").mkdir()  # a new document killed before its first switch
    assert store.clean() == 2
    assert store.doc_ids() == ["d1"]
    assert list(pd.read_parquet(tmp_path / "key_projects")["project_name"]) == ["kept"]


def test_a_second_run_waits_and_says_which_process_holds_the_folder(tmp_path: Path):
    told: list[str] = []
    with output_lock(tmp_path):
        errors = []

        def second() -> None:
            try:
                with output_lock(tmp_path, timeout=0.5, notify=told.append):
                    pass
            except LockTimeout as exc:
                errors.append(exc)

        t = threading.Thread(target=second)
        t.start()
        t.join()
    assert errors and told and "pid" in told[0] and "waiting" in told[0]
    with output_lock(tmp_path, timeout=0.5):  # released
        pass


def _file(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_doc_ids_follow_the_schema_rule(tmp_path: Path):
    raw = tmp_path / "raw"
    _file(raw / "2569" / "plan.pdf", b"%PDF-1 a")
    _file(raw / "2570" / "plan.pdf", b"%PDF-1 b")
    _file(raw / "bangna.pdf", b"%PDF-1 c")
    _file(raw / "copy-of-bangna.pdf", b"%PDF-1 c")
    planned = {p.file.path.name if p.file.path.parent == raw else str(p.file.relative): p
               for p in ingest.plan_documents(ingest.find_inputs([raw]))}  # fmt: skip
    assert planned["2569/plan.pdf"].doc_id == "2569-plan"
    assert planned["2570/plan.pdf"].doc_id == "2570-plan"
    assert planned["bangna.pdf"].doc_id == "bangna" and planned["bangna.pdf"].same_as is None
    assert planned["copy-of-bangna.pdf"].same_as == "bangna"  # same sha256: the same document


def test_doc_ids_against_the_dataset(tmp_path: Path):
    files = ingest.find_inputs([_file(tmp_path / "new" / "plan.pdf", b"%PDF-1 new")])
    elsewhere = _file(tmp_path / "old" / "plan.pdf", b"%PDF-1 old")
    # A different file of an earlier run holds the name: this one gets its folder as prefix.
    known = [ingest.KnownDocument("plan", str(elsewhere.resolve()), ingest.sha256_of(elsewhere))]
    [p] = ingest.plan_documents(files, known)
    assert p.doc_id == "new-plan"
    # The same bytes stored under an old name whose file is gone: renamed, not a second document.
    known = [ingest.KnownDocument("old-name", str(tmp_path / "gone.pdf"), files[0].sha256)]
    [p] = ingest.plan_documents(files, known)
    assert (p.doc_id, p.renamed_from) == ("plan", "old-name")
    # A path keeps the doc_id the dataset gave it.
    known = [ingest.KnownDocument("2569-plan", str(files[0].path), "an older sha")]
    [p] = ingest.plan_documents(files, known)
    assert p.doc_id == "2569-plan"


def _plan(path: Path, name: str) -> Path:
    header = ["ลำดับที่", "โครงการ", "งบประมาณ", "ส่วนราชการ/ฝ่าย"]
    rows = [header, ["1", name, "1,000", "ฝ่ายโยธา"]]
    page = PageSpec([TableSpec([50, 250, 90, 110], rows)], title=["บัญชีโครงการ/กิจกรรมประจำพื้นฐาน"])
    return write_pdf(path, [page])


@needs_fonts
@pytest.mark.slow
def test_same_name_in_two_folders_and_incremental_rerun(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "2569").mkdir(parents=True)
    (raw / "2570").mkdir()
    _plan(raw / "2569" / "plan.pdf", "โครงการปรับปรุงซอย")
    _plan(raw / "2570" / "plan.pdf", "โครงการลอกคลอง")
    out = tmp_path / "out"
    first = run([raw], out, progress=False, validate=False, jobs=2)
    assert sorted(d.doc_id for d in first.documents) == ["2569-plan", "2570-plan"]
    assert all(d.status == "done" for d in first.documents)
    documents = pd.read_parquet(out / "documents")
    assert sorted(documents["doc_id"]) == ["2569-plan", "2570-plan"]  # neither overwrote the other

    again = run([raw], out, progress=False, validate=False)
    assert [d.status for d in again.documents] == ["unchanged", "unchanged"]
    assert again.rows() == first.rows()

    (raw / "2570" / "plan.pdf").rename(raw / "2570" / "renamed.pdf")  # same bytes, new name
    moved = run([raw], out, progress=False, validate=False)
    assert {d.doc_id: d.status for d in moved.documents} == {"2569-plan": "unchanged", "renamed": "renamed"}
    assert sorted(pd.read_parquet(out / "documents")["doc_id"]) == ["2569-plan", "renamed"]

    forced = run([raw], out, progress=False, validate=False, force=True)
    assert [d.status for d in forced.documents] == ["done", "done"]
