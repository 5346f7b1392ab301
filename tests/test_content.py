"""content.read_objects reads a content stream into exactly the objects pdfminer's parser reads.

Compared object for object (types included: ``True`` is not ``1``) with pdfminer's own
``PDFContentParser`` on pages of the shared plan, on streams written to hit its quirks, and on
random token soup; where the fast reader declines (None) pdfminer reads the page, so the only
failure is a difference.
"""

from __future__ import annotations

import random

import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from pipeline import content
from pipeline.content import PDFMINER_CHUNK, read_objects

from .conftest import BANGNA_PDF


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "name"):  # interned literals and keywords: the very same object
        return a is b
    return a == b


def _pdfminer(streams) -> list:
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return []
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def _streams(*datas: bytes) -> list[PDFStream]:
    return [PDFStream({}, data) for data in datas]


def _check(*datas: bytes) -> bool:
    """True if read fast (and equal to pdfminer's objects), False if declined."""
    fast = read_objects(_streams(*datas))
    if fast is None:
        return False
    reference = _pdfminer(_streams(*datas))
    assert _same(fast, reference), (datas, fast, reference)
    return True


QUIRKS = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"[(A) -120 (B) 5.5 (C)] TJ 0.5 .5 -.5 +3 -0 1. 1.2.3 --5 - + . 1e5",
    b"(nested (parens) inside) Tj (a\\(b\\)c) Tj (oct\\101\\7\\0123x) Tj (\\q\\n\\t\\\\) Tj",
    b"(line\\\ncontinued) (cr\\\r\ncontinued) (cr\\\ralone)",
    b"<48656C6C6F> Tj <48 65\x0b6C\t> <4 8 6\n5> <abc> <> <ab/Name <</K <ab>>> <<>> <</A 1 /B [2 3]>> BDC",
    b"/Name /Na#20me /N#4 /N# /#41#42 /A/B /\xe0\xb8\x81 /\xff true false null",
    b"q 1 0 0 1 0 0 cm Q T* ' \" d0 % a comment\n{ 1 2 add } \x00 BT",
    b"1 2 ) >",
    b"[ 1 2 [ 3 <</X /Y>> ] ] /Arr",
]


@pytest.mark.parametrize("data", QUIRKS)
def test_quirks_read_as_pdfminer_reads_them(data):
    _check(data)


def test_most_quirks_are_read_fast():
    assert sum(_check(d) for d in QUIRKS) >= len(QUIRKS) - 2


def test_declines_where_pdfminer_depends_on_its_buffer_or_structure():
    pad = b" " * (PDFMINER_CHUNK - 3)
    assert read_objects(_streams(pad + b"(\\101) Tj")) is None  # an escape across a buffer end
    assert read_objects(_streams(pad + b" <<>>")) is None  # '<<' cut in two
    assert read_objects(_streams(b"(unterminated")) is None
    assert read_objects(_streams(b"<</A>>")) is None  # odd dictionary: pdfminer raises
    assert read_objects(_streams(b"BI /W 1 /H 1 ID \x00 EI")) is None  # inline image
    assert read_objects(_streams(b"[1 2")) is None
    # Away from the buffer's end the same bytes are read fast.
    assert _check(b" " * 100 + b"(\\101) Tj <<>> BDC")


def test_streams_join_as_pdfminer_joins_them():
    assert _check(b"BT /F1 12", b"Tf (x) Tj ET")
    assert _check(b"[1 2", b"3] TJ")  # an array across two streams
    assert _check(b"12", b".5 Td")  # a stream's end ends the number
    assert not _check(b"BT /", b"F1 12 Tf")  # a name cut at the end: left to pdfminer


FRAGMENTS = [
    b" ", b"\n", b"\r", b"1", b"-", b".", b"5", b"+", b"/", b"N", b"#", b"4", b"f", b"(", b")", b"\\",
    b"<", b">", b"[", b"]", b"{", b"}", b"%", b"Tj", b"true", b"0", b"7", b"\x00", b"\xe0", b"a",
]  # fmt: skip


