"""A person as the matcher sees one record: comparison forms of every field."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from hifazat.identity.normalize import EMPTY, NameForm, normalize_name, split_name_box
from hifazat.identity.parsing import NO_DOB, BirthDate, normalize_cnic, parse_dob

COLUMNS = ("id", "given", "surname", "father", "dob", "cnic", "district")


@dataclass(frozen=True)
class Prepared:
    id: str
    given: NameForm
    surname: NameForm
    father: NameForm
    dob: BirthDate
    cnic: str
    district: str
    display: str = ""  # what a registrar would read: "Muhammad Imran s/o Ghulam Rasool"
    title: str = ""  # titles taken off the person's name ("syed", "chaudhry"); not compared
    # Blocking only: the father's core key without the name's last word, for a record
    # with no surname whose father's name may end in the family name ("Haseeb Qureshi"
    # against "Haseeb" with surname Qureshi). "" when not applicable.
    father_head: str = ""


def _without_surname(text: str, surname: NameForm) -> NameForm:
    """A name with the family's surname written onto its end ("Umar Dhanial" when the
    surname is Dhanial) compares as the name alone."""
    if not text:
        return EMPTY
    form = normalize_name(text)
    words = text.split()
    if surname.key and len(words) > 1 and normalize_name(words[-1]).key == surname.key:
        return normalize_name(" ".join(words[:-1]))
    return form


def _head_key(father: str) -> str:
    """Core key of a father's name without its last word ("" when that leaves only a
    title or Muhammad, or nothing)."""
    words = father.split()
    if len(words) < 2:
        return ""
    head = normalize_name(" ".join(words[:-1]))
    if head.core_canon in ("", "muhammad") or head.core_key == normalize_name(father).core_key:
        return ""
    return head.core_key


def prepare(row: dict, *, strict: bool = False) -> Prepared:
    """Comparison forms of one record (a dict with any of COLUMNS; others ignored).

    A given name written with its relation ("Imran s/o Ghulam Rasool", "عمران ولد غلام
    رسول") is read by ``normalize.split_name_box``. Titles are taken off every name
    (``normalize.strip_titles``); the person's own go to ``title``. With ``strict``,
    malformed CNICs and dates raise FieldError.
    """
    box = split_name_box(str(row.get("given") or ""), str(row.get("father") or ""))
    given, father = box.name, box.father
    dob = row.get("dob")
    surname = normalize_name(str(row.get("surname") or ""))
    given_form = _without_surname(given, surname)
    return Prepared(
        id=str(row.get("id") or ""),
        given=given_form,
        surname=surname,
        father=_without_surname(father, surname),
        dob=parse_dob(dob, strict=strict) if dob else NO_DOB,
        cnic=normalize_cnic(str(row.get("cnic") or ""), strict=strict),
        district=str(row.get("district") or "").strip().upper(),
        display=" ".join(p for p in (given, str(row.get("surname") or "")) if p)
        + (f" s/o {father}" if father else ""),
        title=given_form.title or normalize_name(given).title,
        father_head="" if surname.canon else _head_key(father),
    )


_SCRIPT_CODE = {"latin": "l", "urdu": "u", "": "-"}
_CODE_SCRIPT = {v: k for k, v in _SCRIPT_CODE.items()}


def stored_forms(p: Prepared) -> dict:
    """The comparison forms kept on an ``IdentityRecord`` row."""
    return {
        "given_canon": p.given.core_canon, "given_key": p.given.core_key,
        "surname_canon": p.surname.canon, "surname_key": p.surname.key,
        "father_canon": p.father.core_canon, "father_key": p.father.core_key,
        "scripts": "".join(_SCRIPT_CODE[f.script] for f in (p.given, p.surname, p.father)),
    }


def from_stored(*, id: str, given_canon: str, given_key: str, surname_canon: str,
                surname_key: str, father_canon: str, father_key: str, scripts: str, dob: str,
                cnic: str, district: str, display: str = "") -> Prepared:
    """A ``Prepared`` rebuilt from stored forms, without normalising again."""
    scripts = (scripts or "---").ljust(3, "-")

    def form(canon: str, key: str, code: str) -> NameForm:
        if not canon:
            return EMPTY
        return NameForm(canon, key, canon, key, _CODE_SCRIPT[code])

    return Prepared(
        id=id,
        given=form(given_canon, given_key, scripts[0]),
        surname=form(surname_canon, surname_key, scripts[1]),
        father=form(father_canon, father_key, scripts[2]),
        dob=_stored_dob(dob) if dob else NO_DOB,
        cnic=cnic,
        district=district,
        display=display,
    )


@lru_cache(maxsize=100_000)
def _stored_dob(text: str) -> BirthDate:
    return parse_dob(text)
