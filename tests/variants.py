"""Variants of the Bang Na plan, built from the shared gold tables, for the development corpus.

Each ``Style`` renders the plan's OKR tables, key-project list, routine lists and KR
evaluation tables the way another producer or next year's template might: another TLWG
font, bold or plain headers, another column order, reworded headings, headings wrapped at
other places, an extra column, numbers in Thai digits, header rows repeated on every page
(Word) or one table per page (HTML engines).  HTML is printed by headless Chromium; the
``reportlab`` engine draws ruled tables with ``tests/pdfgen.py``.  The gold of a variant is
the shared gold of the tables it renders, under the variant's doc_id, so the shared
scorer judges it like the shared PDFs.

``python -m tests.variants OUT [NAME ...]`` writes ``OUT/NAME.pdf`` and ``OUT/gold/NAME/``.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .conftest import SHARED

GOLD = SHARED / "gold" / "bangna-2569"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
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


def _gold(table: str) -> pd.DataFrame:
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
        frame = _gold(table).copy()
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
    rows = _gold("okr_rows")
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


def key_rows() -> list[dict]:
    return [
        {
            "seq": str(r["seq"]),
            "project_name": r["project_name"],
            "budget": _money(r["budget_baht"], r["budget_note"]),
            "divisions": _divisions(r["divisions"]),
            "kr_code": _s(r["kr_code"]),
            "policy_codes": " ".join(r["policy_codes"]) if r["policy_codes"] is not None else "",
        }
        for _, r in _gold("key_projects").iterrows()
    ]


def routine_rows() -> tuple[list[dict], list[dict]]:
    """The work-group table (numbered per group, group cells spanning) and the numbered list."""
    projects = _gold("routine_projects")
    budgets = _gold("budgets")
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


def krs_rows(component: str) -> list[dict]:
    frame = _gold("krs")
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


# --- HTML (Chromium) ---------------------------------------------------------------------------


def _html_table(
    st: Style, cols: list[tuple[str, str]], rows: list[dict], spans: dict | None = None, tall: bool = False
) -> str:
    """One or more <table>s (``rows_per_table``) with rowspans for repeated values of ``spans``.

    ``tall`` rows (OKR lines, KRs with their projects) go a third as many to a page.
    """
    spans = spans or {}
    per = max(1, st.rows_per_table // 3) if tall else st.rows_per_table
    chunks = [rows[i : i + per] for i in range(0, len(rows), per)] if per else [rows]
    out = []
    for n, chunk in enumerate(chunks):
        weight = "bold" if st.bold_headers else "normal"
        head = "".join(
            f'<th style="font-weight:{weight}">{html.escape(h).replace(chr(10), "<br>")}</th>'
            for _, h in cols
        )
        header = f"<thead><tr>{head}</tr></thead>" if st.repeat_header else f"<tbody><tr>{head}</tr></tbody>"
        if not st.repeat_header and n and not st.rows_per_table:
            header = ""
        body = []
        for i, row in enumerate(chunk):
            if "banner" in row:
                body.append(
                    f'<tr><td colspan="{len(cols)}">{html.escape(_digits(st, row["banner"]))}</td></tr>'
                )
                continue
            cells = []
            for f, _ in cols:
                key = spans.get(f)
                if key is not None:
                    if i and "banner" not in chunk[i - 1] and chunk[i - 1].get(key) == row.get(key):
                        continue
                    span = 1
                    while (
                        i + span < len(chunk)
                        and "banner" not in chunk[i + span]
                        and chunk[i + span].get(key) == row.get(key)
                    ):
                        span += 1
                    cells.append(f'<td rowspan="{span}">{html.escape(_digits(st, row.get(f, "")))}</td>')
                else:
                    cells.append(f"<td>{html.escape(_digits(st, row.get(f, '')))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        brk = ' style="page-break-after: always"' if st.rows_per_table and n < len(chunks) - 1 else ""
        out.append(f"<div{brk}><table>{header}<tbody>{''.join(body)}</tbody></table></div>")
    return "\n".join(out)


def build_html(st: Style) -> str:
    """The variant plan as one HTML document."""
    parts = [
        f'<div class="cover"><h1>แผนปฏิบัติการ ประจำปี พ.ศ. {_digits(st, str(FISCAL))}</h1>'
        "<h1>สำนักงานเขตบางนา</h1><p>กรุงเทพมหานคร</p></div>"
    ]
    if "okr" in st.sections:
        parts.append('<section class="landscape"><h2>ส่วนที่ 1 ยุทธศาสตร์การพัฒนากรุงเทพมหานคร</h2>')
        parts.append(f"<h3>1.1 ยุทธศาสตร์ตามแผนปฏิบัติการกรุงเทพมหานคร ประจำปี {_digits(st, str(FISCAL))}</h3>")
        cols = columns(st, "okr", OKR)
        for title, body in okr_tables(st):
            parts.append(f"<h3>{html.escape(title)}</h3>")
            spans = {"super_okr": "_code", "super_okr_target": "_code"}
            parts.append(_html_table(st, cols, body, spans, tall=True))
        parts.append("</section>")
    if "key" in st.sections:
        parts.append('<section class="landscape">')
        parts.append(
            "<h3>โครงการ/กิจกรรมสำคัญตามแผนปฏิบัติการราชการกรุงเทพมหานคร"
            f" ประจำปี พ.ศ. {_digits(st, str(FISCAL))}</h3>"
        )
        parts.append("<p>(เรียงลำดับตามความสำคัญ/จำเป็นเร่งด่วนในการดำเนินการ)</p>")
        parts.append(_html_table(st, columns(st, "key", KEY), key_rows()))
        stated = _gold("stated_totals").set_index("section").loc["key_projects"]
        parts.append(
            _digits(
                st,
                f"<p>โครงการ/กิจกรรมสำคัญ รวมจำนวน...{int(stated.stated_count)}...โครงการ/กิจกรรม "
                f"จำนวนเงินทั้งสิ้น...{int(stated.stated_total_baht):,}...บาท</p>",
            )
        )
        parts.append("</section>")
    if "routine" in st.sections:
        groups, listed = routine_rows()
        parts.append('<section class="landscape"><h2>ส่วนที่ 3 งานประจำพื้นฐาน</h2><h3>แบบที่ 2 ระดับสำนักงานเขต</h3>')
        parts.append(
            _html_table(
                st, columns(st, "groups", GROUPS), groups, {"seq": "work_group", "work_group": "work_group"}
            )
        )
        parts.append("</section><section><h3>บัญชีโครงการ/กิจกรรมประจำพื้นฐาน</h3><h3>แบบที่ 2 ระดับสำนักงานเขต</h3>")
        parts.append(_html_table(st, columns(st, "list", LIST), listed))
        stated = _gold("stated_totals").set_index("section").loc["routine_projects"]
        parts.append(
            _digits(
                st,
                f"<p>โครงการ/กิจกรรมประจำพื้นฐาน รวม จำนวน...{int(stated.stated_count)}...โครงการ/กิจกรรม "
                f"จำนวนเงินทั้งสิ้น {int(stated.stated_total_baht):,} บาท</p>",
            )
        )
        parts.append("</section>")
    if "krs" in st.sections:
        parts.append('<section class="landscape"><h2>การประเมินผลการปฏิบัติราชการ</h2>')
        for component, caption in (("agenda", "Agenda Base"), ("function", "Function Base")):
            parts.append(
                "<h3>แบบสรุปการจัดลำดับตัววัดผลหลัก (KRs) ของการดำเนินงานภารกิจสำคัญตามเป้าหมายการพัฒนา"
                f"ของสำนักงานเขต ({caption})</h3>"
            )
            parts.append(_html_table(st, columns(st, "krs", KRS), krs_rows(component), tall=True))
        parts.append("</section>")
    css = (
        "@page { size: A4 landscape; margin: 14mm; }"
        f" body {{ font-family: '{st.font}'; font-size: {st.font_size}pt; }}"
        " table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }"
        " th, td { border: 0.8pt solid black; padding: 2pt 3pt; vertical-align: top; }"
        " thead { display: table-header-group; } tr { page-break-inside: avoid; }"
        " section { page-break-before: always; } .cover { text-align: center; margin-top: 60mm; }"
    )
    return (
        f'<html><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(parts)}</body></html>'
    )


def print_html(source: str, pdf: Path) -> Path:
    """Print an HTML document to PDF with headless Chromium."""
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed (scripts/system-deps.sh installs it for the tests)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "plan.html"
        page.write_text(source, encoding="utf-8")
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
        cmd += [f"--user-data-dir={tmp}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return pdf


# --- reportlab ---------------------------------------------------------------------------------


def build_reportlab(st: Style, pdf: Path) -> Path:
    """The key-project list and KR tables drawn with tests/pdfgen.py, a table per page."""
    from . import pdfgen

    def spec(cols, rows, widths):
        body = [[_digits(st, r.get(f, "")) for f, _ in cols] for r in rows]
        return pdfgen.TableSpec(widths, [[h.replace("\n", " ") for _, h in cols]] + body, size=9)

    running = f"สำนักงานเขตบางนา แผนปฏิบัติการ ประจำปี พ.ศ. {FISCAL}"
    pages = [
        pdfgen.PageSpec(title=[f"แผนปฏิบัติการ ประจำปี พ.ศ. {FISCAL}", "สำนักงานเขตบางนา"], running_header=running)
    ]
    per_page = 9
    if "key" in st.sections:
        cols = columns(st, "key", KEY)
        widths = [40, 300, 90, 110, 70, 90]
        rows = key_rows()
        for i in range(0, len(rows), per_page):
            title = ["โครงการ/กิจกรรมสำคัญตามแผนปฏิบัติการราชการกรุงเทพมหานคร"] if i == 0 else []
            pages.append(
                pdfgen.PageSpec([spec(cols, rows[i : i + per_page], widths)], title, running, landscape=True)
            )
        stated = _gold("stated_totals").set_index("section").loc["key_projects"]
        pages[-1].title.append(
            f"รวมจำนวน...{int(stated.stated_count)}...โครงการ/กิจกรรม"
            f" จำนวนเงินทั้งสิ้น...{int(stated.stated_total_baht):,}...บาท"
        )
    if "krs" in st.sections:
        cols = columns(st, "krs", KRS)
        widths = [25, 50, 200, 90, 60, 200, 115]
        for component, caption in (("agenda", "Agenda Base"), ("function", "Function Base")):
            rows = krs_rows(component)
            for i in range(0, len(rows), 6):
                title = [f"แบบสรุปการจัดลำดับตัววัดผลหลัก (KRs) ({caption})"] if i == 0 else []
                pages.append(
                    pdfgen.PageSpec([spec(cols, rows[i : i + 6], widths)], title, running, landscape=True)
                )
    return pdfgen.write_pdf(pdf, pages, title=st.name)


def build(st: Style, folder: Path) -> tuple[Path, Path]:
    """The variant's PDF and gold folder under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{st.name}.pdf"
    if st.engine == "reportlab":
        build_reportlab(st, pdf)
    else:
        print_html(build_html(st), pdf)
    return pdf, write_gold(st, folder / "gold" / st.name)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    names = sys.argv[2:] or [s.name for s in STYLES]
    for name in names:
        pdf, gold = build(style(name), out)
        print(json.dumps({"name": name, "pdf": str(pdf), "gold": str(gold)}))
