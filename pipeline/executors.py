"""Where documents are read: capped local worker processes, or a Dask cluster.

Both yield ``worker.Outcome``s as documents finish, in whatever order; the batch commits
each one as it arrives, so a killed run keeps every document finished before the kill.

``ProcessExecutor`` starts one process per document from a fork server that has already
imported the stages (a fresh process is the only way to take back all of a document's
memory, and to stop one that hangs): ``RLIMIT_AS`` caps its memory, the parent kills it at
its time limit, and its death (a signal, a C library aborting) is that document's reject.
Its documents are validated by one more process (``validator.Validator``) as they finish;
while it has documents, it holds one of the ``jobs`` cores.  Dask and inline validate in the
worker itself (``worker.run_task``).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from .worker import Outcome, Task

OnProgress = Callable[[str, str, int], None]  # (doc_id, "pages" | "page", n)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Running:
    task: Task
    process: multiprocessing.process.BaseProcess
    conn: Connection
    deadline: float
    outcome: Outcome | None = None
    scanned: int = 0  # pages the worker said it sent to OCR: each moves the deadline on


_context = None
# Imported once by the fork server: workers start with the stages loaded (and share their pages).
PRELOAD = ["pipeline.worker", "pipeline.warm"]


def _fork_server():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def stop_fork_server() -> None:
    """Stop the workers' fork server and wait for it: its CPU time and peak memory (and its
    workers', which it reaped) then count as this process's children, as /usr/bin/time sees them."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


class ProcessExecutor:
    """Up to ``jobs`` documents at once, each in its own capped process."""

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs or default_jobs()

    def run(self, tasks: Sequence[Task], on_progress: OnProgress) -> Iterator[Outcome]:
        ctx = _fork_server()
        validator = None
        if any(t.validate for t in tasks):
            # The fork server first (the first document waits for its warm-up); the validator
            # then imports GX while the server warms up.
            from multiprocessing import forkserver

            forkserver.ensure_running()
            from .validator import Validator

            validator = Validator()
        validating: dict[str, tuple[Task, Outcome]] = {}
        pending = list(reversed(tasks))
        running: dict[Connection, _Running] = {}
        try:
            while pending or running or validating:
                # The validator, while it has documents, holds a core (one: it validates them one
                # by one): --jobs 1 uses one core at a time.
                while pending and len(running) + min(1, len(validating)) < self.jobs:
                    task = pending.pop()
                    # Cores no other document will take (the batch's last ones) read its pages.
                    idle = self.jobs - len(running) - min(1, len(validating)) - 1 - len(pending)
                    if idle > 0:
                        task = dataclasses.replace(task, page_workers=1 + idle)
                    # The worker only reads; its tables go to the validator (without GX imported
                    # by the fork server, every worker stays small).
                    child_task = dataclasses.replace(task, validate=False)
                    recv, send = ctx.Pipe(duplex=False)
                    proc = ctx.Process(target=_child, args=(child_task, send), name=f"bkkplan:{task.doc_id}")
                    proc.start()
                    send.close()
                    running[recv] = _Running(task, proc, recv, time.monotonic() + task.limits.seconds)
                waited = list(running) + ([validator.conn] if validator is not None and validating else [])
                ready = wait(waited, timeout=0.5)
                for conn in ready:
                    if validator is not None and conn is validator.conn:
                        answer = validator.receive()
                        if answer is None:  # the validator died: the batch validates these itself
                            validator = None
                            yield from (o for _, o in validating.values())
                            validating.clear()
                        elif answer[0] in validating:
                            yield _validated(*validating.pop(answer[0]), *answer[1:])
                        continue
                    job = running[conn]
                    self._receive(job, on_progress)
                    if job.outcome is not None or not job.process.is_alive() or _closed(job):
                        outcome = self._finish(running.pop(conn))
                        if _sent_to(validator, job.task, outcome):
                            validating[job.task.doc_id] = (job.task, outcome)
                        else:
                            yield outcome
                now = time.monotonic()
                for conn, job in list(running.items()):
                    if now > job.deadline:
                        job.process.kill()
                        job.outcome = _failed(job.task, job.task.limits.describe_time(job.scanned))
                        yield self._finish(running.pop(conn))
        finally:  # the batch was interrupted: leave no worker behind
            for job in running.values():
                job.process.kill()
                job.process.join()
            if validator is not None:
                validator.close()

    @staticmethod
    def _receive(job: _Running, on_progress: OnProgress) -> None:
        try:
            while job.conn.poll():
                kind, value = job.conn.recv()
                if kind == "done":
                    job.outcome = value
                    return
                if kind == "scanned":  # a page queued for OCR: more time, not progress
                    job.scanned += value
                    job.deadline += value * job.task.limits.seconds_per_scanned_page
                    continue
                on_progress(job.task.doc_id, kind, value)
        except (EOFError, OSError):
            job.conn.close()

    @staticmethod
    def _finish(job: _Running) -> Outcome:
        job.process.join(timeout=30)
        if job.process.is_alive():
            job.process.kill()
            job.process.join()
        if not job.conn.closed:
            job.conn.close()
        if job.outcome is not None:
            return job.outcome
        code = job.process.exitcode
        limits = job.task.limits
        if code is not None and code < 0:
            reason = f"worker killed by signal {-code}"
            if -code in (6, 9, 11):  # abort, kill, segfault: almost always an allocation refused
                reason += f" (likely {limits.describe_memory()})"
        else:
            reason = f"worker exited with code {code} without a result"
        return _failed(job.task, reason)


