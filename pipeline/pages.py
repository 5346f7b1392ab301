"""Stage 2, pages: read glyphs, ruling lines and embedded fonts from each page.

pdfplumber gives positions and ruling lines; a small pdfminer device records each
character's glyph id (``cid``) and font, which pdfplumber drops but the Thai
repair stage needs as evidence.  Pages are closed after use so memory stays flat.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Container, Iterator
from dataclasses import dataclass
from operator import itemgetter

import pdfplumber
from pdfminer.layout import LTContainer, LTPage
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import resolve1
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from .content import FastExecute
from .records import Edge, FontProgram, Glyph, PageContent

_device_log = logging.getLogger("pdfminer.pdfdevice")  # pdfminer's warning, under its name

# Fake bold is the same glyph drawn twice a hair apart.
DEDUPE_TOLERANCE = 1.0
# Ruling lines shorter than this are glyph strokes or noise, not table borders.
MIN_EDGE_LENGTH = 3.0
# A glyph less than this share of whose box lies inside the clipping path is not seen.
CLIP_VISIBLE = 0.5
# A page with fewer visible characters than this has no usable text layer.
MIN_TEXT_CHARS = 20


class _GlyphRecordingDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's own device, recording each char's glyph id, font and box itself.

    The chars are not built as pdfminer ``LTChar`` objects in the page layout (nothing reads
    them there: this stage reads the ruling lines from the layout and the chars from here).
    Each is a record of the values ``LTChar`` holds, computed as pdfminer computes them:
    ``(text, size, upright, x0, y0, x1, y1, ncolor, cid, font, clipped)``, in drawing order.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.glyphs: list[tuple] = []
        self.clip: tuple[float, float, float, float] | None = None  # set by the interpreter
        self._glyph_facts: dict[tuple[PDFFont, int], tuple[str, float]] = {}
        self._corners: dict[tuple, dict[int, tuple]] = {}  # run style -> glyph id -> box parts

    def _facts(self, font: PDFFont, cid: int) -> tuple[str, float]:
        """(text, width) of a glyph, as ``PDFLayoutAnalyzer.render_char`` finds them."""
        facts = self._glyph_facts.get((font, cid))
        if facts is None:
            try:
                text = font.to_unichr(cid)
                assert isinstance(text, str), str(type(text))
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            facts = self._glyph_facts[(font, cid)] = (text, font.char_width(cid))
        return facts

    def render_string_horizontal(
        self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise, dxscale, ncs, gstate
    ):
        """pdfminer's loop over a string's glyphs, each char's box as ``LTChar`` computes it.

        ``LTChar`` sums ``a * bx + c * by + e`` for each corner of the glyph box, with ``e``, ``f``
        the pen position (``translate_matrix``): the part before ``+ e`` depends only on the glyph,
        and adding ``e`` keeps the order of the corners (rounding is monotonic), so the min and
        max corner are found once per glyph and run style, and the values are pdfminer's.
        """
        x, y = pos
        a, b, c, d, e, f = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        descent = font.get_descent() * fontsize
        by0, by1 = descent + rise, descent + rise + fontsize
        ncolor = gstate.ncolor
        clip = self.clip
        record = self.glyphs.append
        # The corners depend on the font, size and matrix, not on the string: a page sets each
        # run of text in one of a few, and a glyph is boxed once per run style.
        style = (font, fontsize, scaling, rise, a, b, c, d)
        corners = self._corners.get(style)
        if corners is None:
            corners = self._corners[style] = {}
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    found = corners.get(cid)
                    if found is None:
                        text, textwidth = self._facts(font, cid)
                        adv = textwidth * fontsize * scaling
                        xs = (a * 0 + c * by0, a * 0 + c * by1, a * adv + c * by0, a * adv + c * by1)
                        ys = (b * 0 + d * by0, b * adv + d * by0, b * adv + d * by1, b * 0 + d * by1)
                        found = corners[cid] = (text, adv, min(xs), max(xs), min(ys), max(ys))
                    text, adv, xmin, xmax, ymin, ymax = found
                    ex, fy = x * a + y * c + e, x * b + y * d + f
                    x0, x1, y0, y1 = xmin + ex, xmax + ex, ymin + fy, ymax + fy
                    if clip is None:
                        clipped = False
                    elif clip[0] <= x0 < x1 <= clip[2] and clip[1] <= y0 < y1 <= clip[3]:
                        clipped = False  # wholly inside: the share is area / area, 1.0
                    else:
                        clipped = _visible_share(x0, y0, x1, y1, clip) < CLIP_VISIBLE
                    record((text, y1 - y0, upright, x0, y0, x1, y1, ncolor, cid, font, clipped))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                _device_log.warning(
                    "Cannot render horizontal string because %r is not a valid int, float or bytes.", obj
                )
        return (x, y)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # noqa: D401
        """One char of a vertical string: pdfminer's own ``LTChar``, recorded (none in the plans seen)."""
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        item = self.cur_item._objs.pop()
        clipped = self.clip is not None and _visible_share(*item.bbox, self.clip) < CLIP_VISIBLE
        self.glyphs.append(
            (item.get_text(), item.size, item.upright, *item.bbox, graphicstate.ncolor, cid, font, clipped)
        )
        return adv


