"""Hard error kinds the identity engine used to miss (issue 15), as seeded rewrites of one
benchmark row. ``datasets.pakistani`` mixes them into its right-hand register; the tests
call them directly.

Each rewrite takes a row (``id, given, surname, father, dob, cnic, district``, as
``datasets.person_row`` writes it), the ``Person`` it was written from, and a
``random.Random``; it returns the rewritten row, or ``None`` when the kind does not apply
to that record (no CNIC to mistype, no Urdu names ...). Rows are never changed in place.

Kinds (``KINDS``):

* ``cnic_typo``: the CNIC with two adjacent digits swapped or one digit wrong at any of
  the 13 positions (the last keeps its parity, which carries sex), together with a
  respelt given or father's name;
* ``urdu_bare``: an Urdu-script record without date of birth and without CNIC;
* ``title``: a leading honorific or clan title (Syed, Sayyid, Rana, Ch., Chaudhry,
  Malik, Mian, Hafiz, Qari, Haji, Sheikh, Dr., Mr.; Mst., Syeda, or Bibi after the name
  for women; their Urdu forms in Urdu records), sometimes on the father's name too;
* ``repeated_word``: one word of the given or father's name written twice ("Bashir
  Bashir");
* ``year_off``: the birth year one off together with another small difference (a
  letter typo in a name, or another district);
* ``transposed``: two adjacent letters of the given name swapped ("Kashif" -> "Kahsif");
* ``merged_name``: the father's name written into the name box with its relation
  marker ("Imran s/o Ghulam Rasool", "عمران ولد غلام رسول"), the father's box empty.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from hifazat.synthetic import Person

Row = dict[str, str]

# (Latin title, Urdu title, sex: "M", "F" or "*")
TITLES: tuple[tuple[str, str, str], ...] = (
    ("Syed", "سید", "M"), ("Sayyid", "سید", "M"), ("Rana", "رانا", "M"),
    ("Ch.", "چوہدری", "M"), ("Chaudhry", "چوہدری", "M"), ("Malik", "ملک", "M"),
    ("Mian", "میاں", "M"), ("Hafiz", "حافظ", "M"), ("Qari", "قاری", "M"),
    ("Haji", "حاجی", "M"), ("Sheikh", "شیخ", "M"), ("Dr.", "ڈاکٹر", "*"),
    ("Mr.", "مسٹر", "M"), ("Mst.", "مسماۃ", "F"), ("Syeda", "سیدہ", "F"),
)
SUFFIX_TITLES: tuple[tuple[str, str], ...] = (("Bibi", "بی بی"),)  # women, after the name
RELATION_WORDS = {
    "latin": {"s/o": ("s/o", "S/O", "s/o", "son of", "S/o"), "d/o": ("d/o", "D/O", "d/o")},
    "urdu": {"s/o": ("ولد",), "d/o": ("بنت",)},
}
# Respellings a clerk makes (either direction), Latin and Urdu.
LATIN_RESPELL: tuple[tuple[str, str], ...] = (
    ("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("aa", "a"), ("a", "aa"),
    ("q", "k"), ("z", "x"), ("sh", "s"), ("h", ""), ("e", "a"),
)
URDU_RESPELL: tuple[tuple[str, str], ...] = (
    ("ی", "ي"), ("ک", "ك"), ("ا", ""), ("و", ""), ("ہ", "ه"), ("ی", ""),
)


def is_urdu(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _script(row: Row) -> str:
    return "urdu" if is_urdu(row["given"] + row["father"] + row["surname"]) else "latin"


def _respell(text: str, rng: random.Random) -> str | None:
    """One clerk's respelling of one word of ``text`` (never its first letter)."""
    table = URDU_RESPELL if is_urdu(text) else LATIN_RESPELL
    options = []
    for old, new in table:
        start = text.find(old, 1)
        while start != -1:
            if text[start - 1] != " ":
                options.append((start, old, new))
            start = text.find(old, start + 1)
    if not options:
        return None
    start, old, new = rng.choice(options)
    return text[:start] + new + text[start + len(old):]


def _letter_typo(text: str, rng: random.Random) -> str | None:
    """One letter substituted or dropped, never the first of a word."""
    inner = [i for i in range(1, len(text)) if text[i].isalpha() and text[i - 1] != " "]
    if len(inner) < 2:
        return None
    i = rng.choice(inner)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1:]
    pool = "ابتجدرسشعفقکلمنوہی" if is_urdu(text) else "aeioubdhklmnrst"
    new = rng.choice([c for c in pool if c != text[i].lower()])
    return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1:]


def cnic_typo(row: Row, person: Person, rng: random.Random, true_cnic: str = "") -> Row | None:
    """One typo on the person's true CNIC (``true_cnic``, as the other register holds it,
    else the row's own), so that the record carries exactly this one CNIC error."""
    digits = "".join(ch for ch in (true_cnic or row["cnic"]) if ch.isdigit())
    if len(digits) != 13:
        return None
    swaps = [i for i in range(12) if digits[i] != digits[i + 1]]
    if swaps and rng.random() < 0.5:
        i = rng.choice(swaps)
        digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    else:
        i = rng.randrange(13)
        same_parity = i == 12  # the last digit carries sex: a typo there keeps it
        pool = [d for d in "0123456789" if d != digits[i]
                and (not same_parity or int(d) % 2 == int(digits[i]) % 2)]
        digits = digits[:i] + rng.choice(pool) + digits[i + 1:]
    out = {**row, "cnic": digits}
    for key in rng.sample(["given", "father"], 2):  # together with a name variant
        new = _respell(out[key], rng) if out[key] else None
        if new:
            out[key] = new
            break
    return out


