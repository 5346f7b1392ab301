"""The batch runner: throughput, scaling and memory of `bkkplan run`, against plain pdfplumber.

usage: python benchmarks/bench_runner.py [--copies 50] [--long 5] [--speedup-docs 8] [--work DIR]
                                        [--skip-real] [--skip-bomb] [--pages N] [--sections a,b]
  chosen sections only: --sections ratio,jobs (of ratio, jobs, scaling, length, pages, batch, bomb, real)
  reduced (every section, a few minutes): --copies 4 --long 2 --pages 30 --skip-real --skip-bomb
  the issue's targets only (no real budget books, not among them): --skip-real

Builds a corpus (the shared plan under many names, each copy a distinct file; one long PDF of
several plans concatenated; the real budget books of ../shared/real-bma) and prints, in one run:
pages/s, CPU and peak RSS of `bkkplan run` with 1 and 2 jobs; the time of plain pdfplumber
`page.extract_tables()` on the same pages and the ratio; scaling with 1, 2, 4, 8 documents and
with document length (the worker's peak RSS must stay flat); the long PDF on 2 cores (its pages
read in parallel, outputs compared with the 1-core run); the batch of all copies with --jobs 2 and
its unchanged re-run; and, last, the issue's "done when" targets with PASS/FAIL.

Every `bkkplan run` is measured with /usr/bin/time: its CPU and peak RSS include the workers
(the CLI waits for its fork server, which reaps them).  "worker peak" is the largest peak RSS
a worker reported for its own document.
Timings on a shared machine are noisy: CPU seconds are the steadier figure.

The package's bytecode is compiled first (``compileall``), as an installed or once-run checkout
has it: under PYTHONDONTWRITEBYTECODE (set on some machines) every process of every run would
otherwise compile the pipeline's ~100 modules from source again (about 0.3 s CPU in each process
that imports them), while pdfplumber, installed, loads its bytecode.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "raw" / "bangna-2569.pdf"
REAL = ROOT.parent / "shared" / "real-bma"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1", "GX_ANALYTICS_ENABLED": "false"}


def compile_bytecode() -> str:
    """Compile the pipeline's modules to bytecode (as an installed package has them)."""
    import compileall

    ok = compileall.compile_dir(ROOT / "pipeline", quiet=1)
    return "compiled" if ok else "compiled (with errors)"


