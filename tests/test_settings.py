"""Run settings (tables, repair, OCR): from a TOML file, passed down to the stages, in the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import thai
from pipeline.cli import app
from pipeline.records import Char
from pipeline.settings import RepairSettings, Settings, SettingsError, TableSettings, recorded


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_file_overrides_only_what_it_names(tmp_path):
    settings = Settings.from_toml(
        _config(tmp_path, "[tables]\ngrid_tolerance = 3\n[repair]\nspace_gap = 0.3\n[ocr]\ndpi = 200\n")
    )
    assert settings.tables == TableSettings(grid_tolerance=3.0)
    assert settings.repair.space_gap == 0.3 and settings.ocr.dpi == 200
    assert settings.changed() == {"tables": {"grid_tolerance": 3.0}, "repair": {"space_gap": 0.3},
                                  "ocr": {"dpi": 200}}  # fmt: skip
    assert Settings().changed() == {} and Settings().digest() == ""
    assert settings.digest().startswith("+settings-")  # documents read with other settings are read again


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tables]\ngrid_tolernce = 3\n", r"\[tables\]: unknown setting\(s\) grid_tolernce"),
        ("[table]\ngrid_tolerance = 3\n", r"unknown section\(s\) \[table\]"),
        ("[repair]\nspace_gap = 'wide'\n", r"space_gap = 'wide': expected a float"),
        ("[ocr]\ndpi = 2.5\n", r"dpi = 2.5: expected a int"),
        ("tables = 3\n", "must be a section"),
        ("[tables\n", "run.toml"),
    ],
)
def test_a_bad_config_is_an_error_that_names_the_setting(tmp_path, text, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_toml(_config(tmp_path, text))


def _chars(*spec: tuple[str, float, float]) -> list[Char]:
    return [Char(t, x0, 100.0, x1, 116.0, 16.0, "Garuda", i) for i, (t, x0, x1) in enumerate(spec)]


def test_repair_settings_decide_the_word_gaps():
    # Two words 4 pt apart at 16 pt: a gap of 0.25 em, a space at the default 0.2 em, none at 0.3.
    chars = _chars(("งาน", 10.0, 30.0), ("ดี", 34.0, 44.0))
    assert thai.text_from_chars(chars) == "งาน ดี"
    assert thai.text_from_chars(chars, RepairSettings(space_gap=0.3)) == "งานดี"


def test_cli_refuses_a_bad_config_with_exit_2(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(
        app, ["run", str(pdf), "--out", str(tmp_path / "out"), "--config", str(_config(tmp_path, "[x]\n"))]
    )
    assert result.exit_code == 2
    assert "unknown section" in result.output


def test_the_settings_a_run_used_are_recorded_for_the_report(tmp_path):
    assert recorded(tmp_path) is None
    Settings(tables=TableSettings(running_share=0.5)).write(tmp_path)
    saved = recorded(tmp_path)
    assert saved["changed"] == {"tables": {"running_share": 0.5}}
    assert saved["used"]["ocr"]["dpi"] == Settings().ocr.dpi
    assert json.loads((tmp_path / "report" / "settings.json").read_text())["repair"]["space_gap"] == 0.2


def test_the_report_shows_the_changed_settings_then_all(tmp_path):
    from pipeline import report

    Settings(repair=RepairSettings(number_gap=0.5)).write(tmp_path)
    html = report._settings({"settings": recorded(tmp_path)})
    assert "1 changed from the defaults" in html and "number_gap" in html and "grid_tolerance" in html
    assert report._settings({}) == ""
