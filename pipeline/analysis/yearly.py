"""Year over year: what changed between two plans of a district.

Next year's plan renumbers its lists, drops and adds projects and changes most amounts, so rows
are matched on stable keys, never on sequence numbers or amounts:

- a project by its normalised name (spacing, punctuation, the district's own name and Buddhist-era
  years taken out), then its divisions and KR; a project left over on both sides is paired with
  the most similar name of the same list when the names are close (``RENAME_SCORE``) and it keeps
  its division or KR, or when the names are nearly the same (``SAME_SCORE``): a rename; never two
  names whose numbers differ (a soi, a school, a phase: another project);
- a KR by its code (and component, agenda or function, since one code may be printed in both).

The changes are rows of the ``changes`` table (one file per later plan) and of ``bkkplan diff``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from .. import emit
from ..schema import schema_of
from . import contract, database

RENAME_SCORE = 80.0  # names this similar (0-100) are one project renamed, if division or KR is kept
SAME_SCORE = 92.0  # names this similar are one project whatever else changed
SECTIONS = {"key_projects": "key", "routine_projects": "routine"}
# What ``bkkplan diff`` prints: section title, change kinds, columns.
DIFF_SECTIONS = (
    ("Projects added", ["added"], ["section", "name_after", "division", "kr_code", "value_after"]),
    ("Projects dropped", ["dropped"], ["section", "name_before", "division", "kr_code", "value_before"]),
    ("Projects renamed", ["renamed"], ["section", "name_before", "name_after", "similarity"]),
    ("Projects re-budgeted", ["rebudgeted"], ["section", "name_after", "value_before", "value_after"]),
    (
        "Projects moved to another division or KR",
        ["moved"],
        ["section", "name_after", "value_before", "value_after"],
    ),
    ("KR targets changed", ["kr_target"], ["key", "name_after", "value_before", "value_after"]),
    ("KRs added or dropped", ["kr_added", "kr_dropped"], ["change", "key", "name_before", "name_after"]),
    (
        "Money per division (baht), then and now",
        ["division_money"],
        ["division", "amount_before", "amount_after"],
    ),
)
_YEAR = re.compile(r"(พ\.?\s*ศ\.?\s*)?25\d\d")
_YEAR_WORDS = re.compile(r"ประจำปีงบประมาณ|ปีงบประมาณ|ประจำปี")
_NUMBER = re.compile(r"\d+")
_KIND_WORD = re.compile(r"^(โครงการ|กิจกรรม)+")  # plans swap one for the other from year to year
_NOT_LETTER = re.compile(r"[\s\"'“”‘’()\[\]{}.,:;!?/\\\-–—_]+")


def normalise_name(name: str | None, district: str | None = None) -> str:
    """A project name reduced to what survives from one year's plan to the next (no spacing,
    punctuation, district name, year, or leading โครงการ/กิจกรรม)."""
    text = unicodedata.normalize("NFC", name or "").lower()
    if district:
        text = text.replace(f"เขต{district}", "").replace(district, "")
    text = _YEAR_WORDS.sub("", _YEAR.sub("", text))
    return _KIND_WORD.sub("", _NOT_LETTER.sub("", text))


@dataclass
class Plan:
    """One plan's projects and KRs, as the diff needs them."""

    doc_id: str
    district: str
    fiscal_year: int
    projects: pd.DataFrame  # section, seq, page, name, key, divisions, kr_code, amount, note
    krs: pd.DataFrame  # kr_code, component, kr_name, target_text, page


def _divisions_key(divs, canon: dict[str, str]) -> str:
    items = [] if divs is None else [canon.get(d, d) for d in list(divs) if d]
    return "; ".join(sorted(set(items)))


def load_plans(data_dir: Path) -> dict[str, Plan]:
    """Every action plan of the dataset (budget books and failed documents left out)."""
    con = database.connect(data_dir)
    try:
        frames = {t: con.sql(f"SELECT * FROM {t}").df() for t in PLAN_TABLES}
    finally:
        con.close()
    return plans_from_frames(frames)


