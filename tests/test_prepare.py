"""Page preparation's cleaning steps on small made-up images (no Tesseract needed)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr import prepare
from pipeline.ocr.settings import OcrSettings

SETTINGS = OcrSettings()  # 300 dpi: a speck is under 0.5 square points, 8.7 pixels


def test_despeckle_whitens_specks_and_keeps_marks_and_strokes():
    page = np.full((200, 300), 255, dtype=np.uint8)
    page[10:12, 10:12] = 0  # a toner speck, 4 px
    page[50:53, 200:203] = 150  # a faint blot of 9 px: over the speck size, kept
    page[100:102, 100:103] = 120  # a faint speck, 6 px
    page[30:38, 40:46] = 0  # a mark (mai ek is some 4 square points: 70 px)
    page[150, 20:280] = 0  # a rule, one pixel thick
    page[120:122, 60:62] = 0  # a speck whose box overlaps the stroke below's box
    page[119:130, 58] = 0
    page[129, 58:70] = 0
    out = prepare.despeckle(page, SETTINGS)
    assert (out[10:12, 10:12] == 255).all()
    assert (out[100:102, 100:103] == 255).all()
    assert (out[50:53, 200:203] == 150).all()
    assert (out[30:38, 40:46] == 0).all()
    assert (out[150, 20:280] == 0).all()
    assert (out[119:130, 58] == 0).all() and (out[129, 58:70] == 0).all()
    assert (out[120:122, 60:62] == 255).all()  # whitened within its box, the stroke's pixels not
    assert int((out != page).sum()) == 4 + 6 + 4  # only the specks changed


def test_noise_is_the_spread_of_the_paper_away_from_the_ink():
    rng = np.random.default_rng(0)
    page = np.clip(rng.normal(240, 6, (300, 400)), 0, 255).astype(np.uint8)
    page[100:110, 50:350] = 0  # a line of ink: itself and its 2 px around are not paper
    ink = page < 128
    near = np.zeros_like(ink)
    near[98:112, 48:352] = True
    assert abs(prepare._noise(page, ink) - float(page[~near].std())) < 1e-9
    assert prepare._noise(np.zeros((20, 20), np.uint8), np.ones((20, 20), bool)) == 0.0
