"""The output folder: every table of a document becomes visible at once, or not at all.

Readers see the contract layout, ``<out>/<table>/<doc_id>.parquet``.  Each of those is a
stable symlink into the document's *current generation*::

    <out>/<table>/<doc_id>.parquet -> ../.store/<doc_id>/current/<table>.parquet
    <out>/.store/<doc_id>/current  -> g-<token>          (one symlink per document)
    <out>/.store/<doc_id>/g-<token>/<table>.parquet       (all tables, plus manifest.json)

A commit writes a whole new generation next to the old one, then renames a new
``current`` link over the old one: one atomic ``rename(2)``, so after a kill at any
moment every table is readable and each document is entirely old or entirely new.
A new document first points ``current`` at the shared empty generation (``.store/_empty``,
zero rows in every table) before its table links appear; removing a document points it
there again before the links go.  ``OutputLock`` keeps two runs out of one folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import all_tables, schema_of

STORE = ".store"
EMPTY = "_empty"
CURRENT = "current"
MANIFEST = "manifest.json"
FILE_MODE = 0o644
DIR_MODE = 0o755


@dataclass(frozen=True)
class Manifest:
    """What a generation holds: which file, which content, which pipeline, how it ended."""

    doc_id: str
    source_path: str
    sha256: str
    fingerprint: str  # pipeline code + data files + options the output depends on
    ok: bool
    rows: dict[str, int] = field(default_factory=dict)
    message: str = ""

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1)


class LockTimeout(Exception):
    """Another run holds the output folder and did not release it in time."""


@contextmanager
def output_lock(out_dir: Path, timeout: float | None = None, notify=None) -> Iterator[None]:
    """Hold ``out_dir/.lock`` (flock) for the block; wait for a run that holds it.

    ``notify(message)`` is told once which process holds the lock; ``timeout`` seconds
    (None: forever) before giving up with LockTimeout.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".lock"
    fh = open(path, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            message = f"{out_dir} is being written by {holder}; waiting for it to finish"
            (notify or (lambda m: print(m, file=sys.stderr)))(message)
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise LockTimeout(f"{out_dir} is locked by {holder}") from None
                    time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the flock


class Store:
    """The generations of every document under one output folder (hold the lock to write)."""

    def __init__(self, out_dir: Path):
        self.out = out_dir
        self.root = out_dir / STORE
        self.root.mkdir(parents=True, exist_ok=True)
        self._ensure_empty()

    # --- reading -------------------------------------------------------------------------

    def doc_ids(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.name != EMPTY and (p / CURRENT).is_symlink())

    def manifest(self, doc_id: str) -> Manifest | None:
        """The current generation's manifest, None for an absent or emptied document."""
        path = self.root / doc_id / CURRENT / MANIFEST
        try:
            return Manifest(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def current_file(self, doc_id: str, table: str) -> Path:
        """The real file behind ``<out>/<table>/<doc_id>.parquet`` (validation rewrites it in place)."""
        return (self.root / doc_id / CURRENT / f"{table}.parquet").resolve()

    def read(self, doc_id: str, table: str) -> pa.Table:
        return pq.read_table(self.current_file(doc_id, table))

    def read_text(self, doc_id: str, name: str) -> str | None:
        """A file committed beside the document's tables (``commit(files=...)``), None if absent."""
        try:
            return (self.root / doc_id / CURRENT / name).read_text()
        except OSError:
            return None

    # --- writing -------------------------------------------------------------------------

    def commit(
        self, manifest: Manifest, tables: Mapping[str, pa.Table], files: Mapping[str, str] | None = None
    ) -> None:
        """Make ``tables`` (every table of the contract; missing ones empty) the document's data;
        ``files`` (name -> text, e.g. its validation record) become part of the same generation."""
        doc_dir = self.root / manifest.doc_id
        doc_dir.mkdir(mode=DIR_MODE, exist_ok=True)
        old = self._generation(doc_id=manifest.doc_id)
        gen = doc_dir / f"g-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        gen.mkdir(mode=DIR_MODE)
        for table in all_tables():
            data = tables.get(table)
            _write(gen / f"{table}.parquet", data if data is not None else schema_of(table).empty_table())
        for name, text in (files or {}).items():
            _write_text(gen / name, text)
        _write_text(gen / MANIFEST, manifest.to_json())
        _fsync_dir(gen)
        if old is None or old.name == EMPTY:  # a new document: its links appear while it still has zero rows
            self._switch(doc_dir, Path("..") / EMPTY)
            self._link_tables(manifest.doc_id)
        self._switch(doc_dir, Path(gen.name))
        if old is not None and old.name != EMPTY:
            shutil.rmtree(old, ignore_errors=True)

    def add_text(self, doc_id: str, name: str, text: str) -> None:
        """Add a file to the document's current generation (written aside, then renamed in)."""
        gen = self._generation(doc_id)
        if gen is None or gen.name == EMPTY:
            return
        tmp = gen / f".{name}.{secrets.token_hex(4)}.tmp"
        _write_text(tmp, text)
        os.replace(tmp, gen / name)

    def remove(self, doc_id: str) -> None:
        """Take a document out of every table at once, then drop its links and files."""
        doc_dir = self.root / doc_id
        old = self._generation(doc_id)
        if doc_dir.is_dir():
            self._switch(doc_dir, Path("..") / EMPTY)
        for table in all_tables():
            link = self.out / table / f"{doc_id}.parquet"
            if link.is_symlink() or link.exists():
                link.unlink()
        shutil.rmtree(doc_dir, ignore_errors=True)
        if old is not None and old.name != EMPTY:
            shutil.rmtree(old, ignore_errors=True)

    def clean(self) -> int:
        """Remove what a killed run left: generations never switched to, half-added documents."""
        removed = 0
        for doc_dir in [p for p in self.root.iterdir() if p.name != EMPTY and p.is_dir()]:
            current = self._generation(doc_dir.name)
            if current is None or current.name == EMPTY:  # killed before its first commit ended
                self.remove(doc_dir.name)
                shutil.rmtree(doc_dir, ignore_errors=True)
                removed += 1
                continue
            for child in doc_dir.iterdir():
                if child.name != CURRENT and child.resolve() != current:
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
                    removed += 1
            for tmp in current.glob(".*.tmp"):  # validation killed while rewriting a file in place
                tmp.unlink(missing_ok=True)
                removed += 1
        for table in all_tables():
            folder = self.out / table
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else ():
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed

    # --- internals -------------------------------------------------------------------------

    def _generation(self, doc_id: str) -> Path | None:
        link = self.root / doc_id / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def _switch(self, doc_dir: Path, target: Path) -> None:
        tmp = doc_dir / f".{CURRENT}-{secrets.token_hex(4)}"
        os.symlink(target, tmp)
        os.replace(tmp, doc_dir / CURRENT)  # the one atomic step of a commit
        _fsync_dir(doc_dir)

    def _link_tables(self, doc_id: str) -> None:
        for table in all_tables():
            folder = self.out / table
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            link = folder / f"{doc_id}.parquet"
            target = Path("..") / STORE / doc_id / CURRENT / f"{table}.parquet"
            if link.is_symlink() and Path(os.readlink(link)) == target:
                continue
            tmp = folder / f".{doc_id}.{secrets.token_hex(4)}.tmp"
            os.symlink(target, tmp)
            os.replace(tmp, link)  # replaces a plain file an older layout left

    def _ensure_empty(self) -> None:
        empty = self.root / EMPTY
        if all((empty / f"{t}.parquet").exists() for t in all_tables()):
            return
        staging = self.root / f".{EMPTY}-{secrets.token_hex(4)}"
        staging.mkdir(mode=DIR_MODE)
        for table in all_tables():
            _write(staging / f"{table}.parquet", schema_of(table).empty_table())
        shutil.rmtree(empty, ignore_errors=True)
        os.replace(staging, empty)


def _write(path: Path, data: pa.Table) -> None:
    """Write a Parquet file readable by everyone (0644), flushed to disk."""
    pq.write_table(data, path)
    os.chmod(path, FILE_MODE)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text)
    os.chmod(path, FILE_MODE)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
