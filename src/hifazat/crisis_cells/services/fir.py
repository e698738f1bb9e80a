"""FIR referral: the cell's link to the justice pipeline.

With the survivor's (or guardian's) consent to reporting to police, the cell refers the
case to a police station (``justice.services.create_referral``: a notice to the
station's inbox carrying only the case code). The station registers the FIR from its
inbox; the FIR number and date come back onto the case (``on_fir_registered``), and so
does every later stage, hearing date, verdict and news of the convicted offender
(``on_case_news``) — through signals, so that justice never reads the survivor's case.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind
from hifazat.core import validation
from hifazat.core.errors import DomainError
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import ConsentUse, SurvivorCase
from hifazat.crisis_cells.services import cases, consent
from hifazat.justice import services as justice
from hifazat.notices import kinds as notice_kinds
from hifazat.places import selectors as places

FIR_REFERRAL_KIND = justice.FIR_REFERRAL_KIND
CASE_NEWS_KIND = "crisis_cells.case_news"


@transaction.atomic
def refer_for_fir(*, user, case: SurvivorCase, police_station):
    """Refer the case to a police station for an FIR. Needs a current police-reporting
    consent at the time of referral (``ConsentRequired``). The referral is the justice
    pipeline's (``justice.services.create_referral``): the station's inbox gets the case
    code only, and the FIR it registers comes back here (``on_fir_registered``).
    Audited."""
    cases.require(user, "crisis_cells.refer_fir", case)
    case = cases.lock_case(case)
    cases.writable(case)
    if not places.is_facility(police_station, places.FacilityKind.POLICE_STATION):
        raise errors.InvalidInput(fields={"police_station": _("Choose a police station.")})
    # Act: a report goes to police only with the survivor's (or guardian's) consent.
    consent.require_consent(case, ConsentUse.POLICE_REPORT)
    try:
        referral = justice.create_referral(user=user, survivor_case_id=case.pk,
                                           case_code=case.code, cell=case.cell,
                                           police_station=police_station)
    except DomainError as exc:
        raise errors.InvalidInput(exc.message, fields=exc.fields) from None
    cases.record(action="fir_referred", user=user, case=case,
                 object_type="justice.fir_referral", object_id=referral.pk,
                 details={"police_station": police_station.code,
                          "notice": referral.notice_id})
    return referral


def on_fir_registered(sender, *, survivor_case_id, fir_number, fir_date, registered_at,
                      **kwargs) -> None:
    """Receiver of ``justice.events.fir_registered`` (in the station's transaction): the
    FIR number and date go on the case, with the time from arrival to FIR."""
    case = SurvivorCase.objects.select_for_update().get(pk=survivor_case_id)
    case.fir_number, case.fir_date = fir_number, fir_date
    case.arrival_to_fir = max(registered_at - case.arrived_at, timedelta(0))
    case.save(update_fields=["fir_number", "fir_date", "arrival_to_fir", "updated_at"])
    cases.on_timeline(action="fir_recorded", user=None, case=case,
                      details={"fir_number": fir_number, "fir_date": str(fir_date)})


# What each piece of news says to the survivor (through the cell), by justice event.
NEWS_LABELS = {
    ("hearing", ""): _("a court hearing is listed"),
    ("verdict", "convicted"): _("the accused was convicted"),
    ("verdict", "acquitted"): _("the accused was acquitted"),
    ("verdict", ""): _("an appeal was decided"),
    ("offender", "release"): _("the convicted offender is to be released"),
    ("offender", "move"): _("the convicted offender has moved or is travelling"),
    ("offender", "absconded"): _("the convicted offender has absconded"),
}


def _news_label(event: str, params: dict):
    detail = str(params.get("outcome") or params.get("news") or "")
    return NEWS_LABELS.get((event, detail)) or NEWS_LABELS.get((event, ""))


def on_case_news(sender, *, survivor_case_id, case_code, event, params, **kwargs) -> None:
    """Receiver of ``justice.events.case_news``: the stage, hearing dates, the verdict
    and the offender's release, move or abscondence go on the case's timeline; when the
    survivor has consented to be told (``ConsentUse.CASE_UPDATES``), the cell's inbox
    also gets a notice to pass on, carrying the case code only."""
    from hifazat.notices import services as notices

    case = SurvivorCase.objects.select_related("cell").filter(pk=survivor_case_id).first()
    if case is None:
        return
    cases.on_timeline(action=f"justice_{event}", user=None, case=case,
                      details={k: str(v) for k, v in params.items()})
    label = _news_label(event, params)
    if label is None or not consent.has_consent(case, ConsentUse.CASE_UPDATES):
        return
    notices.send_notice(
        kind=CASE_NEWS_KIND,
        params={"code": case.code, "what": notice_kinds.bilingual_label(label),
                "on": notice_kinds.day(date.fromisoformat(str(params["on"])))},
        to_agencies=[case.cell], reference=case.code, object_type="crisis_cells.case",
        object_id=case.pk)


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
