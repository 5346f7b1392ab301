"""Drawing a variant of the plan (tests/variants.py) as a PDF: HTML printed by Chromium, or reportlab.

``python -m tests.variant_pdf OUT [NAME ...]`` writes ``OUT/NAME.pdf`` and ``OUT/gold/NAME/``.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .variants import (
    CHROMIUM,
    FISCAL,
    GROUPS,
    KEY,
    KRS,
    LIST,
    OKR,
    STYLES,
    Style,
    _digits,
    _gold,
    columns,
    key_rows,
    krs_rows,
    okr_tables,
    routine_rows,
    style,
    write_gold,
)

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
        f"<h1>สำนักงานเขต{st.district}</h1><p>กรุงเทพมหานคร</p></div>"
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
        parts.append(_html_table(st, columns(st, "key", KEY), key_rows(st)))
        stated = _gold("stated_totals", st).set_index("section").loc["key_projects"]
        parts.append(
            _digits(
                st,
                f"<p>โครงการ/กิจกรรมสำคัญ รวมจำนวน...{int(stated.stated_count)}...โครงการ/กิจกรรม "
                f"จำนวนเงินทั้งสิ้น...{int(stated.stated_total_baht):,}...บาท</p>",
            )
        )
        parts.append("</section>")
    if "routine" in st.sections:
        groups, listed = routine_rows(st)
        parts.append('<section class="landscape"><h2>ส่วนที่ 3 งานประจำพื้นฐาน</h2><h3>แบบที่ 2 ระดับสำนักงานเขต</h3>')
        parts.append(
            _html_table(
                st, columns(st, "groups", GROUPS), groups, {"seq": "work_group", "work_group": "work_group"}
            )
        )
        parts.append("</section><section><h3>บัญชีโครงการ/กิจกรรมประจำพื้นฐาน</h3><h3>แบบที่ 2 ระดับสำนักงานเขต</h3>")
        parts.append(_html_table(st, columns(st, "list", LIST), listed))
        stated = _gold("stated_totals", st).set_index("section").loc["routine_projects"]
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
            parts.append(_html_table(st, columns(st, "krs", KRS), krs_rows(st, component), tall=True))
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

    running = f"สำนักงานเขต{st.district} แผนปฏิบัติการ ประจำปี พ.ศ. {FISCAL}"
    pages = [
        pdfgen.PageSpec(
            title=[f"แผนปฏิบัติการ ประจำปี พ.ศ. {FISCAL}", f"สำนักงานเขต{st.district}"], running_header=running
        )
    ]
    per_page = 9
    if "key" in st.sections:
        cols = columns(st, "key", KEY)
        widths = [40, 300, 90, 110, 70, 90]
        rows = key_rows(st)
        for i in range(0, len(rows), per_page):
            title = ["โครงการ/กิจกรรมสำคัญตามแผนปฏิบัติการราชการกรุงเทพมหานคร"] if i == 0 else []
            pages.append(
                pdfgen.PageSpec([spec(cols, rows[i : i + per_page], widths)], title, running, landscape=True)
            )
        stated = _gold("stated_totals", st).set_index("section").loc["key_projects"]
        pages[-1].title.append(
            f"รวมจำนวน...{int(stated.stated_count)}...โครงการ/กิจกรรม"
            f" จำนวนเงินทั้งสิ้น...{int(stated.stated_total_baht):,}...บาท"
        )
    if "krs" in st.sections:
        cols = columns(st, "krs", KRS)
        widths = [25, 50, 200, 90, 60, 200, 115]
        for component, caption in (("agenda", "Agenda Base"), ("function", "Function Base")):
            rows = krs_rows(st, component)
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
