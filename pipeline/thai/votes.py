"""Doubtful glyphs decided by the whole document's words, once per (font, glyph id).

Where shape leaves a doubt (``audit``: a close runner-up, a confusable pair, a claim a
sure shape disputes) every word the glyph occurs in is read with each candidate in its
place, the other glyphs as they stand.  A candidate scores the letters its readings cover
with dictionary words, less a penalty for each thing Thai spelling never does (``rules.
ORTHOGRAPHY``: a tone mark after sara am, a vowel after sara am, a mark on nothing, a Latin
letter inside a Thai word ...).

The scores of a document add up in one ``DocumentVotes`` as its pages stream past.  A vote
is closed before the document ends only when it is already decisive (its leader ahead of
every rival by ``DECISIVE_LEAD_PER_WORD`` letters per word seen); any other stays open until
the last page, and the pages that show the glyph wait for it (``document.repair_pages``
keeps them on disk, not in memory).  So a title page whose few words read as well either
way no longer fixes a glyph for the whole document.  A decision is recorded once
(``text_repairs``: rule ``glyph:document-vote``, with the words seen and the scores) on the
first page handed back that shows the glyph.

The votes are the document's own: the font analyses (``glyphs.analyse``) are cached across
documents and are never changed by a vote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Glyph, TextChange
from .rules import ORTHOGRAPHY

# Words a glyph must have been seen in before its vote can be closed.
MIN_WORDS = 3
# Words per glyph and page read for the vote (enough to decide; bounded cost).
MAX_WORDS_PER_PAGE = 24
# Score a broken spelling costs (in letters covered by dictionary words).
ORTHOGRAPHY_COST = 3.0
# A challenger must beat the glyph's current reading by this many letters per word seen.
MIN_LEAD_PER_WORD = 0.5
# Before the last page a vote closes only with its leader this many letters per word ahead of
# every rival: a wrong reading breaks a word of three letters or more; ties and near-ties wait.
DECISIVE_LEAD_PER_WORD = 2.0
# Words kept per glyph for the joint decision at the document's end (``_relax``).
MAX_WORDS_KEPT = 240
# Rounds of the joint decision: each glyph re-read with every other doubtful glyph at its
# reading so far, until none changes.
RELAX_ROUNDS = 6
# Letters per word a candidate loses per unit of shape cost (its distance over the nearest
# one's, less 1), where the shapes named the glyph: a far shape needs more words to win.
PRIOR_WEIGHT = 3.0
# Glyphs of one word: same baseline within this share of the size, gaps below this share.
BASELINE_SLACK = 0.3
WORD_GAP = 0.25


def _words(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Runs of glyphs drawn one after another on one baseline without a gap: words, roughly."""
    runs: list[list[Glyph]] = []
    prev: Glyph | None = None
    for g in glyphs:
        if not g.visible or g.text.isspace():
            prev = None
            continue
        size = max(g.size, 1.0)
        if (
            prev is None
            or abs(g.bottom - prev.bottom) > BASELINE_SLACK * size
            or g.x0 - prev.x1 > WORD_GAP * size
            or g.x1 < prev.x0 - size
        ):
            runs.append([])
        runs[-1].append(g)
        prev = g
    return runs


# What the one-byte codes 0x80-0x9F of a font without a map decode to (cp1252: ƒ ” Š Œ ...).
_CODE_PAGE_MARKS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def readable(text: str) -> bool:
    """False for what cannot stand for an inked glyph: a ``(cid:N)`` code, a gap, U+FFFD, a
    private-use code, or a code page's punctuation (what a font without a map decodes to)."""
    if not text or text.isspace() or text.startswith("(cid:") or "\ufffd" in text:
        return False
    return not (len(text) == 1 and (text in _CODE_PAGE_MARKS or "\ue000" <= text <= "\uf8ff"))


def score(text: str) -> float:
    """How Thai a reading is: letters inside dictionary words, less broken spellings."""
    from .spelling import tokenize, word_set

    words = word_set()
    covered = sum(len(t) for t in tokenize(text) if t in words and not t.isascii())
    broken = sum(len(p.findall(text)) for p, _name in ORTHOGRAPHY)
    return covered - ORTHOGRAPHY_COST * broken