class _ClipTrackingInterpreter(FastExecute, PDFPageInterpreter):
    """pdfminer's interpreter, also following the clipping path (its box) for the device.

    Its content streams are read by ``content.read_objects`` (pdfminer's objects, faster).

    pdfminer ignores ``W``/``W*``; producers that print spreadsheets (Microsoft's
    print driver) clip each cell, and text left in a cell but clipped out of it is
    drawn, yet not seen.
    """

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.clip_stack: list = []

    def do_q(self) -> None:
        self.clip_stack.append(self.device.clip)
        super().do_q()

    def do_Q(self) -> None:
        if self.clip_stack:
            self.device.clip = self.clip_stack.pop()
        super().do_Q()

    def do_W(self) -> None:
        self._set_clip()

    def do_W_a(self) -> None:
        self._set_clip()

    def do_Do(self, xobjid_arg) -> None:
        saved = self.device.clip
        super().do_Do(xobjid_arg)
        self.device.clip = saved

    def _set_clip(self) -> None:
        a, b, c, d, e, f = self.ctm
        pts = [
            (a * x + c * y + e, b * x + d * y + f)
            for seg in self.curpath
            for x, y in zip(seg[1::2], seg[2::2], strict=False)
        ]
        if not pts:
            return
        box = (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
        old = self.device.clip
        if old is not None:  # a clip only ever narrows the one in force
            box = (max(box[0], old[0]), max(box[1], old[1]), min(box[2], old[2]), min(box[3], old[3]))
        self.device.clip = box


def _visible_share(x0: float, y0: float, x1: float, y1: float, clip) -> float:
    """Share of a glyph box's area inside the clip box."""
    w = max(0.0, min(x1, clip[2]) - max(x0, clip[0]))
    h = max(0.0, min(y1, clip[3]) - max(y0, clip[1]))
    area = (x1 - x0) * (y1 - y0)
    if area <= 0:  # a zero-width mark: judge its height alone
        return h / (y1 - y0) if y1 > y0 and clip[0] <= x0 <= clip[2] else 0.0
    return w * h / area


@dataclass
class PageReader:
    """Reads one PDF page by page; use as a context manager."""

    path: str
    doc_id: str

    def __enter__(self) -> PageReader:
        self._pdf = pdfplumber.open(self.path)
        self.fonts: dict[str, FontProgram] = {}
        self._names: dict[int, tuple[PDFFont, str]] = {}  # id(font) -> (font kept alive, unique name)
        self._objids: dict[int, int] = {}  # id(font) -> number of the PDF object it was read from
        self.page_fonts: list[str] = []  # names of the fonts the page read last draws with, first use first
        get_font = self._pdf.rsrcmgr.get_font

        def get_font_noting_objid(objid, spec):
            font = get_font(objid, spec)
            if objid:
                self._objids.setdefault(id(font), objid)
            return font

        self._pdf.rsrcmgr.get_font = get_font_noting_objid
        return self

    def __exit__(self, *exc) -> None:
        self._pdf.close()

    @property
    def n_pages(self) -> int:
        return len(self._pdf.pages)

    def pages(self, numbers: list[int] | None = None) -> Iterator[PageContent]:
        """Yield PageContent for the given 1-based page numbers (all by default)."""
        wanted = numbers or range(1, self.n_pages + 1)
        for number in wanted:
            page = self._pdf.pages[number - 1]
            try:
                yield self._read(page, number)
            finally:
                page.close()

    def _font_name(self, font: PDFFont) -> str:
        """A name unique to this font in the document.

        Merged PDFs (iLovePDF, PaperPort) reuse one subset name such as
        ``BCDIEE+THSarabunPSK`` for different subsets, one per source file; the
        second and later get ``#n`` after the tag (``BCDIEE#2+THSarabunPSK``).
        """
        key = id(font)
        if key not in self._names:
            name = unique_font_name(font.fontname, self.fonts)
            self._names[key] = (font, name)
            self.fonts[name] = _font_program(name, font)
        return self._names[key][1]

    def font_origin(self, name: str) -> tuple[object, str]:
        """(identity, name in the PDF) of a font this reader named.

        The identity is the number of the font's PDF object, the same in every process that
        reads the document, so readers of different pages agree on which of their fonts are
        one; a font without an object of its own (inline) is never one with another.
        """
        font = next(f for f, n in self._names.values() if n == name)
        objid = self._objids.get(id(font))
        return (objid if objid is not None else ("inline", os.getpid(), id(font))), font.fontname

    def _read(self, page, number: int) -> PageContent:
        device = _GlyphRecordingDevice(self._pdf.rsrcmgr, pageno=number, laparams=self._pdf.laparams)
        _ClipTrackingInterpreter(self._pdf.rsrcmgr, device).process_page(page.page_obj)
        frame = _Frame.of(page)
        # The chars pdfplumber would build (``page.chars``), deduplicated as its ``dedupe_chars``
        # does, straight from the device's records: no dict per char (pdfplumber's conversion
        # copies and resolves every attribute of every object, a third of the stage; a dict per
        # char with only the keys read here was still a tenth), a Glyph only for a kept char.
        names: dict[int, str] = {}
        records = frame.records(device.glyphs, names, self._font_name)
        self.page_fonts = list(names.values())

        # Same glyph id, not just same text: two glyphs a broken ToUnicode maps alike (ู and ่
        # both as ่) sit at one pen position and are not a fake-bold double.
        dropped = _duplicates(
            [(r[2], r[0], r[10], r[1], r[8]) for r in records],  # upright, text, fontname, size, cid
            [r[11] for r in records],
            [r[3] for r in records],
            DEDUPE_TOLERANCE,
        )
        seen_colors: dict = {}  # a page draws in a few colours
        x_min, top_min, x_max, bottom_max = page.bbox
        glyphs = []
        for seq, record in enumerate(records):
            text, size, upright, x0, top, x1, bottom, color, cid, clipped, fontname, _ = record
            # Crop to the page: text drawn outside the media box is not on the page.
            if seq in dropped or not (x1 > x_min and x0 < x_max and bottom > top_min and top < bottom_max):
                continue
            glyphs.append(
                Glyph(  # text, cid, fontname, size, x0, top, x1, bottom, seq, upright, visible
                    text,
                    cid,
                    fontname,
                    float(size),
                    float(x0),
                    float(top),
                    float(x1),
                    float(bottom),
                    seq,
                    bool(upright),
                    not clipped and _color_visible(color, seen_colors),
                )
            )
        edges = [
            Edge(float(x0), float(top), float(x1), float(bottom), orientation)
            for x0, top, x1, bottom, orientation in frame.edges(device.get_result())
            if max(x1 - x0, bottom - top) >= MIN_EDGE_LENGTH
        ]
        visible = sum(1 for g in glyphs if g.visible and not g.text.isspace())
        return PageContent(
            doc_id=self.doc_id,
            page_number=number,
            width=float(page.width),
            height=float(page.height),
            glyphs=glyphs,
            edges=edges,
            has_text=visible >= MIN_TEXT_CHARS,
        )


@dataclass(frozen=True, slots=True)
class _Frame:
    """pdfplumber's page coordinates (origin top left, x shifted by the media box), computed as
    ``pdfplumber.Page.process_object`` and ``Container.edges`` compute them, value for value."""

    height: float
    mb_x0: float
    mb_top: float
    doctop: float

    @classmethod
    def of(cls, page) -> _Frame:
        return cls(page.height, page.mediabox[0], page.mediabox[1], page.initial_doctop)

    def records(self, glyphs: list[tuple], names: dict[int, str], font_name) -> list[tuple]:
        """The values of the char dict pdfplumber makes of each device record (an ``LTChar``'s),
        as a tuple: ``(text, size, upright, x0, top, x1, bottom, non_stroking_color, cid, clipped,
        fontname, doctop)``, in drawing order.
        ``names`` (id of a font -> its name, ``font_name(font)``) is filled as fonts are met."""
        height, mb_top, mb_x0, doctop = self.height, self.mb_top, self.mb_x0, self.doctop
        out = []
        append = out.append
        for text, size, upright, x0, y0, x1, y1, color, cid, font, clipped in glyphs:
            fontname = names.get(id(font))
            if fontname is None:
                fontname = names[id(font)] = font_name(font)
            top = (height - y1) + mb_top
            if mb_x0 != 0:
                x0, x1 = x0 + mb_x0, x1 + mb_x0
            if not isinstance(color, tuple):
                color = (color,)
            append((text, size, upright, x0, top, x1, (height - y0) + mb_top, color, cid, clipped, fontname,
                    doctop + top))  # fmt: skip
        return out

    def edges(self, layout: LTPage) -> list[tuple]:
        """(x0, top, x1, bottom, orientation) of every ruling-line candidate, in pdfplumber's
        order: the lines, then the four sides of each rectangle, then each curve's segments."""
        lines, rects, curves = [], [], []
        kinds = {"LTLine": lines, "LTRect": rects, "LTCurve": curves}
        stack = [iter(layout._objs)]
        while stack:  # depth first, a figure's objects where the figure is, as pdfplumber walks
            for obj in stack[-1]:
                if isinstance(obj, LTContainer):
                    stack.append(iter(obj._objs))
                    break
                found = kinds.get(type(obj).__name__)
                if found is not None:
                    found.append(obj)
            else:
                stack.pop()
        out = []
        for obj in lines:
            x0, top, x1, bottom = self._box(obj)
            out.append((x0, top, x1, bottom, "h" if top == bottom else "v"))
        for obj in rects:
            x0, top, x1, bottom = self._box(obj)
            out += [(x0, top, x1, top, "h"), (x0, top + obj.height, x1, bottom, "h"),
                    (x0, top, x0, bottom, "v"), (x1, top, x1, bottom, "v")]  # fmt: skip
        for obj in curves:
            pts = [(self.mb_x0 + x, self.mb_top + self.height - y) for x, y in obj.pts]
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                orientation = "v" if ax == bx else ("h" if ay == by else None)
                out.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), orientation))
        return out

    def _box(self, obj) -> tuple:
        x0, x1 = obj.x0, obj.x1
        if self.mb_x0 != 0:
            x0, x1 = x0 + self.mb_x0, x1 + self.mb_x0
        return x0, (self.height - obj.y1) + self.mb_top, x1, (self.height - obj.y0) + self.mb_top


