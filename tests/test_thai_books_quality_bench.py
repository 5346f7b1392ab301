"""benchmarks/thai_books_quality.py finds the books from a frozen copy of the tree too."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("thai_books_quality_copy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_books_dir_is_told_where_shared_is(tmp_path, monkeypatch):
    # a frozen copy (git archive into scratch) has no ../shared beside it
    frozen = tmp_path / "frozen" / "benchmarks"
    frozen.mkdir(parents=True)
    shutil.copy(ROOT / "benchmarks" / "thai_books_quality.py", frozen)
    bench = _load(frozen / "thai_books_quality.py")
    monkeypatch.delenv("BKKPLAN_SHARED", raising=False)
    assert bench.books_dir() == frozen.parent / ".." / "shared" / "real-bma"  # the default stands
    monkeypatch.setenv("BKKPLAN_SHARED", str(tmp_path / "elsewhere"))
    assert bench.books_dir() == tmp_path / "elsewhere" / "real-bma"
    assert bench.books_dir(str(tmp_path / "given")) == tmp_path / "given" / "real-bma"  # the option wins
