"""Synthetic register for the demo: about 200 verified offenders (each through the
maker–checker services, as the demo prosecutor proposing and the demo registrar
verifying), with Urdu-script and Latin aliases, a few whose registration period has
ended, and a few proposals waiting in the registrar's queue. Idempotent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hifazat.register import selectors, services
from hifazat.synthetic import PeopleGenerator

REGISTER_SEED = 2023  # the year of the Sex Offenders Register Rules
DEMO_OFFENDERS = 200
CASE_PREFIX = "DEMO-"
COURTS = ["COURT-LHR-CITY", "COURT-MUL-CITY", "COURT-RWP-CITY", "COURT-KHI-SOUTH",
          "COURT-ISB-ICT"]
COURT_DISTRICT = {"COURT-LHR-CITY": "PB-LHR", "COURT-MUL-CITY": "PB-MUL",
                  "COURT-RWP-CITY": "PB-RWP", "COURT-KHI-SOUTH": "SD-KHS",
                  "COURT-ISB-ICT": "IS-ISB"}
SECTIONS = [["376"], ["376", "377"], ["377-B"], ["354-A"], ["375", "376"], ["371-A"]]
SENTENCES = ["14 years rigorous imprisonment", "10 years rigorous imprisonment and fine",
             "Imprisonment for life", "7 years rigorous imprisonment"]

if TYPE_CHECKING:  # annotations only
    from hifazat.accounts.models import User


def _acting(user: User) -> User:
    # The demo acts as its own signed-in users; the second factor is what a browser
    # session would have passed (the demo loader never runs in production).
    user.is_verified = lambda: True
    return user


def _payload(person, i: int, *, convicted_on: date, sections=None) -> dict:
    court = COURTS[i % len(COURTS)]
    return {
        "name": person.given_name, "surname": person.surname,
        "name_ur": person.given_name_ur, "surname_ur": person.surname_ur,
        "father_name": person.father_name, "sex": "M",
        "dob": str(person.dob.year) if person.dob_precision == "year" else
        person.dob.isoformat(),
        "cnic": person.cnic if i % 5 else "",  # many records carry no CNIC
        "district": COURT_DISTRICT[court], "court": court,
        "case_number": f"{CASE_PREFIX}SC-{i + 1:04d}/{convicted_on.year}",
        "sections": sections or SECTIONS[i % len(SECTIONS)],
        "convicted_on": convicted_on.isoformat(), "sentence": SENTENCES[i % len(SENTENCES)],
        "physical_description": "" if i % 3 else "Scar on the left forearm",
    }


def demo_people(count: int = DEMO_OFFENDERS):
    """The demo offenders (and, for every third, the variant recorded as an alias),
    regenerated identically from the seed: tests find demo people through this."""
    gen = PeopleGenerator(seed=REGISTER_SEED)
    rows = []
    for i in range(count):
        person = gen.offender()
        rows.append((person, gen.variant_of(person, rng_strength=0.3) if i % 3 == 0 else None))
    return gen, rows


def load_register_demo(*, prosecutor: User, registrar: User,
                       count: int = DEMO_OFFENDERS) -> int:
    """Register ``count`` synthetic offenders (once) and leave three proposals waiting:
    one of them a variant of a registered offender, so the duplicate check shows."""
    services.load_ppc_sections()
    if selectors.has_cases_numbered(CASE_PREFIX):
        return 0
    prosecutor, registrar = _acting(prosecutor), _acting(registrar)
    gen, rows = demo_people(count)
    for i, (person, alias) in enumerate(rows):
        ended = i % 40 == 7  # a few old harassment convictions: period over
        adult = date(person.dob.year + 18, 1 + i % 12, 1 + i % 28)
        convicted_on = min(max(adult, date(2016 if ended else 2022, 1 + i % 12, 1 + i % 28)),
                           date(2026, 6, 1))
        proposal = services.propose_entry(
            proposer=prosecutor, payload=_payload(
                person, i, convicted_on=convicted_on, sections=["509"] if ended else None))
        offender = services.verify_entry(proposal=proposal, verifier=registrar,
                                         note="demo entry")
        if alias is not None and alias.given_name != person.given_name:
            services.add_alias(offender=offender, actor=registrar, name=alias.given_name,
                               surname=alias.surname, source="police record",
                               reason="Name in an FIR")
    people = [person for person, _alias in rows]
    # Waiting for the registrar: a likely duplicate of a registered offender, and two new.
    known = people[4]
    services.propose_entry(proposer=prosecutor, payload=_payload(
        gen.variant_of(known, rng_strength=0.2), count + 1, convicted_on=date(2026, 2, 2)))
    for j in (2, 3):
        services.propose_entry(proposer=prosecutor, payload=_payload(
            gen.offender(), count + j, convicted_on=date(2026, 3, j)))
    return count
