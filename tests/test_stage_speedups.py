"""The stages' fast paths give exactly what the plain code they replace gives."""

from __future__ import annotations

import gc
import random

import pytest

from pipeline import run as run_mod
from pipeline.headers import (
    MAX_HEADER_ROWS,
    _assign,
    _best_score,
    _mappable_scores,
    _scored,
    _variant_keys,
    column_texts,
    concepts,
    field_scores,
    norm_header,
)
from pipeline.records import Cell, Char
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
    gc.unfreeze()  # as in a process nothing froze (a fork server's warm-up freezes its objects)
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


def _grid(rows: list[list[str]]) -> list[list[Cell | None]]:
    return [
        [Cell(r, c, text, (c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9), 1) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]


def _random_tables(n: int) -> list[list[list[Cell | None]]]:
    """Grids whose top rows mix the kinds' own header variants (some cut or with added words),
    blanks and body-like cells: every kind passes or fails its required fields on some."""
    rng = random.Random(7)
    pool = sorted({v for k in load_kinds() for vs in k.fields.values() for v in vs})
    body = ["1", "41101", "1,250,000", "ฝ่ายโยธา", "โครงการพัฒนาสวนสาธารณะ", "", "-"]
    out = []
    for _ in range(n):
        width = rng.randrange(2, 9)
        top = [
            rng.choice([rng.choice(pool), rng.choice(pool)[:4], rng.choice(pool) + " (บาท)", "", "หมายเหตุ"])
            for _ in range(width)
        ]
        rows = [top] + [[rng.choice(pool + body) for _ in range(width)] for _ in range(rng.randrange(0, 3))]
        rows += [[rng.choice(body) for _ in range(width)] for _ in range(rng.randrange(0, 6))]
        out.append(_grid(rows))
    return out


def test_a_kind_dropped_early_is_one_whose_required_field_assign_could_never_map():
    kinds = load_kinds()
    dropped = kept = 0
    for rows in _random_tables(150):
        for n in range(1, min(MAX_HEADER_ROWS, len(rows)) + 1):
            headers, body = column_texts(rows, n), rows[n:]
            for kind in kinds:
                plain = field_scores(kind, headers, body)
                mapping = _assign(kind, plain, len(headers))
                found = _mappable_scores(kind, headers, body, {})
                if found is None:
                    dropped += 1
                    assert not all(f in mapping for f in kind.required), (kind.name, headers)
                else:
                    kept += 1
                    assert found == plain
    assert dropped > 1000 and kept > 20  # both ways were tried


def test_the_other_fields_of_a_kind_are_not_scored_once_a_required_one_fails(monkeypatch):
    import pipeline.headers as headers

    scored: list[str] = []
    real = headers._field_row
    monkeypatch.setattr(headers, "_field_row", lambda kind, f, *a: scored.append(f) or real(kind, f, *a))
    kind = next(k for k in load_kinds() if k.name == "key_projects")
    rec = headers.recognise(_grid([["หมายเหตุ", "ก"], ["1", "2"]]), [kind])
    assert rec.kind is None
    assert set(scored) <= set(kind.required) and len(scored) < len(kind.fields)


def test_the_word_prefixes_are_the_pythainlp_tries_and_so_are_the_tokens():
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    from pipeline.thai import spelling

    words = sorted(spelling.word_set())
    trie, ours = Trie(words), spelling._trie()
    assert not isinstance(ours, Trie) and len(ours) == len(trie)  # no tree of a node per letter
    rng = random.Random(3)
    for _ in range(600):
        text = "".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
        text = text[rng.randrange(len(text)) :] if rng.random() < 0.3 else text  # cut inside a word
        text = f" {text} 12,000 บาท" if rng.random() < 0.3 else text
        assert [trie.prefixes(text, i) for i in range(len(text) + 1)] == [
            ours.prefixes(text, i) for i in range(len(text) + 1)
        ]
        theirs = word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=True)
        assert spelling.tokenize(text) == theirs, text


def test_dedupe_keeps_what_pdfplumber_keeps_among_fake_bold_doubles():
    from pdfplumber.utils.text import dedupe_chars as plumbers

    from pipeline.pages import DEDUPE_TOLERANCE, dedupe_chars

    rng = random.Random(5)
    dropped = 0
    for _ in range(40):
        chars = []
        for seq in range(rng.randrange(1, 300)):
            if chars and rng.random() < 0.3:  # drawn again a hair (or more) away: a double or not
                c = dict(rng.choice(chars), seq=seq)
                c["x0"] += rng.choice([0.0, 0.3, 0.9, 1.0, 1.4, 3.0])
                c["doctop"] += rng.choice([0.0, 0.5, 1.0, 2.0])
            else:
                c = {
                    "text": rng.choice("กขคง่"),
                    "upright": rng.random() < 0.95,
                    "fontname": rng.choice(["A", "B"]),
                    "size": rng.choice([12.0, 16.0]),
                    "cid": rng.randrange(3),
                    "x0": float(rng.randrange(0, 40, 1)),
                    "doctop": float(rng.randrange(0, 20, 1)),
                    "seq": seq,
                }
            chars.append(c)
        extra = ("fontname", "size", "cid")
        theirs = plumbers(chars, DEDUPE_TOLERANCE, extra)
        ours = dedupe_chars(chars, DEDUPE_TOLERANCE, extra)
        assert [c["seq"] for c in ours] == [c["seq"] for c in theirs]
        dropped += len(chars) - len(ours)
    assert dropped > 100  # doubles were dropped, not only kept