PLAN_TABLES = ("documents", "key_projects", "routine_projects", "krs")


def _empty(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns) if df is None or not set(columns) <= set(df.columns) else df


def plans_from_frames(frames: dict[str, pd.DataFrame]) -> dict[str, Plan]:
    """The action plans among the tables (``PLAN_TABLES``, as pandas frames) by doc_id."""
    canon = contract.division_aliases()
    docs = _empty(frames.get("documents"), ["doc_id", "district", "fiscal_year"])
    if "doc_type" in docs.columns:
        docs = docs[docs["doc_type"].fillna("action_plan") == "action_plan"]
    cols = ["doc_id", "seq", "page", "project_name", "budget_baht", "budget_note"]
    key = _empty(frames.get("key_projects"), [*cols, "divisions", "kr_code"])
    routine = _empty(frames.get("routine_projects"), [*cols, "division"])
    key = key[[*cols, "divisions", "kr_code"]].assign(section="key")
    routine = routine[cols].assign(
        section="routine",
        divisions=[[d] if isinstance(d, str) else [] for d in routine["division"]],
        kr_code=None,
    )
    projects = pd.concat([key, routine], ignore_index=True).rename(
        columns={"project_name": "name", "budget_baht": "amount", "budget_note": "note"}
    )
    krs = _empty(frames.get("krs"), ["doc_id", "kr_code", "component", "kr_name", "target_text", "page"])
    plans = {}
    for doc in docs.itertuples():
        mine = projects[projects["doc_id"] == doc.doc_id].copy()
        if mine.empty and not (krs["doc_id"] == doc.doc_id).any():
            continue  # not a plan (or nothing could be read from it)
        mine["division"] = [_divisions_key(d, canon) for d in mine["divisions"]]
        mine["key"] = [normalise_name(n, doc.district) for n in mine["name"]]
        plans[doc.doc_id] = Plan(
            doc.doc_id, doc.district, int(doc.fiscal_year), mine.reset_index(drop=True),
            krs[krs["doc_id"] == doc.doc_id].reset_index(drop=True),
        )  # fmt: skip
    return plans


def _match_fields(df: pd.DataFrame) -> dict[int, tuple[str, str, str]]:
    """row -> (key, division, kr_code) as plain strings, for matching without pandas lookups."""
    kr = df["kr_code"].astype(object).where(df["kr_code"].notna(), "")
    return dict(zip(df.index, zip(df["key"], df["division"].fillna(""), kr, strict=True), strict=True))


def match_projects(old: pd.DataFrame, new: pd.DataFrame) -> list[tuple[int, int, float]]:
    """Pairs (old row, new row, name similarity) of the same project in two plans, one list at a time."""
    a, b = _match_fields(old), _match_fields(new)
    pairs: list[tuple[int, int, float]] = []
    for section in sorted(set(old["section"]) | set(new["section"])):
        o = old.index[old["section"] == section].tolist()
        n = new.index[new["section"] == section].tolist()
        # 1. same name, divisions and KR; 2. same name; one to one, in list order
        for width in (3, 1):
            by_key: dict[tuple, list[int]] = {}
            for j in n:
                by_key.setdefault(b[j][:width], []).append(j)
            for i in list(o):
                cands = by_key.get(a[i][:width])
                if cands:
                    j = cands.pop(0)
                    pairs.append((i, j, 100.0))
                    o.remove(i)
                    n.remove(j)
        # 3. renamed: the most similar names first
        if not o or not n:
            continue
        scores = process.cdist([a[i][0] for i in o], [b[j][0] for j in n], scorer=fuzz.ratio)
        numbers_o = [_NUMBER.findall(a[i][0]) for i in o]
        numbers_n = [_NUMBER.findall(b[j][0]) for j in n]
        scored = []
        for x, i in enumerate(o):
            for y, j in enumerate(n):
                score = float(scores[x, y])
                if score < RENAME_SCORE or numbers_o[x] != numbers_n[y]:
                    continue  # ซอยทองอยู่ 1 and ซอยทองอยู่ 2 are two projects, however alike
                kept = a[i][1] == b[j][1] or (a[i][2] != "" and a[i][2] == b[j][2])
                if score >= SAME_SCORE or kept:
                    scored.append((score, i, j))
        taken_o, taken_n = set(), set()
        for score, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
            if i not in taken_o and j not in taken_n:
                pairs.append((i, j, round(score, 1)))
                taken_o.add(i)
                taken_n.add(j)
    return pairs


