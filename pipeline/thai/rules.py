"""Normalisation rules of the Thai repair stage, kept as data.

Each rule is one entry with one comment saying why it exists (the model is
PyThaiNLP's ``util/normalize.py``).  Code elsewhere applies them; nothing here
is a string replacement for a particular word.
"""

from __future__ import annotations

import re

# Sara am and its pieces, and the patterns of sara am written in two: one definition, in thaitext.
from ..thaitext import (  # noqa: F401  (SARA_AA, NIKHAHIT re-exported to the stage)
    NIKHAHIT,
    SARA_AA,
    SARA_AM,
    SARA_AM_DOUBLED,
    SARA_AM_SPLIT,
    SARA_AM_SPLIT_REVERSED,
)

# --- character classes ------------------------------------------------------------

# Marks drawn above the base letter (vowels, tone marks, signs).
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d"  # ั ิ ี ึ ื ็ ํ
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
SIGNS_ABOVE = "\u0e4c\u0e4e"  # ์ ๎
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"  # ุ ู ฺ
MARKS = ABOVE_VOWELS + TONE_MARKS + SIGNS_ABOVE + BELOW_VOWELS
MARK_SET = frozenset(MARKS)
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")  # เ แ โ ใ ไ
THAI_RANGE = ("\u0e01", "\u0e5b")

# Logical order of marks on one base: vowel first, then tone mark, then signs
# (Unicode's canonical classes leave above vowels at 0, so NFC does not sort them).
MARK_ORDER = {
    **{m: 0 for m in ABOVE_VOWELS if m != NIKHAHIT},
    **{m: 0 for m in BELOW_VOWELS},
    **{m: 1 for m in TONE_MARKS},
    **{m: 2 for m in SIGNS_ABOVE},
    NIKHAHIT: 3,  # nikhahit is the first half of sara am, after any tone mark (น้ำ)
}

# --- presentation forms -------------------------------------------------------------

# Private-use presentation forms of Thai fonts (Microsoft/Adobe layout, U+F700..F71A),
# the glyph variants a shaper picks; the text is always the base character.
PUA_TO_THAI = {
    0xF700: "\u0e10",  # ฐ without descender
    0xF701: "\u0e34",  # sara i shifted left
    0xF702: "\u0e35",  # sara ii shifted left
    0xF703: "\u0e36",  # sara ue shifted left
    0xF704: "\u0e37",  # sara uee shifted left
    0xF705: "\u0e48",  # mai ek low and left
    0xF706: "\u0e49",  # mai tho low and left
    0xF707: "\u0e4a",  # mai tri low and left
    0xF708: "\u0e4b",  # mai chattawa low and left
    0xF709: "\u0e4c",  # thanthakhat low and left
    0xF70A: "\u0e48",  # mai ek low
    0xF70B: "\u0e49",  # mai tho low
    0xF70C: "\u0e4a",  # mai tri low
    0xF70D: "\u0e4b",  # mai chattawa low
    0xF70E: "\u0e4c",  # thanthakhat low
    0xF70F: "\u0e0d",  # yo ying without descender
    0xF710: "\u0e31",  # mai han akat shifted left
    0xF711: "\u0e4d",  # nikhahit shifted left
    0xF712: "\u0e47",  # mai tai khu shifted left
    0xF713: "\u0e48",  # mai ek shifted left
    0xF714: "\u0e49",  # mai tho shifted left
    0xF715: "\u0e4a",  # mai tri shifted left
    0xF716: "\u0e4b",  # mai chattawa shifted left
    0xF717: "\u0e4c",  # thanthakhat shifted left
    0xF718: "\u0e38",  # sara u lowered (under a descender)
    0xF719: "\u0e39",  # sara uu lowered
    0xF71A: "\u0e3a",  # phinthu lowered
}

# --- text rules (applied to cluster text, in this order) ------------------------------

