"""Time validate_dataset on the gold-based fake extracted/ (GE import measured separately).

    python benchmarks/bench_validate.py [--repeat 5]

Budget: ≤ 10 % of a ~15 s run for a 75-page plan, i.e. ≤ 1.5 s once GE is imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    import dataset_factory as factory

    t = time.perf_counter()
    import great_expectations  # noqa: F401

    ge_import = time.perf_counter() - t
    from pipeline.validate import validate_dataset

    with tempfile.TemporaryDirectory() as tmp:
        out = factory.write_dataset(Path(tmp) / "extracted")
        t = time.perf_counter()
        first = validate_dataset(out)
        first_s = time.perf_counter() - t  # includes building the GE context
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            validate_dataset(out)
            runs.append(time.perf_counter() - t)
    print(f"GE import            {ge_import:6.2f} s (paid once per process, excluded from the budget)")
    print(f"first validation     {first_s:6.2f} s (includes the ephemeral GE context)")
    print(f"re-validation median {statistics.median(runs):6.2f} s  (min {min(runs):.2f}, n={len(runs)})")
    print(f"budget 1.50 s -> {'OK' if first_s <= 1.5 else 'OVER'}; {first.summary_text()}")


if __name__ == "__main__":
    main()
