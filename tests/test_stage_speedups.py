"""The stages' fast paths give exactly what the plain code they replace gives."""

from __future__ import annotations

import gc
import random

from pipeline import run as run_mod
from pipeline.headers import _best_score, _scored, _variant_keys, concepts, norm_header
from pipeline.records import Char
from pipeline.tables import _centred, _CharIndex, _chars_in, load_kinds


def test_char_index_finds_what_the_full_scan_finds_in_the_same_order():
    rng = random.Random(12)
    # a coarse grid of positions so centres fall exactly on cell edges and share heights
    chars = [
        Char("ก", x0, top, x0 + rng.choice([2, 4, 6]), top + rng.choice([4, 8]), 12.0, "F", i)
        for i in range(600)
        for x0, top in [(rng.randrange(0, 200, 2), rng.randrange(0, 300, 2))]
    ]
    placed = _centred(chars)
    index = _CharIndex(placed)
    for _ in range(400):
        x0, top = rng.randrange(0, 200, 2), rng.randrange(0, 300, 2)
        bbox = (x0, top, x0 + rng.randrange(0, 80, 2), top + rng.randrange(0, 60, 2))
        pad = rng.choice([0, 1.0, 2.5])
        assert index.within(bbox, pad) == _chars_in(placed, bbox, pad)


def test_best_score_is_the_best_pair_score_of_the_variants():
    kinds = load_kinds()
    variants = [tuple(v) for k in kinds for v in k.fields.values()]
    texts = {v for vs in variants for v in vs}
    rng = random.Random(12)
    pool = sorted(texts)
    # the variants themselves, cut, joined, wrapped and with added words: every branch of a score
    texts |= {t[: len(t) // 2] for t in pool} | {t + " (บาท)" for t in pool} | {"", " ", "ab", "(cid:3)"}
    texts |= {rng.choice(pool) + "\n" + rng.choice(pool) for _ in range(200)}
    for text in sorted(texts):
        t, b = norm_header(text), concepts(text)
        for vs in variants:
            plain = max((_scored(v, a, t, b) for v, a in _variant_keys(vs)), default=0.0)
            assert _best_score(vs, text) == plain, (vs, text)


def test_a_document_is_read_with_the_older_heap_frozen_and_handed_back(tmp_path, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(run_mod, "_extract_document", lambda *args: seen.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    run_mod.extract_document(tmp_path / "plan.pdf")
    assert seen and seen[0] > 1000  # the modules and caches loaded so far, at least
    assert gc.get_freeze_count() == 0  # handed back to the collector


def test_a_heap_frozen_by_someone_else_is_left_as_it_is():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with run_mod.heap_frozen():
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_repeated_text_is_corrected_once_and_each_page_gets_its_changes():
    from pipeline.thai import spelling

    text = "คำเป้าหมาย ของโครงการ"
    spelling._corrected.cache_clear()
    first, on_3 = spelling.correct_text(text, 3)
    again, on_7 = spelling.correct_text(text, 7)
    assert spelling._corrected.cache_info().misses == 1 and spelling._corrected.cache_info().hits == 1
    assert first == again == spelling._corrected.__wrapped__(text)[0]
    assert on_3 and [c.page for c in on_3] == [3] * len(on_3) and [c.page for c in on_7] == [7] * len(on_7)
    assert [(c.rule, c.before, c.after) for c in on_3] == [(c.rule, c.before, c.after) for c in on_7]


def test_remembered_tokens_are_a_fresh_list_each_time():
    from pipeline.thai import spelling

    tokens = spelling.tokenize("การพัฒนาคุณภาพชีวิต")
    tokens.append("x")
    assert spelling.tokenize("การพัฒนาคุณภาพชีวิต") == tokens[:-1]
    assert spelling._tokens.cache_info().hits >= 1
