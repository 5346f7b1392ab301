"""The dataset as an embedded DuckDB database: a view per table over its Parquet files, and the
analyst views of ``sql/*.sql`` (money per strategy, division and year, KRs with their projects…).

The views read the Parquet files at query time, so ``extracted/bkkplan.duckdb`` always shows what
the folder holds; ``bkkplan run`` rebuilds it after each batch. A view whose ``-- requires:`` tables
are not in the dataset (the budget-book views on a dataset of plans only) is not created.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from .. import schema
from . import contract

DATABASE_NAME = "bkkplan.duckdb"
# Analyst views, in creation order (a view may use the ones above it).
ANALYST_VIEWS = (
    "money_by_strategy",
    "money_by_division",
    "money_by_year",
    "kr_projects",
    "key_projects_without_money",
    "totals_check",
    "budget_programme_overview",
    "plan_vs_budget_by_division",
)
_REQUIRES = re.compile(r"^--\s*requires:\s*(.+)$", re.MULTILINE)
log = logging.getLogger(__name__)


def parquet_files(data_dir: Path, table: str) -> list[Path]:
    """The table's Parquet files (one per document, or hive partitions), temp files left out."""
    folder = Path(data_dir) / table
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_")))


def dataset_tables(data_dir: Path) -> list[str]:
    """Tables of the contract, then any other table folder with Parquet files (e.g. budget books)."""
    known = [*schema.ALL_TABLES, *schema.DERIVED_TABLES]
    root = Path(data_dir)
    folders: list[str] = []
    if root.is_dir():  # hidden folders are not tables: .store holds the documents' generations
        folders = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return known + [t for t in folders if t not in known and parquet_files(data_dir, t)]


def _sql_type(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return _sql_type(t.value_type) + "[]"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    names = {"string": "VARCHAR", "int16": "SMALLINT", "int32": "INTEGER", "int64": "BIGINT",
             "double": "DOUBLE", "bool": "BOOLEAN", "float": "FLOAT"}  # fmt: skip
    return names[str(t)]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path.resolve()).replace("'", "''") + "'"


def _table_view(con: duckdb.DuckDBPyConnection, data_dir: Path, table: str) -> bool:
    """A view over the table's files; an empty typed view when the contract knows a table with none."""
    files = parquet_files(data_dir, table)
    if files:
        listed = ", ".join(_literal(f) for f in files)
        body = f"SELECT * FROM read_parquet([{listed}], union_by_name = true)"
    elif table in schema.ALL_TABLES or table in schema.DERIVED_TABLES:
        cols = ", ".join(
            f"CAST(NULL AS {_sql_type(f.type)}) AS {_quote(f.name)}" for f in schema.schema_of(table)
        )
        body = f"SELECT {cols} WHERE false"
    else:
        return False
    con.execute(f"CREATE OR REPLACE VIEW {_quote(table)} AS {body}")
    return True


def _division_names(con: duckdb.DuckDBPyConnection) -> None:
    """The reference list of divisions as (variant, name) rows, the full name a variant of itself."""
    con.execute("CREATE OR REPLACE TABLE division_names (variant VARCHAR PRIMARY KEY, name VARCHAR)")
    con.executemany("INSERT INTO division_names VALUES (?, ?)", list(contract.division_aliases().items()))


def view_sql(name: str) -> str:
    """The SQL text of an analyst view (``pipeline/analysis/sql/<name>.sql``)."""
    return resources.files("pipeline.analysis").joinpath(f"sql/{name}.sql").read_text(encoding="utf-8")


def build(con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[str]:
    """Create every table view and the analyst views whose tables exist; the names created."""
    created = [t for t in dataset_tables(data_dir) if _table_view(con, data_dir, t)]
    _division_names(con)
    for name in ANALYST_VIEWS:
        sql = view_sql(name)
        needs = [t.strip() for m in _REQUIRES.findall(sql) for t in m.split(",")]
        if all(t in created for t in needs):
            con.execute(sql)
            created.append(name)
    return created


def connect(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the dataset's views (always current, no file written).

    Inside a ``shared(data_dir)`` block, a cursor of the block's database (close it as a
    connection): its views are built once per listing of the folder's Parquet files."""
    data_dir = Path(data_dir)
    if _session is not None and _session.data_dir == data_dir.resolve():
        return _session.cursor()
    con = duckdb.connect(":memory:")
    build(con, data_dir)
    return con


def _listing(data_dir: Path) -> tuple[tuple[str, tuple[Path, ...]], ...]:
    """What the views are built from: each table's Parquet files (read when queried, not here)."""
    return tuple((t, tuple(parquet_files(data_dir, t))) for t in dataset_tables(data_dir))


class _Session:
    """One in-memory database whose views are rebuilt only when the folder's files change."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.listing: tuple = ()
        self.builds = 0

    def cursor(self) -> duckdb.DuckDBPyConnection:
        listing = _listing(self.data_dir)
        if self.con is None or listing != self.listing:
            self.close()
            self.con = duckdb.connect(":memory:")
            build(self.con, self.data_dir)
            self.listing, self.builds = listing, self.builds + 1
        return self.con.cursor()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


_session: _Session | None = None


@contextmanager
def shared(data_dir: Path) -> Iterator[_Session]:
    """Within the block, ``connect(data_dir)`` shares one database (rule: shared_views): the
    report and the analysis files of a run read the same views, built once (four times before,
    ~0.1 s CPU each), and again only after a step adds or removes a table's file."""
    global _session
    outer, _session = _session, _Session(Path(data_dir))
    try:
        yield _session
    finally:
        _session.close()
        log.debug("shared_views: %s built %d time(s)", data_dir, _session.builds)
        _session = outer


def refresh(data_dir: Path) -> Path:
    """Rebuild ``data_dir/bkkplan.duckdb``; written aside and renamed, so a reader never sees half."""
    data_dir = Path(data_dir)
    target = data_dir / DATABASE_NAME
    fd, tmp = tempfile.mkstemp(prefix=f".{DATABASE_NAME}.", suffix=".tmp", dir=data_dir)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            build(con, data_dir)
        finally:
            con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return target
