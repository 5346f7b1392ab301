"""Time the pages stage alone vs pages + Thai repair, and peak memory.

usage: python benchmarks/bench_repair.py [FILE.pdf ...]   (default: the Bang Na plan)
Prints pages/s (CPU seconds of this process) for both, the repair's added share, and peak RSS.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import thai  # noqa: E402
from pipeline.pages import PageReader  # noqa: E402
from pipeline.sources import LineReader  # noqa: E402

DEFAULT = ROOT / ".." / "shared" / "raw" / "bangna-2569.pdf"


def run(path: Path, repair: bool) -> tuple[int, float, float]:
    """Pages read, seconds, seconds spent in the repair (and page_text), as ``bkkplan text`` runs it."""
    start = time.process_time()
    reading = 0.0
    n = 0
    with PageReader(str(path), path.stem) as reader:
        if not repair:
            n = sum(1 for _page in reader.pages())
            return n, time.process_time() - start, 0.0

        def timed(pages):
            # the time spent reading pages belongs to the pages stage, not to the repair
            nonlocal reading
            while True:
                t = time.process_time()
                page = next(pages, None)
                reading += time.process_time() - t
                if page is None:
                    return
                yield page

        loop = time.process_time()
        # with the OCR fallback's line reader, as ``bkkplan text`` and ``run`` repair
        read_box = LineReader(str(path))
        for _page, repaired in thai.repair_pages(timed(reader.pages()), reader.fonts, read_box=read_box):
            n += 1
            thai.page_text(repaired)
        in_repair = time.process_time() - loop - reading
        read_box.close()
    return n, time.process_time() - start, in_repair


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [DEFAULT]
    for path in paths:
        run(path, True)  # warm caches (reference font index, word list) once, as a batch run would
        n, alone, _ = run(path, False)
        n, both, repair = run(path, True)
        print(
            f"{path.name}: {n} pages | pages stage {n / alone:.1f} pages/s ({alone:.2f} s) | "
            f"pages+repair {n / both:.1f} pages/s ({both:.2f} s) | repair {repair:.2f} s = "
            f"{100 * repair / alone:.1f}% of the pages stage"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
