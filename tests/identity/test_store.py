"""The indexed store and online candidate search (SQLite and PostgreSQL)."""

from __future__ import annotations

import os

import pytest

from hifazat.identity import services
from hifazat.identity.models import BlockingKey, IdentityRecord
from hifazat.identity.parsing import FieldError
from hifazat.identity.selectors import find_candidates
from hifazat.synthetic import PeopleGenerator

pytestmark = pytest.mark.django_db


def _person(p):
    dob = "" if p.dob is None else (str(p.dob.year) if p.dob_precision == "year"
                                    else p.dob.isoformat())
    return {"given": p.given_name, "surname": p.surname, "father": p.father_name, "dob": dob,
            "cnic": p.cnic, "district": p.district_code}


@pytest.fixture
def stored():
    gen = PeopleGenerator(seed=21)
    people = [gen.offender() for _ in range(400)]
    services.bulk_index(({"id": f"O{i}", **_person(p)} for i, p in enumerate(people)),
                        source="register.offender")
    services.train_model(sample=400)
    return gen, people


def test_the_same_man_is_found_from_a_variant_in_either_script(stored):
    gen, people = stored
    for k in range(0, 40, 4):
        target = people[k]
        for urdu in (False, True):
            probe = _person(gen.variant_of(target, urdu=urdu))
            candidates = find_candidates(probe, limit=5)
            assert candidates, probe
            assert candidates[0].source_id == f"O{k}", (probe, candidates[0].summary)
            assert candidates[0].explanation["fields"]


def test_a_stranger_scores_low(stored):
    _gen, _ = stored
    stranger = _person(PeopleGenerator(seed=999).offender())
    assert all(c.probability < 0.5 for c in find_candidates(stranger))


def test_index_person_updates_keys_and_forget_removes_them():
    record = services.index_person(source="justice.suspect", source_id="S1",
                                   person={"given": "Imran", "father": "Rasool",
                                           "dob": "1990", "cnic": "35202-1234567-1"})
    assert record.cnic == "3520212345671"
    first = set(BlockingKey.objects.filter(record=record).values_list("key_hash", flat=True))
    services.index_person(source="justice.suspect", source_id="S1",
                          person={"given": "Imran", "father": "Rasool", "dob": "1991"})
    second = set(BlockingKey.objects.filter(record=record).values_list("key_hash", flat=True))
    assert first != second and IdentityRecord.objects.count() == 1
    services.forget_person(source="justice.suspect", source_id="S1")
    assert not BlockingKey.objects.exists()


@pytest.mark.parametrize("person,message", [
    ({"given": "Imran", "cnic": "12345"}, "13 digits"),
    ({"given": "Imran", "dob": "31/31/1990"}, "date of birth"),
])
def test_malformed_input_is_refused_and_nothing_written(person, message):
    with pytest.raises(FieldError, match=message):
        services.index_person(source="justice.suspect", source_id="S2", person=person)
    with pytest.raises(FieldError, match=message):
        find_candidates(person)
    assert not IdentityRecord.objects.exists()


def test_source_filter_and_limit(stored):
    _gen, people = stored
    services.index_person(source="justice.suspect", source_id="X", person=_person(people[0]))
    probe = _person(people[0])
    sources = {c.source for c in find_candidates(probe, limit=10)}
    assert sources == {"register.offender", "justice.suspect"}
    only = find_candidates(probe, source="justice.suspect")
    assert [c.source_id for c in only] == ["X"]
    assert len(find_candidates(probe, limit=1)) == 1


def test_stored_forms_compare_exactly_like_freshly_prepared_records():
    from hifazat.identity.records import from_stored, prepare, stored_forms
    from hifazat.identity.scoring import compare

    gen = PeopleGenerator(seed=5)
    for _ in range(100):
        person = gen.offender()
        fresh = prepare(_person(person))
        rebuilt = from_stored(id="x", dob=_person(person)["dob"], cnic=fresh.cnic,
                              district=fresh.district, **stored_forms(fresh))
        probe = prepare(_person(gen.variant_of(person, urdu=True)))
        assert compare(probe, fresh) == compare(probe, rebuilt)


def _namesakes(count: int, **fixed) -> None:
    """``count`` men called Bilal born in 2004, each with his own father and district
    unless ``fixed`` says otherwise."""
    fathers = ["Akram", "Nadeem", "Sarfraz", "Tanveer", "Javed", "Pervaiz", "Khalid",
               "Rafique", "Zulfiqar", "Waheed"]
    districts = ["PB-LHR", "PB-FSD", "PB-RWP", "PB-MUL", "SD-KHI", "KP-PSH"]
    services.bulk_index(({"id": f"N{i}", "given": "Bilal", "surname": "",
                          "father": f"{fathers[i % 10]} {fathers[i // 10 % 10]}",
                          "dob": "2004", "district": districts[i % 6], **fixed}
                         for i in range(count)), source="register.offender")


