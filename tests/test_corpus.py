"""End to end over the development corpus (tests/corpus.toml): each document scored against its gold.

Every document is a whole-plan run, so it is in the slow tier; a shared PDF is run through
the session's ``run_once`` (the Bang Na plan is then read once for this and for test_end_to_end)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import SHARED

MANIFEST = Path(__file__).with_name("corpus.toml")
SCORER = SHARED / "eval" / "score_tables.py"


def _documents() -> list:
    spec = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    params = []
    for doc in spec["document"]:
        doc = {**spec["defaults"], **doc}
        params.append(pytest.param(doc, id=doc["name"]))
    return params


def _shared(path: str) -> Path:
    return SHARED / path.removeprefix("shared:")


def _source(doc: dict, folder: Path) -> tuple[Path, Path]:
    """The document's PDF and gold folder (a variant is built into ``folder``)."""
    if "variant" in doc:
        from . import variant_pdf, variants

        if variants.CHROMIUM is None and variants.style(doc["variant"]).engine == "chromium":
            pytest.skip("chromium not installed")
        return variant_pdf.build(variants.style(doc["variant"]), folder)
    return _shared(doc["pdf"]), _shared(doc["gold"])


def test_manifest_lists_every_variant_and_documents_that_exist():
    from . import variants

    docs = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["document"]
    assert {d["variant"] for d in docs if "variant" in d} == {s.name for s in variants.STYLES}
    if SHARED.is_dir():
        assert [d["pdf"] for d in docs if "pdf" in d and not _shared(d["pdf"]).is_file()] == []


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "gold").is_dir() or not SCORER.exists(), reason="../shared gold not present"
)
@pytest.mark.parametrize("doc", _documents())
def test_corpus_document_reaches_its_score(doc, tmp_path, request):
    from pipeline.run import run

    pdf, gold = _source(doc, tmp_path / "src")
    if "variant" in doc:  # built for this test alone
        out = tmp_path / "out"
        result = run([pdf], out, progress=False, validate=False)
    else:  # a shared PDF other tests read too: run once per session
        out, result = request.getfixturevalue("run_once")(pdf)
    assert not result.failed, result.failed
    report = tmp_path / "score.json"
    cmd = [sys.executable, str(SCORER), str(out), str(gold), "--doc-id", pdf.stem, "--json", str(report)]
    subprocess.run(cmd, check=True, capture_output=True)
    scores = json.loads(report.read_text(encoding="utf-8"))
    tables = {t: r["f1"] for t, r in scores["tables"].items()}
    assert scores["overall"]["f1"] >= doc["min_f1"], (doc["name"], scores["overall"]["f1"], tables)
    weak = {t: f for t, f in tables.items() if f < doc["min_table_f1"]}
    assert not weak, (doc["name"], weak)
    inexact = {t: r["num_exact"] for t, r in scores["tables"].items() if r["num_exact"] not in (None, 1.0)}
    assert not inexact, (doc["name"], "amounts not exact", inexact)
