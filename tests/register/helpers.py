"""Helpers of the register tests: a verified user, a valid proposal payload."""

from __future__ import annotations

from hifazat.accounts.models import User
from hifazat.synthetic import PeopleGenerator


def verified(user: User) -> User:
    """The user as a signed-in session that passed the second factor."""
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


def payload(person=None, **overrides):
    person = person or PeopleGenerator(seed=3).offender()
    data = {
        "name": person.given_name, "surname": person.surname,
        "father_name": person.father_name, "sex": "M", "dob": person.dob.isoformat(),
        "cnic": person.cnic, "district": "PB-LHR", "court": "COURT-LHR",
        "case_number": "SC-12/2025", "sections": ["376"], "convicted_on": "2025-06-01",
        "sentence": "14 years rigorous imprisonment",
    }
    data.update(overrides)
    return data
