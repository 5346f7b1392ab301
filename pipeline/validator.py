"""The process that validates what the capped workers read, while they read the next documents.

A worker forked from the fork server inherits everything the server imported; Great
Expectations there would add its ~170 MB to every worker's resident memory.  So the process
pool's documents are validated in one process of their own, started (spawned, importing only
the validation stage) when the batch starts: its Great Expectations import runs beside the
fork server's warm-up, and each document's suites run beside the other documents' reading.
The batch's main process then only gathers the small records and writes the report.

The executor sends ``(doc_id, tables)``; the validator answers ``(doc_id, record, reject_rows)``
(``validate.core.DocumentValidation``), or ``(doc_id, None, error)`` when validation raised.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import traceback
from multiprocessing.connection import Connection


class Validator:
    """One validation process and its pipe (``conn`` is waited on with the workers' pipes)."""

    def __init__(self) -> None:
        # Forked from the batch's process (small: the CLI, the store), not spawned: a spawned
        # child would import the caller's main script again.  The validation stage's modules
        # (pandas among them) are imported before the fork: the batch's process needs them for
        # the report too, so they are imported once per run, not once in each process.
        from .validate import core  # noqa: F401

        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_serve, args=(child,), name="bkkplan:validate", daemon=True)
        self.process.start()
        child.close()
        self.pending: set[str] = set()

    def submit(self, doc_id: str, tables) -> bool:
        """Send a document's tables; False when the validator is gone."""
        try:
            self.conn.send((doc_id, tables))
        except (OSError, EOFError, BrokenPipeError):
            return False
        self.pending.add(doc_id)
        return True

    def receive(self) -> tuple[str, dict | None, object] | None:
        """The next answer, or None when the validator is gone (every pending one is lost)."""
        try:
            doc_id, record, rows = self.conn.recv()
        except (OSError, EOFError):
            return None
        self.pending.discard(doc_id)
        return doc_id, record, rows

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, EOFError, BrokenPipeError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _serve(conn: Connection) -> None:
    """The validator's loop: requests are read by a thread (a sender never blocks on a busy
    validator, so neither side can wait on the other), validated one by one, answered.

    No address-space cap here: what it holds are tables the capped workers already built, and
    a cap would refuse the lazy mappings of the libraries Great Expectations imports."""
    import os

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from . import limits
    from .validate import core

    limits.single_threaded_env()
    core.warm()
    requests: queue.Queue = queue.Queue()

    def read() -> None:
        try:
            while (item := conn.recv()) is not None:
                requests.put(item)
        except (OSError, EOFError):
            pass
        requests.put(None)

    threading.Thread(target=read, name="bkkplan-validate-requests", daemon=True).start()
    while (item := requests.get()) is not None:
        doc_id, tables = item
        try:
            v = core.validate_tables(doc_id, tables)
            answer = (doc_id, v.record(), v.rejects)
        except Exception as exc:  # noqa: BLE001 - the batch validates this one itself
            traceback.print_exc()
            answer = (doc_id, None, f"{type(exc).__name__}: {exc}")
        conn.send(answer)
