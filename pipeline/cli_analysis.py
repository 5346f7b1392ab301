"""The analysts' commands of ``bkkplan``: sql, export, diff, and ``--version``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

DEFAULT_DATA = Path("extracted")
DataOption = Annotated[
    Path,
    typer.Option("--data", help="dataset folder, as written by `bkkplan run --out`"),
]


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def _need_dataset(data: Path) -> None:
    if not (data.is_dir() and (data / "documents").is_dir()):
        typer.echo(
            f"error: {data} is not a bkkplan dataset (no documents/ folder); run `bkkplan run` first",
            err=True,
        )
        raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bkkplan {__version__}")
        raise typer.Exit()


def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Bangkok district plan PDFs to tables."""


def sql(
    query: Annotated[
        str, typer.Argument(help="a DuckDB SELECT over the tables and views", show_default=False)
    ],
    data: DataOption = DEFAULT_DATA,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table (for reading), csv or json (one object a line)")
    ] = QueryFormat.table,
) -> None:
    """Run an SQL query on the dataset and print the result.

    Every table is a view (documents, krs, key_projects, budgets, …), and so are the analyst views:
    money_by_strategy, money_by_division, money_by_year, kr_projects, key_projects_without_money,
    totals_check, changes; with budget books also budget_programme_overview and
    plan_vs_budget_by_division. The same views are in extracted/bkkplan.duckdb for DuckDB itself.

    Examples:

      bkkplan sql "SELECT strategy_name, budget_baht FROM money_by_strategy WHERE district = 'บางนา'"

      bkkplan sql "SELECT * FROM key_projects_without_money" --format csv > no_money.csv
    """
    import duckdb

    from .analysis import console, database

    _need_dataset(data)
    con = database.connect(data)
    try:
        cur = con.execute(query)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if columns else []
    except duckdb.Error as exc:
        typer.echo(f"error: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(2) from exc
    finally:
        con.close()
    if columns:
        typer.echo(console.render(columns, rows, fmt.value))


def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="csv: one file per table; xlsx: one workbook")
    ] = ExportFormat.xlsx,
    data: DataOption = DEFAULT_DATA,
    out: Annotated[
        Path | None, typer.Option("--out", help="destination folder (default: DATA/export/)")
    ] = None,
    tables: Annotated[
        list[str] | None,
        typer.Option("--table", help="only this table or view (repeatable), e.g. money_by_division"),
    ] = None,
) -> None:
    """Write the tables for spreadsheets: Thai text intact, lists joined ("ฝ่ายโยธา; ฝ่ายเทศกิจ").

    xlsx gives bkkplan.xlsx, a sheet per table and per analyst view; csv gives <table>.csv
    (UTF-8 that Excel opens) and a datapackage.json describing them (Frictionless Data).

    Example: bkkplan export --format xlsx --out ~/บางนา
    """
    from .analysis import datapackage
    from .analysis import export as exporter

    _need_dataset(data)
    out = out or data / "export"
    try:
        if fmt is ExportFormat.xlsx:
            written = [exporter.write_xlsx(data, out / "bkkplan.xlsx", tables)]
        elif tables:
            written = exporter.write_csv(data, out, tables)
        else:
            package = datapackage.write(data, out, out / "datapackage.json")
            written = [*sorted(out.glob("*.csv")), package]
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from exc
    for path in written:
        typer.echo(str(path))


def diff(
    docs: Annotated[
        list[str] | None,
        typer.Argument(help="two doc_ids, earlier then later (instead of --district/--from/--to)"),
    ] = None,
    district: Annotated[str | None, typer.Option("--district", help="district in Thai, e.g. บางนา")] = None,
    from_year: Annotated[
        int | None, typer.Option("--from", help="earlier fiscal year (BE), e.g. 2569")
    ] = None,
    to_year: Annotated[int | None, typer.Option("--to", help="later fiscal year (BE), e.g. 2570")] = None,
    data: DataOption = DEFAULT_DATA,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table (sections for reading), csv or json")
    ] = QueryFormat.table,
) -> None:
    """What changed between two plans of a district: projects added, dropped, renamed and
    re-budgeted, KR targets changed, and money per division then and now.

    Projects are matched by normalised name, division and KR (not by number or amount, which change
    every year); KRs by code.

    Examples:

      bkkplan diff --district บางนา --from 2569 --to 2570

      bkkplan diff bangna-2569 bangna-2570 --format csv > changes.csv
    """
    from .analysis import console, yearly

    _need_dataset(data)
    plans = yearly.load_plans(data)
    try:
        if docs:
            if len(docs) != 2:
                raise KeyError("give two doc_ids (earlier, later) or --district with --from and --to")
            old, new = (yearly.find_plan(plans, ref=d) for d in docs)
        elif district and from_year and to_year:
            old = yearly.find_plan(plans, district=district, year=from_year)
            new = yearly.find_plan(plans, district=district, year=to_year)
        else:
            raise KeyError("give two doc_ids, or --district with --from and --to")
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from exc
    changes = yearly.compare(old, new)
    if fmt is not QueryFormat.table:
        rows = [[None if _missing(v) else v for v in r] for r in changes.itertuples(index=False)]
        typer.echo(console.render(list(changes.columns), rows, fmt.value))
        return
    typer.echo(f"เขต{new.district}: {old.doc_id} ({old.fiscal_year}) -> {new.doc_id} ({new.fiscal_year})")
    for title, kinds, cols in yearly.DIFF_SECTIONS:
        part = changes[changes["change"].isin(kinds)]
        typer.echo(f"\n{title}: {len(part)}")
        if len(part):
            rows = [[None if _missing(v) else v for v in r] for r in part[cols].itertuples(index=False)]
            typer.echo(console.render(cols, rows, "table"))


def _missing(v) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, (list, tuple)) and bool(pd.isna(v)))


def register(app: typer.Typer) -> None:
    """Add the analysts' commands and --version to the ``bkkplan`` app."""
    app.callback()(main)
    app.command()(sql)
    app.command()(export)
    app.command()(diff)
