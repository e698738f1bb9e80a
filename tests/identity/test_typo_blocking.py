"""Blocking that survives typos (issue 15): a CNIC one wrong digit or one adjacent swap
away, transposed letters in a name, an Urdu record with neither date of birth nor CNIC,
a father's name with the family name written onto it; and the pairs the engine used to
miss become candidates and, where the record says enough, links."""

from __future__ import annotations

import pytest

from hifazat.identity.blocking import cnic_deletions, keys_for, letters_key, search_keys_for
from hifazat.identity.linkage import candidate_pairs, link
from hifazat.identity.records import prepare
from hifazat.synthetic import PeopleGenerator

CNIC = "3520212345671"


def _keys(**row) -> set[str]:
    return set(keys_for(prepare({"id": "x", **row})))


@pytest.mark.parametrize("position", range(13))
def test_one_wrong_digit_at_any_position_shares_a_deletion_key(position):
    for digit in "0123456789":
        if digit == CNIC[position]:
            continue
        typo = CNIC[:position] + digit + CNIC[position + 1:]
        assert set(cnic_deletions(CNIC)) & set(cnic_deletions(typo)), typo
        assert _keys(cnic=CNIC) & _keys(cnic=typo)


@pytest.mark.parametrize("position", range(12))
def test_two_adjacent_digits_swapped_at_any_position_share_a_deletion_key(position):
    cnic = "1234567890123"  # every adjacent pair differs, so every swap is a change
    swapped = cnic[:position] + cnic[position + 1] + cnic[position] + cnic[position + 2:]
    assert swapped != cnic
    assert set(cnic_deletions(cnic)) & set(cnic_deletions(swapped))


def test_deletion_keys_are_distinct_and_keep_unrelated_numbers_apart():
    assert len(cnic_deletions(CNIC)) == 13
    assert len(cnic_deletions("1111122222333")) == 3  # one key per run of equal digits
    assert cnic_deletions("12345") == []  # short ids: no 4-digit keys
    assert not set(cnic_deletions(CNIC)) & set(cnic_deletions("3520298765431"))
    # Two wrong digits are no longer a typo: no shared key.
    assert not set(cnic_deletions(CNIC)) & set(cnic_deletions("3520292345691"))


def test_transposed_letters_share_the_letters_key():
    assert letters_key("kashif") == letters_key("kahsif") == "fks"
    assert letters_key("imran") == letters_key("imarn")
    assert letters_key("imran") != letters_key("irfan")
    a = _keys(given="Kashif", father="Ghulam Rasool", dob="1990")
    b = _keys(given="Kahsif", father="Ghulam Rasool", dob="1990")
    c = _keys(given="Kahsif", father="Ghulam Rasool", dob="1991")
    assert any(k.startswith("ly:") for k in a & b)
    assert any(k.startswith(("lf:", "lfy")) for k in a & c)


def test_urdu_record_without_date_or_cnic_meets_its_latin_record_on_name_father_district():
    latin = _keys(given="Tauqeer Abbas", father="Ghulam Haider", dob="1990-02-03",
                  cnic=CNIC, district="PB-LHR")
    urdu = _keys(given="توقیر عباس", father="غلام حیدر", district="PB-LHR")
    assert any(k.startswith("gfd:") for k in latin & urdu)


def test_a_father_with_the_family_name_written_on_meets_one_without():
    with_surname = _keys(given="Usman", surname="Qureshi", father="Haseeb Qureshi",
                         dob="1986")
    without = _keys(given="Usman", father="Haseeb Qureshi", dob="1985")
    assert any(k.startswith("gf:") for k in with_surname & without)


def test_the_store_indexes_the_new_keys_too():
    p = prepare({"given": "Kashif", "father": "Rasool", "dob": "1990", "cnic": CNIC,
                 "district": "PB-LHR"})
    keys = search_keys_for(p)
    assert sum(k.startswith("cx:") for k in keys) == 13
    assert {"gyd", "fy", "gfd", "ly", "lf"} <= {k.split(":")[0] for k in keys}


# One of each kind the issue lists as missed, written as a clerk would.
LEFT = {"id": "L", "given": "Muhammad Kashif", "surname": "Butt", "father": "Ghulam Rasool",
        "dob": "1988-03-14", "cnic": CNIC, "district": "PB-LHR"}
MISSED = {
    "cnic swapped + name variant": ({**LEFT, "given": "M. Kashif", "father": "Ghulam Rasul",
                                     "cnic": "3520221345671"}, True),
    "cnic first digit wrong + name variant": ({**LEFT, "given": "Mohammad Kashif",
                                               "cnic": "4520212345671"}, True),
    "cnic last digit wrong": ({**LEFT, "given": "Kashif", "cnic": "3520212345673"}, True),
    "urdu without date or cnic": ({"given": "محمد کاشف", "surname": "بٹ",
                                   "father": "غلام رسول", "district": "PB-LHR"}, False),
    "leading titles": ({**LEFT, "given": "Ch. Muhammad Kashif", "father": "Haji Ghulam Rasool",
                        "cnic": ""}, True),
    "urdu title": ({**LEFT, "given": "سید محمد کاشف", "surname": "بٹ", "father": "غلام رسول",
                    "cnic": ""}, True),
    "repeated word": ({**LEFT, "given": "Kashif Kashif", "cnic": ""}, True),
    "year off + typo": ({**LEFT, "given": "Muhammad Kashf", "dob": "1989-03-14", "cnic": ""},
                        True),
    "transposed letters": ({**LEFT, "given": "Kahsif", "dob": "1988", "cnic": ""}, True),
    "merged name box": ({**LEFT, "given": "Kashif s/o Ghulam Rasool", "father": ""}, True),
    "merged name box, urdu": ({"given": "کاشف ولد غلام رسول", "surname": "بٹ",
                               "dob": "1988-03-14", "cnic": CNIC, "district": "PB-LHR"},
                              True),
}


@pytest.fixture(scope="module")
def population():
    gen = PeopleGenerator(seed=5)
    people = [gen.offender() for _ in range(1500)]
    rows = [{"id": f"P{i}", "given": p.given_name, "surname": p.surname,
             "father": p.father_name, "dob": p.dob.isoformat(), "cnic": p.cnic,
             "district": p.district_code} for i, p in enumerate(people)]
    # The other register holds variants of some of them, so that training sees matches.
    others = [{"id": f"V{i}", "given": v.given_name, "surname": v.surname,
               "father": v.father_name, "dob": v.dob.isoformat(), "cnic": v.cnic,
               "district": v.district_code}
              for i, v in enumerate(gen.variant_of(p) for p in people[:1000])]
    return rows, others


@pytest.mark.parametrize("kind", list(MISSED))
def test_previously_missed_pairs_are_candidates_and_links(population, kind):
    rows, others = population
    right, should_link = MISSED[kind]
    left_p = [prepare(r) for r in [*rows, LEFT]]
    right_p = [prepare(r) for r in [*others, {**right, "id": "R"}]]
    li, ri, _ = candidate_pairs(left_p, right_p)
    pairs = set(zip(li.tolist(), ri.tolist(), strict=True))
    assert (len(left_p) - 1, len(right_p) - 1) in pairs, kind
    if should_link:
        result = link([*rows, LEFT], [*others, {**right, "id": "R"}], threshold=0.0)
        score = dict(zip(zip(result.left_ids, result.right_ids, strict=True),
                         result.probabilities.tolist(), strict=True))
        assert score[("L", "R")] >= 0.9, (kind, score[("L", "R")])
