"""The vocabulary module (every data file read once, typed) and the shared Thai text helpers."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass

import pytest

from pipeline import thaitext, vocabulary
from pipeline.parse.lists import division_name, squash
from pipeline.thai.layout import finish
from pipeline.thai.spelling import domain_lexicon


def test_each_data_file_is_read_once_and_shared():
    vocabulary.load_json.cache_clear()
    first = vocabulary.load_json("pipeline", "data", "okr.json")
    assert vocabulary.load_json("pipeline", "data", "okr.json") is first
    assert vocabulary.load_json.cache_info().misses == 1


def test_vocabularies_are_typed_and_frozen():
    words = vocabulary.list_words()
    assert "รวม" in words.total_markers and isinstance(words.total_markers, tuple)
    with pytest.raises(FrozenInstanceError):
        words.year_marker = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        vocabulary.okr_words().rules["banner_rows"] = False  # type: ignore[index]
    assert vocabulary.okr_words().rule("banner_rows") and vocabulary.okr_words().rule("no_such_rule")


def test_a_misspelt_or_missing_key_is_an_error_at_load_time():
    @dataclass(frozen=True)
    class Words:
        markers: tuple[str, ...]
        marker: str = "-"

    assert vocabulary.typed(Words, {"_about": "notes", "markers": ["a"]}, "t.json") == Words(("a",))
    with pytest.raises(vocabulary.VocabularyError, match=r"unknown keys \['markrs'\]"):
        vocabulary.typed(Words, {"markrs": ["a"]}, "t.json")
    with pytest.raises(vocabulary.VocabularyError, match=r"missing keys \['markers'\]"):
        vocabulary.typed(Words, {}, "t.json")


def test_one_division_reference_for_parse_validate_and_the_thai_lexicon():
    divs = vocabulary.divisions()
    assert divs.is_valid("ฝ่ายปกครอง") and divs.is_valid("โรงเรียนวัดบางนา")  # a school by pattern
    assert not divs.is_valid("ฝ่ายที่ไม่มีอยู่")
    assert all(divs.full_names[n] in divs.names for n in divs.names)  # variants name their division
    assert division_name("ฝ่าย ปกครอง") == "ฝ่ายปกครอง"
    # The thai stage's domain lexicon holds the reference names of the same lists.
    assert set(divs.names) <= domain_lexicon() and set(vocabulary.agencies()) <= domain_lexicon()
    assert "ค่าเป้าหมาย" in vocabulary.plan_lexicon()


def test_word_list_lines_drop_comments_and_blanks():
    assert vocabulary.word_lines("ค่าเป้าหมาย  # a phrase\n\n# only a comment\nงบประมาณ\n") == [
        "ค่าเป้าหมาย",
        "งบประมาณ",
    ]


@pytest.mark.parametrize(
    ("raw", "composed"),
    [
        ("จ\u0e4d\u0e32นวน", "จำนวน"),  # nikhahit then aa
        ("จ\u0e32\u0e4dนวน", "จำนวน"),  # aa then nikhahit
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # a tone mark between the halves
        ("จำานวน", "จำนวน"),  # a sara am glyph standing for its nikhahit
        ("กา", "กา"),  # sara aa alone is sara aa
    ],
)
def test_sara_am_is_composed_the_same_way_by_every_stage(raw, composed):
    assert thaitext.compose_sara_am(raw) == composed
    assert finish(raw) == composed  # the thai stage's text rules
    assert squash(raw) == composed  # the parsers' comparison key


def test_digits_and_spaces():
    assert thaitext.arabic_digits("ปี ๒๕๖๙") == "ปี 2569"
    assert thaitext.fold_spaces("  งบ\n ประมาณ \t") == "งบ ประมาณ"
    assert thaitext.drop_spaces(" งบ\nประมาณ ") == "งบประมาณ"
    assert thaitext.fold_spaces(None) == thaitext.drop_spaces(None) == ""


def test_word_lists_that_were_code_are_data():
    assert {"ถนน", "แขวง", "ซอย"} <= vocabulary.place_prefixes()  # place names follow; never corrected
    assert vocabulary.list_words().currency_word == "บาท"
    assert vocabulary.header_words().content["currency_words"] == ("บาท",)
