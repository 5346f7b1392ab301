"""The analysts' files of a real run (the Bang Na plan through the whole pipeline): the DuckDB
database, money per strategy against the document's own totals, the datapackage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pipeline.analysis import dictionary
from pipeline.cli import app


def test_run_writes_the_database_and_money_per_strategy_matches_the_stated_totals(bangna_dataset):
    out, _ = bangna_dataset
    assert (out / "bkkplan.duckdb").is_file()
    query = (
        "SELECT m.list, sum(m.budget_baht) AS computed, any_value(s.stated_total_baht) AS stated "
        "FROM money_by_strategy m JOIN stated_totals s ON s.doc_id = m.doc_id AND s.section = m.list "
        "WHERE m.district = 'บางนา' AND m.fiscal_year = 2569 GROUP BY m.list ORDER BY m.list"
    )
    res = CliRunner().invoke(app, ["sql", query, "--data", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["list"] for r in rows] == ["key_projects", "routine_projects"]
    for r in rows:
        assert r["computed"] == r["stated"], r
    con = duckdb.connect(str(out / "bkkplan.duckdb"), read_only=True)
    strategies = con.execute(
        "SELECT count(DISTINCT strategy_no) FROM money_by_strategy WHERE list = 'key_projects'"
    ).fetchone()[0]
    con.close()
    assert strategies == 9


def test_run_writes_a_valid_datapackage(bangna_dataset):
    from frictionless import validate

    out, _ = bangna_dataset
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    names = {
        r["name"] for r in json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    }
    assert {"documents", "krs", "okr_rows", "key_projects", "routine_projects", "budgets"} <= names


DICTIONARY = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def dictionary_rows(text: str) -> dict[str, list[tuple[str, str, str, bool]]]:
    """{table: [(column, type, meaning, has an example)]} from the dictionary's Markdown."""
    tables: dict[str, list] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = tables.setdefault(line[3:].strip(), [])
        elif current is not None and line.startswith("| ") and not line.startswith("| column "):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            current.append((cells[0], cells[1], cells[2], cells[3] != dictionary.NO_EXAMPLE))
    return tables


def test_data_dictionary_is_generated_from_the_contract(bangna_dataset):
    """docs/data-dictionary.md says what the contract says, with an example wherever a real run
    has a value (regenerate: python -m pipeline.analysis.dictionary extracted docs/data-dictionary.md)."""
    out, _ = bangna_dataset
    fresh = dictionary_rows(dictionary.render(dictionary.column_values(out), "test"))
    kept = dictionary_rows(DICTIONARY.read_text(encoding="utf-8"))
    assert list(kept) == list(fresh), "tables differ: regenerate docs/data-dictionary.md"
    for table, rows in fresh.items():
        assert kept[table] == rows, f"{table} differs: regenerate docs/data-dictionary.md"
    assert any(has for rows in kept.values() for *_, has in rows)
