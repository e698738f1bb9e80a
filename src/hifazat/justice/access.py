"""Fetch-and-check of every justice row, one ``access_<kind>`` each, built on
``core.access.fetch``: a missing row and one the user may not act on raise the same
``core.errors.NotFound``. Rows that belong to a case are looked up inside that case
(already accessed), so an id from another case is "not found" too. Opening a case is
audited (``justice.case_viewed``, purpose investigation or prosecution or trial, the
FIR as reference): it names suspects."""

from __future__ import annotations

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core.access import fetch
from hifazat.justice.models import (
    Appeal,
    FirReferral,
    Hearing,
    JusticeCase,
    PoliceReport,
    Suspect,
    Witness,
)

VIEW = "justice.view_case"
_CASE_ROWS = ("fir", "fir__station", "fir__station__district", "district", "ssoiu",
              "prosecution_office", "court", "court__facility", "investigating_officer",
              "prosecutor")


def reference_of(case: JusticeCase) -> str:
    """The case's audit reference: the FIR number, year and station code."""
    fir = case.fir
    return f"FIR {fir.number}/{fir.year} {fir.station.code}"[:100]


def purpose_for(user) -> str:
    if user.has_role("prosecutor"):
        return Purpose.PROSECUTION
    if user.has_role("court_staff"):
        return Purpose.TRIAL
    return Purpose.INVESTIGATION


def access_case(*, user, case_id, action: str = VIEW, purpose=None, reference=None,
                audit_read: bool = True) -> JusticeCase:
    """The case if ``user`` may do ``action`` on it; ``NotFound`` otherwise. A granted
    read is audited (``justice.case_viewed``)."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        case_id = 0
    case = fetch(JusticeCase.objects.select_related(*_CASE_ROWS), user=user, action=action,
                 pk=case_id)
    if audit_read:
        audit.record(action="justice.case_viewed", actor=user, object_type="justice.case",
                     object_id=case.pk, purpose=purpose or purpose_for(user),
                     case_reference=reference or reference_of(case))
    return case


def access_referral(*, user, referral_id, action: str = "justice.view_referral",
                    purpose=None, reference=None) -> FirReferral:
    """A cell's referral in the user's station inbox; ``NotFound`` otherwise."""
    return fetch(FirReferral.objects.select_related("police_station",
                                                    "police_station__district", "cell"),
                 user=user, action=action, pk=referral_id)


def _in_case(model, *, case: JusticeCase, key, **lookup):
    """A row of ``case`` by id (the case was already accessed and checked)."""
    from hifazat.core.errors import NotFound

    try:
        key = int(key)
    except (TypeError, ValueError):
        raise NotFound from None
    row = model.objects.filter(pk=key, **lookup).first()
    if row is None:
        raise NotFound
    return row


def access_suspect(*, user, case: JusticeCase, suspect_id, action: str = VIEW,
                   purpose=None, reference=None) -> Suspect:
    return _in_case(Suspect, case=case, key=suspect_id, fir_id=case.fir_id)


def access_report(*, user, case: JusticeCase, report_id, action: str = VIEW,
                  purpose=None, reference=None) -> PoliceReport:
    return _in_case(PoliceReport, case=case, key=report_id, case_id=case.pk)


def access_hearing(*, user, case: JusticeCase, hearing_id, action: str = VIEW,
                   purpose=None, reference=None) -> Hearing:
    return _in_case(Hearing, case=case, key=hearing_id, case_id=case.pk)


def access_witness(*, user, case: JusticeCase, witness_id, action: str = VIEW,
                   purpose=None, reference=None) -> Witness:
    return _in_case(Witness, case=case, key=witness_id, case_id=case.pk)


def access_appeal(*, user, case: JusticeCase, appeal_id, action: str = VIEW,
                  purpose=None, reference=None) -> Appeal:
    return _in_case(Appeal, case=case, key=appeal_id, verdict__case_id=case.pk)
