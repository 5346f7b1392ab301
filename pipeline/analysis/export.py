"""Exports for spreadsheet users: one CSV per table, or one Excel workbook with a sheet per table.

Thai text is kept as is (CSV in UTF-8 with a byte-order mark, so Excel opens it as UTF-8); a list
cell is joined into one readable cell (``ฝ่ายโยธา; ฝ่ายเทศกิจ``); timestamps are written in UTC.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import contract, database

LIST_SEPARATOR = "; "
CSV_ENCODING = "utf-8-sig"
EXCEL_SHEET_CHARS = 31  # Excel's limit on a sheet name


def _joined(value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "__len__") and not isinstance(value, (bytes, dict)):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    return value


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with ``; ``, timestamps as naive UTC (what CSV readers and Excel expect)."""
    df = df.copy()
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            df[col] = s.dt.tz_convert("UTC").dt.tz_localize(None)
        elif s.dtype == object:
            df[col] = s.map(_joined)
    return df


def frames(
    data_dir: Path, names: Iterable[str] | None = None, views: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table of the dataset (and with ``views`` the analyst views; or only ``names``) as
    readable frames."""
    con = database.connect(data_dir)
    try:
        existing = {
            r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        }
        default = [*database.dataset_tables(data_dir), *(database.ANALYST_VIEWS if views else ())]
        wanted = list(names) if names is not None else [t for t in default if t in existing]
        missing = [n for n in wanted if n not in existing]
        if missing:
            raise KeyError(f"no table or view named {', '.join(missing)}")
        order = _row_order(con)
        return {
            n: readable(_contract_order(n, con.sql(f'SELECT * FROM "{n}"{order.get(n, "")}').df()))
            for n in wanted
        }
    finally:
        con.close()


def _contract_order(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns first, in its order (empty when a file lacks one), then any others."""
    known = contract.arrow_schema(table)
    if known is None:
        return df
    for f in known:
        if f.name not in df.columns:
            df[f.name] = None
        elif pa.types.is_integer(f.type) and df[f.name].dtype.kind == "f":
            try:  # a file typed float by an older writer: written as the contract's integers
                df[f.name] = df[f.name].astype("Int64")
            except (TypeError, ValueError):
                pass
    return df[[*known.names, *(c for c in df.columns if c not in known.names)]]


def _row_order(con) -> dict[str, str]:
    """Tables with a document and page read in document order."""
    out = {}
    for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall():
        cols = {r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()}
        keys = [c for c in ("doc_id", "page", "seq", "item_id") if c in cols]
        if keys:
            out[name] = " ORDER BY " + ", ".join(f'"{c}"' for c in keys)
    return out


def _atomic(path: Path, write) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_csv(data_dir: Path, out_dir: Path, names: Iterable[str] | None = None) -> list[Path]:
    """``out_dir/<table>.csv`` for every table; the paths written."""
    written = []
    for name, df in frames(data_dir, names).items():
        written.append(
            _atomic(
                Path(out_dir) / f"{name}.csv",
                lambda p, df=df: df.to_csv(p, index=False, encoding=CSV_ENCODING),
            )
        )
    return written


def write_xlsx(data_dir: Path, out_file: Path, names: Iterable[str] | None = None) -> Path:
    """One workbook, a sheet per table then per analyst view (header row frozen, columns sized)."""
    tables = frames(data_dir, names, views=True)

    def write(path: str) -> None:
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            for name, df in tables.items():
                sheet = name[:EXCEL_SHEET_CHARS]
                df.to_excel(xl, sheet_name=sheet, index=False)
                ws = xl.sheets[sheet]
                ws.freeze_panes = "A2"
                for i, col in enumerate(df.columns, start=1):
                    longest = max([len(str(col)), *(len(str(v)) for v in df[col].head(200) if v is not None)])
                    ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, longest + 2)

    return _atomic(Path(out_file), write)
