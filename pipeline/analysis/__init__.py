"""Stage 8, analysis: what analysts use after a run, built from the dataset folder only.

``database`` (DuckDB views), ``export`` (CSV / Excel), ``datapackage`` (Frictionless descriptor),
``dictionary`` (docs/data-dictionary.md), ``yearly`` (what changed since last year), ``charts``.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def refresh(data_dir: Path) -> list[str]:
    """After a batch: the ``changes`` table, ``bkkplan.duckdb``, the CSV export with its
    ``datapackage.json``. A step that fails is reported in the returned notes, never raised: the
    extracted tables are already written and stay valid."""
    from . import database, datapackage, yearly

    notes = []
    for what, step in (
        ("changes table", yearly.write_changes),
        ("DuckDB database", database.refresh),
        ("CSV export and datapackage.json", datapackage.write),
    ):
        try:
            step(Path(data_dir))
        except Exception as exc:  # noqa: BLE001 - one failed extra must not fail the run
            log.exception("analysis: %s failed", what)
            notes.append(f"{what} not written: {type(exc).__name__}: {exc}")
    return notes
