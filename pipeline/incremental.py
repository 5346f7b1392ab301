"""What a re-run may skip: documents, and validation, whose inputs have not changed.

A document is redone when its bytes (sha256), the pipeline (its code, vocabulary and repair
data files, and whether OCR is available) or its doc_id changed; a document that failed is
always tried again (the cause may have been fixed, e.g. Tesseract installed).  Validation is
skipped when it last ran to the end over exactly the same generations of the same documents.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from . import __version__
from .store import STORE, Manifest, Store

PACKAGE = Path(__file__).resolve().parent
VALIDATED = "validated.json"


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """A hash of everything the output depends on besides the PDF itself."""
    from . import ocr

    digest = hashlib.sha256(f"bkkplan {__version__}\nocr {ocr.tesseract_available()}\n".encode())
    roots = [PACKAGE]  # code, vocabulary, repair data and the suites (data/expectations) alike
    for root in roots:
        if not root.is_dir():
            continue
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def unchanged(manifest: Manifest | None, sha256: str, fingerprint: str) -> bool:
    """True when the stored generation was made from these bytes by this pipeline, and succeeded."""
    return (
        manifest is not None
        and manifest.ok
        and manifest.sha256 == sha256
        and manifest.fingerprint == fingerprint
    )


def _state(store: Store, doc_ids: Sequence[str]) -> str:
    from .validate.suites import suites_digest  # suites outside the package are not in the fingerprint

    gens = [(d, store.current_file(d, "documents").parent.name) for d in sorted(doc_ids)]
    return hashlib.sha256(json.dumps([pipeline_fingerprint(), suites_digest(), gens]).encode()).hexdigest()


def validated_exit(store: Store, doc_ids: Sequence[str]) -> tuple[int, int] | None:
    """(exit code, reject rows) of the last validation, if it covered exactly this state; else None."""
    path = store.out / STORE / VALIDATED
    try:
        saved = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if saved.get("state") != _state(store, doc_ids):
        return None
    return int(saved["exit"]), int(saved.get("rejects", 0))


def record_validated(store: Store, doc_ids: Sequence[str], exit_code: int, rejects: int) -> None:
    """Note that validation ran to the end over this state (written after it finished)."""
    path = store.out / STORE / VALIDATED
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"state": _state(store, doc_ids), "exit": exit_code, "rejects": rejects}))
    tmp.replace(path)
