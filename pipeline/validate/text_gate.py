"""The document-level text-quality gate: is this document's text readable at all?

The per-cell checks (``checks.dictionary_share``, ``checks.broken_cells``) point at
cells; this one judges the document as a whole from the repair stage's
``text_quality`` table, so a document read badly is never reported as fine.  The
suite declares it twice, a warning and an error threshold (expectations/text_quality.json).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .checks import DocContext, Outcome, _skip, check


@check("document_text_quality")
def document_text_quality(ctx: DocContext, table: str, kw: dict[str, Any]) -> Outcome:
    """Token-weighted dictionary share ≥ min_share and broken cells ≤ max_broken_share of cells."""
    min_share = float(kw["min_share"])
    max_broken = float(kw.get("max_broken_share", 1.0))
    expected = f"document dictionary share ≥ {min_share:.0%}, broken cells ≤ {max_broken:.0%}"
    tq = ctx.frame("text_quality")
    if tq is None or "dictionary_share" not in tq.columns:
        return _skip("text_quality table absent (repair stage did not write it)", expected=expected)
    tokens = pd.to_numeric(tq.get("tokens"), errors="coerce").fillna(0)
    shares = pd.to_numeric(tq["dictionary_share"], errors="coerce")
    judged = shares.notna() & (tokens > 0)
    if not judged.any():
        return _skip("no text cell to judge", expected=expected)
    share = float((shares[judged] * tokens[judged]).sum() / tokens[judged].sum())
    broken = tq["broken"].fillna(False).astype(bool) if "broken" in tq.columns else pd.Series(False, tq.index)
    broken_share = float(broken.mean())
    worst = shares[judged].sort_values().index[:10] if share < min_share else []
    return Outcome(
        success=share >= min_share and broken_share <= max_broken,
        expected=expected,
        observed=f"share {share:.1%} over {int(tokens[judged].sum())} tokens, "
        f"{int(broken.sum())} of {len(tq)} cells broken ({broken_share:.1%})",
        rows=[("text_quality", int(i), f"{shares[i]:.2f}") for i in worst]
        + [("text_quality", int(i), "broken") for i in broken[broken].index[:10]]
        if share < min_share or broken_share > max_broken
        else [],
        element_count=len(tq),
        column="dictionary_share",
    )