def urdu_bare(row: Row, person: Person, rng: random.Random) -> Row | None:
    if _script(row) != "urdu":
        return None
    return {**row, "dob": "", "cnic": ""}


def title(row: Row, person: Person, rng: random.Random) -> Row | None:
    urdu = _script(row) == "urdu"
    sex = person.sex
    given = row["given"]
    for latin, ur in (t[:2] for t in TITLES):  # one title at a time: drop the old one
        for form in (ur, latin) if urdu else (latin,):
            if given.startswith(form + " "):
                given = given[len(form) + 1:]
    if sex == "F" and rng.random() < 0.4:
        suffix = SUFFIX_TITLES[0][1 if urdu else 0]
        out = {**row, "given": f"{given} {suffix}"}
    else:
        choices = [t for t in TITLES if t[2] in (sex, "*")]
        latin, ur, _ = rng.choice(choices)
        out = {**row, "given": f"{ur if urdu else latin} {given}"}
    if out["father"] and rng.random() < 0.3:
        latin, ur, _ = rng.choice([t for t in TITLES if t[2] == "M"])
        out["father"] = f"{ur if urdu else latin} {out['father']}"
    return out


def repeated_word(row: Row, person: Person, rng: random.Random) -> Row | None:
    keys = [k for k in ("given", "given", "father") if row[k].strip()]
    if not keys:
        return None
    key = rng.choice(keys)
    words = row[key].split()
    i = rng.randrange(len(words))
    words.insert(i, words[i])
    return {**row, key: " ".join(words)}


def year_off(row: Row, person: Person, rng: random.Random,
             districts: Sequence[str] = ()) -> Row | None:
    dob = row["dob"]
    if not dob[:4].isdigit():
        return None
    year = int(dob[:4]) + rng.choice((-1, 1))
    if dob[4:] == "-02-29":
        dob = dob[:4] + "-02-28"
    out = {**row, "dob": f"{year:04d}{dob[4:]}"}
    others = [d for d in districts if d != row["district"]]
    if others and rng.random() < 0.3:
        out["district"] = rng.choice(others)
        return out
    for key in rng.sample(["given", "father", "surname"], 3):
        new = _letter_typo(out[key], rng) if out[key] else None
        if new:
            out[key] = new
            return out
    return None


def transposed(row: Row, person: Person, rng: random.Random) -> Row | None:
    text = row["given"]
    spots = [i for i in range(1, len(text) - 1)
             if text[i].isalpha() and text[i + 1].isalpha() and text[i - 1] != " "
             and text[i].lower() != text[i + 1].lower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return {**row, "given": text[:i] + text[i + 1] + text[i] + text[i + 2:]}


def merged_name(row: Row, person: Person, rng: random.Random) -> Row | None:
    if not row["father"] or not row["given"]:
        return None
    script = _script(row)
    relation = "s/o" if person.sex == "M" else "d/o"
    marker = rng.choice(RELATION_WORDS[script][relation])
    return {**row, "given": f"{row['given']} {marker} {row['father']}", "father": ""}


Rewrite = Callable[..., Row | None]
KINDS: dict[str, Rewrite] = {
    "cnic_typo": cnic_typo, "urdu_bare": urdu_bare, "title": title,
    "repeated_word": repeated_word, "year_off": year_off, "transposed": transposed,
    "merged_name": merged_name,
}
# How often each kind is drawn for a true link's record (relative weights), and which
# may also disguise a negative (a brother, a namesake, a stranger): the ones a register
# writes whoever the person is.
WEIGHTS: dict[str, float] = {
    "cnic_typo": 1.0, "urdu_bare": 0.8, "title": 1.2, "repeated_word": 0.5,
    "year_off": 0.8, "transposed": 1.0, "merged_name": 1.0,
}
NEGATIVE_KINDS = ("title", "repeated_word", "merged_name", "urdu_bare")


def disguise(row: Row, person: Person, rng: random.Random, *, kinds: Sequence[str],
             districts: Sequence[str] = (), true_cnic: str = "") -> tuple[Row, str]:
    """``row`` rewritten by one kind drawn from ``kinds`` (weighted by ``WEIGHTS``),
    trying the others when it does not apply; ``(row, "")`` when none does."""
    pool = list(kinds)
    while pool:
        kind = rng.choices(pool, weights=[WEIGHTS[k] for k in pool])[0]
        pool.remove(kind)
        extra = {"year_off": {"districts": districts},
                 "cnic_typo": {"true_cnic": true_cnic}}.get(kind, {})
        new = KINDS[kind](row, person, rng, **extra)
        if new is not None:
            return new, kind
    return row, ""
