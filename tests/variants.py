"""Variants of the Bang Na plan, built from the shared gold tables, for the development corpus.

Each ``Style`` renders the plan's OKR tables, key-project list, routine lists and KR
evaluation tables the way another producer or next year's template might: another TLWG
font, bold or plain headers, another column order, reworded headings, headings wrapped at
other places, an extra column, numbers in Thai digits, header rows repeated on every page
(Word) or one table per page (HTML engines).  HTML is printed by headless Chromium; the
``reportlab`` engine draws ruled tables with ``tests/pdfgen.py``.  The gold of a variant is
the shared gold of the tables it renders, under the variant's doc_id, so the shared
scorer judges it like the shared PDFs.

``tests/variant_pdf.py`` draws them; ``python -m tests.variant_pdf OUT [NAME ...]`` writes
``OUT/NAME.pdf`` and ``OUT/gold/NAME/``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .conftest import SHARED

GOLD = SHARED / "gold" / "bangna-2569"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHARED_DISTRICT = "บางนา"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
FISCAL = 2569

# Column order and heading of each field, as the shared plan prints them.
OKR = {
    "super_okr": "SUPER OKR",
    "super_okr_target": "ค่าเป้าหมาย",
    "lead_agency": "หน่วยงานหลัก (H)",
    "kr": "KRs (Key Result)",
    "kr_target": "ค่าเป้าหมาย",
    "kr_agency": "หน่วยงาน (H)",
    "project": "โครงการ/กิจกรรม",
    "budget": "งบประมาณ (บาท)",
    "divisions": "ส่วนราชการ/ฝ่าย",
}
KEY = {
    "seq": "ลำดับที่",
    "project_name": "ชื่อโครงการ/กิจกรรมสำคัญ",
    "budget": "งบประมาณ (บาท)",
    "divisions": "ส่วนราชการ/ฝ่าย",
    "kr_code": "รหัส KRs",
    "policy_codes": "รหัสนโยบาย (3 หลัก)",
}
GROUPS = {
    "seq": "ลำดับที่",
    "work_group": "งาน",
    "project": "โครงการ",
    "budget": "งบประมาณ (บาท)",
    "division": "ฝ่าย",
}
LIST = {"seq": "ลำดับที่", "project": "โครงการ", "budget": "งบประมาณ", "division": "ส่วนราชการ/ฝ่าย"}
KRS = {
    "no": "ที่",
    "kr_code": "รหัส KRs",
    "kr_name": "ชื่อตัวชี้วัด",
    "target": "ค่าเป้าหมาย (ตามแบบ ปผ.01)",
    "responsibility": "ความรับผิดชอบ (H/R)",
    "projects": "โครงการ/กิจกรรม (งบประมาณ)",
    "divisions": "ส่วนราชการที่รับผิดชอบ",
}
# Next year's wording of the same headings (what a template change looks like).
REWORDED = {
    "okr": {
        "super_okr": "Super OKRs (ผลลัพธ์หลักระดับสูง)",
        "lead_agency": "หน่วยงานหลักที่รับผิดชอบ",
        "kr": "ผลลัพธ์หลัก (KRs)",
        "kr_agency": "หน่วยงานรับผิดชอบ KR",
        "project": "โครงการ / กิจกรรมที่ดำเนินการ",
        "budget": "งบประมาณ ปี 2569 (บาท)",
        "divisions": "ฝ่ายที่รับผิดชอบ",
    },
    "key": {
        "seq": "ลำดับ",
        "project_name": "โครงการ/กิจกรรมสำคัญ",
        "budget": "วงเงินงบประมาณ (บาท)",
        "divisions": "หน่วยงานที่รับผิดชอบ",
        "kr_code": "รหัสตัวชี้วัด (KRs)",
        "policy_codes": "รหัสนโยบายผู้ว่าฯ",
    },
    "groups": {"work_group": "งาน/ภารกิจ", "project": "ชื่อโครงการ", "division": "ส่วนราชการ/ฝ่าย"},
    "list": {
        "seq": "ลำดับ",
        "project": "ชื่อโครงการ/กิจกรรม",
        "budget": "งบประมาณ (บาท)",
        "division": "ฝ่ายที่รับผิดชอบ",
    },
    "krs": {
        "no": "ลำดับที่",
        "kr_name": "ชื่อ KRs",
        "target": "ค่าเป้าหมาย",
        "responsibility": "ความรับผิดชอบ",
        "projects": "โครงการ/กิจกรรม",
        "divisions": "ส่วนราชการ/ฝ่าย",
    },
}


@dataclass(frozen=True)
class Style:
    """How one variant is drawn."""

    name: str
    font: str = "Garuda"
    engine: str = "chromium"  # or "reportlab"
    bold_headers: bool = True
    reorder: bool = False  # another column order in every table
    reword: bool = False  # next year's headings (REWORDED)
    wrap_headers: bool = False  # headings broken onto lines at other places
    extra_column: bool = False  # a remarks column the plan did not have
    thai_digits: bool = False
    repeat_header: bool = True  # header rows repeated on every page (Word); else on the first only
    rows_per_table: int = 0  # > 0: one table per page (HTML engines), this many list rows a page
    sections: tuple[str, ...] = ("okr", "key", "routine", "krs")
    district: str = "บางนา"  # another district's name in the title, the names and the gold
    font_size: float = 10.0
    notes: str = ""


STYLES = [
    Style(
        "garuda-repeated-headers",
        font="Garuda",
        notes="Chromium, Garuda, bold headers repeated on every page",
    ),
    Style("loma-reordered", font="Loma", reorder=True, notes="Loma, every table's columns in another order"),
    Style(
        "norasi-reworded-wrapped",
        font="Norasi",
        reword=True,
        wrap_headers=True,
        notes="Norasi, next year's headings, wrapped at other places",
    ),
    Style(
        "kinnari-extra-column",
        font="Kinnari",
        extra_column=True,
        notes="Kinnari, a remarks column in every table",
    ),
    Style("umpush-thai-digits", font="Umpush", thai_digits=True, notes="Umpush, numbers in Thai digits"),
    Style(
        "sawasdee-table-per-page",
        font="Sawasdee",
        rows_per_table=12,
        repeat_header=False,
        bold_headers=False,
        notes="Sawasdee, plain headers, one table per page (HTML style)",
    ),
    Style(
        "waree-next-template",
        font="Waree",
        reorder=True,
        reword=True,
        wrap_headers=True,
        thai_digits=True,
        extra_column=True,
        notes="Waree, reordered + reworded + wrapped headings, Thai digits, extra column",
    ),
    Style(
        "typo-other-district",
        font="Tlwg Typo",
        district="ลาดกระบัง",
        bold_headers=False,
        notes="Tlwg Typo (monospace), another district's name in title and names, plain headers",
    ),
    Style(
        "laksaman-reportlab-lists",
        font="Laksaman",
        engine="reportlab",
        sections=("key", "krs"),
        notes="reportlab (tests/pdfgen.py), Laksaman, key projects and KR tables, one table per page",
    ),
]


def style(name: str) -> Style:
    return next(s for s in STYLES if s.name == name)


# --- gold ------------------------------------------------------------------------------------


def _gold(table: str, st: Style | None = None) -> pd.DataFrame:
    """A shared gold table; for a variant of another district, that district's name in every text."""
    frame = _shared_gold(table)
    if st is None or st.district == SHARED_DISTRICT:
        return frame
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or str(frame[col].dtype).startswith("str"):
            frame[col] = frame[col].map(lambda v: _rename(v, st.district))
    return frame


