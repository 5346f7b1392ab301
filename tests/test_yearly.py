"""Year over year on two plans derived from the Bang Na gold the way next year's plan differs:
lists renumbered, projects dropped and added, most amounts changed, a project renamed, names
carrying the new year, KR targets changed. The diff must find every change and nothing else."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402

from pipeline.analysis import yearly  # noqa: E402
from pipeline.cli import app  # noqa: E402

pytestmark = pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available")
NEXT = "bangna-2570"


def reworded(name: str) -> str:
    """Next year's wording of a project name: kind word swapped, a phrase added."""
    return name.replace("โครงการ", "กิจกรรม", 1) + "ในพื้นที่"


ADDED = {
    ("key", "โครงการคลองสวยน้ำใสเขตบางนา ประจำปี 2570"),
    ("key", "กิจกรรมตรวจสุขภาพผู้สูงอายุในชุมชน"),
    ("routine", "โครงการอบรมภาษาอังกฤษสำหรับเจ้าหน้าที่"),
}


class NextYear:
    """Mutations of the gold frames, remembered so the test knows every change it made."""

    def __init__(self):
        self.dropped: set[tuple[str, str]] = set()
        self.rebudgeted: set[tuple[str, str]] = set()
        self.renamed: tuple[str, str] | None = None
        self.kr_targets: set[str] = set()

    def __call__(self, frames: dict[str, pd.DataFrame]) -> None:
        for df in frames.values():
            df["fiscal_year"] = pd.array([2570] * len(df), dtype="int16")
        self._key(frames["key_projects"], frames)
        self._routine(frames)
        krs = frames["krs"]
        changed = krs.index[krs["target_value"].notna()][::7]
        for i in changed:
            krs.at[i, "target_text"] = (
                f"{int(krs.at[i, 'target_value']) + 5} {krs.at[i, 'target_unit'] or ''}".strip()
            )
            self.kr_targets.add(krs.at[i, "kr_code"])

    def _key(self, key: pd.DataFrame, frames) -> None:  # noqa: D401
        drop = key.index[[3, 17, 40]]
        self.dropped |= {("key", n) for n in key.loc[drop, "project_name"]}
        key = key.drop(index=drop)
        money = key.index[key["budget_baht"].notna()]
        key.loc[money, "budget_baht"] = (key.loc[money, "budget_baht"] * 1.1).round().astype("Int64")
        self.rebudgeted |= {("key", n) for n in key.loc[money, "project_name"]}
        new = key.iloc[:2].copy()
        new["project_name"] = [n for s, n in sorted(ADDED) if s == "key"]
        new["budget_baht"] = pd.array([150000, None], dtype="Int64")
        new["budget_note"] = [None, "ไม่ใช้งบประมาณ"]
        key_all = pd.concat([key, new], ignore_index=True).iloc[::-1]  # renumbered, reverse order
        key_all["seq"] = range(1, len(key_all) + 1)
        frames["key_projects"] = key_all.reset_index(drop=True)

    def _routine(self, frames) -> None:
        r = frames["routine_projects"]
        drop = r.index[[5, 30]]
        self.dropped |= {("routine", n) for n in r.loc[drop, "project_name"]}
        r = r.drop(index=drop)
        # most amounts change; the ones at even positions keep theirs
        change = r.index[[i % 2 == 1 for i in range(len(r))]]
        r.loc[change, "budget_baht"] = r.loc[change, "budget_baht"] + 1000
        self.rebudgeted |= {("routine", n) for n in r.loc[change, "project_name"]}
        i = r.index[10]
        self.renamed = (r.at[i, "project_name"], reworded(r.at[i, "project_name"]))
        r.at[i, "project_name"] = self.renamed[1]
        if i in change:
            self.rebudgeted = (self.rebudgeted - {("routine", self.renamed[0])}) | {
                ("routine", self.renamed[1])
            }
        added = r.iloc[:1].copy()
        added["project_name"] = [n for s, n in ADDED if s == "routine"]
        r = pd.concat([r, added], ignore_index=True).sample(frac=1.0, random_state=7)
        r["seq"] = range(1, len(r) + 1)
        frames["routine_projects"] = r.reset_index(drop=True)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    out = tmp_path_factory.mktemp("years") / "extracted"
    factory.write_dataset(out)
    nxt = NextYear()
    factory.write_dataset(out, nxt, doc_id=NEXT)
    return out, nxt


def _names(changes: pd.DataFrame, kind: str, col: str) -> set[tuple[str, str]]:
    part = changes[changes["change"] == kind]
    return set(zip(part["section"], part[col], strict=True))


def test_diff_finds_every_drop_addition_rebudget_and_rename(two_years):
    out, nxt = two_years
    plans = yearly.load_plans(out)
    changes = yearly.compare(plans[factory.DOC_ID], plans[NEXT])
    assert _names(changes, "dropped", "name_before") == nxt.dropped
    assert _names(changes, "added", "name_after") == ADDED
    assert _names(changes, "rebudgeted", "name_after") == nxt.rebudgeted
    renamed = changes[changes["change"] == "renamed"]
    assert list(zip(renamed["name_before"], renamed["name_after"], strict=True)) == [nxt.renamed]
    assert set(changes.loc[changes["change"] == "kr_target", "kr_code"]) == nxt.kr_targets
    assert not changes["change"].isin(["moved", "kr_added", "kr_dropped"]).any()
    # the new year in a name is not a change of name: "…เขตบางนา ประจำปี 2570" normalises like 2569's
    assert yearly.normalise_name("โครงการคลองสวย เขตบางนา ประจำปี 2570", "บางนา") == yearly.normalise_name(
        "โครงการคลองสวย  ประจำปีงบประมาณ พ.ศ. 2569", "บางนา"
    )
    assert yearly.normalise_name("กิจกรรมคลองสวย") == yearly.normalise_name("โครงการ คลองสวย")