def _amount(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _money(v) -> str | None:
    return None if v is None or pd.isna(v) else f"{int(v):,}"


def _project_row(change, section, key, before, after, **extra) -> dict:
    src = after if after is not None else before
    return {
        "page": None if src is None else int(src["page"]) if pd.notna(src["page"]) else None,
        "change": change,
        "section": section,
        "key": key,
        "name_before": None if before is None else before["name"],
        "name_after": None if after is None else after["name"],
        "division": None if src is None else src["division"] or None,
        "kr_code": None if src is None or pd.isna(src["kr_code"]) else src["kr_code"],
        **extra,
    }


def _amount_text(row) -> str | None:
    return (
        _money(row["amount"]) if pd.notna(row["amount"]) else (row["note"] if pd.notna(row["note"]) else None)
    )


def project_changes(old: Plan, new: Plan) -> list[dict]:
    """Projects added, dropped, renamed, re-budgeted and moved (to another division or KR)."""
    a, b = old.projects, new.projects
    pairs = match_projects(a, b)
    rows = []
    for i, j, score in pairs:
        before, after = a.loc[i], b.loc[j]
        common = {"amount_before": _amount(before["amount"]), "amount_after": _amount(after["amount"])}
        if before["key"] != after["key"]:
            rows.append(_project_row("renamed", after["section"], after["key"], before, after,
                                     similarity=score, **common))  # fmt: skip
        if _amount(before["amount"]) != _amount(after["amount"]) or (
            pd.isna(before["amount"]) and before["note"] != after["note"] and pd.notna(after["note"])
        ):
            rows.append(_project_row("rebudgeted", after["section"], after["key"], before, after,
                                     value_before=_amount_text(before), value_after=_amount_text(after),
                                     **common))  # fmt: skip
        moved = [f for f in ("division", "kr_code") if (before[f] or None) != (after[f] or None)
                 and not (pd.isna(before[f]) and pd.isna(after[f]))]  # fmt: skip
        if moved:
            rows.append(_project_row("moved", after["section"], after["key"], before, after,
                                     value_before=" | ".join(str(before[f]) for f in moved),
                                     value_after=" | ".join(str(after[f]) for f in moved),
                                     **common))  # fmt: skip
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    for i in a.index.difference(list(matched_old)):
        r = a.loc[i]
        rows.append(_project_row("dropped", r["section"], r["key"], r, None, value_before=_amount_text(r),
                                 amount_before=_amount(r["amount"])))  # fmt: skip
    for j in b.index.difference(list(matched_new)):
        r = b.loc[j]
        rows.append(_project_row("added", r["section"], r["key"], None, r, value_after=_amount_text(r),
                                 amount_after=_amount(r["amount"])))  # fmt: skip
    return rows


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def kr_changes(old: Plan, new: Plan) -> list[dict]:
    """KRs added and dropped, and KRs whose target changed, matched by code (and component)."""

    def keyed(df):
        return {(r.kr_code, r.component): r for r in df.itertuples()}

    a, b = keyed(old.krs), keyed(new.krs)
    rows = []
    for k in sorted(set(a) | set(b), key=lambda k: (str(k[0]), str(k[1]))):
        before, after = a.get(k), b.get(k)
        src = after or before
        change = "kr_dropped" if after is None else "kr_added" if before is None else "kr_target"
        if change == "kr_target" and _same_text(before.target_text, after.target_text):
            continue
        rows.append({
            "page": None if pd.isna(src.page) else int(src.page), "change": change, "section": "kr",
            "key": f"{k[0]} ({k[1]})" if k[1] else str(k[0]), "kr_code": k[0],
            "name_before": None if before is None else before.kr_name,
            "name_after": None if after is None else after.kr_name,
            "value_before": None if before is None else before.target_text,
            "value_after": None if after is None else after.target_text,
        })  # fmt: skip
    return rows


def division_money(plan: Plan) -> pd.Series:
    """This year's money per division (a project shared by divisions split equally between them)."""
    shares: dict[str, float] = {}
    for r in plan.projects.itertuples():
        divs = r.division.split("; ") if r.division else ["(no division)"]
        for d in divs:
            shares[d] = shares.get(d, 0.0) + (0.0 if pd.isna(r.amount) else float(r.amount) / len(divs))
    return pd.Series(shares, dtype="float64").sort_index()


def division_changes(old: Plan, new: Plan) -> list[dict]:
    """Money per division then and now, one row per division (changed or not)."""
    a, b = division_money(old), division_money(new)
    rows = []
    for d in sorted(set(a.index) | set(b.index)):
        before, after = a.get(d), b.get(d)
        rows.append({
            "page": None, "change": "division_money", "section": "division", "key": d, "division": d,
            "amount_before": None if before is None else round(before),
            "amount_after": None if after is None else round(after),
        })  # fmt: skip
    return rows


def compare(old: Plan, new: Plan) -> pd.DataFrame:
    """Every change from ``old`` to ``new``, as rows of the ``changes`` table."""
    rows = project_changes(old, new) + kr_changes(old, new) + division_changes(old, new)
    common = {"doc_id": new.doc_id, "district": new.district, "fiscal_year": new.fiscal_year,
              "from_doc_id": old.doc_id, "from_year": old.fiscal_year}  # fmt: skip
    names = schema_of("changes").names
    return pd.DataFrame([{**common, **r} for r in rows], columns=names)


def consecutive_pairs(plans: dict[str, Plan]) -> list[tuple[Plan, Plan]]:
    """(earlier, later) plan of each district, year after year (one plan per district and year:
    the first by doc_id when a dataset holds two)."""
    by_district: dict[str, dict[int, Plan]] = {}
    for p in sorted(plans.values(), key=lambda p: p.doc_id):
        by_district.setdefault(p.district, {}).setdefault(p.fiscal_year, p)
    pairs = []
    for years in by_district.values():
        ordered = [years[y] for y in sorted(years)]
        pairs += list(zip(ordered, ordered[1:], strict=False))
    return pairs


def find_plan(plans: dict[str, Plan], ref: str | None = None, district: str | None = None,
              year: int | None = None) -> Plan:  # fmt: skip
    """A plan by doc_id, or by district (with or without เขต) and fiscal year; KeyError says why."""
    if ref is not None:
        if ref not in plans:
            raise KeyError(
                f"no action plan with doc_id {ref!r} (plans: {', '.join(sorted(plans)) or 'none'})"
            )
        return plans[ref]
    name = (district or "").removeprefix("เขต").strip()
    found = [p for p in plans.values() if p.district == name and p.fiscal_year == year]
    if not found:
        have = sorted(f"{p.district} {p.fiscal_year}" for p in plans.values())
        raise KeyError(f"no plan of เขต{name} for {year} (the dataset has: {', '.join(have) or 'none'})")
    return sorted(found, key=lambda p: p.doc_id)[0]


def write_changes(data_dir: Path) -> list[Path]:
    """``changes/<later doc_id>.parquet`` for each district with plans of two or more years;
    files of plans that are no longer a later year are removed."""
    data_dir = Path(data_dir)
    written = []
    for old, new in consecutive_pairs(load_plans(data_dir)):
        rows = [
            {k: None if pd.isna(v) else v for k, v in r.items()} for r in compare(old, new).to_dict("records")
        ]
        written.append(emit.write_table(data_dir, "changes", new.doc_id, rows))
    folder = data_dir / "changes"
    if folder.is_dir():
        for stale in set(folder.glob("*.parquet")) - set(written):
            stale.unlink()
    return written
