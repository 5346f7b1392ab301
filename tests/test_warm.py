"""The fork server's warm-up: what it builds is kept out of the cyclic collector's reach."""

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