def test_random_token_soup():
    rng = random.Random(12)
    fast = 0
    for _ in range(600):
        datas = [b"".join(rng.choices(FRAGMENTS, k=rng.randint(1, 40))) for _ in range(rng.randint(1, 3))]
        fast += _check(*datas)
    assert fast > 30  # the soup is mostly malformed; enough of it is read fast to mean something


def _well_formed(rng: random.Random, depth: int = 0, value: bool = False) -> bytes:
    """A random operand or operator of the kinds producers write, arrays and dicts nested
    (a dictionary's ``value`` is an operand: a comment there would leave its key alone)."""
    kind = rng.randrange(9 if depth < 2 else 7)
    if value and kind in (4, 5, 6):
        kind = 0
    if kind == 0:
        return rng.choice([b"%d", b"-%d", b"%d.%d", b".%d", b"-%d.", b"+%d"]).replace(
            b"%d", b"%d" % rng.randrange(999)
        )
    if kind == 1:
        return b"/" + b"".join(rng.choices([b"F", b"1", b"#20", b"#4", b"\xe0", b"a"], k=rng.randint(1, 4)))
    if kind == 2:
        body = b"".join(
            rng.choices(
                [b"x", b"\\(", b"\\)", b"\\101", b"\\7", b"\\n", b"\\q", b"()", b" "], k=rng.randint(0, 6)
            )
        )
        return b"(" + body + b")"
    if kind == 3:
        return b"<" + b"".join(rng.choices([b"0", b"e", b"F", b" ", b"\n"], k=rng.randint(0, 7))) + b">"
    if kind in (4, 5, 6):
        return rng.choice([b"Tj", b"TJ", b"Td", b"T*", b"'", b'"', b"re", b"f*", b"true", b"false", b"% c\n"])
    if kind == 7:
        return b"[" + b" ".join(_well_formed(rng, depth + 1) for _ in range(rng.randint(0, 4))) + b"]"
    pairs = (b"/K%d " % i + _well_formed(rng, depth + 1, value=True) for i in range(rng.randint(0, 3)))
    return b"<<" + b" ".join(pairs) + b">>"


def test_random_well_formed_streams_across_buffer_ends():
    rng = random.Random(7)
    fast = 0
    for _ in range(80):
        tokens = [_well_formed(rng) for _ in range(rng.randint(1, 400))]
        data = rng.choice([b" ", b"\n", b"\r\n"]).join(tokens) + b" EMC"
        cut = rng.randint(1, len(data))
        fast += _check(data) + _check(data[:cut] + b" ", data[cut:])
    assert fast > 120


def _pages(numbers):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import stream_value

    with open(BANGNA_PDF, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        for n, page in enumerate(PDFPage.create_pages(doc), 1):
            if n in numbers:
                yield [stream_value(s) for s in page.contents]


def test_shared_plan_pages_read_fast_and_identically():
    for streams in _pages({1, 2, 20, 89, 125}):
        fast = read_objects(streams)
        assert fast is not None
        assert _same(fast, _pdfminer(streams))


def test_page_reader_output_does_not_depend_on_the_reader(monkeypatch):
    from pipeline.pages import PageReader

    def read(numbers):
        with PageReader(str(BANGNA_PDF), "bangna") as reader:
            return list(reader.pages(numbers)), dict(reader.fonts)

    numbers = [2, 89]
    fast = read(numbers)
    monkeypatch.setattr(content, "read_objects", lambda streams: None)
    assert read(numbers) == fast


def test_device_boxes_chars_as_pdfplumber_does():
    """The pages stage's own char records hold pdfplumber's ``page.chars`` values, float for float."""
    import pdfplumber

    from pipeline.pages import PageReader

    numbers = [1, 2, 89]
    with PageReader(str(BANGNA_PDF), "bangna") as reader:
        ours = {p.page_number: p.glyphs for p in reader.pages(numbers)}
    with pdfplumber.open(BANGNA_PDF) as pdf:
        for number in numbers:
            chars = pdf.pages[number - 1].chars
            assert ours[number]
            for glyph in ours[number]:
                char = chars[glyph.seq]
                fields = ("text", "x0", "top", "x1", "bottom", "size", "upright")
                assert tuple(getattr(glyph, k) for k in fields) == tuple(char[k] for k in fields)
