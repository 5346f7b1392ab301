"""The whole pipeline on the Bang Na plan, scored against the hand-checked gold tables."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from .conftest import SHARED

GOLD = SHARED / "gold" / "bangna-2569"
SCORER = SHARED / "eval" / "score_tables.py"
needs_gold = pytest.mark.skipif(not (GOLD.is_dir() and SCORER.exists()), reason="../shared gold not present")


# Text CER bound per table (the goal of the tables issue: 1 %).
MAX_CER: dict[str, float] = {}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_tables", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lists_and_stated_totals(bangna_dataset):
    out, _ = bangna_dataset
    key = pd.read_parquet(out / "key_projects")
    routine = pd.read_parquet(out / "routine_projects")
    assert sorted(key["seq"]) == list(range(1, 72))
    assert sorted(routine["seq"]) == list(range(1, 48))
    totals = pd.read_parquet(out / "stated_totals").set_index("section")
    assert totals.loc["key_projects", "stated_total_baht"] == 16_867_765
    assert totals.loc["routine_projects", "stated_total_baht"] == 148_449_240
    for section in ("key_projects", "routine_projects"):
        row = totals.loc[section]
        assert row["stated_count"] == row["computed_count"]
        assert row["stated_total_baht"] == row["computed_total_baht"]


def test_every_row_has_provenance(bangna_dataset):
    out, _ = bangna_dataset
    for table in ("key_projects", "routine_projects", "okr_rows", "krs"):
        frame = pd.read_parquet(out / table)
        assert len(frame), table
        assert frame["page"].between(1, 125).all(), table
        assert frame["bbox"].map(lambda b: b is not None and len(b) == 4).all(), table


def test_text_is_repaired(bangna_dataset):
    out, _ = bangna_dataset
    for table in ("key_projects", "routine_projects", "okr_rows", "krs"):
        frame = pd.read_parquet(out / table)
        values = frame.drop(columns=["bbox"]).to_numpy().ravel()
        text = " ".join(
            " ".join(map(str, v)) if hasattr(v, "__len__") and not isinstance(v, str) else str(v)
            for v in values
            if v is not None
        )
        assert "(cid:" not in text and "\ufffd" not in text and "ำา" not in text, table
        assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in text), table


@needs_gold
@pytest.mark.parametrize(
    "table",
    [
        "key_projects",
        "routine_projects",
        "budgets",
        "stated_totals",
        "okr_rows",
        "krs",
        "subdistricts",
        "staffing",
        "documents",
    ],
)
def test_field_f1_against_gold(bangna_dataset, table):
    out, _ = bangna_dataset
    scorer = _scorer()
    gold = pd.read_parquet(GOLD / f"{table}.parquet")
    pred = pd.read_parquet(out / table)
    result = scorer.score_table(table, gold, pred, "bangna-2569")
    assert result["f1"] >= 0.98, (table, result["f1"], result["mismatches"][:5])
    if result["cer"] is not None:
        assert result["cer"] <= MAX_CER.get(table, 0.01), (table, result["cer"])


def _copy_with(bangna_dataset, tmp_path, table, mutate):
    """A copy of the Bang Na dataset with one table replaced by ``mutate(frame)``."""
    import shutil

    out, _ = bangna_dataset
    copy = tmp_path / "extracted"
    shutil.copytree(out, copy)
    path = copy / table / "bangna-2569.parquet"
    mutate(pd.read_parquet(path)).to_parquet(path, index=False)
    return copy


def _set(column, seq, value):
    def mutate(frame):
        frame.loc[frame["seq"] == seq, column] = value
        return frame

    return mutate


def _drop(seq):
    return lambda frame: frame[frame["seq"] != seq]


@pytest.mark.parametrize(
    ("table", "mutate", "check"),
    [
        ("key_projects", _set("budget_baht", 5, 50_001), "stated"),  # a wrong amount
        ("key_projects", _set("kr_code", 7, "99999"), "kr_code"),  # a KR the document does not have
        ("routine_projects", _drop(3), "stated"),  # a missing row
    ],
    ids=["wrong-amount", "unknown-kr", "missing-row"],
)
def test_injected_faults_fail_validation_with_their_page(bangna_dataset, tmp_path, table, mutate, check):
    from pipeline.validate import validate_dataset

    copy = _copy_with(bangna_dataset, tmp_path, table, mutate)
    outcome = validate_dataset(copy)
    assert outcome.exit_code == 1
    rejects = pd.read_parquet(copy / "rejects")
    flagged = rejects[(rejects["stage"] == "validate") & rejects["check"].str.contains(check)]
    assert len(flagged) and flagged["page"].notna().all()
    report = (copy / "report" / "index.html").read_text(encoding="utf-8")
    assert any(str(int(p)) in report for p in flagged["page"])
