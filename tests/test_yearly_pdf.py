"""Year over year from PDFs: two plans drawn from the Bang Na gold's key projects (this year, and
next year edited: rows dropped, one added, amounts changed, the list renumbered in another order),
read by the whole pipeline, then compared by ``bkkplan diff``."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.run import run

from .conftest import SHARED
from .pdfgen import PageSpec, TableSpec, fonts_available, write_pdf
from .test_parse_lists import KEY_HEADER, KEY_WIDTHS

GOLD_KEY = SHARED / "gold" / "bangna-2569" / "key_projects.parquet"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not fonts_available(), reason="fonts-thai-tlwg not installed"),
    pytest.mark.skipif(not GOLD_KEY.exists(), reason="gold tables not available"),
]
ORDER = ["seq", "name", "budget", "divisions", "kr", "policy"]
NEW_PROJECT = ("โครงการพัฒนาคลองและคูน้ำในพื้นที่", 480_000, ["ฝ่ายโยธา"], "14101", ["166"])
ROWS_PER_PAGE = 8


def gold_projects(n: int = 14) -> list[tuple]:
    """(name, amount or note, divisions, KR, policy codes) of the first gold key projects, the
    ones with money first so amounts are in the list."""
    df = pd.read_parquet(GOLD_KEY)
    df = pd.concat([df[df["budget_baht"].notna()], df[df["budget_baht"].isna()]]).head(n)
    return [
        (r.project_name, int(r.budget_baht) if pd.notna(r.budget_baht) else r.budget_note, list(r.divisions),
         r.kr_code, list(r.policy_codes))
        for r in df.itertuples()
    ]  # fmt: skip


def plan_pdf(path, year: int, projects: list[tuple]):
    """A plan with a title page and its key-project list over pages, stated total at the end."""
    rows = [
        [
            str(i),
            name,
            f"{money:,}" if isinstance(money, int) else money,
            " ".join(divs),
            kr,
            " ".join(pol) or "-",
        ]
        for i, (name, money, divs, kr, pol) in enumerate(projects, start=1)
    ]
    total = sum(p[1] for p in projects if isinstance(p[1], int))
    header = [KEY_HEADER[k] for k in ORDER]
    widths = [KEY_WIDTHS[k] for k in ORDER]
    pages = [PageSpec(title=["สำนักงานเขตบางนา", f"แผนปฏิบัติราชการ ประจำปี พ.ศ. {year}"], running_header=None)]
    running = f"สำนักงานเขตบางนา แผนปฏิบัติราชการ ประจำปี พ.ศ. {year}"
    for start in range(0, len(rows), ROWS_PER_PAGE):
        chunk = rows[start : start + ROWS_PER_PAGE]
        title = ["โครงการ/กิจกรรมสำคัญ"] if start == 0 else []
        table = TableSpec(widths, [header, *chunk])
        pages.append(PageSpec([table], title=title, landscape=True, running_header=running))
    pages.append(PageSpec(title=[f"โครงการ/กิจกรรมสำคัญ รวมจำนวน...{len(rows)}...โครงการ/กิจกรรม",
                                 f"จำนวนเงินทั้งสิ้น...{total:,}...บาท"], landscape=True))  # fmt: skip
    return write_pdf(path, pages)


@pytest.fixture(scope="module")
def two_pdf_years(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfyears")
    this_year = gold_projects()
    dropped = [this_year[2], this_year[9]]
    kept = [p for p in this_year if p not in dropped]
    rebudgeted = {p[0] for p in kept if isinstance(p[1], int)}
    next_year = [(n, m + 25_000 if isinstance(m, int) else m, d, k, pol) for n, m, d, k, pol in kept]
    next_year = [*next_year[::-1], NEW_PROJECT]  # another order: every seq changes
    raw = folder / "raw"
    raw.mkdir()
    plan_pdf(raw / "bangna-2569.pdf", 2569, this_year)
    plan_pdf(raw / "bangna-2570.pdf", 2570, next_year)
    out = folder / "extracted"
    result = run([raw], out, progress=False, validate=False)
    assert not result.failed, [d.message for d in result.failed]
    return out, {p[0] for p in dropped}, rebudgeted


def test_pdf_years_are_read_and_every_change_found(two_pdf_years):
    out, dropped, rebudgeted = two_pdf_years
    key = pd.read_parquet(out / "key_projects")
    assert key.groupby("doc_id").size().to_dict() == {"bangna-2569": 14, "bangna-2570": 13}
    res = CliRunner().invoke(app, ["diff", "--district", "บางนา", "--from", "2569", "--to", "2570",
                                   "--data", str(out), "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    squash = lambda s: "".join((s or "").split())  # noqa: E731 - the PDF text wraps names in cells
    by = {k: {squash(r["name_before"] or r["name_after"]) for r in rows if r["change"] == k}
          for k in ("added", "dropped", "rebudgeted", "renamed", "moved")}  # fmt: skip
    assert by["dropped"] == {squash(n) for n in dropped}
    assert by["added"] == {squash(NEW_PROJECT[0])}
    assert by["rebudgeted"] == {squash(n) for n in rebudgeted}
    assert not by["renamed"] and not by["moved"]
    # the changes table of the run says the same
    changes = pd.read_parquet(out / "changes")
    assert (changes["change"] == "dropped").sum() == len(dropped)
    assert set(changes["doc_id"]) == {"bangna-2570"}