@dataclass(slots=True)
class _Vote:
    current: str  # the glyph's reading as the evidence stands
    tally: dict[str, float]
    seen: int = 0
    closed: bool = False
    decisive: bool = False  # closed with its leader DECISIVE_LEAD_PER_WORD ahead of every rival
    winner: str | None = None  # set when the vote changed the reading
    record: str = ""  # the text_repairs rule, until written on a page
    # the words seen, each glyph as (its vote's key when in doubt, else None; its reading then)
    words: list[tuple[tuple[tuple[int, int] | None, str], ...]] = field(default_factory=list)
    cost: dict[str, float] = field(default_factory=dict)  # candidate -> PRIOR_WEIGHT x shape cost
    # the reading as the evidence stands is no character at all (a code nobody mapped, a code
    # page's punctuation, a gap for an inked glyph): a candidate is taken whatever the words say
    unreadable: bool = False


def _rank_key(vote: _Vote, cand: str, incumbent: str) -> tuple:
    """Candidates in order: readable ones first when the reading is not, then score, then the incumbent."""
    return (not vote.unreadable or readable(cand), vote.tally[cand], cand == incumbent)


@dataclass(slots=True)
class DocumentVotes:
    """The votes of one document: per (font analysis, glyph id), scores over its pages."""

    _votes: dict[tuple[int, int], _Vote] = field(default_factory=dict)
    _owners: dict[int, object] = field(default_factory=dict)  # keeps each analysis (its id is the key)

    def _key(self, ev: object, cid: int) -> tuple[int, int]:
        self._owners[id(ev)] = ev
        return (id(ev), cid)

    def observe(
        self, glyphs: Sequence[Glyph], evidence: Mapping[str, object], text_of: Callable[[Glyph], str]
    ) -> None:
        """Add one page's words to the votes of its doubtful glyphs; close the decisive ones.

        ``text_of`` reads a glyph as the evidence stands (without any vote).
        """
        by_font: dict[str, list[Glyph]] = {}
        for g in glyphs:
            ev = evidence.get(g.fontname)
            if ev is not None and ev.doubts and g.cid in ev.doubts:
                by_font.setdefault(g.fontname, [])
        for g in glyphs:
            if g.fontname in by_font:
                by_font[g.fontname].append(g)
        for fontname, own in by_font.items():
            ev = evidence[fontname]
            runs = _words(sorted(own, key=lambda g: g.seq))
            for cid in dict.fromkeys(g.cid for g in own if g.cid in ev.doubts):
                key = self._key(ev, cid)
                vote = self._votes.get(key)
                if vote is not None and vote.closed:
                    continue
                words = [r for r in runs if any(g.cid == cid for g in r)][:MAX_WORDS_PER_PAGE]
                if not words:
                    continue
                if vote is None:
                    current = text_of(next(g for r in words for g in r if g.cid == cid))
                    candidates = dict.fromkeys((current, *ev.doubts[cid]))
                    vote = self._votes[key] = _Vote(current, dict.fromkeys(candidates, 0.0))
                    vote.unreadable = not readable(current) and any(readable(c) for c in candidates)
                    prior = getattr(ev, "prior", {}).get(cid)
                    if prior:
                        worst = max(prior.values())
                        vote.cost = {c: PRIOR_WEIGHT * prior.get(c, worst) for c in candidates}
                for word in words:
                    base = [text_of(g) for g in word]
                    if len(vote.words) < MAX_WORDS_KEPT:
                        vote.words.append(
                            tuple(
                                (self._key(ev, g.cid) if g.cid in ev.doubts else None, t)
                                for g, t in zip(word, base, strict=True)
                            )
                        )
                    for cand in vote.tally:
                        reading = "".join(
                            cand if g.cid == cid else t for g, t in zip(word, base, strict=True)
                        )
                        vote.tally[cand] += score(reading) - vote.cost.get(cand, 0.0)
                vote.seen += len(words)
                self._close(vote, final=False)

    def close_all(self) -> None:
        """The document has ended: every open vote is decided by all the words it saw.

        The open votes are decided together (``_relax``): a word holding several doubtful
        glyphs reads as a word only when all of them are read right at once.
        """
        self._relax()
        for vote in self._votes.values():
            self._close(vote, final=True)

    def _relax(self) -> None:
        """Decide the open votes jointly: each re-scored with the others at their best so far.

        A vote closed earlier counts with its decision (its words were read before it was
        made).
        Each glyph's own tally read its words with the other doubtful glyphs as the evidence
        stood; where most of a font is in doubt (a map the shapes replaced) those readings are
        mostly wrong and no candidate makes words.  Starting from each tally's leader, every
        open vote is scored again over its kept words with every other doubtful glyph at its
        current leader, until no leader changes (or ``RELAX_ROUNDS``).  The last scores are
        the tallies ``_close`` decides on.
        """
        open_votes = {k: v for k, v in self._votes.items() if not v.closed and v.words}
        if not open_votes:
            return
        state = {}
        for key, vote in self._votes.items():
            if vote.closed:
                state[key] = vote.winner if vote.winner is not None else vote.current
            else:
                state[key] = max(vote.tally, key=lambda c, v=vote: _rank_key(v, c, v.current))
        cache: dict[str, float] = {}

        def scored(text: str) -> float:
            if text not in cache:
                cache[text] = score(text)
            return cache[text]

        order = sorted(open_votes, key=lambda k: -len(open_votes[k].words))
        for _round in range(RELAX_ROUNDS):
            changed = False
            for key in order:
                vote = open_votes[key]
                tally = dict.fromkeys(vote.tally, 0.0)
                for word in vote.words:
                    rest = [(k, state.get(k, t) if k is not None else t) for k, t in word]
                    for cand in tally:
                        tally[cand] += scored("".join(cand if k == key else t for k, t in rest))
                        tally[cand] -= vote.cost.get(cand, 0.0)
                vote.tally = tally
                best = max(tally, key=lambda c, v=vote, k=key: _rank_key(v, c, state[k]))
                if best != state[key]:
                    state[key], changed = best, True
            if not changed:
                break
        for vote in open_votes.values():
            vote.seen = len(vote.words)

    def _close(self, vote: _Vote, final: bool) -> None:
        if vote.closed or vote.seen < MIN_WORDS and not final:
            return
        ranked = sorted(vote.tally.items(), key=lambda kv: _rank_key(vote, kv[0], vote.current), reverse=True)
        best, top = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else float("-inf")
        # decisive: the leader well ahead of every rival, and its readings make words (a lead
        # among readings that are all broken, their neighbours still in doubt, decides nothing)
        decisive = (
            vote.seen >= MIN_WORDS
            and top - runner_up >= DECISIVE_LEAD_PER_WORD * vote.seen
            and top >= DECISIVE_LEAD_PER_WORD * vote.seen
        )
        if not final and not decisive:
            return
        vote.closed, vote.decisive = True, decisive
        lead = top - vote.tally[vote.current]
        if vote.unreadable:  # unreadable-code: the best candidate the words allow, however few
            if best == vote.current:
                return
        elif vote.seen < MIN_WORDS or best == vote.current or lead < MIN_LEAD_PER_WORD * vote.seen:
            return
        vote.winner = best
        scores = ", ".join(f"{c or '∅'} {s:.0f}" for c, s in ranked)
        vote.record = f"glyph:document-vote ({vote.seen} words; {scores})"

    def is_open(self, ev: object, cid: int) -> bool:
        """True while the glyph's vote may still change its reading."""
        vote = self._votes.get((id(ev), cid))
        return vote is not None and not vote.closed

    def open_keys(self, glyphs: Sequence[Glyph], evidence: Mapping[str, object]) -> set[tuple[int, int]]:
        """The open votes a page's glyphs wait for."""
        keys = set()
        for g in glyphs:
            ev = evidence.get(g.fontname)
            if ev is not None and ev.doubts and g.cid in ev.doubts and self.is_open(ev, g.cid):
                keys.add((id(ev), g.cid))
        return keys

    def is_decisive(self, ev: object, cid: int) -> bool:
        """True when the glyph's vote closed with its leader well ahead (the words are sure)."""
        vote = self._votes.get((id(ev), cid))
        return vote is not None and vote.decisive

    def is_closed(self, key: tuple[int, int]) -> bool:
        vote = self._votes.get(key)
        return vote is None or vote.closed

    def reading(self, ev: object, cid: int) -> str | None:
        """The reading the document's words chose for the glyph, or None (the evidence stands)."""
        vote = self._votes.get((id(ev), cid))
        return vote.winner if vote is not None else None

    def records(
        self, page_number: int, glyphs: Sequence[Glyph], evidence: Mapping[str, object]
    ) -> list[TextChange]:
        """The decisions not yet written whose glyphs this page shows (each written once)."""
        out = []
        for g in glyphs:
            ev = evidence.get(g.fontname)
            vote = self._votes.get((id(ev), g.cid)) if ev is not None else None
            if vote is not None and vote.record:
                out.append(TextChange(page_number, vote.record, vote.current, vote.winner or ""))
                vote.record = ""
        return out
