"""A page's content streams read into operands and operators, as pdfminer reads them, faster.

pdfminer's ``PDFContentParser`` reads a content stream one token at a time through a state
machine (a method call per token, another per object, a logged debug line per each): half the
CPU of the pages stage on a text-heavy plan.  ``read_objects`` reads the same objects with one
regular expression over each stream's decoded bytes, and ``FastExecute.execute`` runs them
through the interpreter's ``do_`` methods as pdfminer's ``execute`` does, with the method of
each operator looked up once.

The objects are pdfminer's own, value for value (its interned literals and keywords, ints,
floats, bytes, lists, dicts), including its quirks: a number it cannot read is dropped, an
unknown escape drops the escaped byte, a lone ``>`` is no token.  Where pdfminer's reading
depends on where its 4096-byte buffer or a stream ends (an escape, ``<<`` or ``>>`` cut in two,
a stream ending in a delimiter), on inline images, or on a malformed structure (an unclosed
array, an odd dictionary), ``read_objects`` returns None and pdfminer's parser reads the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import (
    ESC_STRING,
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KEYWORD_DICT_BEGIN,
    KEYWORD_DICT_END,
    KEYWORD_PROC_BEGIN,
    KEYWORD_PROC_END,
    KWD,
    LIT,
    PSKeyword,
    literal_name,
)

# pdfminer reads a stream in chunks of this many bytes (PSBaseParser.BUFSIZ).
PDFMINER_CHUNK = 4096

_DELIMS = rb"#/%\[\]()<>{}\s"
# One token of pdfminer's main state per match; the group says which kind.
_TOKEN = re.compile(
    rb"[\s\x00]*(?:"  # whitespace and NUL before the token, skipped
    rb"%[^\r\n]*"  # a comment, skipped
    rb"|(/[^" + _DELIMS + rb"]*(?:#[0-9a-fA-F]{0,2}[^" + _DELIMS + rb"]*)*)"  # 1 literal name
    rb"|([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 2 number
    rb"|([A-Za-z][^" + _DELIMS + rb"]*)"  # 3 keyword
    rb"|\(([^()\\]*)\)"  # 4 a string without escapes or inner parentheses
    rb"|(\()"  # 5 any other string
    rb"|(<<|>>)"  # 6 dictionary brackets
    rb"|<([0-9a-fA-F\s]*)"  # 7 hex string (its '>' is read next, as a lone '>': no token)
    rb"|>"  # a lone '>': no token
    rb"|(.)"  # 8 any other byte: a one-byte keyword
    rb"|\Z)",  # only whitespace was left
    re.S,
)
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{0,2})")
_STRING_SPECIAL = re.compile(rb"[()\\]")
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.")
_OCTAL = b"01234567"
# pdfminer's ESC_STRING: the byte after a backslash -> the byte it stands for.
_STRING_ESCAPES = {ord(k): v for k, v in ESC_STRING.items()}
_TRUE, _FALSE = b"true", b"false"
_INLINE_IMAGE = {KWD(b"BI"), KWD(b"ID"), KWD(b"EI")}
_OPENERS = {KEYWORD_ARRAY_BEGIN: "a", KEYWORD_DICT_BEGIN: "d", KEYWORD_PROC_BEGIN: "p"}
_CLOSERS = {KEYWORD_ARRAY_END: "a", KEYWORD_DICT_END: "d", KEYWORD_PROC_END: "p"}


class _Unsupported(Exception):
    """The stream needs pdfminer's own parser to be read exactly as pdfminer reads it."""


def _cut_where_pdfminer_differs(data: bytes) -> bool:
    """Whether a chunk boundary or the stream's end falls where pdfminer's reading depends on it.

    pdfminer looks one byte ahead after ``\\``, ``#``, ``<`` and ``>``; at the end of its
    buffer it sees no byte and reads differently than it would over one buffer.  A stream's end
    also ends a token only if the token has begun (``/``, ``<``, ``(`` at the very end do not).
    """
    for cut in range(PDFMINER_CHUNK, len(data), PDFMINER_CHUNK):
        if b"\\" in data[cut - 3 : cut] or b"#" in data[cut - 2 : cut]:
            return True
        if data[cut - 1 : cut + 1] in (b"<<", b">>"):
            return True
    tail = data[-3:]
    return b"\\" in tail or b"#" in tail[-2:] or tail[-1:] in (b"/", b"<", b">")


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """The literal string whose '(' is just before ``i``, and the position after its ')'.

    pdfminer's ``_parse_string`` and ``_parse_string_1``, over the whole stream.
    """
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _STRING_SPECIAL.search(data, i)
        if m is None:
            raise _Unsupported("unterminated string")
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 0x5C:  # backslash
            i = j + 1
            digits = 0
            while i < n and digits < 3 and data[i] in _OCTAL:
                i += 1
                digits += 1
            if digits:
                code = int(data[i - digits : i], 8)
                if code >= 256:  # pdfminer stops on an assertion
                    raise _Unsupported("octal escape above 255")
                out.append(code)
                continue
            if i >= n:
                raise _Unsupported("escape at the end of the stream")
            e = data[i]
            if e in _STRING_ESCAPES:
                out.append(_STRING_ESCAPES[e])
            elif e == 0x0D and data[i + 1 : i + 2] == b"\n":
                i += 1
            i += 1  # any other escaped byte is dropped, as pdfminer drops it
            continue
        if c == 0x28:  # (
            depth += 1
            out.append(c)
        else:  # )
            depth -= 1
            if depth:
                out.append(c)
            else:
                return bytes(out), j + 1
        i = j + 1