def test_a_rare_shared_key_outranks_a_common_one(monkeypatch):
    """Ranked by how rare each shared key is, not by how many: the man sharing the rare
    given+father key is scored before thirty sharing only given+year."""
    from hifazat.identity import selectors

    _namesakes(30)
    services.index_person(source="register.offender", source_id="T",
                          person={"given": "Bilal", "father": "Mushtaq Ahmed",
                                  "dob": "1979", "district": "BA-QTA"})
    monkeypatch.setattr(selectors, "MAX_SCORED", 1)
    found = find_candidates({"given": "Bilal", "father": "Mushtaq Ahmed", "dob": "2004",
                             "district": "KP-SWT"})
    assert [c.source_id for c in found] == ["T"]


def test_a_typo_in_the_father_is_found_among_many_namesakes(monkeypatch):
    """Bilal s/o "Mustaq" (for Mushtaq), 2004, Khuzdar: given+year holds more records
    than are read, and the typo breaks the father's keys; the narrowing search key
    given+year+district still finds him."""
    from hifazat.identity import selectors

    _namesakes(60)
    services.index_person(source="register.offender", source_id="T",
                          person={"given": "Bilal", "father": "Mushtaq",
                                  "dob": "2004-12-13", "district": "BA-KZD"})
    monkeypatch.setattr(selectors, "PER_KEY_LIMIT", 20)
    monkeypatch.setattr(selectors, "MAX_SCORED", 10)
    found = find_candidates({"given": "Muammad Bilaal", "father": "Mustaq",
                             "dob": "2004", "district": "BA-KZD"})
    assert found and found[0].source_id == "T"


def test_reindex_restores_lost_keys_and_forms():
    record = services.index_person(source="justice.suspect", source_id="S1",
                                   person={"given": "Imran", "father": "Rasool",
                                           "dob": "1990", "district": "PB-LHR"})
    keys = set(BlockingKey.objects.filter(record=record).values_list("key_hash", flat=True))
    BlockingKey.objects.filter(record=record).delete()
    IdentityRecord.objects.filter(pk=record.pk).update(given_key="", father_canon="")
    assert not find_candidates({"given": "Imran", "father": "Rasool", "dob": "1990"})

    from django.core.management import call_command

    call_command("reindex_identity", "--batch-size", "1", stdout=open(os.devnull, "w"))  # noqa: SIM115
    record.refresh_from_db()
    assert set(BlockingKey.objects.filter(record=record)
               .values_list("key_hash", flat=True)) == keys
    assert record.given_key and record.father_canon
    assert find_candidates({"given": "Imran", "father": "Rasool", "dob": "1990"})[0] \
        .source_id == "S1"


def test_the_explanation_is_read_in_the_readers_language(stored):
    """English and Urdu readers each read the summary in their language (numbers kept
    left-to-right inside Urdu); the structured explanation stays English data."""
    from django.utils import translation

    _gen, people = stored
    probe = _person(people[0])
    english = find_candidates(probe, limit=1)[0]
    with translation.override("ur"):
        urdu = find_candidates(probe, limit=1)[0]
        summary = urdu.summary
    assert "Name: exact" in english.summary and "\u2066" not in english.summary
    assert "نام: بالکل یکساں" in summary
    assert "exact" not in summary and "Name" not in summary
    assert summary.startswith("\u2066") and "\u2069 — " in summary
    assert urdu.explanation == english.explanation
    assert english.explanation["fields"][0]["label"] == "Name"


def test_the_store_keys_survive_a_cnic_typo_and_reindex_keeps_them():
    """Each stored CNIC is indexed under its 13 one-digit deletions: a probe whose CNIC
    has a wrong digit or two swapped digits still reaches the record; reindexing gives
    the same rows."""
    from hifazat.identity.blocking import cnic_deletions
    from hifazat.identity.keys import key_hash

    record = services.index_person(source="justice.suspect", source_id="S9",
                                   person={"given": "Tauqeer", "father": "Haider",
                                           "cnic": "3520212345671"})
    stored = set(BlockingKey.objects.filter(record=record).values_list("key_hash", flat=True))
    assert {key_hash(f"cx:{d}") for d in cnic_deletions("3520212345671")} <= stored
    for typo in ("3520221345671", "4520212345671", "3520212345673"):
        found = find_candidates({"given": "Tauqir", "cnic": typo})
        assert found and found[0].source_id == "S9", typo
    services.reindex(batch_size=1)
    assert set(BlockingKey.objects.filter(record=record)
               .values_list("key_hash", flat=True)) == stored