# (pattern, replacement, rule name) -- every one is a Unicode-level fact about Thai,
# not a word list.
TEXT_RULES: list[tuple[re.Pattern[str], str, str]] = [
    # nikhahit followed by sara aa is sara am split in two by the font (จาํ, สาำ)
    (SARA_AM_SPLIT, "\\1" + SARA_AM, "sara-am-split"),
    # sara aa followed by nikhahit: the same pair drawn in the other order
    (SARA_AM_SPLIT_REVERSED, "\\1" + SARA_AM, "sara-am-split"),
    # a sara am glyph followed by sara aa: the "am" glyph is really nikhahit (ำา)
    (SARA_AM_DOUBLED, SARA_AM, "sara-am-doubled"),
    # the same mark twice on one base is a doubled glyph, never Thai spelling
    (re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+"), "\\1", "doubled-mark"),
    # zero-width and bidi controls carry no text (a shaper's leftovers)
    (re.compile("[\u200b-\u200f\ufeff]"), "", "zero-width"),
]

# Digit groups split by a space inside one number: "5 0,069,732,100", "1 ,445.2201".
# Joined only when the right part is a grouped number that needs the left digits.
SPLIT_NUMBER = re.compile(
    r"(?<![\d,.])(\d{1,3}) (,?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}\.\d{4}|,\d{3}(?:\.\d+)?)"
)

# --- lexical correction ---------------------------------------------------------------

# Letters a reader (or OCR) confuses because they differ by one small stroke; a typo
# is only corrected into a word that differs from it by these confusions alone.
CONFUSABLE = [
    "พฟ",  # the tail rising above ฟ
    "ผฝ",  # likewise
    "บป",  # the stem of ป
    "ดต",  # the loop vs the notch at the top
    "ชซ",  # the small hook
    "ถภ",  # the tail below ภ
    "ขฃ",  # obsolete ฃ drawn for ข
    "คฅ",  # obsolete ฅ drawn for ค
    "ฎฏ",  # the notch at the foot
    "อฮ",  # the flag of ฮ
    "ลส",  # the head of ส
    "\u0e34\u0e35\u0e36\u0e37",  # ิ ี ึ ื: the above vowels differ by a tick
    "\u0e38\u0e39",  # ุ ู
]
# Marks a reader restores from the word, not from the page: tone marks are tiny and
# get lost or swapped (ใช่/ใช้), and sara am is nikhahit + aa (คำ/ค่า).
FRAGILE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4d"
# Words after which a place name follows are a word list: data/place-prefixes.txt (vocabulary).

# --- orthography: what Thai spelling never does (the document votes count these) ----------

# (pattern, rule name); each match in a reading of a word counts against it.
ORTHOGRAPHY: list[tuple[re.Pattern[str], str]] = [
    # a tone mark is written before sara am (น้ำ), never after it
    (re.compile("\u0e33[\u0e48-\u0e4b]"), "tone-after-sara-am"),
    # sara am ends its syllable: no vowel or mark follows it
    (re.compile("\u0e33[\u0e30-\u0e3a\u0e47\u0e4d\u0e4e]"), "vowel-after-sara-am"),
    # two tone marks on one letter
    (re.compile("[\u0e48-\u0e4b]{2}"), "two-tone-marks"),
    # a leading vowel (เ แ โ ใ ไ) carries no mark and is followed by a consonant
    (re.compile("[\u0e40-\u0e44][\u0e30-\u0e3a\u0e40-\u0e4e]"), "mark-on-leading-vowel"),
    # a mark with no letter under it (the start of a word)
    (re.compile("^[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]"), "mark-on-nothing"),
    # a word ends on no leading vowel
    (re.compile("[\u0e40-\u0e44]$"), "leading-vowel-at-end"),
    # a Latin letter or a digit inside a Thai word
    (re.compile("(?<=[\u0e01-\u0e4e])[A-Za-z0-9]|[A-Za-z0-9](?=[\u0e01-\u0e4e])"), "latin-in-thai-word"),
]
