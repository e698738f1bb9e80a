"""Titles and honorifics in their own field, repeated words, and the one reading of a
name box with its relation (issue 15)."""

from __future__ import annotations

import pytest

from hifazat.identity import rules
from hifazat.identity.normalize import normalize_name, split_name_box, strip_titles
from hifazat.identity.records import prepare


@pytest.mark.parametrize("text,name,title", [
    ("Syed Imran", "imran", "syed"), ("Sayyid Imran", "imran", "syed"),
    ("Rana Imran", "imran", "rana"), ("Ch. Aslam", "aslam", "chaudhry"),
    ("Chaudhry Aslam", "aslam", "chaudhry"), ("Malik Riaz", "riaz", "malik"),
    ("Mian Tariq", "tarik", "mian"), ("Hafiz Bashir", "bashir", "hafiz"),
    ("Qari Bashir", "bashir", "qari"), ("Haji Bashir", "bashir", "haji"),
    ("Sheikh Bashir", "bashir", "sheikh"), ("Dr. Ayesha", "ayesha", "dr"),
    ("Mr. Imran", "imran", "mr"), ("Mst. Fatima", "fatima", "mst"),
    ("Fatima Bibi", "fatima", "bibi"), ("Haji Ch. Aslam", "aslam", "haji chaudhry"),
    # Urdu forms
    ("سید عمران", "mran", "syed"), ("چوہدری اسلم", "aslm", "chaudhry"),
    ("ملک ریاض", "riaz", "malik"), ("حافظ بشیر", "bshir", "hafiz"),
    ("قاری بشیر", "bshir", "qari"), ("حاجی بشیر", "bshir", "haji"),
    ("شیخ بشیر", "bshir", "sheikh"), ("مسماۃ فاطمہ", "fatmH", "mst"),
    ("فاطمہ بی بی", "fatmH", "bibi"), ("مياں طارق", "tark", "mian"),  # Arabic keyboard
])
def test_titles_are_taken_off_into_their_own_field(text, name, title):
    form = normalize_name(text)
    assert form.title == title
    assert form.core_key == normalize_name(name).core_key or form.core_canon == name


def test_the_malik_rule_a_title_only_when_leading_and_followed_by_a_name():
    assert normalize_name("Malik Riaz").title == "malik"
    assert normalize_name("Malik Riaz").canon == "riaz"
    # Written after the name, Malik is the surname or caste: kept.
    assert normalize_name("Imran Malik").title == ""
    assert normalize_name("Imran Malik").canon == "imranmalik"
    # Alone it is the name itself (a surname box holding "Malik").
    assert normalize_name("Malik").canon == "malik" and normalize_name("Malik").title == ""
    p = prepare({"given": "Imran Malik", "surname": "Malik", "father": "Malik Riaz"})
    assert p.given.canon == "imran"  # the family name written onto the name
    assert p.surname.canon == "malik" and p.father.canon == "riaz"
    assert strip_titles(["syed"]) == ([], ["syed"])
    assert strip_titles(["ali", "syed", "raza"]) == ([], ["ali", "syed", "raza"])


def test_prepared_records_carry_the_person_title():
    assert prepare({"given": "Ch. Muhammad Aslam"}).title == "chaudhry"
    assert prepare({"given": "سید عمران"}).title == "syed"
    assert prepare({"given": "Imran"}).title == ""
    assert prepare({"given": "Ch. Aslam"}).given.core_canon == \
        prepare({"given": "Aslam"}).given.core_canon


def test_both_engines_clean_with_one_title_table():
    from hifazat.identity import splink_engine

    assert splink_engine.HONORIFICS is rules.HONORIFICS
    assert {"syed", "sayyid", "rana", "ch", "chaudhry", "malik", "mian", "hafiz", "qari",
            "haji", "sheikh", "dr", "mr", "mst", "bibi", "سید", "قاری", "ملک"} <= \
        rules.HONORIFICS
    assert splink_engine.clean_name("Qari Bashir") == "bashir"
    assert splink_engine.clean_name("Imran Malik") == "imran malik"


@pytest.mark.parametrize("text,same_as", [
    ("Bashir Bashir", "Bashir"), ("Bashir Basheer", "Bashir"),
    ("Muhammad Muhammad Ali", "Muhammad Ali"), ("بشیر بشیر", "بشیر"),
])
def test_a_word_written_twice_counts_once(text, same_as):
    assert normalize_name(text).canon == normalize_name(same_as).canon


@pytest.mark.parametrize("name,father,expected", [
    ("Imran s/o Ghulam Rasool", "", ("Imran", "Ghulam Rasool", "s/o")),
    ("Imran S/O. Ghulam Rasool", "", ("Imran", "Ghulam Rasool", "s/o")),
    ("Imran son of Ghulam Rasool", "", ("Imran", "Ghulam Rasool", "s/o")),
    ("Ayesha d/o Khalid", "", ("Ayesha", "Khalid", "d/o")),
    ("Nasreen w/o Tariq", "", ("Nasreen", "", "w/o")),  # a husband is not a father
    ("عمران ولد غلام رسول", "", ("عمران", "غلام رسول", "s/o")),
    ("زینب بنت اسلم", "", ("زینب", "اسلم", "d/o")),
    ("کلثوم زوجہ اکرم", "", ("کلثوم", "", "w/o")),
    ("Imran s/o Rasool", "Ghulam Rasool", ("Imran", "Ghulam Rasool", "s/o")),  # kept
    ("Imran Khan", "", ("Imran Khan", "", "")),
])
def test_one_reading_of_a_name_box(name, father, expected):
    box = split_name_box(name, father)
    assert (box.name, box.father, box.relation) == expected


def test_prepare_reads_the_name_box_the_same_way():
    p = prepare({"given": "Imran s/o Ghulam Rasool"})
    assert p.given.canon == "imran" and p.father.canon == "ghulamrasul"
    w = prepare({"given": "Nasreen w/o Tariq"})
    assert w.given.canon == "nasrin" and w.father.is_empty
