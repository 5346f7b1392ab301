"""Validation stage: each check fails on a deliberately broken copy of the Bang Na gold."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402

from pipeline.validate import ValidationInputError, validate_dataset  # noqa: E402
from pipeline.validate.results import MAX_ROWS_PER_CHECK  # noqa: E402

EXPECTED_GOLD_WARNINGS = {
    "krs.kr_code.unique_in_document",  # 42102 names two different KRs
    "subdistricts.area_km2.stated_total",  # printed 17.789 km² vs rows 18.789
    "key_projects.policy_codes.format",  # the plan prints policy code 1691
}

pytestmark = [
    pytest.mark.slow,  # Great Expectations validation: seconds of CPU per dataset
    pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available"),
]


def _run(tmp_path: Path, mutate=None, **kw):
    out = factory.write_dataset(tmp_path / "extracted", mutate, **kw)
    return out, validate_dataset(out)


def _failed(outcome) -> dict[str, object]:
    return {r.check_id: r for r in outcome.results if r.failed}


def _rejects(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "rejects")


def test_clean_gold_passes_with_only_the_document_findings(tmp_path):
    out, oc = _run(tmp_path)
    failed = _failed(oc)
    assert set(failed) == EXPECTED_GOLD_WARNINGS
    assert all(r.severity == "warning" for r in failed.values())
    assert oc.exit_code == 0
    assert oc.summary["failed"] == {"error": 0, "warning": 3}
    area = failed["subdistricts.area_km2.stated_total"]
    assert "17.789" in area.expected and "18.789" in area.observed
    dup = failed["krs.kr_code.unique_in_document"]
    assert dup.unexpected_count == 2 and all("42102" in fr.value for fr in dup.failing_rows)
    assert _rejects(out).empty
    assert (out / "report" / "index.html").is_file()
    payload = json.loads((out / "report" / "results.json").read_text(encoding="utf-8"))
    assert payload["exit_code"] == 0 and payload["documents"][0]["district"] == "บางนา"


def test_wrong_amount_fails_the_stated_total(tmp_path):
    def mutate(f):
        kp = f["key_projects"]
        kp.loc[kp["seq"] == 5, "budget_baht"] = 60000  # stated 50,000

    out, oc = _run(tmp_path, mutate)
    failed = _failed(oc)
    assert failed["key_projects.stated_totals"].severity == "error"
    assert "+10,000" in failed["key_projects.stated_totals"].observed
    assert "budgets.fiscal_year_amount[key_projects]" in failed  # budgets still says 50,000
    assert oc.exit_code == 1
    rej = _rejects(out)
    assert (rej["check"] == "key_projects.stated_totals").any()
    assert set(rej["stage"]) == {"validate"}


def test_missing_row_fails_the_stated_count(tmp_path):
    def mutate(f):
        f["routine_projects"] = f["routine_projects"].iloc[1:].reset_index(drop=True)

    _, oc = _run(tmp_path, mutate)
    r = _failed(oc)["routine_projects.stated_totals"]
    assert "count 46 ≠ stated 47" in r.observed
    assert oc.exit_code == 1


def test_wrong_stated_total_fails(tmp_path):
    def mutate(f):
        st = f["stated_totals"]
        st.loc[st["section"] == "routine_projects", "stated_total_baht"] = 148449241

    _, oc = _run(tmp_path, mutate)
    assert "routine_projects.stated_totals" in _failed(oc)
    assert oc.exit_code == 1


def test_unknown_kr_code_goes_to_rejects_with_its_page(tmp_path):
    def mutate(f):
        f["key_projects"].loc[10, "kr_code"] = "99999"
        f["key_projects"].loc[10, "page"] = 33

    out, oc = _run(tmp_path, mutate)
    r = _failed(oc)["key_projects.kr_code.in_krs"]
    assert r.severity == "error" and r.unexpected_count == 1
    rej = _rejects(out)
    hit = rej[rej["check"] == "key_projects.kr_code.in_krs"]
    assert len(hit) == 1
    assert int(hit["page"].iloc[0]) == 33
    assert hit["table"].iloc[0] == "key_projects"
    assert list(hit["bbox"].iloc[0]) == [50.0, 100.0, 300.0, 120.0]
    assert "99999" in hit["raw_text"].iloc[0]


def test_bad_kr_code_format(tmp_path):
    def mutate(f):
        f["krs"].loc[3, "kr_code"] = "4210"

    out, oc = _run(tmp_path, mutate)
    r = _failed(oc)["krs.kr_code.format"]
    assert r.failing_rows[0].row == 3 and r.failing_rows[0].page == 20
    assert (_rejects(out)["check"] == "krs.kr_code.format").sum() == 1
    assert oc.exit_code == 1


def test_bad_codes_and_value_sets(tmp_path):
    def mutate(f):
        f["okr_rows"].loc[0, "super_okr_code"] = "1.1"
        f["okr_rows"].loc[1, "level"] = "เขต"
        f["krs"].loc[0, "responsibility"] = "X"
        f["key_projects"].at[0, "policy_codes"] = ["o49"]
        f["routine_projects"].loc[0, "division"] = "ฝ่ายอื่น"

    _, oc = _run(tmp_path, mutate)
    failed = _failed(oc)
    for cid in ("okr_rows.super_okr_code.format", "okr_rows.level.set", "krs.responsibility.set",
                "key_projects.policy_codes.numeric"):  # fmt: skip
        assert failed[cid].severity == "error", cid
    assert failed["routine_projects.division.reference"].severity == "warning"


def test_male_female_mismatch_is_a_warning(tmp_path):
    def mutate(f):
        f["subdistricts"].loc[0, "male"] = 17000

    out, oc = _run(tmp_path, mutate)
    failed = _failed(oc)
    assert failed["subdistricts.male_female_total"].severity == "warning"
    assert failed["subdistricts.male.stated_total"].severity == "warning"  # 38,695 vs printed 38,914
    assert oc.exit_code == 0
    assert _rejects(out).empty  # warnings are kept, not rejected


def test_staffing_arithmetic(tmp_path):
    def mutate(f):
        f["staffing"].loc[0, "vacant"] = 9

    _, oc = _run(tmp_path, mutate)
    failed = _failed(oc)
    assert "staffing.filled_vacant_positions" in failed and "staffing.vacant.stated_total" in failed


def test_cid_in_text_is_rejected(tmp_path):
    def mutate(f):
        f["key_projects"].loc[4, "project_name"] = "โครงการ (cid:123) ทดสอบ"
        f["krs"].at[2, "divisions"] = ["ฝ่ายโยธา\ufffd"]

    out, oc = _run(tmp_path, mutate)
    failed = _failed(oc)
    assert failed["text.forbidden_characters[key_projects]"].severity == "error"
    assert "U+FFFD" in failed["text.forbidden_characters[krs]"].failing_rows[0].value
    rej = _rejects(out)
    assert set(rej["table"]) >= {"key_projects", "krs"}
    assert oc.exit_code == 1


def test_schema_type_mismatch(tmp_path):
    def mutate(f):
        f["routine_projects"]["budget_baht"] = f["routine_projects"]["budget_baht"].astype(str)

    _, oc = _run(tmp_path, mutate)
    r = _failed(oc)["routine_projects.schema"]
    assert "budget_baht" in r.observed


def test_revalidation_replaces_validate_rejects_and_keeps_extraction_rows(tmp_path):
    def mutate(f):
        f["krs"].loc[3, "kr_code"] = "4210"

    out = factory.write_dataset(tmp_path / "extracted", mutate)
    factory.add_reject(out, stage="parse", reason="unparsed row", raw_text="??", page=12)
    first = validate_dataset(out)
    second = validate_dataset(out)
    rej = _rejects(out)
    assert first.rejects_written == second.rejects_written
    assert (rej["stage"] == "parse").sum() == 1
    assert (rej["stage"] == "validate").sum() == second.rejects_written["bangna-2569"] > 0
    assert not list((out / "rejects").glob(".*"))  # no temp file left behind


def test_text_quality_and_repairs(tmp_path):
    tq = pd.DataFrame(
        {
            "doc_id": "bangna-2569",
            "page": pd.array([30, 31, 32], dtype="int16"),
            "table": ["key_projects", "key_projects", "krs"],
            "column": ["project_name", "project_name", "kr_name"],
            "tokens": [8, 6, 1],
            "dictionary_share": [0.95, 0.3, 0.0],
            "broken": [False, True, False],
        }
    )
    tr = pd.DataFrame(
        {
            "doc_id": "bangna-2569",
            "page": pd.array([3, 4], dtype="int16"),
            "rule": ["sara_am", "wrap_space"],
            "before": ["คํา", "งบ ประมาณ"],
            "after": ["คำ", "งบประมาณ"],
        }
    )
    out, oc = _run(tmp_path, text_quality=tq, text_repairs=tr)
    failed = _failed(oc)
    share = failed["text.dictionary_share[key_projects]"]
    assert share.severity == "warning" and share.failing_rows[0].page == 31
    assert "text.dictionary_share[krs]" not in failed  # one token: not judged
    assert "text.broken_cells[key_projects]" in failed
    doc = json.loads((out / "report" / "results.json").read_text(encoding="utf-8"))["documents"][0]
    assert doc["repairs"]["by_rule"] == {"sara_am": 1, "wrap_space": 1}
    assert doc["text_quality"]["cells"] == 3


def test_okr_district_kr_without_match_is_a_warning(tmp_path):
    def mutate(f):
        o = f["okr_rows"]
        o.loc[o.index[o["level"] == "district"][0], "kr_name"] = "ชื่อที่ไม่มีในตาราง KR เลย"

    _, oc = _run(tmp_path, mutate)
    r = _failed(oc)["okr_rows.district_krs.match_krs"]
    assert r.severity == "warning" and r.unexpected_count == 1


def test_missing_folder_and_empty_folder_raise(tmp_path):
    with pytest.raises(ValidationInputError):
        validate_dataset(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationInputError):
        validate_dataset(tmp_path / "empty")


def test_doc_ids_filter(tmp_path):
    out = factory.write_dataset(tmp_path / "extracted")
    oc = validate_dataset(out, ["bangna-2569"])
    assert oc.doc_ids == ["bangna-2569"]
    with pytest.raises(ValidationInputError):
        validate_dataset(out, ["other-2569"])


def test_a_check_failing_many_rows_lists_some_and_rejects_all(tmp_path):
    """results.json lists at most MAX_ROWS_PER_CHECK failing rows of a check, with the exact
    count; rejects get every one."""

    def mutate(f):
        okr = pd.concat([f["okr_rows"]] * 2, ignore_index=True)
        okr["super_okr_code"] = "1.1"
        f["okr_rows"] = okr

    out, oc = _run(tmp_path, mutate)
    n = 2 * len(factory.gold_frames()["okr_rows"])
    assert n > MAX_ROWS_PER_CHECK
    check = "okr_rows.super_okr_code.format"
    assert _failed(oc)[check].unexpected_count == n
    payload = json.loads((out / "report" / "results.json").read_text(encoding="utf-8"))
    checks = [c for t in payload["documents"][0]["tables"].values() for c in t["checks"]]
    (listed,) = [c for c in checks if c["check_id"] == check]
    assert listed["unexpected_count"] == n and len(listed["failing_rows"]) == MAX_ROWS_PER_CHECK
    assert (_rejects(out)["check"] == check).sum() == n
