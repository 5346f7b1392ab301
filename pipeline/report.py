"""The offline data-quality report: one self-contained HTML file (inline CSS, no JS, no external
requests) rendered from the same payload as results.json."""

from __future__ import annotations

import json
import os
import tempfile
from html import escape
from pathlib import Path
from typing import Any

MAX_DIVISION_CHARTS = 12  # documents drawn one chart each; the others are in money_by_division
MAX_ROWS_SHOWN = 50  # failing rows shown per check (results.json keeps up to the validator's cap)

CSS = """
body{font-family:Sarabun,Laksaman,Garuda,"Noto Sans Thai",Loma,"TH Sarabun New",sans-serif;margin:1.5rem;
color:#1d1d1f;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.ok{color:#176b1f}.warning{color:#8a5a00}.error{color:#b00020}.skipped{color:#666}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
.b-ok{background:#dff3e0;color:#176b1f}.b-warning{background:#fff1cc;color:#8a5a00}
.b-error{background:#fde0e4;color:#b00020}.b-skipped{background:#eee;color:#555}
.summary{background:#f8f9fb;border:1px solid #dde;padding: .8rem 1rem;border-radius:.4rem}
details{margin:.3rem 0}summary{cursor:pointer}
code{font-size:.85rem}.num{text-align:right;font-variant-numeric:tabular-nums}
figure.chart{margin:.6rem 0}figure.chart svg{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#555}
"""


def _e(v: Any) -> str:
    return escape("" if v is None else str(v))


def _badge(status: str) -> str:
    label = {"ok": "OK", "passed": "pass", "failed": "FAIL", "warning": "warnings", "error": "errors"}.get(
        status, status
    )
    cls = {"passed": "ok", "failed": "error"}.get(status, status)
    return f'<span class="badge b-{cls}">{_e(label)}</span>'


