"""Lexical correction and text quality on real snippets of district plans."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.thai import correct_text, text_quality

GOLD = Path(__file__).parents[1] / ".." / "shared" / "gold" / "bangna-2569"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("คำเป้าหมาย 5 ราย", "ค่าเป้าหมาย 5 ราย"),  # sara am read for mai ek + aa
        ("การป้องกันยาเสฟติด", "การป้องกันยาเสพติด"),  # ฟ for พ (Bang Na p.)
        ("ไม่ใช่ งบประมาณ", "ไม่ใช้งบประมาณ"),  # swapped tone mark and a stray space
    ],
)
def test_typos_corrected_and_recorded(raw, fixed):
    text, changes = correct_text(raw, 7)
    assert text == fixed
    assert changes and all(c.page == 7 and c.rule.startswith("lexicon:") for c in changes)
    assert changes[0].before in raw and changes[0].after in fixed


@pytest.mark.parametrize(
    "text",
    [
        "ไม่ใช่ของหน่วยงาน",  # ใช่ is right here: valid words are only respelled into a domain phrase
        "888 ถนนสรรพาวุธ แขวงบางนาเหนือ เขตบางนา",  # place names
        "KR 41101 ร้อยละ 80 ภายใน 30 ก.ย. 2569",  # codes, numbers, dates
        "โครงการ BKK Food Bank ส่งต่ออาหารให้กลุ่มเปราะบาง",  # Latin text
        "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
        "สำนักงาน เขต",  # spacing alone is not a typo
    ],
)
def test_correct_text_leaves_good_text_alone(text):
    assert correct_text(text, 1) == (text, [])


def test_gold_values_unchanged():
    if not GOLD.exists():
        pytest.skip("shared gold not available")
    values = set()
    for path in GOLD.glob("*.csv"):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                values |= {v for v in row.values() if v}
    changed = {v: correct_text(v, 1)[1] for v in values}
    assert {v: c for v, c in changed.items() if c} == {}


def test_text_quality():
    good = text_quality("ตัวชี้วัดผลการดำเนินงานหลัก ค่าเป้าหมาย ร้อยละ 80")
    assert good.broken == 0 and good.dictionary_share == 1.0 and good.tokens >= 4
    bad = text_quality("ผลสมั ฤทธ(cid:205)ิ ประจำาปี \ufffd")
    assert bad.broken >= 3 and bad.dictionary_share < 1.0


def test_a_letter_struck_twice_is_dropped():
    assert correct_text("โครงการส่งเสริมกิจกรรมสโมสรรและลานกีฬา", 1)[0] == "โครงการส่งเสริมกิจกรรมสโมสรและลานกีฬา"
    assert correct_text("สร้างเส้นทางสู่ออาชีพ", 1)[0] == "สร้างเส้นทางสู่อาชีพ"


def test_doubled_letters_of_real_words_stay():
    for text in ("คณะกรรมการ", "ถนนสรรพาวุธ", "ธรรมชาติ", "วรรณกรรม"):
        assert correct_text(text, 1) == (text, [])
