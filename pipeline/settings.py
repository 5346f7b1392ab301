"""The tolerances of a run, in frozen dataclasses (as pdfplumber's table settings).

``TableSettings`` (grids, cells, lines, running headers), ``RepairSettings`` (how the
repaired chars become text: word gaps, split numbers, lines) and ``OcrSettings``
(``pipeline.ocr.settings``) travel together as ``Settings``: built once per run,
from the defaults or a TOML file (``bkkplan run --config FILE.toml``)::

    [tables]
    grid_tolerance = 2.5
    [repair]
    space_gap = 0.22
    [ocr]
    dpi = 200

and passed down explicitly to the stages (no module constant is patched).  The
settings a run used are written into its report (``results.json``, ``index.html``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the OCR package is imported only when a run reads its settings
    from .ocr.settings import OcrSettings

SETTINGS_FILE = "report/settings.json"  # the run's settings, in its output folder beside the report


class SettingsError(ValueError):
    """A config file names a section or setting that does not exist, or a value of the wrong type."""


@dataclass(frozen=True, slots=True)
class TableSettings:
    """How the tables stage builds grids and cells and tells running headers (lengths in points)."""

    # Cell borders closer than this are one grid line.
    grid_tolerance: float = 2.0
    # A char belongs to a cell when its centre lies inside the cell grown by this.
    cell_padding: float = 0.5
    # Chars whose vertical centres differ by less than this share (x font size) share a line
    # inside a cell or a budget book's line (page text lines: RepairSettings.line_tolerance).
    line_tolerance: float = 0.45
    # A kind decided with a mean field score below this (0-1) is rejected with its scores.
    kind_confident: float = 0.75
    # The top rows of a table's continuation page that read this much like its header (0-1,
    # fuzzy, column by column) repeat it, though misread past recognition (a scan).
    repeated_header_similarity: float = 0.7
    # A table's context holds at most this many text lines before it.
    context_lines: int = 12
    # Text within this distance of a page's top/bottom edge can be a running header/footer.
    running_margin: float = 70.0
    # A line repeated on at least this share of pages is a running header/footer.
    running_share: float = 0.3


@dataclass(frozen=True, slots=True)
class RepairSettings:
    """How repaired chars become text (shares of the font size)."""

    # Chars whose vertical centres are closer than this share a line of page text.
    line_tolerance: float = 0.5
    # A blank wider than this is a word gap (a space in Thai fonts is ~0.25-0.33 em).
    space_gap: float = 0.2
    # A blank narrower than this is never a gap (kerning, justification).
    no_gap: float = 0.1
    # Blank between digit groups of one number drawn in two pieces is below this.
    number_gap: float = 0.45


def from_mapping(cls, values: dict[str, Any], section: str):
    """Settings of dataclass ``cls`` from a config section; an unknown key or a wrong type is an error."""
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known)
        raise SettingsError(f"[{section}]: unknown setting(s) {', '.join(unknown)} (known: {names})")
    for name, value in values.items():
        default = known[name].default
        ok = isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int))
        if not ok or isinstance(value, bool) != isinstance(default, bool):
            raise SettingsError(f"[{section}] {name} = {value!r}: expected a {type(default).__name__}")
    return cls(**{k: float(v) if isinstance(known[k].default, float) else v for k, v in values.items()})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tolerance of a run: tables, repair, OCR."""

    tables: TableSettings = field(default_factory=TableSettings)
    repair: RepairSettings = field(default_factory=RepairSettings)
    ocr: OcrSettings = field(default_factory=lambda: _ocr_settings()())

    @classmethod
    def from_dict(cls, config: dict[str, Any]) -> Settings:
        """Settings from a config's sections (``tables``, ``repair``, ``ocr``); missing ones keep defaults."""
        sections = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(config) - set(sections))
        if unknown:
            raise SettingsError(f"unknown section(s) [{'], ['.join(unknown)}] (known: {', '.join(sections)})")
        parts = {}
        for name, values in config.items():
            if not isinstance(values, dict):
                raise SettingsError(f"{name} must be a section ([{name}]), not a value")
            section_cls = {"tables": TableSettings, "repair": RepairSettings}.get(name) or _ocr_settings()
            parts[name] = from_mapping(section_cls, values, name)
        return cls(**parts)

    @classmethod
    def from_toml(cls, path: Path) -> Settings:
        """Settings from a TOML config file."""
        try:
            config = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise SettingsError(f"{path}: {err}") from err
        try:
            return cls.from_dict(config)
        except SettingsError as err:
            raise SettingsError(f"{path}: {err}") from err

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """The settings as plain values, section by section (for the report)."""
        return {f.name: dataclasses.asdict(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def changed(self) -> dict[str, dict[str, Any]]:
        """Only the settings that differ from the defaults, section by section."""
        default = Settings().as_dict()
        return {
            sec: diff
            for sec, values in self.as_dict().items()
            if (diff := {k: v for k, v in values.items() if default[sec][k] != v})
        }

    def digest(self) -> str:
        """"" for the defaults, else a short hash of the settings changed (for the run's fingerprint)."""
        changed = self.changed()
        if not changed:
            return ""
        return "+settings-" + hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:12]

    def write(self, folder: Path) -> Path:
        """Write the settings into the output folder ``folder`` (``report/settings.json``)."""
        path = Path(folder) / SETTINGS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        return path


def recorded(out_dir: Path) -> dict[str, Any] | None:
    """The settings the last run into ``out_dir`` used (``settings.json``), with those it changed."""
    path = Path(out_dir) / SETTINGS_FILE
    try:
        used = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    default = Settings().as_dict()
    changed = {
        sec: {k: v for k, v in values.items() if default.get(sec, {}).get(k) != v}
        for sec, values in used.items()
    }
    return {"used": used, "changed": {sec: d for sec, d in changed.items() if d}}


def _ocr_settings() -> type:
    from .ocr.settings import OcrSettings

    return OcrSettings
