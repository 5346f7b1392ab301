"""Section 1.1 OKR tables: Super OKR -> KRs -> projects, BMA and district values.

The tables are read as *KR blocks*: the grid rows one KR-name cell spans.  Inside a
block the agency cells are cut into agencies where a line starts an agency name
(a stacked "สำนักเทศกิจ / สำนักงานเขต (R)" is two KR lines), the targets are paired
with the agencies in order (a cell stacking two values is cut at its value starts),
and every KR line gives one row per project of the block (a cell listing "1. … 2. …"
is several projects, with the budgets and divisions kept aligned).

What plans do that this copes with, all decided from structure and vocabulary
(``data/okr.json``), never from one plan's values:

* a row cut by the page break (the top row of a page whose agency cell does not
  start an agency) continues the row above;
* a district line drawn in the next KR's rows (before that KR's own BMA line)
  belongs to the KR above;
* a district line whose target was typed into the KR column takes the KR name above;
* a KR without a project of its own shares the projects of the KR above;
* a KR cell cut by the page break (the page-top line has no target, the target cell
  above stacks a spare value) continues the KR above;
* a district line printed under a sibling KR of its Super OKR goes to the KR the
  evaluation tables give its target to, when that KR shows no district line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from .. import thai
from ..headers import norm_header
from ..records import BBox, Cell, Table
from .base import ParseContext, Parser, ParseResult, Row
from .krs import KrsParser, split_numbered, vocab
from .lists import agency_name, clean, match_note, parse_amount, split_divisions, squash

KIND = "okr"
# Lines of two columns whose tops differ by less than this share a row (points).
Y_TOLERANCE = 4.0
SUPER_OKR_CODE = re.compile(r"^\s*(\d+\.\d+\.\d+)\.?\s*")
# Columns whose blank cell at the top of a page continues the cell above.
CARRY_FIELDS = ("super_okr", "super_okr_target", "lead_agency", "kr")
ISSUE_CODE = re.compile(r"(\d+\.\d+)\.?\s*")
# A district KR name of the evaluation tables matches the end of a KR cell at least this closely (0-100).
KR_NAME_MATCH = 88
# Share of that name's length by which the cut-off piece may be longer or shorter.
KR_NAME_SLACK = 0.15
# Letters the BMA KR name before the cut has at least.
KR_NAME_MIN = 6
# A thousands group of one or two digits followed by a gap: the number goes on after a wrap.
WRAPPED_GROUP = re.compile(r"(?<=,\d)\s+(?=\d)|(?<=,\d\d)\s+(?=\d)")
# "(1) … (2) …": numbered KR names in one cell.
KR_ITEM = re.compile(r"\((\d{1,2})\)")


@dataclass
class Line:
    """One KR line: an agency with its target (BMA or district level)."""

    agency: str
    target: str = ""
    page: int = 0
    top: float = 0.0
    kr_name: str = ""


@dataclass
class Block:
    """The grid rows of one KR-name cell, and what they hold."""

    rows: list[int]
    kr_cell: Cell | None
    lines: list[Line] = field(default_factory=list)
    projects: list[tuple[str, str | None, list[str]]] = field(default_factory=list)  # name, budget, divisions
    issue: tuple[str, str] | None = None


@dataclass
class Unit:
    """The KR lines of one KR with what they share: one row per line and project."""

    common: dict
    lines: list[Line]
    projects: list
    page: int
    bbox: BBox | None
    super_code: str | None
    district_name: str


def known_kr(name: str, known: list[tuple[str, str]]) -> int | None:
    """The evaluation-table KR (index into ``known``) a KR name reads as, fuzzily; None if none."""
    s = squash(name)
    best = max(range(len(known)), key=lambda i: fuzz.ratio(s, known[i][0]), default=None)
    return best if best is not None and s and fuzz.ratio(s, known[best][0]) >= KR_NAME_MATCH else None


def reassign_district_lines(units: list[Unit], known: list[tuple[str, str]]) -> None:
    """District lines printed under a sibling KR moved to the KR they measure.

    The evaluation tables list the district's own KRs with their targets.  A KR of one
    Super OKR that is one of them but shows no district line has its line printed under
    another KR of the Super OKR: the line whose target is that KR's target moves to it,
    taken from a KR whose own target it is not, else from one with more district lines
    than one (its last such line).  A line named on its own ("(1) …") stays.
    """
    groups: list[list[Unit]] = []
    for u in units:
        if groups and groups[-1][0].super_code == u.super_code:
            groups[-1].append(u)
        else:
            groups.append([u])
    for group in groups:
        own = [known_kr(u.district_name, known) for u in group]
        for ci, c in enumerate(group):
            if own[ci] is None or any(_is_district(ln.agency) for ln in c.lines):
                continue
            want = known[own[ci]][1]
            best: tuple[tuple[bool, int], Unit, Line] | None = None
            for bi, b in enumerate(group):
                mine = [ln for ln in b.lines if _is_district(ln.agency) and ln.kr_name == b.district_name]
                if b is c:
                    continue
                for k, ln in enumerate(mine):
                    if not want or squash(ln.target) != want:
                        continue
                    fits_own = own[bi] is not None and known[own[bi]][1] == want
                    if fits_own and len(mine) < 2:
                        continue
                    rank = (not fits_own, k)
                    if best is None or rank > best[0]:
                        best = (rank, b, ln)
            if best is not None:
                _, b, ln = best
                b.lines[:] = [x for x in b.lines if x is not ln]  # by identity: equal lines may repeat
                ln.kr_name = c.district_name
                c.lines.append(ln)


def _covering(table: Table, r: int, field_name: str) -> Cell | None:
    col = table.columns.get(field_name)
    return None if col is None or r >= len(table.rows) else table.rows[r][col]


def _lines_of(cell: Cell | None) -> list[tuple[str, BBox, int]]:
    if cell is None:
        return []
    if cell.lines:
        return [(t, b, cell.page) for t, b in cell.lines]
    return [(cell.text, cell.bbox, cell.page)] if cell.text.strip() else []


def _join(texts: list[str]) -> str:
    texts = [t for t in texts if t and t.strip()]
    return thai.text_from_lines(texts) if texts else ""


def _is_district(agency: str) -> bool:
    s = squash(agency)
    return any(s.startswith(squash(d)) for d in vocab()["district_agencies"])


def _starts_agency(text: str) -> bool:
    s = squash(text)
    return any(s.startswith(squash(a)) for a in vocab()["agency_starts"])


def _starts_project(text: str) -> bool:
    s = squash(text)
    return bool(re.match(r"\d", s)) or any(s.startswith(squash(w)) for w in vocab()["project_starts"])


def _agency_form(text: str) -> str:
    """An agency in the reference spelling, its code in brackets written tight: "(CO - H)" -> "(CO-H)"."""
    text = re.sub(r"\(\s*([^)]*?)\s*\)", lambda m: "(" + re.sub(r"\s+", "", m.group(1)) + ")", clean(text))
    name, code = re.match(r"(.*?)\s*(\([^)]*\))?$", text).groups()
    name = agency_name(name)
    return f"{name} {code}" if code else name


def value_starts(text: str, wraps: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Offsets where a target value starts in a cell stacking several ("250,000 ต้น 4,900 ต้น").

    A value starts at a number or a value word after a space or a line wrap (``wraps``:
    offsets where a wrapped line begins) outside brackets, unless a year/ordinal word or
    another value word leads it ("ไม่น้อยกว่า ร้อยละ 80" is one value) or the piece before
    it holds no number yet.
    """
    v = vocab()
    words = tuple(v["value_words"])
    skip = tuple(v["year_words"] + v["ordinal_words"]) + words
    starts: list[int] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth or (i and text[i - 1] != " " and i not in wraps):
            continue
        rest, before = text[i:], text[:i].rstrip()
        if not (rest.startswith(words) or rest[:1].isdigit()) or before.endswith(skip):
            continue
        if starts and not _has_value(text[starts[-1] : i]):
            continue
        starts.append(i)
    return starts