def copy_as(src: Path, dst: Path, n: int) -> Path:
    """The same PDF with a distinct trailing comment: a different file (sha256), the same pages."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes() + f"\n% copy {n}\n".encode())
    return dst


def concatenated(src: Path, times: int, dst: Path, pages: int | None = None) -> Path:
    """``times`` copies of ``src`` (of its first ``pages`` pages) one after the other in one PDF."""
    import pypdfium2 as pdfium

    dst.parent.mkdir(parents=True, exist_ok=True)
    out = pdfium.PdfDocument.new()
    for _ in range(times):
        doc = pdfium.PdfDocument(str(src))
        out.import_pages(doc, list(range(min(pages, len(doc)))) if pages else None)
    out.save(str(dst))
    return dst


def measured(cmd: list[str]) -> dict:
    """Run a command under /usr/bin/time: wall and CPU seconds, peak RSS (MB) of its process tree."""
    timed = ["/usr/bin/time", "-f", "TIME %e %U %S %M", *cmd]
    done = subprocess.run(timed, env=ENV, capture_output=True, text=True)
    wall, user, system, peak_kb = re.findall(r"^TIME (\S+) (\S+) (\S+) (\S+)$", done.stderr, re.M)[-1]
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak": int(peak_kb) / 1024,
            "out": done.stdout + done.stderr, "code": done.returncode}  # fmt: skip


def bkkplan_run(inputs: list[Path], out: Path, jobs: int, fresh: bool = True) -> dict:
    if fresh and out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "--out", str(out)]
    cmd += ["--jobs", str(jobs), "--no-progress"]
    r = measured(cmd)
    r["out_dir"] = out
    r["pages"] = sum(int(m) for m in re.findall(r"^done .*?: (\d+) pages", r["out"], re.M))
    peaks = [float(m) for m in re.findall(r"peak (\d+) MB", r["out"])]
    r["worker_peak"] = max(peaks) if peaks else 0.0
    r["worker_cpu"] = sum(float(m) for m in re.findall(r"\(cpu ([\d.]+) s\)", r["out"]))
    r["skipped"] = sum(int(m) for m in re.findall(r"(\d+) unchanged", r["out"]))
    if r["code"] not in (0, 1) or not re.search(r"^\d+ document\(s\) in", r["out"], re.M):
        tail = r["out"].strip().splitlines()[-3:]
        print(f"  ! bkkplan run exited with {r['code']}: " + " / ".join(tail)[:400])
    return r


PLUMBER = """
import sys, time, resource, pdfplumber
t = time.perf_counter(); n = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables(); page.close(); n += 1
u = resource.getrusage(resource.RUSAGE_SELF)
print(n, time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)
"""


def plumber(pdf: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PLUMBER, str(pdf)], env=ENV, capture_output=True, text=True)
    n, wall, cpu, peak = out.stdout.split()
    return {"pages": int(n), "wall": float(wall), "cpu": float(cpu), "peak": float(peak)}


def line(label: str, r: dict) -> str:
    pages = r.get("pages") or 0
    rate = f"{pages / r['wall']:6.1f} pages/s" if pages else " " * 13
    worker = f", peak {r['peak']:4.0f} MB"
    worker += f" (worker {r['worker_peak']:.0f})" if r.get("worker_peak") else ""
    return f"  {label:<38} {r['wall']:7.1f} s wall {r['cpu']:7.1f} s cpu  {rate}{worker}"


class Targets:
    """The issue's "done when" figures, each measured in this run, printed together at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, bool | None]] = []

    def check(self, what: str, value: float, limit: float, unit: str, at_most: bool = True) -> None:
        ok = value <= limit if at_most else value >= limit
        sign = "<=" if at_most else ">="
        self.rows.append((what, f"{value:.2f}{unit} (target {sign} {limit:g}{unit})", ok))

    def note(self, what: str, text: str) -> None:
        self.rows.append((what, text, None))

    def print(self) -> None:
        print("done when (the issue's targets, from this run):")
        for what, text, ok in self.rows:
            mark = "    " if ok is None else ("PASS" if ok else "FAIL")
            print(f"  {mark} {what:<44} {text}")


