"""How well glyph shapes name Thai glyphs of fonts the references do not hold.

usage: python benchmarks/bench_shapes.py [FILE.pdf ...]

1. Leave one family out: every TLWG family's regular and bold glyphs classified
   against the references without that family.
2. Embedded fonts of the PDFs given (default: the shared budget books and the
   HTML plan) whose glyph names are Unicode names: the names are the truth, the
   shapes are classified without looking at them.

Prints, per font, glyphs, accuracy of the nearest shape, share decided (near and
sure enough) and accuracy of the decided ones, and the confusions.
"""

from __future__ import annotations

import io
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.pages import PageReader  # noqa: E402
from pipeline.thai import shapes  # noqa: E402
from pipeline.thai.glyphs import text_of_name  # noqa: E402

SHARED = ROOT / ".." / "shared"
DEFAULT_PDFS = [SHARED / "real-bma" / "65036.pdf", SHARED / "dev" / "bangna-2569-html.pdf"]


def judge(label: str, tt, truth: dict[str, str], refs) -> None:
    """Classify the named glyphs of one font and print the figures."""
    hmtx = tt["hmtx"]
    upem = tt["head"].unitsPerEm
    names = {n: n for n in truth}
    spacing = {n: hmtx[n][0] > 0.05 * upem for n in truth}
    got = shapes.font_shapes(tt, names, spacing)
    n = right = decided = decided_right = 0
    confusions: Counter = Counter()
    for name, shape in got.items():
        m = shapes.classify(shape, refs)
        if m is None:
            continue
        n += 1
        ok = m.text == truth[name]
        right += ok
        if shapes.decided(m):
            decided += 1
            decided_right += ok
            if not ok:
                confusions[(truth[name], m.text)] += 1
    if n:
        print(
            f"{label:42} {n:4d} glyphs  nearest {right / n:6.1%}  decided {decided / n:6.1%}  "
            f"decided right {decided_right / max(decided, 1):6.1%}  "
            + " ".join(f"{a}→{b}×{k}" for (a, b), k in confusions.most_common(6))
        )


def main() -> None:
    from fontTools.ttLib import TTFont

    start = time.perf_counter()
    refs_all = shapes.references()
    print(f"references: {len(refs_all[0])} glyphs in {time.perf_counter() - start:.1f} s")
    families = sorted({p.stem.split("-")[0] for p in shapes.reference_files() if "tlwg" in str(p)})
    for fam in families:
        refs = shapes.references(exclude_family=fam)
        for style in ("", "-Bold"):
            path = Path(f"/usr/share/fonts/truetype/tlwg/{fam}{style}.ttf")
            if not path.exists():
                continue
            tt = TTFont(str(path), lazy=True)
            truth = {}
            for cp, name in (tt.getBestCmap() or {}).items():
                if cp in shapes.THAI_CODEPOINTS:
                    truth[name] = chr(cp)
            judge(f"leave-out {path.stem}", tt, truth, refs)
    for pdf in [Path(p) for p in sys.argv[1:]] or DEFAULT_PDFS:
        if not pdf.exists():
            continue
        with PageReader(str(pdf), pdf.stem) as reader:
            for _ in reader.pages([1, 2, 3]):
                pass
            for name, fp in reader.fonts.items():
                if not fp.program:
                    continue
                try:
                    tt = TTFont(io.BytesIO(fp.program), lazy=True)
                except Exception:
                    continue
                truth = {}
                for gname in tt.getGlyphOrder():
                    text = text_of_name(gname)
                    if text and "\u0e01" <= text <= "\u0e5b":
                        truth[gname] = text
                if len(truth) >= 10:
                    judge(f"{pdf.name} {name}", tt, truth, refs_all)
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
