"""Great Expectations, built once per process: one ephemeral context, one pandas datasource,
one whole-dataframe batch definition per table.  GE is imported lazily (it takes ~3 s)."""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

import pandas as pd

from .results import CheckResult
from .suites import Suite

# GE severities are critical/warning/info; ours are error/warning.
_GX_SEVERITY = {"error": "critical", "warning": "warning"}

# GE 1.x rebuilds ``Expectation.configuration`` (a pydantic ``.dict()``, a class-name regex and
# a new ExpectationConfiguration) on every read, and reads it once per kwarg while it builds the
# metric graph: ~16,000 builds for one plan's ~230 expectations, half of validation's CPU.  The
# expectation objects of one ``batch.validate`` are built for it and not changed while it runs,
# so within one run each one's configuration is built once (rule: memoized_configurations).
_memo = threading.local()


def _install_configuration_memo(expectation_cls) -> None:
    """Make ``expectation_cls.configuration`` answer from the running validation's memo, if any."""
    built = expectation_cls.__dict__["configuration"]
    if getattr(built.fget, "_bkkplan_memo", False):
        return

    def configuration(self):
        memo = getattr(_memo, "configs", None)
        if memo is None:
            return built.fget(self)
        key = id(self)
        hit = memo.get(key)
        if hit is None:  # the instance is kept with its entry: its id cannot be reused meanwhile
            hit = memo[key] = (self, built.fget(self))
        return hit[1]

    configuration._bkkplan_memo = True
    expectation_cls.configuration = property(configuration, doc=built.__doc__)


@contextmanager
def memoized_configurations():
    """While the block runs (in this thread), each expectation's configuration is built once."""
    outer = getattr(_memo, "configs", None)
    _memo.configs = {} if outer is None else outer
    try:
        yield _memo.configs
    finally:
        _memo.configs = outer


# GE names every metric it computes by an md5 of its kwargs made JSON-ready by
# ``convert_to_json_serializable``, which tries some thirty types in turn (pydantic models,
# numpy scalars by dtype, pandas, Spark, SQLAlchemy...) before it reaches a ``None``: ~13,000
# ids and ~37,000 conversions per plan, a sixth of validation's CPU.  Kwargs made only of
# str/int/bool/None/float, lists, tuples and dicts are converted here as that function would
# (NaN -> None, tuple -> list, keys -> str); anything else goes to it (rule: plain_json_ids).
class _NotPlain(Exception):
    pass


def _plain_json(data: Any, id_dict: type) -> Any:
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if kind is float:
        return None if data != data else data  # NaN, as GE writes it
    if kind is dict or kind is id_dict:
        return {str(k): _plain_json(v, id_dict) for k, v in data.items()}
    if kind is list or kind is tuple:
        return [_plain_json(v, id_dict) for v in data]
    raise _NotPlain


def _install_plain_json_ids() -> None:
    """Give ``IDDict.to_id`` the plain-data conversion, GE's own for anything else."""
    from great_expectations.core import id_dict

    convert = id_dict.convert_to_json_serializable
    if getattr(convert, "_bkkplan_plain", False):
        return

    def convert_ids(data):
        try:
            return _plain_json(data, id_dict.IDDict)
        except _NotPlain:
            return convert(data)

    convert_ids._bkkplan_plain = True
    id_dict.convert_to_json_serializable = convert_ids


# Modules Great Expectations imports as it loads but only a few of its expectations and its Data
# Docs use: scipy.stats (the KL-divergence and KS-test expectations) and altair (Data Docs
# charts).  Loading them is a third of GE's import (~0.8 s CPU in each validating process);
# none of our checks needs them, so they are imported lazily (rule: deferred_gx_imports): a
# module object stands in, and the real module is loaded the first time one of its names is
# read, by whatever reads it.
DEFERRED_IMPORTS = ("scipy.stats", "altair")


