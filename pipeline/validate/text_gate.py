"""Text-quality checks: forbidden patterns and readability per cell, and the document gate.

The per-cell checks (``dictionary_share``, ``broken_cells``) point at cells; the gate
(``document_text_quality``) judges the document as a whole from the repair stage's
``text_quality`` table, so a document read badly is never reported as fine.  The
suite declares it twice, a warning and an error threshold (data/expectations/text_quality.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .checks import DocContext, Outcome, _items, _skip, check


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


def text_columns(df: pd.DataFrame) -> list[str]:
    """String and list-of-string columns of a frame."""
    cols = []
    for c in df.columns:
        if c in ("bbox",):
            continue
        s = df[c].dropna()
        if s.empty:
            continue
        first = s.iloc[0]
        if isinstance(first, str) or (
            isinstance(first, (list, np.ndarray)) and any(isinstance(x, str) for x in first)
        ):
            cols.append(c)
    return cols


@check("forbidden_text")
def forbidden_text(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome]:
    pats = {name: re.compile(p) for name, p in kw["patterns"].items()}
    out = []
    for tname, df in ctx.frames.items():
        if tname in kw.get("skip_tables", []) or tname in ("text_repairs", "text_quality") or df.empty:
            continue
        cols = text_columns(df)
        rows, cells = [], 0
        for col in cols:
            for i, cell in enumerate(df[col].tolist()):
                for item in _items(cell):
                    if not isinstance(item, str):
                        continue
                    cells += 1
                    hits = [name for name, p in pats.items() if p.search(item)]
                    if hits:
                        rows.append((tname, i, f"{col}: {', '.join(hits)}: {item[:80]}"))
        out.append(
            Outcome(
                success=not rows,
                table=tname,
                expected=f"no {', '.join(pats)} in text columns",
                observed=f"{len(rows)} bad cells of {cells}" if rows else f"{cells} text cells clean",
                rows=rows,
                element_count=cells,
            )
        )
    return out


def _quality_frame(ctx: DocContext) -> pd.DataFrame | None:
    tq = ctx.frame("text_quality")
    if tq is None or tq.empty:
        return None
    return tq


def _per_table(tq: pd.DataFrame) -> Iterable[tuple[str, pd.DataFrame]]:
    key = tq["table"].fillna("?") if "table" in tq.columns else pd.Series("?", index=tq.index)
    return tq.groupby(key, sort=True)


@check("dictionary_share")
def dictionary_share(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome] | Outcome:
    tq = _quality_frame(ctx)
    min_share, min_tokens = float(kw["min_share"]), int(kw.get("min_tokens", 1))
    expected = f"dictionary_share ≥ {min_share:g} in cells of ≥ {min_tokens} tokens"
    if tq is None or "dictionary_share" not in tq.columns:
        return _skip("text_quality table absent (repair stage did not write it)", expected=expected)
    out = []
    for tname, g in _per_table(tq):
        judged = g[pd.to_numeric(g.get("tokens"), errors="coerce").fillna(0) >= min_tokens]
        bad = judged[pd.to_numeric(judged["dictionary_share"], errors="coerce") < min_share]
        out.append(
            Outcome(
                success=bad.empty,
                table=str(tname),
                expected=expected,
                observed=f"{len(bad)} of {len(judged)} cells below (mean share "
                f"{pd.to_numeric(judged['dictionary_share']).mean():.2f})"
                if len(judged)
                else "no cell long enough to judge",
                rows=[("text_quality", int(i), f"{judged.at[i, 'dictionary_share']:.2f}") for i in bad.index],
                element_count=len(judged),
                column="dictionary_share",
            )
        )
    return out


@check("broken_cells")
def broken_cells(ctx: DocContext, table: str, kw: dict[str, Any]) -> list[Outcome] | Outcome:
    tq = _quality_frame(ctx)
    if tq is None or "broken" not in tq.columns:
        return _skip("text_quality table absent or without a broken column")
    out = []
    for tname, g in _per_table(tq):
        bad = g[g["broken"].fillna(False).astype(bool)]
        out.append(
            Outcome(
                success=bad.empty,
                table=str(tname),
                expected="no cell flagged broken by the repair stage",
                observed=f"{len(bad)} of {len(g)} cells flagged broken"
                if len(bad)
                else f"{len(g)} cells fine",
                rows=[("text_quality", int(i), "broken") for i in bad.index],
                element_count=len(g),
                column="broken",
            )
        )
    return out
