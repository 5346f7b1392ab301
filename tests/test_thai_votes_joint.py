"""Doubtful glyphs that share words are decided together (``votes.DocumentVotes._relax``).

Hand-built glyphs of one font whose map a producer broke: ป drawn but read บ, ร read ว and
ะ read ฯ, each in doubt between its reading and the truth.  Every word holds all three.
Read one at a time, the others as they stand, ร and ะ are decided on the words (ประ reads
as a word only with both) but ป is not: บระชาชน covers as many dictionary letters as
ประชาชน until ร and ะ are read right.  Decided together, all three are right.
"""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.records import Glyph
from pipeline.thai.votes import DocumentVotes

WORDS = ["ประชาชน", "ประจำปี", "ประมาณ", "ประกอบ"]
READ_AS = {"ป": "บ", "ร": "ว", "ะ": "ฯ"}  # truth -> what the broken map says


def _glyphs() -> tuple[list[Glyph], dict[str, int]]:
    code = {t: i + 1 for i, t in enumerate(READ_AS)}
    out, x, seq = [], 0.0, 0
    for word in WORDS:
        for ch in word:
            out.append(Glyph(READ_AS.get(ch, ch), code.get(ch, ord(ch)), "F", 10.0, x, 0.0, x + 5, 10.0, seq))
            x, seq = x + 5, seq + 1
        x += 10  # a word gap
    return out, code


def test_glyphs_sharing_words_are_decided_together():
    glyphs, code = _glyphs()
    ev = SimpleNamespace(doubts={code[t]: (wrong, t) for t, wrong in READ_AS.items()})
    votes = DocumentVotes()
    votes.observe(glyphs, {"F": ev}, lambda g: g.text)
    # on the words as they stand, ร and ะ are already clear; ป is not (a tie)
    assert votes.reading(ev, code["ร"]) == "ร" and votes.reading(ev, code["ะ"]) == "ะ"
    assert votes.is_open(ev, code["ป"])
    votes.close_all()
    assert {t: votes.reading(ev, code[t]) for t in READ_AS} == {t: t for t in READ_AS}


def test_an_unreadable_code_gives_way_to_the_best_candidate_however_few_its_words():
    # a glyph of a font without a map, its one-byte code decoded as cp1252 (ฐ read ”), seen in
    # two words only: too few to outvote a reading, but ” stands for no glyph at all
    words = ["ฐาน", "ฐานะ"]
    out, x = [], 0.0
    for seq, ch in enumerate("".join(w + " " for w in words)):
        if ch != " ":
            out.append(
                Glyph("”" if ch == "ฐ" else ch, 9 if ch == "ฐ" else ord(ch), "F", 10.0, x, 0, x + 5, 10, seq)
            )
        x += 5 if ch != " " else 10
    ev = SimpleNamespace(doubts={9: ("ฏ", "ฐ", "ฎ")})
    votes = DocumentVotes()
    votes.observe(out, {"F": ev}, lambda g: g.text)
    votes.close_all()
    assert votes.reading(ev, 9) == "ฐ"
