"""Query results printed for people (a table that keeps Thai columns aligned) or programs (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .export import LIST_SEPARATOR


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"
    return str(v)


def _json_value(v: Any) -> Any:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, width: int | None = None) -> str:
    """``rows`` as a table (numbers right-aligned, thousands separated), CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(
            json.dumps({c: _json_value(v) for c, v in zip(columns, r, strict=True)}, ensure_ascii=False)
            for r in rows
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(
            [LIST_SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in r] for r in rows
        )
        return buf.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    numeric = [
        all(
            isinstance(r[i], (int, float, Decimal)) and not isinstance(r[i], bool)
            for r in rows
            if r[i] is not None
        )
        and any(r[i] is not None for r in rows)
        for i in range(len(columns))
    ]
    for c, is_num in zip(columns, numeric, strict=True):
        table.add_column(c, justify="right" if is_num else "left", overflow="fold")
    for r in rows:
        table.add_row(*(_cell(v) for v in r))
    if width is None:  # the terminal's width; wide enough for Thai project names in a pipe
        width = shutil.get_terminal_size((200, 24)).columns if sys.stdout.isatty() else 200
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    console.print(table)
    console.print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return console.file.getvalue().rstrip("\n")
