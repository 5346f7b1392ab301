"""Per-book figures of the budget books: pages, items, programmes, indicators, totals, seconds.

usage: python benchmarks/bench_books.py [PDF or folder ...] [--out DIR] [--reuse]

Runs ``bkkplan run`` on the books (default ../shared/real-bma) into ``--out`` (default a
temporary folder), then prints one line per book from the written tables: pages,
detail lines, programmes, indicators, printed totals checked and reconciled, parents
with priced children that reconcile, and seconds.  ``--reuse`` reads an existing output
folder instead of running (seconds are then unknown).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BOOKS = ROOT.parent / "shared" / "real-bma"


def _read(out: Path, table: str) -> pd.DataFrame:
    folder = out / table
    return pd.read_parquet(folder) if folder.is_dir() and any(folder.glob("*.parquet")) else pd.DataFrame()


def figures(out: Path, seconds: dict[str, float]) -> list[dict]:
    """One dict of figures per budget book in the output folder."""
    docs = _read(out, "documents")
    books = docs[docs.get("doc_type", pd.Series(dtype=str)) == "budget_book"] if len(docs) else docs
    items, programs = _read(out, "budget_items"), _read(out, "budget_programs")
    kpis, totals = _read(out, "budget_kpis"), _read(out, "stated_totals")
    rows = []
    for doc in books.itertuples():
        d = doc.doc_id
        st = totals[totals["doc_id"] == d] if len(totals) else totals
        ok = st["stated_total_baht"] == st["computed_total_baht"]
        parents = st[st["section"].str.startswith("budget_items ")]
        parents_ok = int((parents["stated_total_baht"] == parents["computed_total_baht"]).sum())
        pk = kpis[kpis["doc_id"] == d]
        rows.append(
            {
                "book": d,
                "district": doc.district,
                "pages": int(doc.n_pages),
                "items": int((items["doc_id"] == d).sum()),
                "programmes": int((programs["doc_id"] == d).sum()),
                "indicators": int(pk[["program_code", "indicator"]].drop_duplicates().shape[0]),
                "totals_checked": len(st),
                "totals_reconciled": int(ok.sum()),
                "parents_reconciled": f"{parents_ok}/{len(parents)}",
                "seconds": round(seconds.get(d, float("nan")), 1),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_BOOKS)])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--reuse", action="store_true", help="read --out as written by an earlier run")
    args = parser.parse_args()
    paths = [Path(p) for p in args.paths]
    if not args.reuse and not all(p.exists() for p in paths):
        print(f"no books at {', '.join(map(str, paths))}: nothing to measure")
        return
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        if not args.reuse:
            from pipeline.run import run

            result = run(paths, out, progress=False)
            seconds = {d.doc_id: d.seconds for d in result.documents}
            print(f"{len(result.documents)} document(s) in {result.seconds:.1f} s")
            print(f"validation exit {result.validation_exit}")
        table = pd.DataFrame(figures(out, seconds))
    print(table.to_string(index=False) if len(table) else "no budget books in the output")


if __name__ == "__main__":
    main()
