"""The analyst notebooks run top to bottom on a real dataset (the Bang Na run); the charts they
write show Thai in a Thai font (every letter in the font, no missing-glyph warning)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# The charts each notebook must write (file stems; a PNG and its SVG twin).
EXPECTED_CHARTS = {"analysis": {"money_by_strategy", "money_by_division", "multi_year_split"}}
THAI = re.compile(r"[\u0e00-\u0e7f]")


def svg_texts(path: Path) -> list[tuple[str, str]]:
    """(text, font family) of every text element of a matplotlib SVG (svg.fonttype none)."""
    out = []
    for el in ElementTree.parse(path).iter("{http://www.w3.org/2000/svg}text"):
        style = el.get("style", "")
        family = re.search(r"font-family:\s*([^;]+)", style) or re.search(r"font:[^;]*?px\s+([^;]+)", style)
        out.append(("".join(el.itertext()), family.group(1).strip(" '\"") if family else ""))
    return out


def covered(text: str, family: str) -> bool:
    from fontTools.ttLib import TTFont

    from pipeline.analysis import charts

    cmap = TTFont(str(charts.font_file(family))).getBestCmap()
    return all(ord(ch) in cmap for ch in text if not ch.isspace())


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(notebook, bangna_dataset, monkeypatch, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    out, _ = bangna_dataset
    charts_dir = tmp_path / "charts"
    monkeypatch.setenv("BKKPLAN_DATA", str(out))
    monkeypatch.setenv("BKKPLAN_CHARTS", str(charts_dir))
    nb = nbformat.read(notebook, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(o.output_type == "execute_result" for o in outputs)
    streams = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "missing from font" not in streams and "Glyph" not in streams, streams[-2000:]

    expected = EXPECTED_CHARTS.get(notebook.stem, set())
    written = {p.stem for p in charts_dir.glob("*.png")} if charts_dir.is_dir() else set()
    assert expected <= written
    for stem in written:
        png = charts_dir / f"{stem}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
        texts = svg_texts(charts_dir / f"{stem}.svg")
        thai = [(t, f) for t, f in texts if THAI.search(t)]
        assert thai, f"{stem}: no Thai label"
        for text, family in thai:
            assert family in (
                "Laksaman",
                "Garuda",
                "Loma",
                "Norasi",
                "Kinnari",
                "Umpush",
                "Noto Sans Thai",
            ), family
            assert covered(text, family), f"{stem}: {text!r} has letters {family} cannot draw"
