"""Urdu-script names land on the same comparison key as their Latin spellings.

The list (tests/identity/data/bilingual_names.csv) holds common Pakistani given names,
surnames and caste/tribe names in both scripts with their Latin variants. The share
that match is printed (run with -s) and held to a floor, so a rule change that breaks
Urdu matching fails here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hifazat.identity.normalize import normalize_name
from hifazat.identity.scoring import name_similarity

DATA = Path(__file__).parent / "data" / "bilingual_names.csv"


def _rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_list_is_large_and_bilingual():
    rows = _rows()
    assert len(rows) >= 300
    kinds = {r["kind"] for r in rows}
    assert {"given_male", "given_female"} <= kinds and kinds & {"surname", "caste_tribe"}
    for row in rows:
        assert normalize_name(row["urdu"]).script == "urdu", row
        assert normalize_name(row["latin"]).script == "latin", row


def test_urdu_and_latin_spellings_share_a_key():
    rows = _rows()
    same = [r for r in rows
            if normalize_name(r["urdu"]).core_key == normalize_name(r["latin"]).core_key]
    share = len(same) / len(rows)
    print(f"\nUrdu = Latin on the consonant key: {len(same)}/{len(rows)} = {share:.1%}")
    assert share >= 0.97


def test_latin_variants_share_a_key_or_score_as_very_similar():
    pairs = [(r["latin"], v) for r in _rows() for v in r["latin_variants"].split("|") if v]
    close = 0
    for latin, variant in pairs:
        a, b = normalize_name(latin), normalize_name(variant)
        if a.core_key == b.core_key or name_similarity(a, b) >= 0.8:
            close += 1
    share = close / len(pairs)
    print(f"\nLatin variants matched (key or Jaro-Winkler >= 0.8): {close}/{len(pairs)} = "
          f"{share:.1%}")
    assert share >= 0.95


@pytest.mark.parametrize("latin,urdu", [
    ("Muhammad Ali", "محمد علی"), ("Ghulam Rasool", "غلام رسول"), ("Abdul Rehman", "عبدالرحمان"),
    ("Zia-ud-Din", "ضیاءالدین"), ("Noor-ul-Ain", "نور العین"), ("Sohail", "سہیل"),
    ("Chaudhry", "چوہدری"), ("Khokhar", "کھوکھر"), ("Ambreen", "عنبرین"), ("Zainab", "زینب"),
])
def test_known_hard_pairs(latin, urdu):
    assert normalize_name(latin).core_key == normalize_name(urdu).core_key