def _literal(raw: bytes):
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _tokens(data: bytes, out: list) -> None:
    """Append the tokens of one stream to ``out`` (pdfminer's ``nexttoken``, without positions)."""
    append = out.append
    i, n = 0, len(data)
    while i < n:
        # A match starts at every position (any byte is a token, or only whitespace is left),
        # so ``finditer`` gives the matches that ``match`` at each one's end would, in C; after
        # a string with escapes, read by ``_string``, the search starts again past it.
        for m in _TOKEN.finditer(data, i):
            kind = m.lastindex
            if kind is None:
                continue
            text = m[kind]
            if kind == 3:
                append(True if text == _TRUE else False if text == _FALSE else KWD(text))
            elif kind == 2:
                try:
                    append(float(text) if b"." in text else int(text))
                except ValueError:  # '-', '.', '+.': pdfminer drops them
                    pass
            elif kind == 7:
                if m.end() >= n:
                    raise _Unsupported("unterminated hex string")
                try:  # whole pairs, spaces only between them: what pdfminer's pairing gives
                    append(bytes.fromhex(text.decode()))
                except ValueError:  # an odd digit, a space inside a pair: pdfminer's own way
                    append(_HEX_PAIR.sub(lambda p: bytes((int(p[0], 16),)), _SPACE.sub(b"", text)))
            elif kind == 4:
                append(text)
            elif kind == 1:
                append(_literal(text[1:]))
            elif kind == 5:
                text, i = _string(data, m.end())
                append(text)
                break
            elif kind == 6:
                append(KEYWORD_DICT_BEGIN if text == b"<<" else KEYWORD_DICT_END)
            else:
                append(KWD(text))
        else:
            return


def read_objects(streams: Sequence) -> list | None:
    """The objects pdfminer's ``PDFContentParser`` reads from ``streams``, in order; None where
    only pdfminer's parser reads them exactly (see the module's docstring)."""
    tokens: list = []
    try:
        for stream in streams:
            try:
                data = stream_value(stream).get_data()
            except Exception:  # a damaged stream: pdfminer's parser fails on it its own way
                return None
            if data and _cut_where_pdfminer_differs(data):
                return None
            _tokens(data, tokens)
    except _Unsupported:
        return None
    objects: list = []
    stack: list = []  # (kind, objects of the enclosing level)
    current = objects
    kind = None
    for token in tokens:
        if token.__class__ is PSKeyword:
            if token in _OPENERS:
                stack.append((kind, current))
                kind, current = _OPENERS[token], []
                continue
            if token in _CLOSERS:
                if _CLOSERS[token] != kind:
                    return None  # pdfminer ignores the stray bracket; rare, left to it
                inner = current
                kind, current = stack.pop()
                if token is KEYWORD_DICT_END:
                    if len(inner) % 2:
                        return None  # pdfminer raises on it
                    current.append({literal_name(k): v for k, v in zip(inner[::2], inner[1::2], strict=True)})
                else:
                    current.append(inner)
                continue
            if token in _INLINE_IMAGE:
                return None
        current.append(token)
    if stack:
        return None  # an unclosed array at the end: pdfminer drops it
    return objects


_OPERATORS: dict[tuple[type, PSKeyword], tuple] = {}  # (interpreter class, operator) -> (function, nargs)


def _operator(cls: type, keyword: PSKeyword) -> tuple:
    found = _OPERATORS.get((cls, keyword))
    if found is None:
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(cls, method, None)
        found = (func, func.__code__.co_argcount - 1 if func is not None else 0, name)
        _OPERATORS[(cls, keyword)] = found
    return found


class FastExecute:
    """Mixin for a ``PDFPageInterpreter``: ``execute`` with ``read_objects`` (pdfminer's own
    ``execute`` where ``read_objects`` declines)."""

    def execute(self, streams: Sequence[object]) -> None:
        valid = []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer warns and skips it
            valid.append(stream)
        objects = read_objects(valid)
        if objects is None:
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid)
        cls = self.__class__
        argstack = self.argstack
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                argstack.append(obj)
                continue
            func, nargs, name = _operator(cls, obj)
            if func is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {name!r}")
            elif nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(self, *args)
            else:
                func(self)
            argstack = self.argstack  # pop and some operators replace the list
