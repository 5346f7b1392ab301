"""Property-based tests of the cell parsers and the header matcher: any input, no exception;
the values they are meant to read come back unchanged (round trips)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import doctypes
from pipeline.headers import map_columns, norm_header
from pipeline.parse import krs, lists
from pipeline.parse.base import digits, parse_amount
from pipeline.tables import load_kinds
from pipeline.thaitext import THAI_DIGITS

# Text as cells hold it: Thai letters and marks, digits of both scripts, punctuation, spaces.
cell_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),
        st.sampled_from("0123456789" + THAI_DIGITS + " ,.-()/%*:\n\t"),
        st.characters(codec="utf-8"),
    ),
    max_size=80,
)
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def _thai(number: str) -> str:
    return number.translate(str.maketrans("0123456789", THAI_DIGITS))


@given(cell_text)
def test_parsers_take_any_text(text: str):
    amount = parse_amount(text)
    assert amount is None or isinstance(amount, int)
    assert digits(text).isdigit() or digits(text) == ""
    code = lists.kr_code(text)
    assert code is None or (code.isdigit() and len(code) == lists.KR_CODE_DIGITS)
    value, unit = krs.target_value(text)
    assert value is not None or unit is None
    budget = lists.parse_budget(text, 2569)
    assert all(isinstance(y, int) and isinstance(a, int) for y, a in budget.yearly.items())
    assert all(c.isdigit() for c in lists.policy_codes(_cell(text)))
    found = doctypes.identify(text)
    assert found is None or found[1].fiscal_year is None or 2400 <= found[1].fiscal_year <= 2699


@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.integers(min_value=0, max_value=20))
def test_amount_round_trip(n: int, thai: bool, wrap_at: int):
    printed = f"{n:,}"
    if 0 < wrap_at < len(printed):  # a line wrap inside the number: "3,622,00 0"
        printed = printed[:wrap_at] + " " + printed[wrap_at:]
    assert parse_amount(_thai(printed) if thai else printed) == n
    assert parse_amount(f"{printed} บาท") == n


@given(st.from_regex(r"[1-9][0-9]{4}", fullmatch=True), st.integers(min_value=1, max_value=4))
def test_kr_code_round_trip(code: str, wrap_at: int):
    assert lists.kr_code(code) == code
    assert lists.kr_code(code[:wrap_at] + " " + code[wrap_at:]) == code  # wrapped in its cell
    assert lists.kr_code(_thai(code)) == code


@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(["ต้น", "แห่ง", "ครั้ง", "คน", "โครงการ"]))
def test_target_round_trip(value: int, unit: str):
    assert krs.target_value(f"{value:,} {unit}") == (value, unit)
    assert krs.target_value(f"ร้อยละ {value}") == (value, "ร้อยละ")


@given(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=2560, max_value=2600),
)
def test_multi_year_budget_round_trip(a: int, b: int, year: int):
    budget = lists.parse_budget(f"{a + b:,} ปี {year} - {a:,} ปี {year + 1} - {b:,}", year)
    assert budget.total == a + b
    assert budget.yearly == {year: a, year + 1: b}
    assert budget.amount == a


@given(st.integers(min_value=2500, max_value=2599), st.booleans(), st.sampled_from(["ประจำปี", "ปีงบประมาณ"]))
def test_fiscal_year_round_trip(year: int, thai: bool, word: str):
    printed = _thai(str(year)) if thai else str(year)
    doc_type, ident = doctypes.identify(f"สำนักงานเขตบางนา แผนปฏิบัติราชการ{word} พ.ศ. {printed}")
    assert (doc_type.name, ident.fiscal_year, ident.district) == ("action_plan", year, "บางนา")


@given(cell_text)
def test_norm_header_is_idempotent(text: str):
    once = norm_header(text)
    assert norm_header(once) == once


@given(st.lists(cell_text, max_size=9))
def test_header_matcher_takes_any_headers(headers: list[str]):
    for kind in load_kinds():
        mapping = map_columns(kind, headers)
        assert set(mapping) <= set(kind.fields)
        assert len(set(mapping.values())) == len(mapping)  # one field per column
        assert all(0 <= c < len(headers) for c in mapping.values())


@given(st.data())
def test_header_matcher_finds_columns_in_any_order(data):
    """Each field's own heading, columns shuffled: every field lands on its column."""
    for kind in load_kinds():
        firsts = {f: variants[0] for f, variants in kind.fields.items()}
        if len({norm_header(v) for v in firsts.values()}) < len(firsts) or kind.after:
            continue  # headings shared by two fields are told apart by position, not text
        order = data.draw(st.permutations(list(firsts)), label=kind.name)
        mapping = map_columns(kind, [firsts[f] for f in order])
        assert mapping == {f: i for i, f in enumerate(order)}, kind.name


def _cell(text: str):
    from pipeline.records import Cell

    return Cell(0, 0, text, (0, 0, 1, 1), 1)