def test_money_per_division_then_and_now_adds_up(two_years):
    out, _ = two_years
    plans = yearly.load_plans(out)
    changes = yearly.compare(plans[factory.DOC_ID], plans[NEXT])
    money = changes[changes["change"] == "division_money"]
    for plan, col in ((plans[factory.DOC_ID], "amount_before"), (plans[NEXT], "amount_after")):
        total = plan.projects["amount"].fillna(0).sum()
        assert abs(money[col].fillna(0).sum() - total) <= len(money)  # rounding of shared projects only
    # canonical names: the abbreviation ฝ่ายรักษาความสะอาดฯ counts under the full name
    assert "ฝ่ายรักษาความสะอาดและสวนสาธารณะ" in set(money["division"])
    assert "ฝ่ายรักษาความสะอาดฯ" not in set(money["division"])


def test_changes_table_and_cli(two_years):
    out, nxt = two_years
    written = yearly.write_changes(out)
    assert [p.name for p in written] == [f"{NEXT}.parquet"]
    table = pd.read_parquet(out / "changes")
    assert set(table["doc_id"]) == {NEXT} and set(table["from_doc_id"]) == {factory.DOC_ID}
    assert (table["fiscal_year"] == 2570).all() and (table["from_year"] == 2569).all()

    runner = CliRunner()
    res = runner.invoke(
        app, ["diff", "--district", "บางนา", "--from", "2569", "--to", "2570", "--data", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert f"Projects dropped: {len(nxt.dropped)}" in res.output
    assert f"Projects added: {len(ADDED)}" in res.output
    assert nxt.renamed[1] in res.output and "Money per division" in res.output
    res = runner.invoke(app, ["diff", factory.DOC_ID, NEXT, "--data", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert {r["name_after"] for r in rows if r["change"] == "added"} == {n for _, n in ADDED}
    res = runner.invoke(
        app, ["diff", "--district", "บางนา", "--from", "2560", "--to", "2570", "--data", str(out)]
    )
    assert res.exit_code == 2 and "no plan of เขตบางนา for 2560" in res.output


def test_one_year_writes_no_changes(tmp_path):
    out = factory.write_dataset(tmp_path / "extracted")
    assert yearly.write_changes(out) == []
    assert not list((out / "changes").glob("*.parquet")) if (out / "changes").exists() else True


def _plan(doc_id: str, year: int, projects: list[tuple[str, int | None, str]]) -> yearly.Plan:
    rows = pd.DataFrame(
        {
            "doc_id": doc_id, "section": "routine", "seq": range(1, len(projects) + 1), "page": 1,
            "name": [p[0] for p in projects], "amount": [p[1] for p in projects], "note": None,
            "division": [p[2] for p in projects], "kr_code": None,
        }
    )  # fmt: skip
    rows["key"] = [yearly.normalise_name(n, "บางนา") for n in rows["name"]]
    krs = pd.DataFrame(columns=["kr_code", "component", "kr_name", "target_text", "page"])
    return yearly.Plan(doc_id, "บางนา", year, rows, krs)


def test_names_that_differ_in_a_number_are_two_projects():
    old = _plan("a", 2569, [("โครงการปรับปรุงซอยทองอยู่ 1", 4_794_000, "ฝ่ายโยธา"),
                            ("โครงการปรับปรุงโรงเรียนวัดบางนานอก", 673_000, "ฝ่ายการศึกษา")])  # fmt: skip
    new = _plan("b", 2570, [("โครงการปรับปรุงซอยทองอยู่ 2", 4_950_000, "ฝ่ายโยธา"),
                            ("โครงการปรับปรุงโรงเรียนวัดบางนานอก  (ระยะที่ 2)", 700_000, "ฝ่ายการศึกษา"),
                            ("กิจกรรม ปรับปรุงซอยทองอยู่ 1", 4_794_000, "ฝ่ายโยธา")])  # fmt: skip
    changes = yearly.compare(old, new)
    projects = changes[changes["section"] == "routine"]
    kinds = {k: set(g["name_after"].fillna(g["name_before"])) for k, g in projects.groupby("change")}
    # ซอยทองอยู่ 2 is not ซอยทองอยู่ 1 renamed, and a phase 2 is a project of its own
    assert kinds["added"] == {"โครงการปรับปรุงซอยทองอยู่ 2", "โครงการปรับปรุงโรงเรียนวัดบางนานอก  (ระยะที่ 2)"}
    assert kinds["dropped"] == {"โครงการปรับปรุงโรงเรียนวัดบางนานอก"}
    # ซอยทองอยู่ 1 is still there, renumbered and reworded (โครงการ -> กิจกรรม): no change at all
    assert set(kinds) == {"added", "dropped"}
