"""Spacing of names printed several times is decided by the copies themselves."""

from __future__ import annotations

from pipeline.parse.reconcile import agreed_spacing


def test_a_space_only_some_copies_have_goes():
    copies = [
        "โครงการ BKK Food Bank ส่งต่ออาหาร ให้กลุ่มเปราะบางอย่างเป็นรูปธรรม",
        "โครงการ BKK Food Bank ส่งต่ออาหารให้กลุ่มเปราะบาง อย่างเป็นรูปธรรม",
    ]
    fixed = agreed_spacing(copies)
    want = "โครงการ BKK Food Bank ส่งต่ออาหารให้กลุ่มเปราะบางอย่างเป็นรูปธรรม"
    assert fixed == {copies[0]: want, copies[1]: want}


def test_a_space_every_copy_has_stays():
    copies = ["โครงการตรวจสอบ กำกับดูแล แหล่งกำเนิดฝุ่น", "โครงการตรวจสอบ กำกับดูแลแหล่งกำเนิดฝุ่น"]
    assert set(agreed_spacing(copies).values()) == {"โครงการตรวจสอบ กำกับดูแลแหล่งกำเนิดฝุ่น"}


def test_spaces_next_to_latin_or_digits_are_kept():
    copies = ["แผนปี 2569 ระยะ ที่ 1 Food Bank", "แผนปี2569 ระยะที่ 1 Food Bank"]
    assert set(agreed_spacing(copies).values()) == {"แผนปี 2569 ระยะที่ 1 Food Bank"}


def test_copies_with_other_letters_are_not_touched():
    copies = ["กิจกรรมพัฒนา ถนนสวย", "กิจกรรมพัฒนาถนนสาย"]
    assert agreed_spacing(copies) == {}


def test_a_space_after_a_sign_must_be_shared_too():
    copies = ["หน่วยงานอื่น/ สถานที่เอกชน", "หน่วยงานอื่น/สถานที่เอกชน"]
    assert set(agreed_spacing(copies).values()) == {"หน่วยงานอื่น/สถานที่เอกชน"}