def _rename(value, district: str):
    if isinstance(value, str):
        return value.replace(SHARED_DISTRICT, district)
    if hasattr(value, "__iter__") and not isinstance(value, bytes | dict):
        return [_rename(v, district) for v in value]
    return value


def _shared_gold(table: str) -> pd.DataFrame:
    return pd.read_parquet(GOLD / f"{table}.parquet")


def write_gold(st: Style, folder: Path) -> Path:
    """The shared gold of the tables ``st`` renders, under the variant's doc_id."""
    keep = {"documents": True, "okr_rows": "okr" in st.sections, "key_projects": "key" in st.sections}
    keep.update({"routine_projects": "routine" in st.sections, "krs": "krs" in st.sections})
    keep["stated_totals"] = "key" in st.sections or "routine" in st.sections
    keep["budgets"] = True
    folder.mkdir(parents=True, exist_ok=True)
    sections = {"okr": "okr", "key": "key", "routine": "routine"}
    for table, wanted in keep.items():
        if not wanted:
            continue
        frame = _gold(table, st).copy()
        frame["doc_id"] = st.name
        if table == "budgets":
            frame = frame[frame["section"].isin([sections[s] for s in st.sections if s in sections])]
        if table == "stated_totals":
            wanted_sections = {"key": "key_projects", "routine": "routine_projects"}
            frame = frame[
                frame["section"].isin([wanted_sections[s] for s in st.sections if s in wanted_sections])
            ]
        frame.to_parquet(folder / f"{table}.parquet", index=False)
    return folder


