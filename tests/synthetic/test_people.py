"""The synthetic-people generator: deterministic, plausible, and hard where it must be.

Pure Python: none of these tests needs Django or a database.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hifazat.synthetic import DEFAULT_DISTRICTS, PeopleGenerator, Person, cnic_formatted
from hifazat.synthetic.names import (
    FEMALE_COMPOUND_NAMES,
    FEMALE_GIVEN_NAMES,
    HONORIFICS,
    MALE_COMPOUND_NAMES,
    MALE_GIVEN_NAMES,
    SURNAMES,
)

TODAY = date(2026, 11, 1)
URDU_TEXT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u200c ]+")
PHONE = re.compile(r"03\d{2}-\d{7}")
SRC = Path(__file__).resolve().parents[2] / "src"


def is_urdu(text: str) -> bool:
    """Arabic-script letters (and spaces) only, with at least one letter."""
    return bool(URDU_TEXT.fullmatch(text)) and bool(text.strip())


def other_fields_differ(a: Person, b: Person) -> list[str]:
    return [
        f.name for f in dataclasses.fields(Person)
        if f.name != "person_id" and getattr(a, f.name) != getattr(b, f.name)
    ]


def sample_run(seed: int) -> list[Person]:
    gen = PeopleGenerator(seed=seed)
    out: list[Person] = []
    for person in gen.people(40):
        out += [person, gen.variant_of(person), gen.sibling_of(person), gen.namesake_of(person)]
    out += [gen.survivor(), gen.offender(), gen.variant_of(out[0], urdu=True)]
    return out


# --- determinism -------------------------------------------------------------------------

def test_same_seed_gives_the_same_sequence():
    assert sample_run(42) == sample_run(42)


def test_different_seeds_give_different_people():
    a, b = sample_run(42), sample_run(43)
    assert a != b
    assert len({p.cnic for p in a} & {p.cnic for p in b} - {""}) < 3
    assert sum(x.full_name() == y.full_name() for x, y in zip(a, b, strict=True)) < len(a) / 4


def test_the_global_random_module_is_left_alone():
    random.seed(1234)
    before = random.getstate()
    sample_run(7)
    assert random.getstate() == before


def test_same_seed_same_people_in_another_process_with_another_hash_seed():
    code = (
        "import hashlib; from hifazat.synthetic import PeopleGenerator\n"
        "g = PeopleGenerator(seed=42)\n"
        "ps = list(g.people(30)); ps += [g.variant_of(p, rng_strength=1.0) for p in ps]\n"
        "print(hashlib.sha256(repr(ps).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(SRC)}
        done = subprocess.run(  # noqa: S603  (our own interpreter and code)
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(done.stdout.strip())
    gen = PeopleGenerator(seed=42)
    people = list(gen.people(30))
    people += [gen.variant_of(p, rng_strength=1.0) for p in people]
    digests.add(hashlib.sha256(repr(people).encode()).hexdigest())
    assert len(digests) == 1


# --- tables ------------------------------------------------------------------------------

def test_tables_meet_the_minimum_sizes():
    assert len(MALE_GIVEN_NAMES) >= 150
    assert len(FEMALE_GIVEN_NAMES) >= 100
    assert len(SURNAMES) >= 120


def test_every_table_entry_is_bilingual_with_distinct_variants():
    tables = (MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES, MALE_COMPOUND_NAMES,
              FEMALE_COMPOUND_NAMES, SURNAMES, HONORIFICS)
    for table in tables:
        canon = [e.latin for e in table]
        assert len(canon) == len(set(canon)), Counter(canon).most_common(3)
        for entry in table:
            assert is_urdu(entry.urdu), entry
            assert entry.variants, entry
            assert entry.latin not in entry.variants, entry
            assert len(set(entry.variants)) == len(entry.variants), entry


def test_required_names_and_transliterations_are_present():
    male = {e.latin: e.variants for e in MALE_GIVEN_NAMES}
    assert {"Mohammad", "Muhammed", "Mohammed", "Mohd", "Md", "M."} <= set(male["Muhammad"])
    assert {"Yusuf", "Yousuf", "Yusaf"} <= set(male["Yousaf"])
    assert {"Husain", "Hussein", "Hussan"} <= set(male["Hussain"])
    assert "Rahman" in male["Rehman"] and "Tarik" in male["Tariq"] and "Kasim" in male["Qasim"]
    surnames = {e.latin for e in SURNAMES}
    required = {"Khan", "Malik", "Chaudhry", "Butt", "Qureshi", "Awan", "Rajput", "Jatt",
                "Bhatti", "Baloch", "Shah", "Abbasi", "Siddiqui", "Ansari", "Memon", "Shaikh",
                "Mughal", "Niazi", "Yousafzai", "Afridi", "Khattak", "Bugti", "Mengal",
                "Magsi", "Soomro", "Junejo", "Leghari", "Mazari", "Gondal", "Cheema", "Gill",
                "Bajwa", "Hashmi", "Gilani", "Bukhari", "Kazmi", "Naqvi", "Rizvi", "Jafri"}
    assert required <= surnames, required - surnames
    compounds = {e.latin for e in MALE_COMPOUND_NAMES + FEMALE_COMPOUND_NAMES}
    assert {"Ghulam Rasool", "Abdul Rehman", "Ali Raza", "Muhammad Ali", "Noor-ul-Ain",
            "Ummul Baneen"} <= compounds
    titles = {h.latin for h in HONORIFICS}
    assert {"Syed", "Ch.", "Chaudhry", "Malik", "Rana", "Rao", "Mian", "Hafiz", "Haji",
            "Sheikh", "Mirza", "Khawaja", "Dr.", "Mr.", "Mst.", "Mrs."} <= titles
    for surname in SURNAMES:  # every lineage title is one the generator knows
        assert set(surname.titles) <= titles, surname


# --- one person --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def crowd() -> list[Person]:
    return list(PeopleGenerator(seed=3).people(1500))


def test_cnic_is_13_digits_with_region_digit_and_sex_parity(crowd):
    for p in crowd:
        assert re.fullmatch(r"[1-7]\d{12}", p.cnic), p.cnic
        assert int(p.cnic[-1]) % 2 == (1 if p.sex == "M" else 0), (p.sex, p.cnic)
    assert len({p.cnic for p in crowd}) == len(crowd)  # never issued twice


def test_cnic_prefix_is_the_district_style_for_the_province(crowd):
    region = {"KP": "1", "PB": "3", "SD": "4", "BA": "5", "IS": "6", "GB": "7"}
    for p in crowd:
        assert p.cnic[0] == region[p.province_code], (p.province_code, p.cnic)


def test_cnic_formatted():
    assert cnic_formatted("3520212345671") == "35202-1234567-1"
    assert cnic_formatted("35202-1234567-1") == "35202-1234567-1"
    assert cnic_formatted("") == ""
    with pytest.raises(ValueError):
        cnic_formatted("35202123")


def test_phone_is_pakistani_mobile_format(crowd):
    for p in crowd:
        assert PHONE.fullmatch(p.phone), p.phone


def test_dob_precision_and_jan1_default(crowd):
    counts = Counter(p.dob_precision for p in crowd)
    assert set(counts) == {"day", "year", "jan1_default"}, counts
    assert counts["day"] > counts["jan1_default"] > 0
    for p in crowd:
        if p.dob_precision == "jan1_default":
            assert (p.dob.month, p.dob.day) == (1, 1)
        assert p.dob <= TODAY


def test_urdu_fields_are_arabic_script(crowd):
    for p in crowd:
        assert is_urdu(p.given_name_ur) and is_urdu(p.father_name_ur), p
        assert p.surname_ur == "" or is_urdu(p.surname_ur), p
        assert is_urdu(p.full_name_ur()), p.full_name_ur()


def test_names_relations_and_display(crowd):
    for p in crowd:
        assert p.full_name().endswith(f"{p.given_name} {p.surname}".strip())
        if p.sex == "M":
            assert p.relation == "s/o" and " ولد " in p.full_name_ur()
        else:
            assert p.relation in ("d/o", "w/o")
            assert (" بنت " if p.relation == "d/o" else " زوجہ ") in p.full_name_ur()
        if p.relation == "w/o":
            assert p.husband_name and p.age() >= 18
        assert p.display_name() == f"{p.full_name()} {p.relation} {p.relation_name()}"
    assert any(p.given_name.startswith("Muhammad ") for p in crowd)
    assert any(p.honorific == "Mst." for p in crowd)


def test_display_name_example():
    p = PeopleGenerator(seed=1).person(sex="M")
    p = dataclasses.replace(p, honorific="", given_name="Muhammad Imran", surname="",
                            father_name="Ghulam Rasool")
    assert p.full_name() == "Muhammad Imran"
    assert p.display_name() == "Muhammad Imran s/o Ghulam Rasool"


def test_person_is_frozen():
    p = PeopleGenerator(seed=1).person()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.given_name = "x"  # type: ignore[misc]


def test_age_bounds_and_sex_are_respected():
    gen = PeopleGenerator(seed=9)
    for p in gen.people(300, sex="F", min_age=28, max_age=55):
        slack = 0 if p.dob_precision == "day" else 1  # 1 Jan / 1 Jul moves the age by one
        assert p.sex == "F" and 28 - slack <= p.age() <= 55 + slack, (p.dob, p.dob_precision)
    with pytest.raises(ValueError):
        gen.person(min_age=30, max_age=20)
    with pytest.raises(ValueError):
        gen.person(sex="X")


def test_custom_districts_are_the_only_ones_used():
    districts = [("PB-LHR", "PB", "Lahore"), ("JK-MZD", "JK", "Muzaffarabad")]
    people = list(PeopleGenerator(seed=5, districts=districts).people(200))
    assert {p.district_code for p in people} == {"PB-LHR", "JK-MZD"}
    assert all(p.province_code == p.district_code[:2] for p in people)
    assert any("Muzaffarabad" in p.address for p in people)


def test_default_districts_cover_every_province():
    assert len(DEFAULT_DISTRICTS) >= 20
    assert {"PB", "SD", "KP", "BA", "IS"} <= {province for _c, province, _n in DEFAULT_DISTRICTS}
    assert {"PB-LHR", "PB-MUL", "PB-RWP", "SD-KHS", "SD-KHE", "SD-KHC", "IS-ISB", "KP-PEW",
            "BA-QTA"} <= {code for code, _p, _n in DEFAULT_DISTRICTS}


def test_survivors_and_offenders_have_realistic_profiles():
    gen = PeopleGenerator(seed=11)
    survivors = [gen.survivor() for _ in range(600)]
    offenders = [gen.offender() for _ in range(600)]
    female = sum(p.sex == "F" for p in survivors) / len(survivors)
    minors = sum(p.age() < 18 for p in survivors) / len(survivors)
    assert 0.78 < female < 0.92
    assert 0.5 < minors < 0.8
    assert all(p.sex == "M" for p in offenders)
    assert all(p.age() >= 17 for p in offenders)  # 18+, a 1-Jan record may shift a year
    assert 24 < sum(p.age() for p in offenders) / len(offenders) < 40


# --- hard negatives ----------------------------------------------------------------------

def test_sibling_shares_father_surname_district_but_not_identity():
    gen = PeopleGenerator(seed=21)
    close_cnics = 0
    for person in gen.people(300):
        sib = gen.sibling_of(person)
        assert sib.person_id != person.person_id
        assert (sib.father_name, sib.father_name_ur) == (person.father_name, person.father_name_ur)
        assert (sib.surname, sib.surname_ur) == (person.surname, person.surname_ur)
        assert (sib.district_code, sib.province_code) == (person.district_code,
                                                          person.province_code)
        assert sib.given_name != person.given_name
        assert sib.given_name_ur != person.given_name_ur
        assert sib.cnic != person.cnic and len(sib.cnic) == 13
        assert int(sib.cnic[-1]) % 2 == (1 if sib.sex == "M" else 0)
        close_cnics += sib.cnic[:5] == person.cnic[:5]
    assert close_cnics > 100  # often registered together: same prefix


def test_sibling_of_requested_sex():
    gen = PeopleGenerator(seed=22)
    person = gen.person(sex="M")
    assert gen.sibling_of(person, sex="F").relation in ("d/o", "w/o")
    assert gen.sibling_of(person, sex="M").relation == "s/o"


def test_namesake_shares_only_the_name():
    gen = PeopleGenerator(seed=23)
    for person in gen.people(300):
        other = gen.namesake_of(person)
        assert other.person_id != person.person_id
        assert (other.given_name, other.surname) == (person.given_name, person.surname)
        assert (other.given_name_ur, other.surname_ur) == (person.given_name_ur,
                                                           person.surname_ur)
        assert other.sex == person.sex
        assert other.father_name != person.father_name
        assert other.dob != person.dob
        assert other.cnic != person.cnic


# --- variants of the same person ---------------------------------------------------------

def test_variant_keeps_person_id_and_always_differs():
    gen = PeopleGenerator(seed=31)
    for person in gen.people(400):
        for strength in (0.0, 0.5, 1.0):
            variant = gen.variant_of(person, rng_strength=strength)
            assert variant.person_id == person.person_id
            assert other_fields_differ(variant, person), person


def test_variants_cover_every_kind_of_register_noise():
    gen = PeopleGenerator(seed=32)
    seen: Counter[str] = Counter()
    for person in gen.people(600, min_age=18):
        v = gen.variant_of(person, rng_strength=0.8)
        if v.cnic == "":
            seen["cnic missing"] += 1
        elif v.cnic != person.cnic:
            assert len(v.cnic) == 13 and v.cnic.isdigit()
            diffs = [i for i in range(13) if v.cnic[i] != person.cnic[i]]
            transposed = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and (
                v.cnic[diffs[0]] == person.cnic[diffs[1]]
            )
            seen["cnic transposed" if transposed else "cnic digit"] += 1
            assert len(diffs) == 1 or transposed
        if v.dob_precision == "year" != person.dob_precision:
            seen["dob year only"] += 1
        if v.dob_precision == "jan1_default" != person.dob_precision:
            assert (v.dob.month, v.dob.day) == (1, 1)
            seen["dob jan1"] += 1
        if (v.dob.month, v.dob.day) == (person.dob.day, person.dob.month) != (
            person.dob.month, person.dob.day
        ):
            seen["day/month swap"] += 1
        if v.district_code != person.district_code:
            seen["moved district"] += 1
        if v.honorific != person.honorific:
            seen["honorific"] += 1
        if v.given_name != person.given_name:
            seen["given name"] += 1
        if person.given_name.startswith("Muhammad ") and not v.given_name.startswith("Muh"):
            seen["muhammad dropped or abbreviated"] += 1
        if v.surname != person.surname:
            seen["surname"] += 1
        if v.father_name != person.father_name:
            seen["father"] += 1
        if v.relation != person.relation:
            seen["relation"] += 1
    expected = {"cnic missing", "cnic digit", "cnic transposed", "dob year only", "dob jan1",
                "day/month swap", "moved district", "honorific", "given name",
                "muhammad dropped or abbreviated", "surname", "father", "relation"}
    assert expected <= set(seen), expected - set(seen)


def test_variant_with_changes_names_what_changed():
    gen = PeopleGenerator(seed=33)
    person = gen.person(sex="M", min_age=30, max_age=40)
    variant, changes = gen.variant_with_changes(person, rng_strength=1.0)
    assert variant.person_id == person.person_id and changes
    with pytest.raises(ValueError):
        gen.variant_of(person, rng_strength=1.5)


def test_transliteration_variants_come_from_the_tables():
    gen = PeopleGenerator(seed=34)
    yousaf = dataclasses.replace(gen.person(sex="M"), given_name="Yousaf", surname="",
                                 given_name_ur="یوسف")
    spellings = set()
    for _ in range(300):
        v, changes = gen.variant_with_changes(yousaf, rng_strength=0.0)
        if changes == ("translit_given",):
            spellings.add(v.given_name)
    assert spellings and spellings <= {"Yusuf", "Yousuf", "Yusaf", "Yousef"}


def test_urdu_variant_writes_names_in_arabic_script():
    gen = PeopleGenerator(seed=35)
    for person in gen.people(200):
        v = gen.variant_of(person, urdu=True)
        assert v.person_id == person.person_id and v.script == "urdu"
        assert is_urdu(v.given_name) and is_urdu(v.father_name)
        assert v.surname == "" or is_urdu(v.surname)
        assert v.honorific == "" or is_urdu(v.honorific)
        assert v.given_name != person.given_name
        marker = {"s/o": " ولد ", "d/o": " بنت ", "w/o": " زوجہ "}[v.relation]
        assert marker in v.display_name()


def test_variant_of_a_variant_keeps_the_truth():
    gen = PeopleGenerator(seed=36)
    person = gen.offender()
    v = person
    for _ in range(5):
        v = gen.variant_of(v, rng_strength=1.0)
    assert v.person_id == person.person_id
    assert other_fields_differ(v, person)
