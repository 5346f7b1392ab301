"""The batch runner: throughput, scaling and memory of `bkkplan run`, against plain pdfplumber.

usage: python benchmarks/bench_runner.py [--copies 50] [--long 5] [--work DIR] [--skip-real]

Builds a corpus (the shared plan under many names, each copy a distinct file; one long PDF of
several plans concatenated; the real budget books of ../shared/real-bma) and prints, in one run:
pages/s, CPU and peak RSS of `bkkplan run` with 1 and 2 jobs; the time of plain pdfplumber
`page.extract_tables()` on the same pages and the ratio; scaling with 1, 2, 4, 8 documents and
with document length; the batch of all copies with --jobs 2 and its unchanged re-run.

Every `bkkplan run` is measured with /usr/bin/time: its CPU and peak RSS include the workers
(the CLI waits for its fork server, which reaps them).  "worker peak" is the largest peak RSS
a worker reported for its own document.
Timings on a shared machine are noisy: CPU seconds are the steadier figure.
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


def copy_as(src: Path, dst: Path, n: int) -> Path:
    """The same PDF with a distinct trailing comment: a different file (sha256), the same pages."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes() + f"\n% copy {n}\n".encode())
    return dst


def concatenated(src: Path, times: int, dst: Path) -> Path:
    import pypdfium2 as pdfium

    dst.parent.mkdir(parents=True, exist_ok=True)
    out = pdfium.PdfDocument.new()
    for _ in range(times):
        out.import_pages(pdfium.PdfDocument(str(src)))
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
    r["pages"] = sum(int(m) for m in re.findall(r"^done .*?: (\d+) pages", r["out"], re.M))
    peaks = [float(m) for m in re.findall(r"peak (\d+) MB", r["out"])]
    r["worker_peak"] = max(peaks) if peaks else 0.0
    r["worker_cpu"] = sum(float(m) for m in re.findall(r"\(cpu ([\d.]+) s\)", r["out"]))
    r["skipped"] = len(re.findall(r"(\d+) unchanged", r["out"]))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="copies of the shared plan in the batch")
    parser.add_argument("--long", type=int, default=5, help="plans concatenated into the long PDF")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the real budget books")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-runner-"))
    corpus = work / "corpus"
    copies = [copy_as(PLAN, corpus / "copies" / f"plan-{i:02d}.pdf", i) for i in range(max(args.copies, 8))]
    long_pdf = concatenated(PLAN, args.long, corpus / "long" / f"plan-x{args.long}.pdf")
    half = max(1, args.long // 2)
    half_pdf = concatenated(PLAN, half, corpus / "long" / f"plan-x{half}.pdf")
    print(f"corpus in {corpus}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")

    print("the shared plan, 125 pages:")
    p = plumber(PLAN)
    print(line("pdfplumber extract_tables()", p))
    one = bkkplan_run([copies[0]], work / "out-one", jobs=1)
    print(line("bkkplan run (validated Parquet), 1 job", one))
    ratio = f"{one['wall'] / p['wall']:.2f}x wall, {one['cpu'] / p['cpu']:.2f}x cpu"
    print(f"  ratio bkkplan/pdfplumber: {ratio}")

    print("1 and 2 jobs on 4 documents:")
    j1 = bkkplan_run(copies[:4], work / "out-j1", jobs=1)
    j2 = bkkplan_run(copies[:4], work / "out-j2", jobs=2)
    print(line("--jobs 1", j1))
    print(line("--jobs 2", j2))
    print(f"  speed-up 1 -> 2 jobs: {j1['wall'] / j2['wall']:.2f}x")

    print("scaling with documents (--jobs 2):")
    for n in (1, 2, 4, 8):
        r = bkkplan_run(copies[:n], work / f"out-n{n}", jobs=2)
        print(line(f"{n} document(s)", r) + f"  {r['wall'] / n:6.1f} s/doc")

    print("scaling with document length (--jobs 1):")
    for pdf in (PLAN, half_pdf, long_pdf):
        r = bkkplan_run([pdf], work / f"out-{pdf.stem}", jobs=1)
        pages = r["pages"] or 1
        print(line(pdf.name, r) + f"  {1000 * r['worker_cpu'] / pages:6.0f} ms cpu/page")

    print(f"the batch: {args.copies} copies, --jobs 2:")
    batch = bkkplan_run(copies[: args.copies], work / "out-batch", jobs=2)
    print(line(f"{args.copies} copies", batch))
    again = bkkplan_run(copies[: args.copies], work / "out-batch", jobs=2, fresh=False)
    print(line("unchanged re-run", again))

    print("an inflate bomb (400 MB) and the shared plan, --jobs 1:")
    sys.path.insert(0, str(ROOT))
    from tests.pdfbombs import inflate_bomb

    bomb = inflate_bomb(corpus / "bomb" / "bomb-400mb.pdf", inflated_mb=400)
    r = bkkplan_run([bomb, copies[0]], work / "out-bomb", jobs=1)
    print(line("bomb + plan", r))
    for m in re.findall(r"^(?:done|REJECT) .*$", r["out"], re.M):
        print(f"    {m[:150]}")

    if not args.skip_real and REAL.is_dir():
        books = sorted(REAL.glob("*.pdf"))
        r = bkkplan_run(books, work / "out-real", jobs=2)
        print(line(f"real budget books ({len(books)}), --jobs 2", r))
        for m in re.findall(r"^(?:done|REJECT) .*$", r["out"], re.M):
            print(f"    {m[:150]}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