def _fmt_num(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return _e(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".")
    return _e(v)


def _summary(payload: dict[str, Any]) -> str:
    s = payload["summary"]
    verdict = (
        "Blocking checks failed: the numbers marked “do not trust yet” need a look before use."
        if payload["exit_code"]
        else "No blocking failure: the tables can be used; read the warnings below."
    )
    out = [f'<section id="summary" class="summary"><h2>Summary</h2><p><strong>{_e(verdict)}</strong></p>']
    out.append(
        f"<p>{s['checks']} checks on {len(payload['documents'])} document(s): {s['passed']} passed, "
        f'<span class="error">{s["failed"]["error"]} failed (error)</span>, '
        f'<span class="warning">{s["failed"]["warning"]} failed (warning)</span>, {s["skipped"]} skipped. '
        f"Exit code {payload['exit_code']}. Validation took {payload.get('validation_seconds', '?')} s.</p>"
    )
    out.append(
        "<table><tr><th>document</th><th>table</th><th>status</th><th>which numbers to trust</th>"
        "<th>rows</th><th>key numbers</th></tr>"
    )
    for d in payload["documents"]:
        for t, info in d["tables"].items():
            nums = {k: v for k, v in info["numbers"].items() if k != "rows"}
            numtxt = ", ".join(f"{k.removeprefix('sum_')} {_fmt_num(v)}" for k, v in nums.items())
            out.append(
                f"<tr><td>{_e(d['doc_id'])}</td><td><a href='#{_e(d['doc_id'])}-{_e(t)}'>{_e(t)}</a></td>"
                f"<td>{_badge(info['status'])}</td><td>{_e(info['verdict'])}</td>"
                f"<td class='num'>{_fmt_num(info['numbers'].get('rows'))}</td><td>{numtxt}</td></tr>"
            )
    out.append("</table>")
    totals = [(d["doc_id"], d.get("totals") or {}) for d in payload["documents"]]
    if any(t.get("checked") for _, t in totals):
        out.append("<p>Printed totals that equal the sum of what they total: ")
        shown = [f"{_e(i)} {t['reconciled']} of {t['checked']}" for i, t in totals if t.get("checked")]
        out.append(", ".join(shown))
        out.append(".</p>")
    for d in payload["documents"]:
        if d["findings"]:
            out.append(
                f"<h3>Findings in {_e(d['doc_id'])} (report, do not hide)</h3>"
                f"<ul id='findings-{_e(d['doc_id'])}'>"
            )
            for f in d["findings"]:
                pages = f" (pages {', '.join(map(str, f['pages']))})" if f["pages"] else ""
                out.append(
                    f"<li class='{_e(f['severity'])}'><strong>{_e(f['severity'])}</strong> "
                    f"<code>{_e(f['check_id'])}</code>: {_e(f['about'])} — expected {_e(f['expected'])}; "
                    f"observed {_e(f['observed'])}{_e(pages)}</li>"
                )
            out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _check_rows(check: dict[str, Any]) -> str:
    rows = check["failing_rows"]
    if not rows:
        return ""
    shown = rows[:MAX_ROWS_SHOWN]
    more = (
        f" (first {len(shown)} of {check['unexpected_count']})"
        if check["unexpected_count"] > len(shown)
        else ""
    )
    out = [
        f"<details><summary>{check['unexpected_count']} failing row(s){more}</summary>",
        "<table><tr><th>table</th><th>page</th><th>value</th><th>row</th></tr>",
    ]
    for r in shown:
        out.append(
            f"<tr><td>{_e(r['table'])}</td>"
            f"<td class='num'>{_e(r['page'] if r['page'] is not None else '—')}</td>"
            f"<td>{_e(r['value'])}</td><td>{_e(r['snippet'])}</td></tr>"
        )
    out.append("</table></details>")
    return "".join(out)


def _document(d: dict[str, Any]) -> str:
    did = _e(d["doc_id"])
    c = d["counts"]
    out = [
        f"<section class='document' id='doc-{did}'><h2>Document {did} — เขต{_e(d.get('district'))} "
        f"ปีงบประมาณ {_e(d.get('fiscal_year'))} {_badge(d['status'])}</h2>",
        f"<p>{_e(d.get('title') or '')}</p>",
        f"<p>{c['checks']} checks: {c['passed']} passed, {c['failed_error']} failed (error), "
        f"{c['failed_warning']} failed (warning), {c['skipped']} skipped. "
        f"Rows copied to rejects by validation: {d['validate_rejects']}; rejects from extraction: "
        f"{d['extraction_rejects']['count']}.</p>",
    ]
    scan = d.get("scan")
    if scan:
        conf = "no words" if scan["mean_conf"] is None else f"mean OCR confidence {scan['mean_conf']:.0f}/100"
        out.append(
            f"<p>Scanned pages read by OCR: {scan['ocr_pages']} ({conf}; skew up to "
            f"{scan['max_skew_deg']:g}°, {scan['turned_pages']} turned upright). Tables recognised on "
            f"<b>{scan['recognised_pages']} of {scan['table_pages']}</b> pages with tables "
            "(per page: the <code>pages</code> table).</p>"
        )
    if (d.get("totals") or {}).get("checked"):
        t = d["totals"]
        out.append(f"<p>Printed totals reconciled: {t['reconciled']} of {t['checked']}.</p>")
    for t, info in d["tables"].items():
        if not info["checks"]:
            continue
        out.append(f"<h3 id='{did}-{_e(t)}'>{_e(t)} {_badge(info['status'])}</h3>")
        out.append(
            "<table class='checks'><tr><th>status</th><th>severity</th><th>check</th><th>what</th>"
            "<th>expected</th><th>observed</th><th>engine</th></tr>"
        )
        for ch in info["checks"]:
            out.append(
                f"<tr class='check {_e(ch['status'])}'><td>{_badge(ch['status'])}</td>"
                f"<td class='{_e(ch['severity'])}'>{_e(ch['severity'])}</td>"
                f"<td><code>{_e(ch['check_id'])}</code></td>"
                f"<td>{_e(ch['about'])}</td><td>{_e(ch['expected'])}</td><td>{_e(ch['observed'])}"
                f"{_check_rows(ch)}</td><td>{_e(ch['engine'])}</td></tr>"
            )
        out.append("</table>")
    out.append(_repairs(d))
    out.append(_quality(d))
    out.append(_extraction_rejects(d))
    out.append("</section>")
    return "\n".join(out)


def _html_table(head: list[str], rows: list[list[Any]], numeric: tuple[int, ...] = ()) -> str:
    """An HTML table: escaped cells, the columns in ``numeric`` right-aligned."""
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = (
            f"<td class='num'>{_e(v)}</td>" if i in numeric else f"<td>{_e(v)}</td>"
            for i, v in enumerate(row)
        )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _section(d: dict[str, Any], key: str, title: str, table: str) -> tuple[list[str], dict[str, Any] | None]:
    """A repair-stage section's heading, and its data (None, with a note, when the stage wrote none)."""
    head = f"<h3 id='{_e(d['doc_id'])}-{key.replace('_', '-')}'>{title}</h3>"
    if not d[key]["available"]:
        return [head + f"<p>The repair stage wrote no {table} table for this run.</p>"], None
    return [head], d[key]


def _repairs(d: dict[str, Any]) -> str:
    out, r = _section(d, "repairs", "Thai text repairs", "text_repairs")
    if r is None:
        return out[0]
    out.append(f"<p>{r['count']} change(s) by the repair stage.</p>")
    if r["by_rule"]:
        out.append(_html_table(["rule", "changes"], [[k, f"{v:,}"] for k, v in r["by_rule"].items()], (1,)))
    if r["listed"]:
        out.append(f"<details open><summary>{len(r['listed'])} distinct changes, word-level first</summary>")
        rows = [
            [x.get("page"), x.get("times", 1), x.get("rule"), x.get("before"), x.get("after")]
            for x in r["listed"]
        ]
        out.append(_html_table(["first page", "times", "rule", "before", "after"], rows, (0, 1)))
        out.append("</details>")
    return "\n".join(out)


def _quality(d: dict[str, Any]) -> str:
    out, q = _section(d, "text_quality", "Text quality", "text_quality")
    if q is None:
        return out[0]
    out.append(f"<p>{q['cells']:,} text cells; mean dictionary share {_fmt_num(q.get('mean_share'))}; "
               f"{q.get('broken', 0)} flagged broken.</p>")  # fmt: skip
    rows = [[x["table"], x["column"], x["cells"], _fmt_num(x["mean_share"]), _fmt_num(x["min_share"]),
             x["broken"]] for x in q["per_column"]]  # fmt: skip
    out.append(
        _html_table(["table", "column", "cells", "mean share", "min share", "broken"], rows, (2, 3, 4, 5))
    )
    return "\n".join(out)


def _extraction_rejects(d: dict[str, Any]) -> str:
    r = d["extraction_rejects"]
    out = [f"<h3 id='{_e(d['doc_id'])}-extraction-rejects'>Rejects from extraction</h3>"]
    if not r["count"]:
        return out[0] + "<p>None.</p>"
    out.append("<p>" + ", ".join(f"{_e(k)}: {v}" for k, v in r["by_stage"].items()) + "</p>")
    rows = [[x.get(k) for k in ("page", "stage", "severity", "reason", "raw_text")] for x in r["listed"]]
    out.append(_html_table(["page", "stage", "severity", "reason", "raw text"], rows))
    return "\n".join(out)


def _svg_figure(fig, caption: str, fig_id: str) -> str:
    from .analysis import charts

    body = charts.svg(fig)
    return f"<figure id='{_e(fig_id)}' class='chart'>{body}<figcaption>{_e(caption)}</figcaption></figure>"


def _charts(a: dict[str, Any]) -> str:
    """Money per division and per year, totals reconciled or not, pages read by OCR: inline SVG."""
    if not any(a.get(k) for k in ("money_by_division", "money_by_year", "totals", "pages")):
        return ""
    import pandas as pd

    from .analysis import charts

    out = ["<section id='charts'><h2>Charts</h2>"]
    divisions = pd.DataFrame(a.get("money_by_division", []))
    if not divisions.empty:
        out.append("<h3>Money per division</h3>")
        groups = list(divisions[divisions["baht"] > 0].groupby("doc_id"))
        for doc_id, g in groups[:MAX_DIVISION_CHARTS]:
            fig = charts.barh(
                g["division"].tolist(), g["baht"].astype(float).tolist(), f"{doc_id}: งบประมาณปีนี้ จำแนกตามฝ่าย"
            )
            out.append(
                _svg_figure(
                    fig,
                    f"{doc_id}: key and routine projects; a shared project split equally.",
                    f"chart-division-{doc_id}",
                )
            )
        if len(groups) > MAX_DIVISION_CHARTS:
            out.append(
                f"<p>Charts for the first {MAX_DIVISION_CHARTS} of {len(groups)} documents; all of them: "
                "<code>bkkplan sql \"SELECT * FROM money_by_division\"</code>.</p>"
            )
    years = pd.DataFrame(a.get("money_by_year", []))
    if not years.empty:
        fig = charts.stacked(years, "doc_id", "budget_year", "baht", "งบประมาณ จำแนกตามปีที่ใช้จ่าย")
        out.append(
            "<h3>Money per year</h3>"
            + _svg_figure(
                fig,
                "Key and routine projects; a multi-year project counted in each of its years.",
                "chart-years",
            )
        )
    totals = pd.DataFrame(a.get("totals", []))
    if not totals.empty:
        totals["status"] = totals["reconciled"].map({True: "reconciled", False: "not reconciled"})
        fig = charts.stacked(
            totals.assign(n=1),
            "doc_id",
            "status",
            "n",
            "ยอดรวมที่เอกสารระบุ ตรงกับผลรวมหรือไม่",
            unit="totals",
            part_name=lambda p: {"reconciled": "ตรงกัน", "not reconciled": "ไม่ตรงกัน"}[p],
            colors={"reconciled": "#38a169", "not reconciled": "#c53030"},
        )
        out.append(
            "<h3>Printed totals: reconciled or not</h3>"
            + _svg_figure(
                fig, "Each total the document prints against the sum of the rows it totals.", "chart-totals"
            )
        )
    pages = pd.DataFrame(a.get("pages", []))
    if not pages.empty:
        names = {"digital": "ชั้นข้อความ (digital)", "ocr": "OCR", "mixed": "บางหน้า OCR (mixed)"}
        fig = charts.stacked(
            pages,
            "doc_id",
            "text_source",
            "pages",
            "จำนวนหน้า และที่มาของข้อความ",
            unit="pages",
            part_name=lambda p: names.get(p, p),
            colors={"digital": "#2b6cb0", "ocr": "#dd6b20", "mixed": "#d69e2e"},
        )
        out.append(
            "<h3>Pages read by OCR</h3>"
            + _svg_figure(
                fig,
                "Pages of each document by where their text came from (documents.text_source).",
                "chart-pages",
            )
        )
    out.append("</section>")
    return "\n".join(out)


CHANGE_TITLES = {
    "added": "Projects added",
    "dropped": "Projects dropped",
    "renamed": "Projects renamed",
    "rebudgeted": "Projects re-budgeted",
    "moved": "Projects moved to another division or KR",
    "kr_target": "KR targets changed",
    "kr_added": "KRs added",
    "kr_dropped": "KRs dropped",
}


def _changes(a: dict[str, Any]) -> str:
    """What changed since the district's previous plan, for each district with two years."""
    pairs = a.get("changes") or []
    if not pairs:
        return ""
    out = ["<section id='changes'><h2>What changed since last year</h2>"]
    for p in pairs:
        pid = f"changes-{p['to_doc_id']}"
        out.append(
            f"<h3 id='{_e(pid)}'>เขต{_e(p['district'])}: {_e(p['from_doc_id'])} ({p['from_year']}) → "
            f"{_e(p['to_doc_id'])} ({p['to_year']})</h3>"
        )
        out.append(
            _html_table(["change", "count"], [[CHANGE_TITLES[k], v] for k, v in p["counts"].items()], (1,))
        )
        for kind, rows in p["listed"].items():
            if rows:
                shown = (
                    f" (first {len(rows)} of {p['counts'][kind]})" if p["counts"][kind] > len(rows) else ""
                )
                out.append(
                    f"<details><summary>{_e(CHANGE_TITLES[kind])}: {p['counts'][kind]}{shown}</summary>"
                )
                out.append(
                    _html_table(
                        ["before", "after", "then", "now", "division"],
                        [
                            [
                                r["name_before"],
                                r["name_after"],
                                r["value_before"],
                                r["value_after"],
                                r["division"],
                            ]
                            for r in rows
                        ],
                    )
                )
                out.append("</details>")
        money = [[m["division"], _fmt_num(m["before"]), _fmt_num(m["after"])] for m in p["division_money"]]
        out.append("<h4>Money per division (baht), then and now</h4>")
        out.append(_html_table(["division", str(p["from_year"]), str(p["to_year"])], money, (1, 2)))
    out.append("</section>")
    return "\n".join(out)


def _settings(payload: dict[str, Any]) -> str:
    """The tolerances the run used: those changed from the defaults (--config), then all of them."""
    if not (s := payload.get("settings")):
        return ""
    changed = [[sec, k, v] for sec, values in s["changed"].items() for k, v in values.items()]
    every = [[sec, k, v] for sec, values in s["used"].items() for k, v in values.items()]
    head = ["section", "setting", "value"]
    return (
        "<section id='settings'><h2>Settings</h2>"
        + (f"<p>{len(changed)} changed from the defaults:</p>" + _html_table(head, changed) if changed
           else "<p>The run used the default settings.</p>")
        + f"<details><summary>all {len(every)} settings</summary>{_html_table(head, every)}</details>"
        + "</section>"
    )  # fmt: skip


def render_html(payload: dict[str, Any]) -> str:
    """Render the validation payload (same dict as results.json) to one self-contained HTML page."""
    docs = "\n".join(_document(d) for d in payload["documents"])
    analysis = payload.get("analysis") or {}
    return (
        "<!DOCTYPE html>\n<html lang='th'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>bkkplan data-quality report</title><style>{CSS}</style></head><body>"
        f"<h1>bkkplan data-quality report</h1><p>Dataset <code>{_e(payload['dataset'])}</code>, "
        f"generated {_e(payload['generated_at'])}.</p>"
        f"{_summary(payload)}\n{_charts(analysis)}\n{_changes(analysis)}\n{docs}\n{_settings(payload)}\n"
        "</body></html>\n"
    )


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the report is for analysts to open
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_html(payload: dict[str, Any], report_dir: Path) -> Path:
    """Write report_dir/index.html."""
    return _atomic_write(Path(report_dir) / "index.html", render_html(payload))


def write_results_json(payload: dict[str, Any], report_dir: Path) -> Path:
    """Write report_dir/results.json (Thai readable, indent 2)."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
    return _atomic_write(Path(report_dir) / "results.json", text)
