"""The Great Expectations runner: an expectation's configuration is built once per validation."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.validate.core import _runner
from pipeline.validate.gx import memoized_configurations
from pipeline.validate.suites import Suite


def _suite() -> Suite:
    exps = [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"},
         "meta": {"id": "a-not-null", "severity": "error"}},
        {"type": "expect_column_values_to_be_between",
         "kwargs": {"column": "a", "min_value": 0, "max_value": 5},
         "meta": {"id": "a-range", "severity": "warning"}},
    ]  # fmt: skip
    return Suite(name="memo-test", table="memo_test", meta={}, expectations=exps)


@pytest.mark.slow  # Great Expectations imported and its context built (~10 s)
def test_a_configuration_is_built_once_within_a_validation_and_afresh_outside():
    import great_expectations as gx

    _runner()  # installs the memo (rule: memoized_configurations)
    exp = gx.expectations.ExpectColumnValuesToNotBeNull(column="a")
    assert exp.configuration is not exp.configuration  # GE builds a new one on every read
    with memoized_configurations():
        first = exp.configuration
        assert exp.configuration is first
    assert exp.configuration is not first
    assert exp.configuration.to_json_dict() == first.to_json_dict()


@pytest.mark.slow  # Great Expectations imported and its context built (~10 s)
def test_results_with_the_memo_are_those_without_it(monkeypatch):
    runner = _runner()
    df = pd.DataFrame({"a": [1, None, 7, 3]})
    with_memo = runner.run(_suite(), df, "doc")
    monkeypatch.setattr("pipeline.validate.gx.memoized_configurations", _no_memo)
    without = runner.run(_suite(), df, "doc")
    assert repr(with_memo) == repr(without)  # repr: the failing null reads as nan (nan != nan)
    assert [r.status for r, _ in with_memo] == ["failed", "failed"]


class _no_memo:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
