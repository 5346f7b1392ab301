"""Where the CPU of one `bkkplan run` goes, process by process: the CLI, the workers' fork server,
the workers, the validator and anything else the run starts.

usage: python benchmarks/process_cpu.py [PDF ...] [--jobs N] [--runs N] [--interval S]

Runs `bkkplan run` on the PDFs (default: the shared plan) into a temporary folder and samples
``/proc`` every ``--interval`` seconds (default 0.02): the last user+system CPU seen of every
process of the run's tree, by role.  A process is seen until its last sample, so up to one
interval of its CPU may be missed; the total of ``/usr/bin/time``-style accounting (the run's
reaped children, ``os.times``) is printed beside the sum for comparison.  Printed with the load
average: on a shared machine, CPU seconds grow with the load (compare runs at the same load).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "raw" / "bangna-2569.pdf"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1", "GX_ANALYTICS_ENABLED": "false"}
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> tuple[int, str, float, str] | None:
    """(parent pid, command name, CPU seconds, command line) of a process, None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    close = stat.rfind(")")
    fields = stat[close + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, in clock ticks
    return int(fields[1]), stat[stat.find("(") + 1 : close], cpu, cmdline


def sample_run(cmd: list[str], interval: float) -> tuple[dict[int, dict], int, float]:
    """Run ``cmd``; every process seen in its tree with its last CPU figure; root pid; reaped CPU."""
    before = os.times()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, dict] = {}
    while proc.poll() is None:
        for pid in os.listdir("/proc"):
            if pid.isdigit() and (info := _stat(pid)) is not None:
                ppid, name, cpu, cmdline = info
                seen.setdefault(int(pid), {}).update(ppid=ppid, name=name, cpu=cpu, cmdline=cmdline)
        time.sleep(interval)
    after = os.times()
    reaped = after.children_user + after.children_system - before.children_user - before.children_system
    return seen, proc.pid, reaped


def roles(seen: dict[int, dict], root: int) -> dict[str, list[float]]:
    """CPU seconds of the run's processes by role (each process once)."""
    children = defaultdict(list)
    for pid, info in seen.items():
        children[info["ppid"]].append(pid)
    by_role: dict[str, list[float]] = defaultdict(list)

    def walk(pid: int, parent_role: str | None) -> None:
        info = seen[pid]
        if parent_role is None:
            role = "main (CLI, batch, report)"
        elif "forkserver" in info["cmdline"]:
            role = "fork server (stages, warm caches)"
        elif "resource_tracker" in info["cmdline"]:
            role = "resource tracker"
        elif parent_role.startswith("fork server"):
            role = "worker (one document)"
        elif parent_role.startswith("worker"):
            role = "page reader / OCR (a worker's helper)"
        elif parent_role.startswith("main") and info["name"].startswith("python"):
            role = "validator (forked from main)"
        else:
            role = f"other: {info['name']}"
        by_role[role].append(info["cpu"])
        for child in children.get(pid, []):
            walk(child, role)

    if root in seen:
        walk(root, None)
    return by_role


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=[PLAN])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between samples")
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        out = Path(tempfile.mkdtemp(prefix="process-cpu-"))
        cmd = [sys.executable, "-m", "pipeline.cli", "run", *map(str, args.pdfs), "--out", str(out / "o")]
        cmd += ["--jobs", str(args.jobs), "--no-progress"]
        load = os.getloadavg()[0]
        seen, root, reaped = sample_run(cmd, args.interval)
        shutil.rmtree(out, ignore_errors=True)
        by_role = roles(seen, root)
        total = sum(sum(v) for v in by_role.values())
        print(f"run {run}: load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at the end")
        for role, cpus in sorted(by_role.items(), key=lambda kv: -sum(kv[1])):
            each = f" ({len(cpus)}: {' / '.join(f'{c:.2f}' for c in cpus[:8])})" if len(cpus) > 1 else ""
            print(f"  {role:<40} {sum(cpus):7.2f} s cpu{each}")
        print(f"  {'sum of the samples':<40} {total:7.2f} s cpu (reaped, os.times: {reaped:.2f} s)")


if __name__ == "__main__":
    main()