def test_a_squashed_text_is_worked_out_once():
    from pipeline.parse.lists import squash

    squash.cache_clear()
    assert (
        squash("ฝ่าย  โยธา ๑๒") == squash("ฝ่าย  โยธา ๑๒") == squash.__wrapped__("ฝ่าย  โยธา ๑๒") == "ฝ่ายโยธา12"
    )
    assert squash(None) == "" and squash.cache_info().hits == 1


def test_a_lines_words_are_cut_once_and_are_what_cutting_gives():
    from pipeline.doctypes.budget_book import layout

    chars = [
        Char(t, x0, 0, x0 + 5, 10, 12, "F", i)
        for i, (t, x0) in enumerate([("ก", 0), ("ข", 5), ("1", 40), ("2", 45), ("ค", 90)])
    ]
    line = layout.Line(1, 0, 10, [], 12, chars)
    layout._words_of.cache_clear()
    first = layout.words(line)
    first.append("x")  # a caller's list is its own
    again = layout.words(line)
    assert again == layout._segments(chars, layout.WORD_GAP) and len(again) == 3
    assert layout._words_of.cache_info().hits == 1


def test_the_pages_stage_keeps_what_dedupe_chars_keeps_without_a_dict_per_char(tmp_path, monkeypatch):
    """The reader keeps, of a page's chars, those the dict-based ``dedupe_chars`` (pdfplumber's,
    see the tests above) keeps, without building the dicts: its own pass over the device records.
    The page draws some words twice a hair apart (fake bold), some a point or more apart."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from pipeline import pages

    from . import pdfgen

    if not pdfgen.fonts_available():
        pytest.skip("TLWG fonts not installed")
    pdfmetrics.registerFont(TTFont(pdfgen.FONT, str(pdfgen.FONT_FILE)))
    path = tmp_path / "bold.pdf"
    canvas = Canvas(str(path), pagesize=pdfgen.A4)
    canvas.setFont(pdfgen.FONT, 14)
    for i, (dx, dy) in enumerate([(0.0, 0.0), (0.3, 0.0), (0.0, 0.4), (0.9, 0.9), (1.5, 0.0), (0.0, 2.0)]):
        y = 780 - 40 * i
        canvas.drawString(60, y, "แผนปฏิบัติราชการ ที่ 12")
        canvas.drawString(60 + dx, y - dy, "แผนปฏิบัติราชการ ที่ 12")
    canvas.save()

    dedupe, records, read = pages.dedupe_chars, pages._Frame.records, []

    def no_dicts(*args, **kwargs):
        raise AssertionError("the pages stage built a dict per char")

    def noted(self, *args):
        read.append(records(self, *args))
        return read[-1]

    monkeypatch.setattr(pages, "dedupe_chars", no_dicts)
    monkeypatch.setattr(pages._Frame, "records", noted)
    with pages.PageReader(str(path), "d") as reader:
        (page,) = reader.pages()
    keys = "text size upright x0 top x1 bottom color cid clipped fontname doctop".split()
    chars = [dict(zip(keys, r, strict=True), seq=seq) for seq, r in enumerate(read[0])]
    kept = dedupe(chars, pages.DEDUPE_TOLERANCE, ("fontname", "size", "cid"))
    assert [g.seq for g in page.glyphs] == [c["seq"] for c in kept]
    assert [(g.text, g.x0, g.top) for g in page.glyphs] == [(c["text"], c["x0"], c["top"]) for c in kept]
    assert len(chars) // 2 < len(kept) < len(chars)  # the hair-apart doubles were dropped, not the others


def test_the_correction_index_folds_the_word_list_in_one_pass_and_groups_as_word_by_word(monkeypatch):
    """``spelling._index`` folds all words in one ``_key`` call and is, key for key, the index
    folding each word alone gives (its words sorted); a word with a newline is folded alone."""
    from pipeline.thai import spelling

    def plain() -> dict[str, tuple[str, ...]]:
        index: dict[str, set[str]] = {}
        for w in spelling.word_set() | spelling.domain_lexicon():
            k = spelling._key(w)
            if len(k) >= spelling.MIN_KEY:
                index.setdefault(k, set()).add(w)
        return {k: tuple(sorted(v)) for k, v in index.items()}

    key, calls = spelling._key, []
    monkeypatch.setattr(spelling, "_key", lambda text: calls.append(text) or key(text))
    spelling._index.cache_clear()
    try:
        ours = spelling._index()
        assert len(calls) == 1
        monkeypatch.setattr(spelling, "_key", key)
        assert ours == plain()
        words = spelling.word_set() | {"คำเป้า\nหมาย"}
        monkeypatch.setattr(spelling, "word_set", lambda: words)
        spelling._index.cache_clear()
        assert spelling._index() == plain()
    finally:
        spelling._index.cache_clear()
