"""Result records shared by the Great Expectations runner, the pandas checks and the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

SEVERITIES = ("error", "warning")
# Failing rows listed per check in results.json and the report (the count stays exact, and
# rejects get every failing row of a blocking check).
MAX_ROWS_PER_CHECK = 200


@dataclass(slots=True)
class FailingRow:
    """One row that failed a check, located in the document."""

    table: str
    row: int | None  # position in the document's rows of `table` (None for table-level findings)
    page: int | None
    snippet: str
    value: str | None = None
    bbox: list[float] | None = None


@dataclass(slots=True)
class CheckResult:
    """The outcome of one check (GE expectation or pandas check) on one document."""

    check_id: str
    doc_id: str
    table: str
    engine: str  # "great_expectations" or "pandas"
    check: str  # expectation type or custom check name
    severity: str  # "error" or "warning"
    status: str  # "passed", "failed" or "skipped"
    about: str = ""
    column: str | None = None
    expected: str = ""
    observed: str = ""
    element_count: int | None = None
    unexpected_count: int = 0
    failing_rows: list[FailingRow] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def to_dict(self) -> dict[str, Any]:
        """The result for results.json: at most ``MAX_ROWS_PER_CHECK`` failing rows listed."""
        return asdict(replace(self, failing_rows=self.failing_rows[:MAX_ROWS_PER_CHECK]))
