"""Text-layer quality of repaired PDFs, one line per book (the issue-9 targets).

usage: python benchmarks/thai_books_quality.py [FILE.pdf | DIR ...] [--show N] [--shared DIR]
       (default: every PDF in SHARED/real-bma; SHARED is ``--shared``, else $BKKPLAN_SHARED,
       else ../shared beside this tree)

Per book: pages, Thai tokens, the share of them in the word list, and the counts of
what must be zero: sara am in place of sara aa (``ำ`` followed by a consonant or
doubled inside a word is counted by the lexicon: a token with ``ำ`` that is not a
word but becomes one with ``า``), private-use code points, U+FFFD, ``(cid:``.
``--show N`` prints the N commonest non-dictionary tokens of each book.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import thai  # noqa: E402
from pipeline.pages import PageReader  # noqa: E402
from pipeline.thai.spelling import thai_tokens, word_set  # noqa: E402

DEFAULT_SHARED = ROOT / ".." / "shared"
_THAI = re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]")  # a letter or mark; ฯ and ๆ alone are signs
_PUA = re.compile("[\ue000-\uf8ff]")


def books_dir(shared: str | None = None) -> Path:
    """The real books' folder: ``shared`` given, else $BKKPLAN_SHARED, else ../shared beside this tree.

    A frozen copy of the tree (``git archive`` into a scratch folder) has no ../shared beside it:
    it is told where the shared files are.
    """
    base = shared or os.environ.get("BKKPLAN_SHARED") or DEFAULT_SHARED
    return Path(base) / "real-bma"


def book_text(path: Path) -> tuple[int, str]:
    """Pages and repaired text of one PDF."""
    texts = []
    with PageReader(str(path), path.stem) as reader:
        for _page, repaired in thai.repair_pages(reader.pages(), reader.fonts):
            texts.append(thai.page_text(repaired))
    return len(texts), "\n".join(texts)


def measure(text: str) -> dict:
    """The figures of one text."""
    words = word_set()
    tokens = [t for t in thai_tokens(text) if _THAI.search(t)]
    misses = Counter(t for t in tokens if t not in words)
    # sara am where sara aa belongs: the token is no word, its sara aa reading is one
    am_for_aa = sum(n for t, n in misses.items() if "\u0e33" in t and t.replace("\u0e33", "\u0e32") in words)
    return {
        "tokens": len(tokens),
        "share": 1 - sum(misses.values()) / len(tokens) if tokens else 1.0,
        "am_for_aa": am_for_aa,
        "pua": len(_PUA.findall(text)),
        "fffd": text.count("\ufffd"),
        "cid": text.count("(cid:"),
        "misses": misses,
    }


def main() -> None:
    args = sys.argv[1:]
    show = 0
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i : i + 2]
    shared = None
    if "--shared" in args:
        i = args.index("--shared")
        shared = args[i + 1]
        del args[i : i + 2]
    paths: list[Path] = []
    for a in args or [str(books_dir(shared))]:
        p = Path(a)
        paths += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    head = ("pages", "tokens", "dict", "ำ→า", "PUA", "FFFD", "cid", "s")
    widths = (5, 7, 7, 5, 4, 4, 4, 6)
    print(f"{'book':24} " + " ".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True)))
    for path in paths:
        start = time.perf_counter()
        pages, text = book_text(path)
        m = measure(text)
        print(
            f"{path.name:24} {pages:5d} {m['tokens']:7d} {m['share']:7.2%} {m['am_for_aa']:5d} "
            f"{m['pua']:4d} {m['fffd']:4d} {m['cid']:4d} {time.perf_counter() - start:6.1f}"
        )
        if show:
            print("   ", " ".join(f"{t}×{n}" for t, n in m["misses"].most_common(show)))


if __name__ == "__main__":
    main()
