"""The district action plan (แผนปฏิบัติราชการประจำปี): the first document type.

Its header vocabulary is ``pipeline/data/tables``, its parsers ``pipeline.parse``
(``PARSERS``); its rows are ``pipeline.rows``', checked by the suites of the tables it fills.
"""

from __future__ import annotations

from ...parse import PARSERS
from ..base import DocumentType

DOC_TYPE = DocumentType(
    name="action_plan",
    label="district action plan",
    package=__name__,
    parsers=PARSERS,
    finish=("pipeline.parse.reconcile:reconcile_spacing",),
    kinds=("pipeline", "data/tables"),
    fills=(
        "krs",
        "okr_rows",
        "key_projects",
        "routine_projects",
        "budgets",
        "stated_totals",
        "subdistricts",
        "staffing",
        "profile_totals",
    ),  # fmt: skip
    # A plan announces its OKR, key-project and routine lists and the KRs it is evaluated on.
    required=("okr_rows", "key_projects", "routine_projects", "krs"),
)