def _has_value(piece: str) -> bool:
    return bool(re.search(r"\d", piece))


def _wrapped(text: str | list[str]) -> tuple[str, set[int]]:
    """A cell's lines joined as wrapped text, and the offsets where a wrapped line begins."""
    lines = [clean(t) for t in ([text] if isinstance(text, str) else text) if clean(t)]
    s, wraps = "", set()
    for line in lines:
        if s:
            s = thai.join_lines([s, line])
            wraps.add(len(s) - len(line))
        else:
            s = line
    return s, wraps


def count_targets(text: str | list[str]) -> int:
    """How many target values a cell (or its lines) stacks: 0 when blank.

    Counted at value starts, plus the text before the first one; a value holding
    numbers of its own may count more than once, never less.
    """
    s, wraps = _wrapped(text)
    if not s:
        return 0
    starts = value_starts(s, wraps)
    return len(starts) + (0 if starts[:1] == [0] else 1)


def count_agencies(lines: list[str]) -> int:
    """How many agencies an agency cell's lines name (a line starting an agency starts one)."""
    starts = "|".join(re.escape(w) for w in vocab()["agency_starts"])
    groups: list[list[str]] = []
    for line in lines:
        if groups and not _starts_agency(line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return sum(len(re.split(rf"\s+(?={starts})", _join(g))) for g in groups)


def split_targets(text: str | list[str], n: int) -> list[str] | None:
    """A cell's text (or its lines) cut into ``n`` targets at its value starts; None when it does not.

    The lines are joined as wrapped text (a value word wrapped inside, "ไม่ต่ำ / กว่า", is
    whole again) and a value may start where a line does.  When the cell shows more value
    starts than targets, the text before the first is the first target and the last
    ``n - 1`` starts cut the others: a stacked cell ends with the lower lines' values,
    while a long upper value may hold numbers of its own ("… ISO 37001 อย่างน้อย 1 หน่วยงาน").
    """
    s, wraps = _wrapped(text)
    starts = value_starts(s, wraps)
    if n < 2 or len(starts) < n - 1 or (len(starts) == n - 1 and starts[:1] == [0]):
        return None
    cuts = [0] + [i for i in starts if i > 0][-(n - 1) :]
    if len(cuts) != n:
        return None
    bounds = cuts + [len(s)]
    return [s[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def cut_kr_name(text: str, known: list[str]) -> tuple[str, str] | None:
    """A KR cell holding the BMA KR name then the district one, cut where the district name starts.

    ``known`` are the district's KR names as the evaluation tables print them (spaces
    left out): the cell is cut where the rest of it reads as one of them (fuzzily: the
    two tables may word or spell a name a little apart).  None when no known name ends
    the cell, or when it is the whole cell.
    """
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    s = "".join(text[i] for i in pos)
    best: tuple[float, int] | None = None
    for name in known:
        if fuzz.ratio(s, name) >= KR_NAME_MATCH:
            continue  # the cell is that name, no more
        tol = int(len(name) * KR_NAME_SLACK) + 1
        for p in range(max(KR_NAME_MIN, len(s) - len(name) - tol), len(s) - len(name) + tol + 1):
            if p >= len(s):
                break
            score = fuzz.ratio(s[p:], name)
            if score >= KR_NAME_MATCH and (best is None or score > best[0]):
                best = (score, p)
    if best is None:
        return None
    cut = pos[best[1]]
    return text[:cut].strip(), text[cut:].strip()


def split_kr_items(text: str, n: int) -> tuple[str, list[str]] | None:
    """A KR cell listing ``n`` numbered KR names ("… (1) … (2) …"): the text before them and the items.

    The markers must count 1..n in order; None otherwise.
    """
    marks = [m for m in KR_ITEM.finditer(text)]
    numbered = [m for m in marks if m.group(1).isdigit()]
    starts, k = [], 1
    for m in numbered:
        if int(m.group(1)) == k:
            starts.append(m.start())
            k += 1
    if n < 2 or len(starts) != n:
        return None
    bounds = starts + [len(text)]
    return text[: starts[0]].strip(), [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def rejoin_digits(text: str) -> str:
    """A number cut by a line wrap made whole: a wrap inside leaves a short last group ("15,000,00 0")."""
    return WRAPPED_GROUP.sub("", text)


def split_budgets(text: str | None) -> list[tuple[int | None, str | None]]:
    """The items of a budget cell in order: amounts and notes ("ไม่ใช้งบประมาณ 2,522,500 ไม่ใช้งบประมาณ")."""
    s = rejoin_digits(clean(text))
    if not s:
        return []
    items: list[tuple[int | None, str | None]] = []
    pos = 0
    for m in re.finditer(r"\d{1,3}(?:,\d{3})+|\d+", s):
        note = s[pos : m.start()].strip(" -")
        if note:
            items.append((None, match_note(note)))
        items.append((parse_amount(m.group(0)), None))
        pos = m.end()
    note = s[pos:].strip(" -")
    if note:
        items.append((None, match_note(note)))
    return items


class OkrParser(Parser):
    """okr_rows, and budgets rows (section okr) for the rows with an amount."""

    produces = ("okr_rows", "budgets")

    def parse(self, ctx: ParseContext, out: ParseResult) -> None:
        """Read every OKR table in document order."""
        summary = self._summary_names(ctx)
        strategy_name: dict[int, str] = {}
        known = self._district_krs(ctx)
        state: dict = {"issue": None, "known": [name for name, _ in known]}
        units: list[Unit] = []
        for table in ctx.of_kind(KIND):
            title = self._title(ctx, table)
            table = self._mend(self._realign(table))
            for block in self._blocks(ctx, table):
                if block.issue is not None:
                    state["issue"] = block.issue
                    continue
                units.extend(self._rows(ctx, table, block, state, summary, strategy_name, title))
        reassign_district_lines(units, known)
        rows = [row for u in units for row in self._emit(ctx, u.common, u.lines, u.projects, u.page, u.bbox)]
        fiscal_year = ctx.doc.fiscal_year
        for seq, row in enumerate(rows, start=1):
            out.add("okr_rows", row)
            if row["budget_baht"] is not None and fiscal_year is not None:
                out.add(
                    "budgets",
                    {
                        "page": row["page"],
                        "section": "okr",
                        "seq": seq,
                        "project_name": row["project_name"],
                        "budget_year": fiscal_year,
                        "amount_baht": row["budget_baht"],
                    },
                )

    # --- strategy names ----------------------------------------------------------------------

    @staticmethod
    def _summary_names(ctx: ParseContext) -> list[str]:
        """Strategy names of the summary table (one row per strategy, in order), total row left out."""
        names: list[str] = []
        for table in ctx.tables.tables:
            if table.kind != "strategy_summary" or "strategy" not in table.columns:
                continue
            for r in range(len(table.rows)):
                cell = _covering(table, r, "strategy")
                text = clean(cell.text if cell else "")
                if text and not squash(text).startswith("รวม"):
                    names.append(text)
        return names

    @staticmethod
    def _title(ctx: ParseContext, table: Table) -> str | None:
        """The strategy title printed last before the table ("ยุทธศาสตร์ด้านเดินทางดี")."""
        marker = squash(vocab()["strategy_marker"])
        start = (table.pages[0], table.bbox[1])
        title = None
        for ln in ctx.tables.lines:
            if (ln.page, ln.bbox[1]) >= start:
                break
            if squash(ln.text).startswith(marker) and ln.page >= table.pages[0] - 1:
                title = clean(ln.text)
        return title

    @staticmethod
    def _strategy_name(no: int, title: str | None, summary: list[str]) -> str | None:
        start = vocab()["strategy_name_start"]
        if 1 <= no <= len(summary):
            name = re.sub(r"\s+", "", summary[no - 1])
            name = name[len(squash(vocab()["strategy_marker"])) :] if name.startswith("ยุทธศาสตร์") else name
            return name if name.startswith(start) else start + name
        if title:
            s = title.replace(" ", "")
            pos = s.find(start)
            return s[pos:] if pos >= 0 else s
        return None

    # --- blocks --------------------------------------------------------------------------------

    def _blocks(self, ctx: ParseContext, table: Table) -> list[Block]:
        width = len(table.rows[0]) if table.rows else 0
        marker = norm_header(vocab()["issue_marker"])
        blocks: list[Block] = []
        current: Block | None = None
        for r in range(len(table.rows)):
            first = table.rows[r][0]
            banner = first is not None and first.colspan >= width - 1
            if banner and norm_header(first.text).startswith(marker):
                text = clean(first.text)
                m = ISSUE_CODE.search(text)
                code = m.group(1) if m else ""
                name = text[m.end() :].strip() if m else text
                blocks.append(Block(rows=[r], kr_cell=None, issue=(code, name)))
                current = None
                continue
            kr = _covering(table, r, "kr")
            if current is None or kr is not current.kr_cell:
                current = Block(rows=[r], kr_cell=kr)
                blocks.append(current)
            else:
                current.rows.append(r)
        for block in blocks:
            if block.issue is None:
                self._fill(ctx, table, block)
        return blocks

    @staticmethod
    def _realign(table: Table) -> Table:
        """The table with rows drawn shifted left put back under their headings.

        A row whose agency cell is blank, whose rightmost filled cell (left of the agency
        column) starts an agency and whose cell before that holds a value, is a KR line
        typed some columns too far left ("… | ร้อยละ 80 | สำนักงานเขต (R) | | |"): its cells
        move right so the agency lands in the agency column, and the columns it leaves
        carry the cells above (the line belongs to the block above).
        """
        acol = table.columns.get("kr_agency")
        if acol is None:
            return table
        grid = [list(row) for row in table.rows]
        for r in range(1, len(grid)):
            row, above = grid[r], grid[r - 1]

            def new(c: int, row=row, above=above) -> Cell | None:
                cell = row[c]
                return cell if cell is not None and cell is not above[c] and cell.text.strip() else None

            if new(acol) is not None:
                continue
            filled = [c for c in range(len(row)) if new(c) is not None]
            if not filled or filled[-1] >= acol or filled[-1] < 1:
                continue
            j = filled[-1]
            value = new(j - 1)
            if not _starts_agency(new(j).text) or value is None or not _has_value(value.text):
                continue
            shift = acol - j
            moved = {c + shift: row[c] for c in filled}
            for c in range(len(row)):
                if c in moved:
                    row[c] = moved[c]
                elif c < acol and above[c] is not None:
                    row[c] = above[c]  # a vacated column: the block above goes on
        return replace(table, rows=grid)

    @staticmethod
    def _mend(table: Table) -> Table:
        """The table with the rows cut by a page break put back together.

        The top row of a page continues the row above when its agency cell starts no
        new agency: every cell of it is joined to the cell above.  Otherwise only the
        blank cells of the carried-down columns (Super OKR, its target, lead agency,
        KR) continue the cells above, and so does a Super OKR cell that opens with no code.
        """
        grid = [list(row) for row in table.rows]
        carry = {table.columns[f] for f in CARRY_FIELDS if f in table.columns}
        col = table.columns.get("kr_agency")
        scol = table.columns.get("super_okr")
        width = len(grid[0]) if grid else 0
        for r in range(1, len(grid)):
            new = [c for i, c in enumerate(grid[r]) if c is not None and c is not grid[r - 1][i]]
            old = [c for c in grid[r - 1] if c is not None]
            if not new or not old or min(c.page for c in new) <= max(c.page for c in old):
                continue
            first = grid[r][0]
            if first is not None and first.colspan >= width - 1:
                continue  # an issue row
            agency = grid[r][col] if col is not None else None
            starts = (
                agency is not None
                and agency is not grid[r - 1][col]
                and bool(agency.text.strip())
                and _starts_agency(agency.text)
            )
            pcol = table.columns.get("project")
            project = grid[r][pcol] if pcol is not None else None
            if project is not None and project is not grid[r - 1][pcol] and project.text.strip():
                # A project cell that starts no project is the rest of the list above.
                starts = starts and _starts_project(project.text)
            kr_goes_on = starts and OkrParser._kr_goes_on(table, grid[r - 1], grid[r])
            for i in range(width):
                below, above = grid[r][i], grid[r - 1][i]
                if below is None or above is None or below is above:
                    continue
                # A Super OKR cell always opens with its code: one without goes on from above.
                goes_on = i in carry and (
                    not below.text.strip() or (i == scol and not SUPER_OKR_CODE.match(clean(below.text)))
                )
                goes_on = goes_on or (kr_goes_on and i == table.columns["kr"])
                if starts and not goes_on:
                    continue
                merged = replace(
                    above,
                    text=_join([above.text, below.text]),
                    lines=list(above.lines) + list(below.lines),
                )
                for row in grid:
                    for j, cell in enumerate(row):
                        if cell is above or cell is below:
                            row[j] = merged
        return replace(table, rows=grid)

    @staticmethod
    def _kr_goes_on(table: Table, above: list[Cell | None], below: list[Cell | None]) -> bool:
        """Whether a page-top row's KR cell is the rest of the KR cell above (the KR was cut by the break).

        So it is when the row names a new agency but no target, its KR text does not open
        with a value (a target typed into the KR column), and the target cell above stacks
        more values than the agency cell above names agencies: the spare value is this line's.
        """
        cols = [table.columns.get(f) for f in ("kr", "kr_target", "kr_agency")]
        if None in cols:
            return False
        kcol, tcol, acol = cols
        kr, target = below[kcol], below[tcol]
        if kr is None or kr is above[kcol] or not kr.text.strip() or value_starts(clean(kr.text))[:1] == [0]:
            return False
        if target is not None and target is not above[tcol] and target.text.strip():
            return False
        t_above, a_above = above[tcol], above[acol]
        if t_above is None or a_above is None:
            return False
        values = count_targets([t for t, _ in t_above.lines] or t_above.text)
        return values > count_agencies([t for t, _ in a_above.lines] or [a_above.text])

    def _fill(self, ctx: ParseContext, table: Table, block: Block) -> None:
        """Agencies, targets and projects of one block."""
        agencies: list[list[tuple[str, BBox, int]]] = []
        targets: list[tuple[str, int, float]] = []  # text, page, top
        seen: set[int] = set()
        for r in block.rows:
            cell = _covering(table, r, "kr_agency")
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                for line in _lines_of(cell):
                    if agencies and not _starts_agency(line[0]):
                        agencies[-1].append(line)  # the wrapped rest of the agency above
                    else:
                        agencies.append([line])
            tcell = _covering(table, r, "kr_target")
            if tcell is not None and id(tcell) not in seen and tcell.text.strip():
                seen.add(id(tcell))
                targets.append(([t for t, _ in tcell.lines] or [tcell.text], tcell.page, tcell.bbox[1]))
        lines: list[Line] = []
        starts = "|".join(re.escape(w) for w in vocab()["agency_starts"])
        for a in agencies:
            # Two agencies wrapped onto one line ("สำนักการระบายน้ำ สำนักงานเขต (R)").
            for name in re.split(rf"\s+(?={starts})", _join([t for t, _, _ in a])):
                lines.append(Line(agency=_agency_form(name), page=a[0][2], top=a[0][1][1]))
        # Pair targets with agencies: one each, else cut stacked values.
        texts = [_join(t) for t, _, _ in targets]
        if len(texts) < len(lines) and texts:
            cut: list[str] = []
            remaining = len(lines)
            for i, t in enumerate(texts):
                need = remaining - (len(texts) - i - 1)
                parts = split_targets(targets[i][0], need) if need > 1 else None
                if parts is None:
                    parts = [t]
                cut.extend(parts)
                remaining -= len(parts)
            texts = cut
        for i, line in enumerate(lines):
            line.target = rejoin_digits(texts[i] if i < len(texts) else (texts[-1] if texts else ""))
        block.lines = lines
        # Projects with aligned budgets and divisions.
        names: list[str] = []
        budget_text: list[str] = []
        division_text: list[str] = []
        for r in block.rows:
            for fname, bucket in (("project", names), ("budget", budget_text), ("divisions", division_text)):
                cell = _covering(table, r, fname)
                if cell is not None and id(cell) not in seen and cell.text.strip():
                    seen.add(id(cell))
                    bucket.append(cell.text)
        projects = split_numbered(_join(names)) if names else []
        budgets = split_budgets(" ".join(budget_text))
        page = block.kr_cell.page if block.kr_cell is not None else table.pages[0]
        # "ฝ่ายโยธา/ฝ่ายเทศกิจ": a slash separates units like a line break does.
        division_raw = " ".join(division_text).replace("/", " ")
        divisions = split_divisions(ctx.text(division_raw, page, "okr_rows", "divisions"))
        for i, name in enumerate(projects):
            if len(budgets) == len(projects):
                amount, note = budgets[i]
            elif budgets:
                amount, note = budgets[0]
            else:
                amount, note = None, None
            block.projects.append((name, amount, note, divisions))  # type: ignore[arg-type]

    # --- rows ----------------------------------------------------------------------------------

    def _rows(
        self,
        ctx: ParseContext,
        table: Table,
        block: Block,
        state: dict,
        summary: list[str],
        strategy_name: dict[int, str],
        title: str | None,
    ) -> list[Unit]:
        r0 = block.rows[0]
        page = block.kr_cell.page if block.kr_cell is not None else table.pages[0]
        bbox = block.kr_cell.bbox if block.kr_cell is not None else None
        kr_text = block.kr_cell.text if block.kr_cell is not None else ""
        prev = state.get("block")
        # A district line drawn before this KR's own BMA line belongs to the KR above.
        if prev is not None and block.lines and any(not _is_district(ln.agency) for ln in block.lines):
            while block.lines and _is_district(block.lines[0].agency):
                moved = block.lines.pop(0)
                moved.kr_name = prev["district_name"]
                state["extra"] = state.get("extra", []) + [moved]
        kr_name = clean(kr_text)
        # A district line whose target was typed into the KR column: the KR name is the one above.
        if prev is not None and block.lines and all(not ln.target for ln in block.lines):
            if value_starts(kr_name)[:1] == [0]:
                for ln in block.lines:
                    ln.target = kr_name
                kr_name = prev["district_name"]
        if not block.projects and prev is not None:
            block.projects = prev["projects"]
        super_cell = _covering(table, r0, "super_okr")
        super_text = clean(super_cell.text if super_cell else "")
        m = SUPER_OKR_CODE.match(super_text)
        super_code = m.group(1) if m else (prev["super_code"] if prev else None)
        super_name = super_text[m.end() :] if m else (prev["super_name"] if prev else None)
        super_target_cell = _covering(table, r0, "super_okr_target")
        super_target = rejoin_digits(clean(super_target_cell.text)) if super_target_cell else ""
        lead_cell = _covering(table, r0, "lead_agency")
        lead = _agency_form(lead_cell.text) if lead_cell and lead_cell.text.strip() else ""
        if prev is not None and super_code == prev["super_code"]:
            # A blank merged cell left over from a page break: the Super OKR's values go on.
            super_target = super_target or prev["super_target"]
            lead = lead or prev["lead"]
        issue_code, issue_name = state["issue"] or (None, None)
        code_src = issue_code or super_code or ""
        strategy_no = int(code_src.split(".")[0]) if code_src and code_src.split(".")[0].isdigit() else None
        sname = None
        if strategy_no is not None:
            sname = strategy_name.get(strategy_no) or self._strategy_name(strategy_no, title, summary)
            if sname:
                strategy_name[strategy_no] = sname
        common = {
            "strategy_no": strategy_no,
            "strategy_name": ctx.text(sname, page, "okr_rows", "strategy_name"),
            "issue_code": issue_code,
            "issue_name": ctx.text(issue_name, page, "okr_rows", "issue_name"),
            "super_okr_code": super_code,
            "super_okr_name": ctx.text(super_name, page, "okr_rows", "super_okr_name"),
            "super_okr_target": ctx.text(super_target, page, "okr_rows", "super_okr_target"),
            "lead_agency": ctx.text(lead, page, "okr_rows", "lead_agency"),
        }
        # Lines moved up from this block go with the KR above, after its own.
        extra = state.pop("extra", [])
        if extra and state.get("unit") is not None:
            state["unit"].lines.extend(extra)
        bma_name, district_name = self._level_names(kr_name, block.lines, state.get("known", []))
        for ln in block.lines:
            ln.kr_name = ln.kr_name or (district_name if _is_district(ln.agency) else bma_name)
        unit = Unit(common, block.lines, block.projects, page, bbox, super_code, district_name)
        state["unit"] = unit
        state["block"] = {
            "kr_name": bma_name,
            "district_name": district_name,
            "projects": block.projects,
            "super_code": super_code,
            "super_name": super_name,
            "super_target": super_target,
            "lead": lead,
            "common": common,
            "page": page,
            "bbox": bbox,
        }
        return [unit]

    @staticmethod
    def _level_names(kr_name: str, lines: list[Line], known: list[str]) -> tuple[str, str]:
        """The BMA and the district KR name of a KR cell; numbered district names go to their lines.

        A cell may print the BMA name and then the district's own (found by the district KR
        names of the evaluation tables), and the district part may list numbered names
        ("(1) … (2) …"), one per district line.
        """
        bma_name = district_name = kr_name
        levels = {_is_district(ln.agency) for ln in lines}
        cut = cut_kr_name(kr_name, known) if levels == {True, False} else None
        if cut is not None:
            bma_name, district_name = cut
        districts = [ln for ln in lines if _is_district(ln.agency) and not ln.kr_name]
        items = split_kr_items(district_name, len(districts))
        if items is not None:
            head, names = items
            if head and cut is None:
                bma_name = head
            for ln, name in zip(districts, names, strict=True):
                ln.kr_name = name
        return bma_name, district_name

    @staticmethod
    def _district_krs(ctx: ParseContext) -> list[tuple[str, str]]:
        """KR names and targets of the evaluation tables (the district's own KRs), spaces left out.

        Read by the KR parser on a scratch context (its rows split by page breaks are
        rejoined there; nothing it records is kept).
        """
        scratch = ParseContext(ctx.doc, ctx.tables)
        out = ParseResult()
        KrsParser().parse(scratch, out)
        return [
            (squash(r["kr_name"]), squash(r.get("target_text") or ""))
            for r in out.rows.get("krs", [])
            if r.get("kr_name")
        ]

    @staticmethod
    def _emit(
        ctx: ParseContext, common: dict, lines: list[Line], projects: list, page: int, bbox
    ) -> list[Row]:
        rows: list[Row] = []
        for ln in lines:
            level = "district" if _is_district(ln.agency) else "bma"
            for name, amount, note, divisions in projects or [(None, None, None, [])]:
                rows.append(
                    {
                        "page": page,
                        **common,
                        "kr_name": ctx.text(ln.kr_name, page, "okr_rows", "kr_name"),
                        "kr_target": ctx.text(ln.target, page, "okr_rows", "kr_target"),
                        "kr_agency": ctx.text(ln.agency, page, "okr_rows", "kr_agency"),
                        "level": level,
                        "project_name": ctx.text(name, page, "okr_rows", "project_name"),
                        "budget_baht": amount,
                        "budget_note": note if amount is None else None,
                        "divisions": list(divisions),
                        "bbox": list(bbox) if bbox else None,
                    }
                )
        return rows