class _DeferredFinder(importlib.abc.MetaPathFinder):
    """Finds each named module once, as the other finders would, with a lazy loader."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = set(names)

    def find_spec(self, name, path=None, target=None):
        if name not in self.names:
            return None
        self.names.discard(name)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


@contextmanager
def deferred_imports(names: Iterable[str]):
    """While the block runs, importing one of ``names`` (not imported yet) binds a lazy module:
    it is executed on the first access to one of its attributes, as a plain import would have."""
    finder = _DeferredFinder(n for n in names if n not in sys.modules)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


class GxRunner:
    """Runs table suites on per-document dataframes, reusing the context and batch definitions."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        with deferred_imports(DEFERRED_IMPORTS):
            import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.expectations.expectation import Expectation

        _install_configuration_memo(Expectation)
        _install_plain_json_ids()
        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self.datasource = self.context.data_sources.add_pandas("bkkplan")
        self._batch_defs: dict[str, Any] = {}
        self._suites: dict[str, Any] = {}

    def prepare(self, suites) -> None:
        """Build the GE suites and batch definitions of ``suites`` ahead of their first use."""
        for suite in suites:
            if suite.expectations:
                self._gx_suite(suite)
                self._batch_definition(suite.table)

    def _batch_definition(self, table: str) -> Any:
        if table not in self._batch_defs:
            asset = self.datasource.add_dataframe_asset(table)
            self._batch_defs[table] = asset.add_batch_definition_whole_dataframe(f"{table}-whole")
        return self._batch_defs[table]

    def _gx_suite(self, suite: Suite) -> Any:
        if suite.name not in self._suites:
            exps = []
            for e in suite.expectations:
                e = dict(e)
                e["severity"] = _GX_SEVERITY[e["meta"]["severity"]]
                exps.append(e)
            self._suites[suite.name] = self._gx.ExpectationSuite(name=suite.name, expectations=exps)
        return self._suites[suite.name]

    def run(self, suite: Suite, df: pd.DataFrame, doc_id: str) -> list[tuple[CheckResult, list[Any]]]:
        """Validate one document's rows; return each result with its failing row positions."""
        if not suite.expectations:
            return []
        gsuite = self._gx_suite(suite)
        batch = self._batch_definition(suite.table).get_batch(batch_parameters={"dataframe": df})
        with memoized_configurations():
            res = batch.validate(gsuite, result_format={"result_format": "COMPLETE"})
        by_id = {e["meta"]["id"]: e for e in suite.expectations}
        out = []
        for r in res.results:
            cfg = r.expectation_config
            spec = by_id[cfg.meta["id"]]
            out.append(_to_result(spec, r.success, r.result or {}, r.exception_info or {}, suite, df, doc_id))
        order = {e["meta"]["id"]: n for n, e in enumerate(suite.expectations)}
        out.sort(key=lambda x: order[x[0].check_id])
        return out


def describe_expected(typ: str, kw: dict[str, Any]) -> str:
    """A short human reading of what an expectation wants."""
    name = typ.removeprefix("expect_")
    if "value_set" in kw:
        return f"in {{{', '.join(map(str, kw['value_set']))}}}"
    if "regex" in kw:
        return f"{'not ' if 'not_match' in typ else ''}matching {kw['regex']}"
    if "min_value" in kw or "max_value" in kw:
        lo, hi = kw.get("min_value"), kw.get("max_value")
        return f"between {lo if lo is not None else '-∞'} and {hi if hi is not None else '∞'}"
    if "column_list" in kw:
        return f"unique ({', '.join(kw['column_list'])})"
    if "column_set" in kw:
        return f"columns include {', '.join(kw['column_set'])}"
    if typ == "expect_column_values_to_not_be_null":
        cond = kw.get("row_condition")
        if isinstance(cond, dict) and cond.get("type") == "nullity":
            cond = f"{cond['column']['name']} is {'' if cond.get('is_null') else 'not '}null"
        elif isinstance(cond, dict):
            cond = cond.get("pass_through_filter", cond)
        return "not null" + (f" where {cond}" if cond else "")
    if name.endswith("to_be_unique"):
        return "unique"
    return name.replace("_", " ")


def _to_result(
    spec: dict[str, Any],
    success: bool,
    result: dict[str, Any],
    exc: dict[str, Any],
    suite: Suite,
    df: pd.DataFrame,
    doc_id: str,
) -> tuple[CheckResult, list[Any]]:
    kw = spec["kwargs"]
    col = kw.get("column")
    missing = [c for c in ([col] if col else []) + list(kw.get("column_list", [])) if c not in df.columns]
    idx = list(result.get("unexpected_index_list") or [])
    values = list(result.get("unexpected_list") or [])
    if missing:
        observed = f"column {', '.join(missing)} missing"
        success = False
    elif exc.get("raised_exception"):
        observed = f"exception: {str(exc.get('exception_message'))[:200]}"
    elif "observed_value" in result:
        obs = result["observed_value"]
        details = (result.get("details") or {}).get("mismatched")
        observed = f"missing {details.get('missing')}" if details and details.get("missing") else str(obs)
        if isinstance(obs, list) and not (details and details.get("missing")):
            observed = f"{len(obs)} columns"
    else:
        n, count = result.get("unexpected_count", 0) or 0, result.get("element_count", len(df))
        sample = ", ".join(
            f"{c['value']!r}×{c['count']}" for c in (result.get("partial_unexpected_counts") or [])[:5]
        )
        observed = f"{n} of {count} rows unexpected" + (f": {sample}" if sample and n else "")
    cr = CheckResult(
        check_id=spec["meta"]["id"],
        doc_id=doc_id,
        table=suite.table,
        engine="great_expectations",
        check=spec["type"],
        severity=spec["meta"]["severity"],
        status="passed" if success else "failed",
        about=spec["meta"].get("about", ""),
        column=col or (", ".join(kw.get("column_list", [])) or None),
        expected=describe_expected(spec["type"], kw),
        observed=observed,
        element_count=result.get("element_count", len(df)),
        unexpected_count=int(result.get("unexpected_count") or len(idx)),
    )
    pairs = list(zip(idx, values + [None] * (len(idx) - len(values)), strict=True))
    return cr, pairs
