"""Time the analysis stage on a dataset: what a run adds after validation (changes table, DuckDB
database, CSV + datapackage.json), the report's charts, and a few analyst queries.

usage: python benchmarks/bench_analysis.py [DATASET [COPIES]]
Without a dataset, writes the Bang Na gold as one (tests/dataset_factory.py); COPIES (default 1,
e.g. 50) repeats each document under other doc_ids and later years, to see how the cost grows.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def copies(data: Path, n: int) -> None:
    """Each document's files copied n-1 times as the same district's later years."""
    import pandas as pd

    for table in [p for p in data.iterdir() if p.is_dir() and list(p.glob("*.parquet"))]:
        for f in list(table.glob("*.parquet")):
            df = pd.read_parquet(f)
            for k in range(1, n):
                doc = f"{f.stem}-copy{k}"
                out = df.assign(doc_id=doc)
                if "fiscal_year" in out.columns:
                    out["fiscal_year"] = (out["fiscal_year"] + k).astype("int16")
                out.to_parquet(table / f"{doc}.parquet", index=False)


def timed(label: str, fn):
    t0 = time.perf_counter()
    value = fn()
    print(f"{label:<38} {time.perf_counter() - t0:7.2f} s")
    return value


def main() -> None:
    from pipeline.analysis import database, datapackage, overview, yearly

    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            data = Path(tmp) / "data"
            shutil.copytree(sys.argv[1], data)
        else:
            import dataset_factory

            data = dataset_factory.write_dataset(Path(tmp) / "data")
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 1
        copies(data, n)
        print(f"dataset: {data} ({n} cop{'y' if n == 1 else 'ies'} of each document)")
        timed("import duckdb, pandas, matplotlib", lambda: __import__("pipeline.analysis.charts"))
        timed("changes table (year over year)", lambda: yearly.write_changes(data))
        timed("bkkplan.duckdb", lambda: database.refresh(data))
        timed("CSV + datapackage.json", lambda: datapackage.write(data))
        con = database.connect(data)
        for view in ("money_by_strategy", "money_by_division", "kr_projects", "totals_check"):
            timed(f"SELECT * FROM {view}", lambda v=view: con.execute(f"SELECT * FROM {v}").fetchall())
        frames = timed("report data (frames)", lambda: overview.dataset_frames(data))
        from pipeline import report

        payload = timed("report data (charts, changes)", lambda: overview.report_data(frames))
        html = timed("report charts (inline SVG)", lambda: report._charts(payload) + report._changes(payload))
        print(f"charts + changes HTML: {len(html) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
