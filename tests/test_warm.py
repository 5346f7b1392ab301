"""What lives until its process ends is kept out of the cyclic collector's reach: the fork
server's warm-up, and what a ``bkkplan run`` built when it exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_warm_up_freezes_what_it_built():
    # Rule frozen_warm_objects: a worker forked from the server inherits the frozen objects, so
    # its full collections walk only what it made itself.  Without the rule nothing is frozen.
    script = "import gc, pipeline.warm\nprint(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, tracked = map(int, done.stdout.split())
    assert frozen > 10 * tracked, (frozen, tracked)


def test_a_run_freezes_its_objects_when_the_process_exits(tmp_path, monkeypatch):
    # Rule frozen_at_exit: the interpreter's final collections then skip them.
    import atexit
    import gc

    from typer.testing import CliRunner

    from pipeline.cli import app

    registered = []
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn))
    assert CliRunner().invoke(app, ["run", str(tmp_path / "missing")]).exit_code == 2
    assert gc.freeze in registered
