"""Name normalisation for matching: Latin and Urdu script to the same comparison forms.

For each name the matcher keeps two forms:

* ``canon`` — a canonical Latin spelling (lower case, titles removed, every Muhammad
  spelled one way, common alternations folded: ee/i, oo/u, q/k, w/v, Rahman/Rehman…),
  compared with Jaro-Winkler;
* ``key`` — a consonant skeleton of ``canon`` (vowels, glides and medial h dropped,
  doubled letters collapsed). Urdu script omits short vowels, so Urdu and Latin
  spellings of a name meet on this key: محمد علی and Muhammad Ali both give ``md l``.

Titles are taken off first into their own field (``title``: "Ch. Aslam" is Aslam with
the title chaudhry; see ``strip_titles`` for when Malik is a title and when a name), and
a word written twice in a row counts once ("Bashir Bashir" is Bashir).

``core`` forms leave out Muhammad, which registers add and drop at will.
All rules are tables in ``identity.rules``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from hifazat.identity import rules

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_SPLIT = re.compile(r"[\s\-_.,'\u2019`/\\()\[\]{}:;\"]+")
_NON_LETTER = re.compile(r"[^a-z\u0600-\u06FF ]+")
_DOUBLE = re.compile(r"(.)\1+")
# Arabic-keyboard letters typed for their Urdu twins (ي for ی, ك for ک, ه for ہ): one
# spelling, so that titles and names typed either way read the same.
_ARABIC_KEYBOARD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ"})


@dataclass(frozen=True)
class NameForm:
    """Comparison forms of one name (given, father or surname)."""

    canon: str  # canonical Latin, words joined without spaces ("muhammadimran")
    key: str  # consonant skeleton of canon ("mdmrn")
    core_canon: str  # canon without Muhammad ("imran")
    core_key: str  # key without Muhammad ("mrn")
    script: str  # "latin", "urdu" or "" for an empty name
    title: str = ""  # canonical titles taken off the name ("syed", "chaudhry haji")

    @property
    def is_empty(self) -> bool:
        return not self.core_canon and not self.canon


EMPTY = NameForm("", "", "", "", "")


def is_urdu(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


def _urdu_word_to_latin(word: str, first_word: bool) -> str:
    for pattern, new in rules.URDU_SPELLING:
        word = re.sub(pattern, new, word)
    out = []
    for i, ch in enumerate(word):
        if ch in rules.URDU_POSITIONAL:
            start, elsewhere = rules.URDU_POSITIONAL[ch]
            out.append(start if i == 0 else elsewhere)
        else:
            out.append(rules.URDU_LETTERS.get(ch, ch if ch.isascii() else ""))
    return "".join(out)


def strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """(titles, name words) of a name's words (lower-case Latin, or Urdu script).

    The rule: a title is taken off only where registers write it as a title, so that a
    name is never lost to it:

    * leading titles, one after another, as long as a name follows ("Syed Ali", "Haji
      Ch. Aslam", "Malik Riaz", "سید عمران");
    * suffix titles (``rules.SUFFIX_TITLES``: Bibi, Sahib, Begum) at the end, when a
      name comes before ("Fatima Bibi", "زینب بی بی");
    * nowhere else: "Imran Malik" keeps Malik (a surname or caste written onto the
      name), and a title alone ("Malik", "Syed" as a surname) is the name itself.

    Titles are returned in canonical form (``rules.TITLES``: Ch., Chaudhary, چوہدری ->
    chaudhry)."""
    words = list(words)
    titles: list[str] = []
    while len(words) > 1 and words[0] in rules.TITLES:
        titles.append(rules.TITLES[words.pop(0)])
    while len(words) > 1:
        pair = " ".join(words[-2:])
        if len(words) > 2 and pair in rules.SUFFIX_TITLES:
            titles.append(rules.TITLES[pair])
            del words[-2:]
        elif words[-1] in rules.SUFFIX_TITLES:
            titles.append(rules.TITLES[words.pop()])
        else:
            break
    return titles, words


def _words(text: str) -> tuple[list[str], str, list[str]]:
    """Lower-case words of a name in Latin letters, the script it was written in, and
    the titles taken off it (``strip_titles``)."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return [], "", []
    if is_urdu(text):
        raw = [w for w in _SPLIT.split(text.translate(_ARABIC_KEYBOARD)) if w]
        titles, raw = strip_titles(raw)
        words = []
        for i, w in enumerate(raw):
            if w in rules.MUHAMMAD_FORMS_UR:
                words.append("muhammad")
            else:
                words.append(_urdu_word_to_latin(w, first_word=i == 0))
        return [w for w in words if w], "urdu", titles
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = [w for w in _SPLIT.split(folded) if w]
    words = [w for w in (_NON_LETTER.sub("", w) for w in words) if w]
    titles, words = strip_titles(words)
    return words, "latin", titles


def _canon_word(word: str) -> str:
    if word in rules.MUHAMMAD_FORMS or _is_muhammad_typo(word):
        return "muhammad"
    word = rules.CANONICAL_WORDS.get(word, word)
    for old, new in rules.SPELLING:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def _is_muhammad_typo(word: str) -> bool:
    """Misspellings of Muhammad (muhamamd, muammad, mohmmad), but not Mehmood/Mahmud."""
    return (len(word) >= 6 and word[0] == "m" and word[-1] == "d"
            and JaroWinkler.normalized_similarity(word, "muhammad") >= 0.9
            and not word.startswith(("meh", "mah")))


def consonant_key(canon: str) -> str:
    """Skeleton of a canonical spelling: digraphs to one symbol, vowels/glides/medial h
    dropped (kept at the start), final h dropped, doubled letters collapsed."""
    if not canon:
        return ""
    text = canon
    for old, new in rules.DIGRAPHS:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    head, tail = text[0], text[1:]
    tail = "".join(ch for ch in tail if ch not in rules.KEY_DROPPED)
    if head in "aeiou":
        head = ""  # initial vowels and ع are unreliable in both scripts
    return _DOUBLE.sub(r"\1", head + tail)


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> NameForm:
    """All comparison forms of a name in either script. Empty input gives ``EMPTY``."""
    words, script, titles = _words(text)
    # A single-letter "m" before another word is Muhammad; other initials are dropped.
    # A word written twice in a row ("Bashir Bashir", "Bashir Basheer") counts once.
    canon_words: list[str] = []
    for i, w in enumerate(words):
        if len(w) == 1 and not (w == "m" and i + 1 < len(words)):
            continue
        word = _canon_word(w)
        if not canon_words or canon_words[-1] != word:
            canon_words.append(word)
    if not canon_words:
        return EMPTY
    core = [w for w in canon_words if w != "muhammad"] or canon_words
    canon = "".join(canon_words)
    core_canon = "".join(core)
    # Keys are taken on the joined name: Urdu writes compounds as one word (عبدالحمید)
    # where Latin writes two (Abdul Hameed), and a medial h must drop in both.
    return NameForm(
        canon=canon,
        key=consonant_key(canon),
        core_canon=core_canon,
        core_key=consonant_key(core_canon),
        script=script,
        title=" ".join(titles),
    )


@dataclass(frozen=True)
class SplitName:
    person: str
    relation: str  # "s/o", "d/o", "w/o" or ""
    relative: str


# s/o, S/O, s/o., S.O., s\o, son of, bin ... (Latin); ولد, بنت, زوجہ ... (Urdu).
_RELATION_RE = re.compile(
    r"\s+(?:([sdw]\s*[/\\.]\s*o\.?:?|son\s+of|daughter\s+of|wife\s+of|bin|binte?|ibn)"
    r"|(ولد|بنت|زوجہ|بن|دختر|پسر))\s+",
    re.IGNORECASE,
)
_MARKER_RE = re.compile(r"^([sdw])\s*[/\\.]\s*o\.?:?$", re.IGNORECASE)


def split_relation(text: str) -> SplitName:
    """'Muhammad Imran s/o Ghulam Rasool' -> person, 's/o', relative (either script).
    The one reading of a relation written into a name box: ``split_name_box`` and every
    form and file that takes a person's name in one box go through it."""
    text = (text or "").strip()
    match = _RELATION_RE.search(f" {text} ")
    if not match:
        return SplitName(text, "", "")
    raw = match.group(1) or match.group(2)
    short = _MARKER_RE.match(raw)
    marker = f"{short.group(1).lower()}/o" if short else re.sub(r"\s+", " ", raw.lower())
    relation = rules.RELATION_MARKERS.get(marker, "")
    start, end = match.start() - 1, match.end() - 1
    return SplitName(text[:max(start, 0)].strip(), relation, text[end:].strip())


@dataclass(frozen=True)
class NameBox:
    """A name box read with its relation: ``name`` (the person), ``father`` (the
    father's name, from the box's s/o or d/o when the father's own box was empty),
    ``relation`` and ``relative`` as written."""

    name: str
    father: str
    relation: str = ""
    relative: str = ""


def split_name_box(name: str, father: str = "") -> NameBox:
    """A person's name box and father's box as a form or file gives them. When the
    father's box is empty and the name box holds "X s/o Y" or "X d/o Y" (either script:
    ولد, بنت), Y is the father; "X w/o Y" gives no father (a husband's name is not a
    father's: compared as missing, neither for nor against). A filled father's box is
    never overwritten."""
    name, father = (name or "").strip(), (father or "").strip()
    split = split_relation(name)
    if not split.relation or not split.person:
        return NameBox(name, father)
    if not father and split.relation in ("s/o", "d/o"):
        father = split.relative
    return NameBox(split.person, father, split.relation, split.relative)
