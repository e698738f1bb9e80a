"""The generators of the hard error kinds (bench/identity/errors.py) make each kind, and
``pakistani`` mixes them in, seeded."""

from __future__ import annotations

import itertools
import random

import pytest

pytest.importorskip("pandas", reason="the splink extra (uv sync --extra splink)")

from bench.identity import errors
from bench.identity.datasets import pakistani_with_kinds, person_row

from hifazat.identity.parsing import compare_cnic
from hifazat.synthetic import PeopleGenerator


@pytest.fixture(scope="module")
def people():
    gen = PeopleGenerator(seed=3)
    return [gen.offender() for _ in range(60)]


def _apply(kind, people, urdu=False, **extra):
    rng = random.Random(kind)
    out = []
    for p in people:
        row = person_row(p, "R")
        if urdu:
            row = {**row, "given": p.given_name_ur, "surname": p.surname_ur,
                   "father": p.father_name_ur}
        new = errors.KINDS[kind](row, p, rng, **extra)
        if new is not None:
            out.append((row, new))
    assert out, kind
    return out


def test_cnic_typo_is_one_digit_or_one_swap_at_any_position_with_a_name_variant(people):
    positions = set()
    for row, new in _apply("cnic_typo", people * 4):
        assert compare_cnic(row["cnic"].replace("-", ""), new["cnic"]) in ("one_digit",
                                                                           "transposed")
        assert (new["given"], new["father"]) != (row["given"], row["father"])
        positions.update(i for i in range(13) if row["cnic"][i] != new["cnic"][i])
    assert len(positions) >= 10  # spread over the number, not one place


def test_urdu_bare_has_neither_date_nor_cnic_and_only_applies_to_urdu(people):
    assert all(n["dob"] == n["cnic"] == "" for _, n in _apply("urdu_bare", people, urdu=True))
    assert all(errors.urdu_bare(person_row(p, "R"), p, random.Random(1)) is None
               for p in people)


def test_titles_lead_in_either_script_and_bibi_follows(people):
    for urdu in (False, True):
        for row, new in _apply("title", people, urdu=urdu):
            assert new["given"].endswith(row["given"].split(" ", 1)[-1])
            assert errors.is_urdu(new["given"]) == urdu


def test_repeated_word_transposed_year_off_and_merged_name(people):
    for row, new in _apply("repeated_word", people):
        key = "given" if new["given"] != row["given"] else "father"
        words = new[key].split()
        assert any(a == b for a, b in itertools.pairwise(words))
    for row, new in _apply("transposed", people):
        assert sorted(new["given"]) == sorted(row["given"]) and new["given"] != row["given"]
    for row, new in _apply("year_off", people, districts=["PB-LHR", "SD-KHC"]):
        assert abs(int(new["dob"][:4]) - int(row["dob"][:4])) == 1
        assert sum(new[k] != row[k] for k in ("given", "surname", "father", "district")) == 1
    for urdu, marker in ((False, "/"), (True, "ولد")):
        for row, new in _apply("merged_name", people, urdu=urdu):
            assert new["father"] == "" and row["father"] in new["given"]
            assert marker in new["given"].lower() or "son of" in new["given"]


def test_pakistani_mixes_every_kind_in_seeded():
    _left, right, truth, kinds = pakistani_with_kinds(1500, seed=4, urdu_share=0.3)
    linked = {r for _, r in truth}
    made = {k for r, k in kinds.items() if r in linked}
    assert set(errors.KINDS) <= made
    share = sum(1 for r in linked if kinds[r]) / len(linked)
    assert 0.2 < share < 0.4
    again = pakistani_with_kinds(1500, seed=4, urdu_share=0.3)
    assert again[1].equals(right) and again[3] == kinds