# --- content: rows of each table from the gold -------------------------------------------------


def _s(value) -> str:
    """A gold value as cell text ("" for a missing one)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _money(amount, note) -> str:
    return f"{int(amount):,}" if pd.notna(amount) else _s(note)


def _divisions(value) -> str:
    return " ".join(value) if value is not None else ""


def okr_tables(st: Style) -> list[tuple[str, list[dict], list[tuple[str, str]]]]:
    """Per strategy: its title, its rows (field -> text, 'banner' rows) and issue banners."""
    rows = _gold("okr_rows", st)
    tables = []
    for _, strat in rows.groupby("strategy_no", sort=False):
        body: list[dict] = []
        issue = None
        line_key, line = None, None
        for _, r in strat.iterrows():
            if r["issue_code"] != issue:
                issue = r["issue_code"]
                body.append({"banner": f"ประเด็นการพัฒนา {issue} {r['issue_name']}"})
                line_key = None
            key = (r["super_okr_code"], r["kr_name"], r["kr_agency"], r["kr_target"])
            if key != line_key or r["project_name"] in line["_projects"]:
                line_key = key
                line = {
                    "super_okr": f"{r['super_okr_code']} {r['super_okr_name']}",
                    "super_okr_target": _s(r["super_okr_target"]),
                    "lead_agency": _s(r["lead_agency"]),
                    "kr": _s(r["kr_name"]),
                    "kr_target": _s(r["kr_target"]),
                    "kr_agency": _s(r["kr_agency"]),
                    "_projects": [],
                    "_budgets": [],
                    "divisions": _divisions(r["divisions"]),
                    "_code": r["super_okr_code"],
                }
                body.append(line)
            if r["project_name"] is not None:
                line["_projects"].append(r["project_name"])
                line["_budgets"].append(_money(r["budget_baht"], r["budget_note"]))
        for ln in body:
            if "banner" in ln:
                continue
            projects = ln.pop("_projects")
            ln["project"] = (
                projects[0]
                if len(projects) == 1
                else " ".join(f"{i}. {p}" for i, p in enumerate(projects, 1))
            )
            ln["budget"] = " ".join(ln.pop("_budgets"))
        title = f"ยุทธศาสตร์{strat['strategy_name'].iloc[0]}"
        tables.append((title, body))
    return tables


def key_rows(st: Style) -> list[dict]:
    return [
        {
            "seq": str(r["seq"]),
            "project_name": r["project_name"],
            "budget": _money(r["budget_baht"], r["budget_note"]),
            "divisions": _divisions(r["divisions"]),
            "kr_code": _s(r["kr_code"]),
            "policy_codes": " ".join(r["policy_codes"]) if r["policy_codes"] is not None else "",
        }
        for _, r in _gold("key_projects", st).iterrows()
    ]


def routine_rows(st: Style) -> tuple[list[dict], list[dict]]:
    """The work-group table (numbered per group, group cells spanning) and the numbered list."""
    projects = _gold("routine_projects", st)
    budgets = _gold("budgets", st)
    groups, listed = [], []
    order: list[str] = []
    for _, r in projects.iterrows():
        years = budgets[(budgets["section"] == "routine") & (budgets["seq"] == r["seq"])].sort_values(
            "budget_year"
        )
        if len(years) > 1:
            parts = " ".join(f"ปี {int(y.budget_year)} -{int(y.amount_baht):,}" for y in years.itertuples())
            money = f"{int(years['amount_baht'].sum()):,} {parts}"
        else:
            money = _money(r["budget_baht"], None if pd.notna(r["budget_baht"]) else r["budget_note"])
        name = r["project_name"]
        if pd.notna(r["budget_baht"]) and _s(r["budget_note"]):
            name = f"{name} *{r['budget_note']}"
        if r["work_group"] not in order:
            order.append(r["work_group"])
        n_in_group = sum(1 for g in groups if g["work_group"] == r["work_group"]) + 1
        groups.append(
            {
                "seq": str(order.index(r["work_group"]) + 1),
                "work_group": r["work_group"],
                "project": f"{n_in_group}. {name}",
                "budget": money,
                "division": _s(r["division"]),
            }
        )
        listed.append({"seq": str(r["seq"]), "project": name, "budget": money, "division": _s(r["division"])})
    return groups, listed


def krs_rows(st: Style, component: str) -> list[dict]:
    frame = _gold("krs", st)
    frame = frame[frame["component"] == component]
    return [
        {
            "no": str(i),
            "kr_code": r["kr_code"],
            "kr_name": r["kr_name"],
            "target": _s(r["target_text"]),
            "responsibility": _s(r["responsibility"]),
            "projects": " ".join(f"{k}. {p}" for k, p in enumerate(r["projects"], 1))
            if len(r["projects"]) > 1
            else "".join(r["projects"]),
            "divisions": _divisions(r["divisions"]),
        }
        for i, (_, r) in enumerate(frame.iterrows(), start=1)
    ]


# --- layout of a table for a style -------------------------------------------------------------


def columns(st: Style, table: str, fields: dict[str, str]) -> list[tuple[str, str]]:
    """(field, heading) in the order and wording the style prints."""
    words = {**fields, **(REWORDED.get(table, {}) if st.reword else {})}
    order = list(fields)
    if st.reorder:
        order = _reordered(table, order)
    cols = [(f, words[f]) for f in order]
    if st.wrap_headers:
        cols = [(f, _wrap(h)) for f, h in cols]
    if st.extra_column:
        cols.insert(max(1, len(cols) - 2), ("_remarks", "หมายเหตุ"))
    return cols


def _reordered(table: str, order: list[str]) -> list[str]:
    """Another order that a template could use; a target stays right of what it measures."""
    moves = {
        "okr": [
            "super_okr",
            "super_okr_target",
            "lead_agency",
            "kr",
            "kr_target",
            "kr_agency",
            "divisions",
            "budget",
            "project",
        ],
        "key": ["seq", "kr_code", "policy_codes", "project_name", "divisions", "budget"],
        "groups": ["seq", "work_group", "project", "division", "budget"],
        "list": ["seq", "project", "division", "budget"],
        "krs": ["no", "kr_code", "kr_name", "target", "projects", "divisions", "responsibility"],
    }
    return moves.get(table, order)


def _wrap(heading: str) -> str:
    """A heading broken onto two lines at its middle space or slash (another place than the plan's)."""
    for sep in (" ", "/"):
        parts = heading.split(sep)
        if len(parts) > 1:
            mid = (len(parts) + 1) // 2
            return sep.join(parts[:mid]) + ("\n" if sep == " " else "/\n") + sep.join(parts[mid:]).lstrip("/")
    if len(heading) >= 8:
        return heading[: len(heading) // 2] + "\n" + heading[len(heading) // 2 :]
    return heading


def _digits(st: Style, text: str) -> str:
    return text.translate(THAI) if st.thai_digits else text
