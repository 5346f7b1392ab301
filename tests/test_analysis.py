"""The analysts' side of a dataset: DuckDB views, bkkplan sql, exports and the datapackage, on
datasets the tests write (the Bang Na gold; a small budget book beside it)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

import dataset_factory as factory  # noqa: E402

from pipeline.analysis import contract, database, datapackage, export  # noqa: E402
from pipeline.cli import app  # noqa: E402
from pipeline.schema import ALL_TABLES, DERIVED_TABLES, schema_of  # noqa: E402

pytestmark = pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available")
runner = CliRunner()


@pytest.fixture(scope="module")
def gold_dataset(tmp_path_factory) -> Path:
    return factory.write_dataset(tmp_path_factory.mktemp("gold") / "extracted")


def sql(data: Path, query: str, fmt: str = "json") -> list[dict]:
    res = runner.invoke(app, ["sql", query, "--data", str(data), "--format", fmt])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.output.splitlines()] if fmt == "json" else res.output


def test_money_per_strategy_adds_up_to_the_stated_totals(gold_dataset):
    rows = sql(
        gold_dataset,
        "SELECT list, sum(budget_baht) AS baht, sum(projects) AS n FROM money_by_strategy GROUP BY list",
    )
    stated = pd.read_parquet(gold_dataset / "stated_totals").set_index("section")
    got = {r["list"]: (r["baht"], r["n"]) for r in rows}
    for section in ("key_projects", "routine_projects"):
        assert got[section] == (stated.at[section, "stated_total_baht"], stated.at[section, "stated_count"])
    per = sql(gold_dataset, "SELECT strategy_no, strategy_name, budget_baht FROM money_by_strategy "
                            "WHERE list = 'key_projects' ORDER BY strategy_no")  # fmt: skip
    assert [r["strategy_no"] for r in per] == list(range(1, 10))
    assert per[4]["strategy_name"] == "ด้านสุขภาพดี" and per[4]["budget_baht"] == 12_060_745


def test_views_answer_the_analysts_questions(gold_dataset):
    con = database.connect(gold_dataset)
    division_total = con.execute("SELECT sum(total_baht) FROM money_by_division").fetchone()[0]
    assert round(division_total) == 16_867_765 + 148_449_240
    years = dict(
        con.execute("SELECT budget_year, amount_baht FROM money_by_year WHERE section = 'routine'").fetchall()
    )
    assert years == {2569: 148_449_240, 2570: 210_750_000, 2571: 56_200_000}
    no_money = con.execute("SELECT count(*) FROM key_projects_without_money").fetchone()[0]
    assert no_money == 71 - 7
    kr = con.execute("SELECT project_name, budget_baht FROM kr_projects WHERE kr_code = '51101'").fetchall()
    assert ("กิจกรรมส่งเสริมการใช้งบประมาณกองทุนหลักประกันสุขภาพกรุงเทพมหานคร", 11_923_245) in kr
    unreconciled = con.execute("SELECT total_of FROM totals_check WHERE NOT reconciled").fetchall()
    assert unreconciled == [("subdistricts.area_km2",)]  # the printed 17.789 km² against 18.789
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    # The budget-book tables are contract tables (empty here): their views exist, with no rows.
    for view in ("budget_programme_overview", "plan_vs_budget_by_division"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == 0
    assert set(ALL_TABLES) <= views  # every contract table, empty ones too


def test_database_file_is_refreshed_and_readable_by_duckdb(gold_dataset):
    import duckdb

    path = database.refresh(gold_dataset)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM key_projects").fetchone()[0] == 71
    con.close()
    assert not [p for p in gold_dataset.iterdir() if p.name.startswith(".")]  # no temp file left


def test_sql_prints_a_table_and_explains_errors(gold_dataset):
    out = sql(
        gold_dataset,
        "SELECT strategy_name, budget_baht FROM money_by_strategy WHERE strategy_no = 5",
        "table",
    )
    assert "ด้านสุขภาพดี" in out and "12,060,745" in out
    res = runner.invoke(app, ["sql", "SELECT * FROM no_such_table", "--data", str(gold_dataset)])
    assert res.exit_code == 2 and "no_such_table" in res.output
    res = runner.invoke(app, ["sql", "SELECT 1", "--data", str(gold_dataset / "nope")])
    assert res.exit_code == 2 and "not a bkkplan dataset" in res.output


def test_version_and_help():
    from pipeline import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"bkkplan {__version__}"
    for cmd in ("sql", "export", "diff"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0, cmd
        assert "บางนา" in res.output or "ฝ่าย" in res.output, cmd  # a Thai example


def test_xlsx_has_a_sheet_per_table_with_thai_and_joined_lists(gold_dataset, tmp_path):
    import openpyxl

    res = runner.invoke(
        app, ["export", "--format", "xlsx", "--data", str(gold_dataset), "--out", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(tmp_path / "bkkplan.xlsx", read_only=True)
    assert {"documents", "key_projects", "routine_projects", "budgets", "money_by_strategy"} <= set(
        wb.sheetnames
    )
    rows = list(wb["key_projects"].iter_rows(values_only=True))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "divisions" in header and len(rows) == 72
    gold = pd.read_parquet(factory.GOLD / "key_projects.parquet").iloc[0]
    assert first["project_name"] == gold["project_name"]  # Thai intact
    assert first["divisions"] == "; ".join(gold["divisions"])
    two = [r for r in rows[1:] if r[header.index("policy_codes")] and ";" in r[header.index("policy_codes")]]
    assert two and two[0][header.index("policy_codes")].count("; ") >= 1


def test_csv_export_opens_as_utf8_with_thai(gold_dataset, tmp_path):
    res = runner.invoke(
        app, ["export", "--format", "csv", "--data", str(gold_dataset), "--out", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    with open(tmp_path / "routine_projects.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 47 and rows[0]["division"].startswith("ฝ่าย")
    assert (tmp_path / "datapackage.json").is_file()


def test_datapackage_is_valid_for_frictionless(gold_dataset):
    from frictionless import validate

    path = datapackage.write(gold_dataset)
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    desc = json.loads(path.read_text(encoding="utf-8"))
    res = {r["name"]: r for r in desc["resources"]}
    kp = res["key_projects"]["schema"]
    assert kp["primaryKey"] == ["doc_id", "seq"]
    assert kp["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["doc_id"]}
    fields = {f["name"]: f for f in kp["fields"]}
    assert fields["divisions"] == {
        **fields["divisions"],
        "type": "list",
        "delimiter": "; ",
        "itemType": "string",
    }
    assert fields["budget_baht"]["type"] == "integer" and fields["budget_baht"]["description"]


def test_frictionless_catches_a_broken_key(tmp_path):
    """The validation can fail: a key project of a document the dataset does not hold, a duplicate seq."""
    from frictionless import validate

    def orphan(frames):
        kp = frames["key_projects"]
        kp.loc[0, "doc_id"] = "not-a-document"
        kp.loc[2, "seq"] = kp.loc[1, "seq"]

    out = factory.write_dataset(tmp_path / "extracted", orphan)
    report = validate(str(datapackage.write(out)))
    types = {e["type"] for e in report.flatten(["type"]) for e in [{"type": e[0]}]}
    assert not report.valid and {"foreign-key", "primary-key"} <= types


def test_every_column_is_described():
    for table in [*ALL_TABLES, *DERIVED_TABLES]:
        missing = [f.name for f in schema_of(table) if not contract.describe(table, f.name)]
        assert not missing, (table, missing)
        assert contract.table_info(table).get("description"), table


# --- budget books: views created only when their tables exist ----------------------------------

BOOK = "book-bangna-2569"
BOOK_TABLES = {
    "budget_programs": pa.schema([("doc_id", pa.string()), ("district", pa.string()),
                                  ("fiscal_year", pa.int16()), ("page", pa.int16()),
                                  ("program_code", pa.string()), ("program_name", pa.string()),
                                  ("division", pa.string()), ("objective", pa.string()),
                                  ("activities", pa.list_(pa.string())), ("budget_baht", pa.int64()),
                                  ("off_budget_baht", pa.int64()), ("total_baht", pa.int64()),
                                  ("bbox", pa.list_(pa.float64()))]),
    "budget_kpis": pa.schema([("doc_id", pa.string()), ("district", pa.string()), ("fiscal_year", pa.int16()),
                              ("page", pa.int16()), ("program_code", pa.string()), ("indicator", pa.string()),
                              ("unit", pa.string()), ("year", pa.int16()), ("kind", pa.string()),
                              ("value_text", pa.string()), ("value", pa.float64()),
                              ("bbox", pa.list_(pa.float64()))]),
}  # fmt: skip
PROGRAMS = [  # (code, name, division as the book prints it, total)
    ("1300002", "งานปกครอง", "ฝ่ายปกครอง", 7_768_340),
    ("1300010", "งานรักษาความสะอาด", "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", 98_120_000),
    ("1300012", "งานพัฒนาชุมชน", "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม", 3_400_500),
]


def write_budget_book(out: Path, book: str = BOOK, year: int = 2569) -> None:
    common = {"doc_id": book, "district": "บางนา", "fiscal_year": year, "bbox": [40.0, 100.0, 300.0, 112.0]}
    programs = [{**common, "page": 10 + i, "program_code": c, "program_name": n, "division": d,
                 "objective": None,
                 "activities": ["กิจกรรมหลัก"], "budget_baht": t, "off_budget_baht": None, "total_baht": t}
                for i, (c, n, d, t) in enumerate(PROGRAMS)]  # fmt: skip
    kpis = [{**common, "page": 10 + i, "program_code": c, "indicator": f"ตัวชี้วัดของ{n}", "unit": "ร้อยละ",
             "year": y, "kind": kind, "value_text": str(v), "value": float(v)}
            for i, (c, n, _, _) in enumerate(PROGRAMS)
            for y, kind, v in ((year - 1, "past", 80), (year, "current", 90),
                               (year + 1, "plan", 95))]  # fmt: skip
    for table, rows in (("budget_programs", programs), ("budget_kpis", kpis)):
        (out / table).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=BOOK_TABLES[table]), out / table / f"{book}.parquet")
    doc = pd.read_parquet(out / "documents" / f"{factory.DOC_ID}.parquet")
    doc = doc.assign(doc_id=book, title="งบประมาณรายจ่าย", fiscal_year=pd.array([year], dtype="int16"))
    pq.write_table(pa.Table.from_pandas(doc, preserve_index=False), out / "documents" / f"{book}.parquet")


def test_budget_book_views_when_a_district_has_both_documents(tmp_path):
    out = factory.write_dataset(tmp_path / "extracted")
    write_budget_book(out)
    con = database.connect(out)
    overview = con.execute("SELECT program_code, total_baht, indicators, this_year_targets "
                       "FROM budget_programme_overview ORDER BY program_code").fetchall()  # fmt: skip
    assert [r[0] for r in overview] == [c for c, *_ in PROGRAMS]
    assert overview[0][1:3] == (7_768_340, 1) and overview[0][3] == "ตัวชี้วัดของงานปกครอง: 90 ร้อยละ"
    both = {r[0]: r[1:] for r in con.execute(
        "SELECT division, plan_projects, plan_baht, budget_programmes, budget_book_baht "
        "FROM plan_vs_budget_by_division WHERE district = 'บางนา' AND fiscal_year = 2569"
    ).fetchall()}  # fmt: skip
    # the plan prints ฝ่ายรักษาความสะอาดฯ, the book the full name: one division
    clean = both["ฝ่ายรักษาความสะอาดและสวนสาธารณะ"]
    assert clean[0] > 0 and clean[2:] == (1, 98_120_000)
    assert both["ฝ่ายปกครอง"][2:] == (1, 7_768_340)
    assert round(sum(v[1] for v in both.values())) == 16_867_765 + 148_449_240
    # a book of another year has no plan beside it: not in the view
    assert (
        con.execute("SELECT count(*) FROM plan_vs_budget_by_division WHERE fiscal_year <> 2569").fetchone()[0]
        == 0
    )
    con.close()
    frames = export.frames(out, ["budget_programs"])
    assert frames["budget_programs"]["activities"].tolist() == ["กิจกรรมหลัก"] * 3


def test_shared_views_are_built_once_per_listing_of_the_files(tmp_path, monkeypatch):
    out = factory.write_dataset(tmp_path / "extracted")
    builds = []
    build = database.build
    monkeypatch.setattr(database, "build", lambda con, d: builds.append(d) or build(con, d))
    with database.shared(out):
        for _ in range(3):  # the report, the changes table, the CSV export
            con = database.connect(out)
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
            con.close()  # a cursor: the shared database stays open
        assert len(builds) == 1
        write_budget_book(out)  # a step adds files: the views are built again, and see them
        con = database.connect(out)
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM budget_programs").fetchone()[0] == len(PROGRAMS)
        assert len(builds) == 2
    database.connect(out).close()  # outside the block: a database of its own
    assert len(builds) == 3