def _closed(job: _Running) -> bool:
    return job.conn.closed


def _child(task: Task, conn) -> None:
    from .worker import child_main

    child_main(task, conn)


def _sent_to(validator, task: Task, outcome: Outcome) -> bool:
    """Whether a read document went to the validator (not when unwanted, rejected, or it is gone)."""
    wanted = task.validate and outcome.ok and outcome.tables is not None
    return wanted and validator is not None and validator.submit(task.doc_id, outcome.tables)


def _validated(task: Task, outcome: Outcome, record: dict | None, rows) -> Outcome:
    """A read document with the validator's answer: its record and rejects merged (an error
    there leaves it unvalidated: the batch then validates it from its written files)."""
    if record is None:
        return outcome
    from .worker import with_validation

    outcome.tables, outcome.validation, outcome.rows = with_validation(outcome.tables, record, rows)
    return outcome


def _failed(task: Task, reason: str) -> Outcome:
    from pathlib import Path

    return Outcome(task.doc_id, False, f"{Path(task.path).name}: {reason}")


class DaskExecutor:
    """Documents sent to a dask.distributed cluster (``scheduler`` address, or a LocalCluster)."""

    def __init__(self, scheduler: str | None = None, jobs: int | None = None, memory_mb: int = 1536):
        self.scheduler = scheduler
        self.jobs = jobs or default_jobs()
        self.memory_mb = memory_mb

    def run(self, tasks: Sequence[Task], on_progress: OnProgress) -> Iterator[Outcome]:
        from distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.scheduler:
            client = Client(self.scheduler)
        else:
            cluster = LocalCluster(
                n_workers=self.jobs,
                threads_per_worker=1,
                processes=True,
                memory_limit=f"{self.memory_mb}MB",
                dashboard_address=None,
            )
            client = Client(cluster)
        try:
            from .worker import dask_main

            futures = {client.submit(dask_main, t, key=f"bkkplan-{t.doc_id}-{t.sha256[:12]}", pure=False): t
                       for t in tasks}  # fmt: skip
            for future in as_completed(futures):
                task = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker died (memory limit) or the task could not run
                    outcome = _failed(task, f"Dask worker failed ({type(exc).__name__}: {exc})")
                if outcome.n_pages:
                    on_progress(task.doc_id, "pages", outcome.n_pages)
                    on_progress(task.doc_id, "page", outcome.n_pages)
                yield outcome
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


class InlineExecutor:
    """Documents read one by one in this process: no isolation and no limits on memory or time
    (stream and image limits still apply); for debugging, and tests that patch a stage."""

    def run(self, tasks: Sequence[Task], on_progress: OnProgress) -> Iterator[Outcome]:
        from . import limits
        from .worker import run_task

        for task in tasks:
            previous = limits.active()
            limits.apply(task.limits, cap_memory=False)
            try:
                yield run_task(task, lambda kind, n, doc_id=task.doc_id: on_progress(doc_id, kind, n))
            finally:
                limits.apply(previous, cap_memory=False)


def make_executor(kind: str, jobs: int | None, scheduler: str | None, memory_mb: int):
    """The executor named on the command line."""
    if kind == "inline":
        return InlineExecutor()
    if kind == "dask":
        return DaskExecutor(scheduler, jobs, memory_mb)
    if kind == "process":
        return ProcessExecutor(jobs)
    raise ValueError(f"unknown executor {kind!r} (process, dask or inline)")
