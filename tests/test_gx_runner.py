"""The Great Expectations runner: an expectation's configuration is built once per validation."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.validate.core import _runner
from pipeline.validate.gx import memoized_configurations
from pipeline.validate.suites import Suite

from . import dataset_factory as factory


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


def _python(script: str, *args: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{root / 'tests'}", "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_deferred_module_is_loaded_on_first_use():
    # Rule deferred_gx_imports: the import binds a stand-in; the first attribute read runs the module.
    out = _python(
        "import sys, types\nfrom pipeline.validate.gx import deferred_imports\n"
        "with deferred_imports(['colorsys']):\n    import colorsys\n"
        "print(type(sys.modules['colorsys']) is types.ModuleType)\n"
        "print(colorsys.rgb_to_hsv(1.0, 0.0, 0.0), type(colorsys) is types.ModuleType)\n"
    )
    assert out.split("\n")[:2] == ["False", "(0.0, 1.0, 1.0) True"]


VALIDATE_FACTORY_DATASET = """
import json, sys, types
from pathlib import Path
import dataset_factory as factory
from pipeline.validate import gx
if sys.argv[1] == "plain":
    gx.DEFERRED_IMPORTS = ()
from pipeline.validate import validate_dataset
v = validate_dataset(factory.write_dataset(Path(sys.argv[2]) / "extracted"), write_report=False)
print(json.dumps([repr(r) for r in v.results]))
print(json.dumps({m: type(sys.modules.get(m)) is types.ModuleType for m in ("scipy.stats", "altair")}))
"""


@pytest.mark.slow  # Great Expectations imported twice, in two fresh processes
@pytest.mark.skipif(not factory.GOLD.is_dir(), reason="gold tables not available (../shared)")
def test_validation_loads_no_deferred_module_and_reports_as_without_deferring(tmp_path):
    deferred = _python(VALIDATE_FACTORY_DATASET, "deferred", str(tmp_path / "d")).splitlines()
    plain = _python(VALIDATE_FACTORY_DATASET, "plain", str(tmp_path / "p")).splitlines()
    assert deferred[-1] == '{"scipy.stats": false, "altair": false}'  # stand-ins, never run
    assert plain[-1] == '{"scipy.stats": true, "altair": true}'
    assert deferred[-2] == plain[-2] and len(deferred[-2]) > 1000  # the same results


@pytest.mark.slow  # Great Expectations imported and its context built (~10 s)
def test_metric_ids_are_the_ones_great_expectations_makes():
    import datetime
    import enum
    import hashlib
    import json

    import numpy as np
    from great_expectations import util
    from great_expectations.core import id_dict
    from great_expectations.core.id_dict import IDDict

    _runner()  # installs the plain-data conversion (rule: plain_json_ids)
    assert id_dict.convert_to_json_serializable is not util.convert_to_json_serializable

    class Kind(enum.Enum):
        A = "a"

    cases = [
        {"column": "a", "row_condition": None, "condition_parser": None},
        {"value_set": ["x", 1, 2.5, True, None, float("nan")], "nested": IDDict({"b": (1, 2), 3: [None]})},
        {"n": np.int64(3), "f": np.float32(0.1), "kind": Kind.A, "day": datetime.date(2026, 1, 2)},
        {"mixed": [1, np.bool_(True), {"deep": (np.float64(2.0), "y")}], "s": {"only"}},
    ]
    for kwargs in cases:
        made = util.convert_to_json_serializable(data=dict(kwargs))  # GE's own conversion
        wanted = hashlib.md5(json.dumps(made, sort_keys=True).encode()).hexdigest()
        assert IDDict(kwargs).to_id() == wanted, kwargs
