"""Validation stage: Great Expectations suites (pipeline/data/expectations/*.json) plus pandas checks.

Public API used by the CLI::

    from pipeline.validate import validate_dataset, ValidationInputError
    outcome = validate_dataset(Path("extracted"))
    print(outcome.summary_text()); raise SystemExit(outcome.exit_code)
"""

from .core import ValidationOutcome, summarize, validate_dataset
from .dataset import ValidationInputError
from .results import CheckResult, FailingRow
from .suites import SuiteError, load_suites

__all__ = [
    "CheckResult",
    "FailingRow",
    "SuiteError",
    "ValidationInputError",
    "ValidationOutcome",
    "load_suites",
    "summarize",
    "validate_dataset",
]
