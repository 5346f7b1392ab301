"""Leave one font out: CER of the Thai repair on fonts it has never met, text layers broken.

usage: python benchmarks/bench_held_out_fonts.py [--fonts Loma,NotoSansThai] [--variants keep,none]
       python benchmarks/bench_held_out_fonts.py --variants marks-first,doubled,fake-bold,double-font

For every installed Thai font family (fonts-thai-tlwg, Noto Sans/Serif/Looped Thai,
fonts-arundina when installed) and every way of breaking the text layer or its drawing
(tests/heldout_fonts.py: VARIANTS break the ToUnicode map, LAYOUT_FAULTS the drawing),
a page of plan lines is drawn in that font, the family is left out of the reference fonts
(``shapes.held_out``) and the repaired text is scored against what was drawn: CER with
spaces and ignoring them, and the CPU seconds of the repair.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.thai import shapes  # noqa: E402
from tests import heldout_fonts as hf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fonts", help="comma-separated families (default: all installed)")
    ap.add_argument("--variants", default=",".join(hf.VARIANTS))
    ap.add_argument("--show", action="store_true", help="print the repaired text of bad pages")
    args = ap.parse_args()
    fams = hf.families()
    if args.fonts:
        wanted = set(args.fonts.split(","))
        fams = [(f, p) for f, p in fams if f in wanted]
    variants = args.variants.split(",")
    gold = hf.gold()
    print(f"{'held-out font':16}" + "".join(f"{v:>22}" for v in variants))
    totals = {v: [0.0, 0.0] for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for fam, path in fams:
            cells = []
            for variant in variants:
                out = Path(tmp) / f"{fam}-{variant}.pdf"
                if variant in hf.LAYOUT_FAULTS:
                    pdf = hf.build_layout(path, out, variant)
                else:
                    pdf = hf.build(path, out, variant)
                with shapes.held_out(fam):
                    t = time.process_time()
                    text = hf.read_text(pdf)
                    cpu = time.process_time() - t
                spaced, bare = hf.cer(text, gold), hf.cer(text, gold, spaces=False)
                totals[variant][0] += spaced
                totals[variant][1] += bare
                cells.append(f"{bare:6.2%} {spaced:6.2%} {cpu:4.1f}s")
                if args.show and bare > 0.002:
                    print(f"--- {fam} {variant}\n{text}")
            print(f"{fam:16}" + "".join(f"{c:>22}" for c in cells), flush=True)
    n = max(len(fams), 1)
    print(
        f"{'mean':16}" + "".join(f"{totals[v][1] / n:>11.2%} {totals[v][0] / n:6.2%}     " for v in variants)
    )
    print("cells: CER ignoring spaces, CER with spaces, CPU s of pages + repair (first run builds caches)")


if __name__ == "__main__":
    main()
