"""Normalisation: the same name written many ways meets on one form, across scripts."""

from __future__ import annotations

import pytest

from hifazat.identity.normalize import normalize_name, split_relation


@pytest.mark.parametrize("variants", [
    ["Muhammad Imran", "Mohammad Imran", "Muhammed Imraan", "Mohd. Imran", "M. Imran",
     "Md Imran", "Imran", "عمران", "محمد عمران", "Syed Muhammad Imran"],
    ["Ghulam Rasool", "Ghulam Rasul", "Gh. Rasool", "غلام رسول", "GHULAM RASOOL"],
    ["Abdul Rehman", "Abdur Rehman", "Abdul Rahman", "Abdurrehman", "عبدالرحمان"],
    ["Zia-ud-Din", "Ziauddin", "Zia ud Din", "ضیاءالدین"],
    ["Yousaf", "Yusuf", "Yousuf", "Yousef", "یوسف"],
    ["Hussain", "Husain", "Hussein", "حسین"],
    ["Chaudhry Aslam", "Ch. Aslam", "Aslam", "اسلم", "چوہدری اسلم"],
    ["Fatima", "Fatimah", "فاطمہ", "Mst. Fatima", "Bibi Fatima"],
    ["Shahzad", "Shehzad", "Shezad", "شہزاد"],
    ["Bhatti", "Bhati", "بھٹی"],
])
def test_spellings_of_one_name_share_a_core_key(variants):
    keys = {normalize_name(v).core_key for v in variants}
    assert len(keys) == 1, {v: normalize_name(v).core_key for v in variants}


@pytest.mark.parametrize("a,b", [
    ("Imran", "Irfan"), ("Ali", "Akbar"), ("Bilal", "Jalal"), ("Fatima", "Fozia"),
    ("Ghulam Rasool", "Ghulam Abbas"), ("عمران", "عرفان"),
])
def test_different_names_stay_apart(a, b):
    assert normalize_name(a).core_key != normalize_name(b).core_key


def test_muhammad_is_optional_but_mehmood_is_a_name():
    assert normalize_name("Muhammad Ali").core_canon == normalize_name("Ali").core_canon
    assert normalize_name("Muhamamd Ali").core_canon == "ali"  # a typo of Muhammad
    assert normalize_name("Mehmood").core_canon == "mehmud"
    assert normalize_name("Muhammad").core_canon == "muhammad"  # alone, it is the name


def test_honorific_alone_is_kept_as_the_name():
    assert normalize_name("Malik").canon == "malik"
    assert normalize_name("Malik Riaz").canon == "riaz"


def test_script_is_recorded():
    assert normalize_name("Imran").script == "latin"
    assert normalize_name("عمران").script == "urdu"
    assert normalize_name("").is_empty


@pytest.mark.parametrize("text,person,relation,relative", [
    ("Muhammad Imran s/o Ghulam Rasool", "Muhammad Imran", "s/o", "Ghulam Rasool"),
    ("Ayesha D/O Khalid", "Ayesha", "d/o", "Khalid"),
    ("Nasreen w/o Tariq Mehmood", "Nasreen", "w/o", "Tariq Mehmood"),
    ("Imran son of Rasool", "Imran", "s/o", "Rasool"),
    ("عمران ولد غلام رسول", "عمران", "s/o", "غلام رسول"),
    ("زینب بنت اسلم", "زینب", "d/o", "اسلم"),
    ("کلثوم زوجہ اکرم", "کلثوم", "w/o", "اکرم"),
    ("Imran Khan", "Imran Khan", "", ""),
])
def test_relation_markers_split_the_name(text, person, relation, relative):
    split = split_relation(text)
    assert (split.person, split.relation, split.relative) == (person, relation, relative)
