"""FIR referral: the cell's direct link to police.

With the survivor's (or guardian's) consent to reporting to police, a referral to a
police station is recorded and a notice goes to that station's inbox
(``notices.services.send_notice``) carrying only the case code. The FIR number and
date come back onto the case (recorded by the cell, or by an officer of that station),
and the time from arrival to FIR is kept for oversight.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import validation
from hifazat.crisis_cells import deadlines, errors, lifecycles
from hifazat.crisis_cells.models import ConsentUse, FirReferral, SurvivorCase
from hifazat.crisis_cells.services import cases, consent
from hifazat.notices import kinds as notice_kinds
from hifazat.places import selectors as places

FIR_REFERRAL_KIND = "crisis_cells.fir_referral"


def _station_agencies(station) -> list:
    return list(accounts.agencies(kinds=[AgencyKind.POLICE_STATION], facility=station))


@transaction.atomic
def refer_for_fir(*, user, case: SurvivorCase, police_station) -> FirReferral:
    """Refer the case to a police station for an FIR. Needs a current police-reporting
    consent at the time of referral (``ConsentRequired``). The station's inbox gets a
    notice with the case code only. Audited."""
    from hifazat.notices import services as notices  # sent in this transaction

    cases.require(user, "crisis_cells.refer_fir", case)
    case = cases.lock_case(case)
    cases.writable(case)
    if not places.is_facility(police_station, places.FacilityKind.POLICE_STATION):
        raise errors.InvalidInput(fields={"police_station": _("Choose a police station.")})
    agencies = _station_agencies(police_station)
    if not agencies:
        raise errors.InvalidInput(fields={"police_station": _(
            "This police station has no inbox in Hifazat yet; refer to another station.")})
    # Act: a report goes to police only with the survivor's (or guardian's) consent.
    consent.require_consent(case, ConsentUse.POLICE_REPORT)
    referral = FirReferral.objects.create(case=case, police_station=police_station,
                                          referred_at=cases.now(), referred_by=user)
    notice = notices.send_notice(
        kind=FIR_REFERRAL_KIND,
        params={"code": case.code,
                "cell": notice_kinds.bilingual(case.cell.name_en, case.cell.name_ur)},
        to_agencies=agencies, reference=case.code, object_type="crisis_cells.fir_referral",
        object_id=referral.pk,
        # The station acknowledges within the declared window (deadlines.FIR_REFERRAL_ACK);
        # then it escalates to the district's investigating officers (Act: SSOIU
        # investigates these offences).
        ack_within=deadlines.FIR_REFERRAL_ACK.delta(),
        escalate_to_roles=(Role.INVESTIGATING_OFFICER,), sender=user,
    )
    referral.notice_id = str(notice.pk)
    referral.save(update_fields=["notice_id"])
    cases.record(action="fir_referred", user=user, case=case,
                 object_type="crisis_cells.fir_referral", object_id=referral.pk,
                 details={"police_station": police_station.code, "notice": notice.pk})
    return referral


@transaction.atomic
def record_fir(*, user, referral: FirReferral, fir_number: str, fir_date,
               registered_at: datetime | None = None) -> FirReferral:
    """Record the FIR number and date on the referral and the case; keeps arrival-to-FIR
    time. ``registered_at`` defaults to now when the FIR date is today, otherwise noon of
    that date. By cell staff or an officer of the referred station. Audited."""
    cases.require(user, "crisis_cells.record_fir", referral)
    referral = FirReferral.objects.select_for_update().select_related("case").get(
        pk=referral.pk)
    case = cases.lock_case(referral.case)
    cases.writable(case)
    p = validation.Problems()
    fir_number = p.check("fir_number", validation.code, fir_number, max_length=40,
                         required=True)
    if isinstance(fir_date, datetime):
        fir_date = None  # a date, not a moment
    fir_date = p.check("fir_date", validation.date, fir_date, required=True)
    p.check("fir_date", validation.not_future, fir_date)
    if fir_date and fir_date < timezone.localtime(case.arrived_at).date():
        p.add("fir_date", _("The FIR date is before the survivor arrived."))
    p.raise_if_any(errors.InvalidInput)
    if registered_at is None:
        registered_at = cases.now() if fir_date == timezone.localdate() else \
            timezone.make_aware(datetime.combine(fir_date, time(12)))
    case.fir_number, case.fir_date = fir_number, fir_date
    case.arrival_to_fir = max(registered_at - case.arrived_at, timedelta(0))
    case.save(update_fields=["fir_number", "fir_date", "arrival_to_fir", "updated_at"])
    return cases.move(referral, lifecycle=lifecycles.FIR_REFERRAL,
                      to=FirReferral.Status.FIR_REGISTERED, action="fir_recorded",
                      user=user, case=case, object_type="crisis_cells.fir_referral",
                      details={"fir_number": fir_number, "fir_date": str(fir_date)},
                      extra={"fir_number": fir_number, "fir_date": fir_date,
                             "fir_recorded_at": cases.now()})


PROSECUTION_SHARING_KIND = "crisis_cells.shared_with_prosecution"


@transaction.atomic
def share_with_prosecution(*, user, case: SurvivorCase, prosecution_office,
                           note: str = ""):
    """Tell a prosecution office that the cell holds the medico-legal report and evidence
    for this case (code and FIR number only). Needs a current consent to sharing with
    prosecution at the time of sharing (``ConsentRequired``); withdrawn consent stops it.
    Audited. Returns the notice."""
    from hifazat.notices import services as notices  # sent in this transaction

    cases.require(user, "crisis_cells.share_with_prosecution", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    if (not accounts.is_agency(prosecution_office)
            or prosecution_office.kind != AgencyKind.PROSECUTION
            or not prosecution_office.is_active):
        p.add("prosecution_office", _("Choose a prosecution office."))
    note = p.check("note", validation.free_text, note, max_length=300, default="")
    p.raise_if_any(errors.InvalidInput)
    # Act: survivor data goes to prosecution only with consent to that use.
    consent.require_consent(case, ConsentUse.PROSECUTION_SHARING)
    fir = (gettext("FIR %(number)s of %(date)s") % {"number": case.fir_number,
                                                     "date": case.fir_date}
           if case.fir_number else gettext("no FIR recorded yet"))
    notice = notices.send_notice(
        kind=PROSECUTION_SHARING_KIND,
        params={"code": case.code, "fir": fir, "note": f"\n\n{note}" if note else "",
                "cell": notice_kinds.bilingual(case.cell.name_en, case.cell.name_ur)},
        to_agencies=[prosecution_office], reference=case.code,
        object_type="crisis_cells.case", object_id=case.pk, sender=user,
    )
    cases.record(action="shared_with_prosecution", user=user, case=case,
                 details={"prosecution_office": prosecution_office.code,
                          "notice": notice.pk})
    return notice