def unique_font_name(fontname: str, taken: Container[str]) -> str:
    """``fontname``, or the first ``tag#n+name`` (n = 2, 3…) not ``taken`` by another font."""
    name = fontname
    n = 1
    while name in taken:
        n += 1
        tag, plus, rest = fontname.partition("+")
        name = f"{tag}#{n}+{rest}" if plus else f"{fontname}#{n}"
    return name


def dedupe_chars(chars: list[dict], tolerance: float, extra_attrs: tuple[str, ...]) -> list[dict]:
    """pdfplumber's ``dedupe_chars``, in drawing order by ``seq`` rather than ``chars.index``.

    pdfplumber restores the order with ``sorted(kept, key=chars.index)``, a linear search per
    char (quadratic: a tenth of the run's time on a 125-page plan); the kept chars are the same.
    Chars are grouped by a dict rather than by sorting them on the key (the same groups, each in
    the chars' order); a char alone in its group (nearly all of a page's) is kept as it is, and
    only the chars a cluster drops are left out of the list.
    """
    key = itemgetter("upright", "text", *extra_attrs)
    dropped = _duplicates(
        [key(c) for c in chars], [c["doctop"] for c in chars], [c["x0"] for c in chars], tolerance
    )
    kept = [c for i, c in enumerate(chars) if i not in dropped] if dropped else chars
    return sorted(kept, key=itemgetter("seq"))


