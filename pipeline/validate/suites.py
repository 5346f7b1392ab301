"""Loading the reviewed suites of pipeline/data/expectations/*.json (package data)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The division reference list is the vocabulary's (read once there); validate.core loads it from here.
from ..vocabulary import divisions as load_divisions  # noqa: F401

# The suites are package data, so an installed (non-editable) package finds them too.
DEFAULT_SUITES_DIR = Path(__file__).resolve().parents[1] / "data" / "expectations"
# The whole-dataset suite (text columns of every table, repair-stage quality) is not tied to one table.
TEXT_SUITE = "text_quality"


class SuiteError(ValueError):
    """A suite file is malformed (unknown severity, missing id...)."""


@dataclass(slots=True)
class Suite:
    """One table's checks: GE expectations (JSON as GE serialises them) plus pandas checks."""

    name: str
    table: str
    meta: dict[str, Any]
    expectations: list[dict[str, Any]]
    custom_checks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def snippet_columns(self) -> list[str]:
        return list(self.meta.get("snippet_columns", []))


def suites_dir() -> Path:
    """Where suites live: $BKKPLAN_EXPECTATIONS or the package's ``data/expectations/``."""
    return Path(os.environ.get("BKKPLAN_EXPECTATIONS", DEFAULT_SUITES_DIR))


def suites_digest(directory: Path | None = None) -> str:
    """A hash of the suite files: a validation record made with other suites is made again
    (``$BKKPLAN_EXPECTATIONS`` may point outside the package, which the pipeline fingerprint covers)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((directory or suites_dir()).glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load_suites(directory: Path | None = None) -> dict[str, Suite]:
    """Read every ``*.json`` suite, checking each check has an id and a known severity."""
    directory = directory or suites_dir()
    suites: dict[str, Suite] = {}
    for path in sorted(directory.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        meta = raw.get("meta", {})
        suite = Suite(
            name=raw["name"],
            table=meta.get("table", raw["name"]),
            meta=meta,
            expectations=raw.get("expectations", []),
            custom_checks=raw.get("custom_checks", []),
        )
        for exp in suite.expectations:
            _check_severity(path, exp.get("meta", {}).get("id"), exp.get("meta", {}).get("severity"))
        for chk in suite.custom_checks:
            _check_severity(path, chk.get("id"), chk.get("severity"))
        suites[suite.name] = suite
    if not suites:
        raise SuiteError(f"no suites in {directory}")
    return suites


def _check_severity(path: Path, check_id: str | None, severity: str | None) -> None:
    if not check_id:
        raise SuiteError(f"{path.name}: a check has no id")
    if severity not in ("error", "warning"):
        raise SuiteError(f"{path.name}: {check_id} has severity {severity!r} (expected error or warning)")
