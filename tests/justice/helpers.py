"""Helpers of the justice tests: a case moved to a given stage through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hifazat.core import clock
from hifazat.justice import services
from hifazat.justice.models import JusticeCase

_numbers = iter(range(1000, 100000))


def suspect_of(person, **over) -> dict:
    data = {"name": person.given_name, "surname": person.surname,
            "father": person.father_name, "dob": person.dob.isoformat(),
            "cnic": person.cnic, "district": "PB-LHR"}
    data.update(over)
    return data


def new_case(chain, *, suspects=(), days_ago: int = 0, **kwargs) -> JusticeCase:
    """A direct-complaint FIR at the chain's station, ``days_ago`` days back."""
    return services.register_fir(
        user=chain["police"], station=chain["station"], number=str(next(_numbers)),
        registered_at=clock.now() - timedelta(days=days_ago), sections=["376"],
        suspects=list(suspects), **kwargs)


def to_trial(chain, case: JusticeCase, *, days_ago: int = 0) -> JusticeCase:
    """Investigation, final report and its acceptance: the case before the court."""
    day = timezone.localdate() - timedelta(days=days_ago)
    services.assign_investigation(user=chain["io"], case=case, officer=chain["io"])
    report = services.submit_report(user=chain["io"], case=case, kind="final",
                                    submitted_on=day)
    services.scrutinise(user=chain["prosecutor"], case=case, report=report,
                        decision="accept", on=day)
    return JusticeCase.objects.get(pk=case.pk)


def charged(chain, case: JusticeCase) -> JusticeCase:
    services.frame_charge(user=chain["clerk"], case=case, sections=["376"],
                          on=timezone.localdate())
    return JusticeCase.objects.get(pk=case.pk)