def _duplicates(keys: list[tuple], doctops: list[float], x0s: list[float], tolerance: float) -> set[int]:
    """The indexes of the chars ``dedupe_chars`` drops, of chars given by their attributes:
    the key they must share, their ``doctop`` and ``x0``."""
    groups: dict[tuple, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    dropped: set[int] = set()
    doctop, x0 = doctops.__getitem__, x0s.__getitem__
    for group in groups.values():
        if len(group) == 1:
            continue
        for line in _clusters(group, doctop, tolerance):
            for same in _clusters(line, x0, tolerance):
                if len(same) > 1:
                    keep = min(same, key=lambda i: (doctops[i], x0s[i]))
                    dropped.update(i for i in same if i != keep)
    return dropped


def _clusters(items: list, value, tolerance: float) -> list[list]:
    """pdfplumber's ``cluster_objects``, group for group: the distinct values sorted and chained
    while each is within ``tolerance`` of the one before; items in their order within a group.
    Without its generic machinery (most groups here hold one char)."""
    if len(items) < 2:
        return [items]
    index: dict[float, int] = {}
    n, last = 0, None
    for v in sorted(set(map(value, items))):
        if last is not None and not v <= last + tolerance:
            n += 1
        index[v] = n
        last = v
    groups: list[list] = [[] for _ in range(n + 1)]
    for item in items:
        groups[index[value(item)]].append(item)
    return groups


def _color_visible(color, seen: dict) -> bool:
    """``_is_visible`` of a fill colour, remembered per colour (one that cannot be a key is
    judged each time)."""
    try:
        return seen[color]
    except KeyError:
        seen[color] = found = _is_visible(color)
        return found
    except TypeError:
        return _is_visible(color)


def _is_visible(color) -> bool:
    """White fill hides text from a reader."""
    if isinstance(color, (list, tuple)) and color:
        values = [v for v in color if isinstance(v, (int, float))]
        if len(values) == 1 and values[0] >= 0.99:  # grey 1 = white
            return False
        if len(values) == 3 and min(values) >= 0.99:  # RGB white
            return False
        if len(values) == 4 and max(values) <= 0.01:  # CMYK 0,0,0,0 = white
            return False
    return True


def _font_program(name: str, font: PDFFont) -> FontProgram:
    """The embedded font program and ToUnicode map of a pdfminer font."""
    program = None
    descriptor = getattr(font, "descriptor", None) or {}
    for key in ("FontFile2", "FontFile3", "FontFile"):
        stream = resolve1(descriptor.get(key)) if isinstance(descriptor, dict) else None
        if stream is not None:
            try:
                program = stream.get_data()
            except Exception:  # a damaged font stream is no evidence, not a failure
                program = None
            break
    to_unicode: dict[int, str] = {}
    unicode_map = getattr(font, "unicode_map", None)
    if unicode_map is not None:
        to_unicode = dict(getattr(unicode_map, "cid2unichr", {}))
    return FontProgram(
        fontname=name, program=program, to_unicode=to_unicode, simple=not isinstance(font, PDFCIDFont)
    )