# What --sections chooses from, in the order they run.
SECTIONS = ("ratio", "jobs", "scaling", "length", "pages", "batch", "bomb", "real")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="copies of the shared plan in the batch")
    parser.add_argument("--long", type=int, default=5, help="plans concatenated into the long PDF")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the real budget books")
    parser.add_argument("--skip-bomb", action="store_true", help="leave out the inflate bomb")
    parser.add_argument("--pages", type=int, default=None, help="use the plan's first N pages (reduced run)")
    parser.add_argument(
        "--speedup-docs",
        type=int,
        default=8,
        help="documents compared with 1 and 2 jobs (enough for fixed costs not to dominate)",
    )
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)",
    )
    args = parser.parse_args()
    want = set(filter(None, args.sections.split(",")))
    if want - set(SECTIONS):
        parser.error(
            f"unknown section(s) {', '.join(sorted(want - set(SECTIONS)))}; known: {', '.join(SECTIONS)}"
        )
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-runner-"))
    corpus = work / "corpus"
    n_copies = max(args.copies, args.speedup_docs, 2)
    plan = concatenated(PLAN, 1, corpus / f"plan-p{args.pages}.pdf", args.pages) if args.pages else PLAN
    copies = [copy_as(plan, corpus / "copies" / f"plan-{i:02d}.pdf", i) for i in range(n_copies)]
    lengths = sorted({1, max(1, args.long // 2), args.long})
    long_pdfs = {
        n: plan if n == 1 else concatenated(plan, n, corpus / "long" / f"plan-x{n}.pdf") for n in lengths
    }
    targets = Targets()
    print(f"bytecode of pipeline/: {compile_bytecode()} (as installed; see the docstring)")
    print(f"corpus in {corpus}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")

    p = plumber(plan)
    print(f"the shared plan, {p['pages']} pages:")
    print(line("pdfplumber extract_tables()", p))
    one = None
    if want & {"ratio", "length", "pages"}:  # one plan, one job: also the 1-plan point of the length scaling
        one = bkkplan_run([copies[0]], work / "out-one", jobs=1)
        print(line("bkkplan run (validated Parquet), 1 job", one))
    if "ratio" in want:
        ratio = f"{one['wall'] / p['wall']:.2f}x wall, {one['cpu'] / p['cpu']:.2f}x cpu"
        print(f"  ratio bkkplan/pdfplumber: {ratio}")
        targets.check("bkkplan run / pdfplumber extract_tables (cpu)", one["cpu"] / p["cpu"], 1.5, "x")
        targets.note("  the same, wall", f"{one['wall'] / p['wall']:.2f}x")

    k = args.speedup_docs
    j2 = None
    if "jobs" in want:
        j2 = _jobs_section(copies, work, k, targets)
    if "scaling" in want:
        print("scaling with documents (--jobs 2):")
        for n in [n for n in (1, 2, 4, 8) if n <= n_copies]:
            # The same run as the 2-job one above is not run twice (the full benchmark stays short).
            r = j2 if n == k and j2 is not None else bkkplan_run(copies[:n], work / f"out-n{n}", jobs=2)
            print(line(f"{n} document(s)", r) + f"  {r['wall'] / n:6.1f} s/doc")

    by_length = {}
    if "length" in want:
        by_length = _length_section(long_pdfs, one, work, args.long, targets)
    if "pages" in want:
        longest = by_length.get(args.long) or (
            one
            if args.long == 1
            else bkkplan_run([long_pdfs[args.long]], work / f"out-{long_pdfs[args.long].stem}", jobs=1)
        )
        _pages_section(long_pdfs[args.long], longest, work, targets)
    if "batch" in want:
        _batch_section(copies, work, args.copies, p, targets)
    if "bomb" in want and not args.skip_bomb:
        _bomb_section(corpus, copies, work)
    if "real" in want and not args.skip_real and REAL.is_dir():
        books = sorted(REAL.glob("*.pdf"))
        r = bkkplan_run(books, work / "out-real", jobs=2)
        print(line(f"real budget books ({len(books)}), --jobs 2", r))
        for m in re.findall(r"^(?:done|REJECT) .*$", r["out"], re.M):
            print(f"    {m[:150]}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    targets.print()


def _jobs_section(copies: list[Path], work: Path, k: int, targets: Targets) -> dict:
    print(f"1 and 2 jobs on {k} documents:")
    j1 = bkkplan_run(copies[:k], work / "out-j1", jobs=1)
    j2 = bkkplan_run(copies[:k], work / "out-j2", jobs=2)
    print(line("--jobs 1", j1))
    print(line("--jobs 2", j2))
    # Wall is what the target is about; on a machine others load it says little, so the CPU
    # figures come with it: the same work on 2 cores should cost about the same CPU.
    print(
        f"  speed-up 1 -> 2 jobs: {j1['wall'] / j2['wall']:.2f}x wall "
        f"(cpu {j1['cpu']:.0f} -> {j2['cpu']:.0f} s; load average {os.getloadavg()[0]:.1f})"
    )
    targets.check(
        f"speed-up 1 -> 2 jobs ({k} documents, wall)", j1["wall"] / j2["wall"], 1.8, "x", at_most=False
    )
    targets.note("  the same, cpu seconds 1 job / 2 jobs", f"{j1['cpu'] / j2['cpu']:.2f} (1.00: no overhead)")
    return j2


def _length_section(
    long_pdfs: dict[int, Path], one: dict, work: Path, longest_n: int, targets: Targets
) -> dict:
    print("scaling with document length (--jobs 1: one core; worker peak RSS must not grow):")
    by_length = {}
    for n, pdf in long_pdfs.items():
        # One plan on one core is the first run of this benchmark (the same pages, a copy's bytes).
        r = by_length[n] = one if n == 1 else bkkplan_run([pdf], work / f"out-{pdf.stem}", jobs=1)
        pages = r["pages"] or 1
        print(line(f"{pdf.name} ({pages} pages)", r) + f"  {1000 * r['worker_cpu'] / pages:6.0f} ms cpu/page")
    longest = by_length[longest_n]
    targets.check(f"worker peak RSS, {longest['pages']}-page PDF", longest["worker_peak"], 400, " MB")
    if len(by_length) > 1:
        first = by_length[1]
        growth = (longest["worker_peak"] - first["worker_peak"]) / max(1, longest["pages"] - first["pages"])
        at = f"{first['worker_peak']:.0f} MB at {first['pages']} pages, "
        at += f"{longest['worker_peak']:.0f} at {longest['pages']}"
        targets.note("  worker peak growth per page", f"{1000 * growth:.0f} kB/page ({at})")
        per_page = [1000 * r["worker_cpu"] / max(1, r["pages"]) for r in by_length.values()]
        targets.note("  cpu per page (linear cost: flat)", " / ".join(f"{c:.0f}" for c in per_page) + " ms")
    return by_length


def _pages_section(pdf: Path, longest: dict, work: Path, targets: Targets) -> None:
    print("the long PDF on 2 cores (--jobs 2: its pages read by a second process):")
    pair = bkkplan_run([pdf], work / "out-long-j2", jobs=2)
    print(line(f"{pdf.name}, --jobs 2", pair))
    same = same_tables(longest["out_dir"], work / "out-long-j2")
    gain = f"{longest['wall'] / pair['wall']:.2f}x wall, outputs {'identical' if same else 'DIFFER'}"
    print(f"  speed-up: {gain}")
    targets.note("pages in parallel, long PDF 1 -> 2 jobs", gain)


def _batch_section(copies: list[Path], work: Path, n_copies: int, p: dict, targets: Targets) -> None:
    print(f"the batch: {n_copies} copies, --jobs 2:")
    batch = bkkplan_run(copies[:n_copies], work / "out-batch", jobs=2)
    print(line(f"{n_copies} copies", batch))
    again = bkkplan_run(copies[:n_copies], work / "out-batch", jobs=2, fresh=False)
    print(line("unchanged re-run", again) + f"  ({again['skipped']} unchanged)")
    if n_copies == 50 and p["pages"] == 125:
        targets.check("50 copies, --jobs 2", batch["wall"] / 60, 4, " min")
    else:  # a reduced run: per-run costs do not shrink with it, so no scaled target would be fair
        targets.note(f"{n_copies} copies, --jobs 2 (reduced: no target)", f"{batch['wall'] / 60:.2f} min")
    targets.check(f"unchanged re-run of the {n_copies}", again["wall"], 10, " s")


def _bomb_section(corpus: Path, copies: list[Path], work: Path) -> None:
    print("an inflate bomb (400 MB) and the shared plan, --jobs 1:")
    sys.path.insert(0, str(ROOT))
    from tests.pdfbombs import inflate_bomb

    bomb = inflate_bomb(corpus / "bomb" / "bomb-400mb.pdf", inflated_mb=400)
    r = bkkplan_run([bomb, copies[0]], work / "out-bomb", jobs=1)
    print(line("bomb + plan", r))
    for m in re.findall(r"^(?:done|REJECT) .*$", r["out"], re.M):
        print(f"    {m[:150]}")


def same_tables(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same rows in every contract table (extraction time aside)."""
    import pandas as pd

    for folder in sorted(p for p in a.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files_a, files_b = sorted(folder.glob("*.parquet")), sorted((b / folder.name).glob("*.parquet"))
        if [f.name for f in files_a] != [f.name for f in files_b]:
            return False
        for fa, fb in zip(files_a, files_b, strict=True):
            da = pd.read_parquet(fa).drop(columns=["extracted_at"], errors="ignore")
            db = pd.read_parquet(fb).drop(columns=["extracted_at"], errors="ignore")
            if not da.equals(db):
                return False
    return True


if __name__ == "__main__":
    main()
