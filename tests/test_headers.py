"""Header recognition by meaning: rewording, wraps, added words, extra columns, column content."""

from __future__ import annotations

from pipeline.headers import concepts, map_columns, recognise, similarity
from pipeline.records import Cell
from pipeline.tables import load_kinds

KINDS = {k.name: k for k in load_kinds()}


def grid(header: list[str], body: list[list[str]]) -> list[list[Cell | None]]:
    """A one-row-header grid of plain cells (no merges)."""
    rows = [header, *body]
    return [
        [Cell(r, c, text, (c * 10.0, r * 10.0, c * 10.0 + 9, r * 10.0 + 9), 1) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]


KEY_BODY = [
    ["1", "กิจกรรมการปลูกต้นไม้รวมทุกประเภท", "ไม่ใช้งบประมาณ", "ฝ่ายรักษาความสะอาดฯ", "41101", "049"],
    ["2", "โครงการพัฒนาสวนสาธารณะ", "1,250,000", "ฝ่ายโยธา", "41103", "108 109"],
    ["3", "กิจกรรมตรวจสถานประกอบการ", "50,000", "ฝ่ายสิ่งแวดล้อมฯ", "42201", "022"],
]


def test_reworded_and_wrapped_headings_still_mean_their_field():
    budget = KINDS["key_projects"].fields["budget"]
    assert similarity(budget, "วงเงินงบประมาณ ปี 2570 (บาท)") >= 72  # added words around the meaning
    divisions = KINDS["key_projects"].fields["divisions"]
    assert similarity(divisions, "ฝ่ายที่รับ\nผิดชอบ") >= 72  # a synonym, wrapped
    assert similarity(divisions, "รหัส KRs") < 72
    # Concepts come from the vocabulary: a bare "ที่" is a sequence number, inside a word it is not.
    assert concepts("ที่") == {"seq"}
    assert "seq" not in concepts("ส่วนราชการที่รับผิดชอบ")


def test_headings_drawn_in_an_unrepaired_bold_face_are_read():
    # sara aa read as sara am, mai ek as sara uu: the fold in matching keeps the meaning.
    assert similarity(["งาน"], "งำน") == 100
    assert similarity(["ส่วนราชการ/ฝ่าย"], "ส่วนรำชกำร/ฝูำย") >= 90


def test_reordered_columns_with_an_extra_column_map_by_meaning_not_position():
    header = ["ลำดับ", "รหัสตัวชี้วัด (KRs)", "หมายเหตุ", "รหัสนโยบายผู้ว่าฯ", "โครงการ/กิจกรรมสำคัญ"]
    header += ["หน่วยงานที่รับผิดชอบ", "วงเงินงบประมาณ (บาท)"]
    order = [0, 4, None, 5, 1, 3, 2]  # where each printed column's values come from in KEY_BODY
    body = [[row[i] if i is not None else "" for i in order] for row in KEY_BODY]
    rec = recognise(grid(header, body), list(KINDS.values()))
    assert rec.kind.name == "key_projects"
    assert rec.columns == {
        "seq": 0,
        "kr_code": 1,
        "policy_codes": 3,
        "project_name": 4,
        "divisions": 5,
        "budget": 6,
    }  # the remarks column (2) is no field's and shifts none
    assert rec.confidence >= 0.8


def test_column_content_decides_between_two_columns_headed_alike():
    kind = KINDS["key_projects"]
    header = ["ที่", "ชื่อโครงการ/กิจกรรมสำคัญ", "งบประมาณ", "ฝ่าย", "รหัส", "รหัส"]
    body = [row[:4] + [row[5], row[4]] for row in KEY_BODY]  # policy codes printed before KR codes
    mapping = map_columns(kind, header, grid(header, body)[1:])
    assert (mapping.get("kr_code"), mapping.get("policy_codes")) == (5, 4)


def test_a_table_no_kind_explains_is_not_given_one():
    header = ["ชื่อ", "วันเดือนปี", "สถานที่"]
    rec = recognise(grid(header, [["นาย ก", "1 ม.ค.", "ห้องประชุม"]]), list(KINDS.values()))
    assert rec.kind is None
    assert "no kind" in rec.describe() or rec.ranking == []


def test_okr_targets_go_to_the_measure_they_follow_in_any_block_order():
    kind = KINDS["okr"]
    header = ["ผลลัพธ์หลัก (KRs)", "ค่าเป้าหมาย", "หน่วยงาน (H)", "Super OKRs", "ค่าเป้าหมาย"]
    header += ["หน่วยงานหลัก (H)", "โครงการ/กิจกรรม", "งบประมาณ (บาท)", "ส่วนราชการ/ฝ่าย"]
    mapping = map_columns(kind, header)
    assert (mapping["kr"], mapping["kr_target"], mapping["super_okr"], mapping["super_okr_target"]) == (
        0,
        1,
        3,
        4,
    )
    # Named targets need no neighbour to tell them apart.
    named = ["ค่าเป้าหมาย KRs", "SUPER OKR", "KRs", "ค่าเป้าหมาย Super OKR", "หน่วยงาน", "โครงการ/กิจกรรม"]
    mapping = map_columns(kind, named)
    assert (mapping["kr_target"], mapping["super_okr_target"]) == (0, 3)
