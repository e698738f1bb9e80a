"""The FIR: a cell's referral reaches the station's inbox; the station registers the FIR
(from the referral or a direct complaint) with its sections and suspects; every suspect
entered or edited is checked against the register.

The referral itself is made by the cell (``crisis_cells.services.refer_for_fir`` checks
the survivor's consent, then calls ``create_referral``): justice never reads the
survivor's record, only the case code and the cell.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import validation
from hifazat.identity.selectors import FieldError, parse_dob, split_name_box
from hifazat.justice import access, errors, events, lifecycles
from hifazat.justice.models import Fir, FirReferral, FirSource, JusticeCase, Stage, Suspect
from hifazat.justice.services import common
from hifazat.notices import kinds as notice_kinds
from hifazat.places import selectors as places
from hifazat.register import selectors as register

# Kept from when the referral lived in crisis_cells, so stored notices still read.
FIR_REFERRAL_KIND = "crisis_cells.fir_referral"
#: Act 2021 sections an FIR may cite besides the PPC (offences under the Act itself).
ACT_SECTIONS = ("3", "4", "8", "9", "13", "15", "19", "20", "21", "22")
MAX_SUSPECTS = 20
# A referral and its FIR are minutes apart; clocks on two machines may differ a little.
_GRACE = timedelta(minutes=5)


def station_agencies(station) -> list:
    return list(accounts.agencies(kinds=[AgencyKind.POLICE_STATION], facility=station))


@transaction.atomic
def create_referral(*, user, survivor_case_id: int, case_code: str, cell,
                    police_station) -> FirReferral:
    """Record a cell's referral to ``police_station`` and put it in the station's inbox
    (a notice carrying the case code only, escalated to the district's investigating
    officers when not acknowledged in time). Call from ``crisis_cells`` after its own
    checks (permission, consent), in its transaction."""
    from hifazat.notices import services as notices  # sent in this transaction

    if not places.is_facility(police_station, places.FacilityKind.POLICE_STATION):
        raise errors.InvalidInput(fields={"police_station": _("Choose a police station.")})
    agencies = station_agencies(police_station)
    if not agencies:
        raise errors.InvalidInput(fields={"police_station": _(
            "This police station has no inbox in Hifazat yet; refer to another station.")})
    referral = FirReferral.objects.create(
        survivor_case_id=survivor_case_id, case_code=case_code, cell=cell,
        police_station=police_station, referred_at=common.now(), referred_by=user)
    notice = notices.send_notice(
        kind=FIR_REFERRAL_KIND,
        params={"code": case_code,
                "cell": notice_kinds.bilingual(cell.name_en, cell.name_ur)},
        to_agencies=agencies, reference=case_code, object_type="justice.fir_referral",
        object_id=referral.pk,
        # The station acknowledges within the declared window; then it escalates to the
        # district's investigating officers (Act: the SSOIU investigates these offences).
        ack_within=_referral_ack_window(), escalate_to_roles=(Role.INVESTIGATING_OFFICER,),
        sender=user)
    referral.notice_id = str(notice.pk)
    referral.save(update_fields=["notice_id"])
    return referral


def _referral_ack_window():
    from hifazat.core import deadlines as registry

    return registry.get("crisis_cells.fir_referral_ack").delta()


# --- suspects --------------------------------------------------------------------------

SUSPECT_FIELDS = ("name", "surname", "father", "sex", "dob", "cnic", "district")


def clean_suspect(data, p: validation.Problems, prefix: str = "") -> dict:
    """One suspect's particulars, each problem named ``<prefix><field>``."""
    if not isinstance(data, dict):
        p.add(prefix.rstrip(".") or "suspect", _("Give the suspect's particulars."))
        return {}
    unknown = sorted(set(data) - set(SUSPECT_FIELDS))
    if unknown:
        p.add(prefix + unknown[0], _("Unknown field."))
    # "Imran s/o Ghulam Rasool" in the name box (as FIRs write it): the father's name,
    # as identity reads it. A husband's name (w/o) is not a father's: kept as written.
    name, father = data.get("name"), data.get("father")
    if isinstance(name, str) and (father is None or isinstance(father, str)):
        box = split_name_box(name, father or "")
        if box.relation in ("s/o", "d/o"):
            name, father = box.name, box.father
    out = {
        "name": p.check(prefix + "name", validation.person_name, name,
                        max_length=200, required=True, default=""),
        "surname": p.check(prefix + "surname", validation.person_name, data.get("surname"),
                           max_length=100, default=""),
        "father": p.check(prefix + "father", validation.person_name, father,
                          max_length=200, default=""),
        "cnic": p.check(prefix + "cnic", validation.cnic, data.get("cnic"), default=""),
        "sex": "M",
    }
    if data.get("sex") not in (None, ""):
        out["sex"] = p.check(prefix + "sex", validation.choice, data.get("sex"),
                             ("M", "F", "X"), default="M")
    dob = str(data.get("dob") or "").strip()
    if dob:
        try:
            parsed = parse_dob(dob, strict=True, today=common.today())
            dob = parsed.value.isoformat() if parsed.precision == "day" else \
                str(parsed.value.year)
        except (FieldError, AttributeError):
            p.add(prefix + "dob", _("Enter the date of birth as YYYY-MM-DD or the year "
                                    "(YYYY)."))
            dob = ""
    out["dob"] = dob
    district = str(data.get("district") or "").strip()
    out["district"] = None
    if district:
        out["district"] = places.district_by_code(district)
        if out["district"] is None:
            p.add(prefix + "district", _("Unknown district."))
    return out


def checkable(suspect: Suspect) -> bool:
    """Whether the register can be searched for this suspect (a CNIC, or a name with a
    second particular)."""
    return bool(suspect.cnic or (suspect.name and (suspect.surname or suspect.father
                                                   or suspect.dob)))


def _check_suspect(*, user, case: JusticeCase, suspect: Suspect) -> Suspect:
    """The register's reoffence check (``register.selectors.check_suspect``: audited as
    an investigation retrieval with the FIR as reference; a likely match alerts the
    district's SSOIU and prosecution and the officer). Stores the count of likely
    matches on the suspect; their details stay behind the audited register screens.
    A suspect known by a name alone cannot be checked (a name matches thousands): the
    check waits until a CNIC, surname, father's name or birth year is entered."""
    if not checkable(suspect):
        suspect.register_matches, suspect.checked_at = 0, None
        suspect.save(update_fields=["register_matches", "checked_at"])
        return suspect
    hits = register.check_suspect(
        user=user, reference=access.reference_of(case), alert_district=case.district,
        particulars={"given": suspect.name, "surname": suspect.surname,
                     "father": suspect.father, "dob": suspect.dob, "cnic": suspect.cnic,
                     "district": suspect.district.code if suspect.district else ""})
    suspect.register_matches = sum(
        1 for h in hits if h.probability >= register.SUSPECT_ALERT_PROBABILITY)
    suspect.checked_at = common.now()
    suspect.save(update_fields=["register_matches", "checked_at"])
    return suspect


@transaction.atomic
def add_suspect(*, user, case: JusticeCase, particulars: dict) -> Suspect:
    """Name a suspect in the case's FIR (station or investigating officer), checked
    against the register at once. Audited."""
    common.require(user, "justice.edit_suspects", case)
    case = common.lock(case)
    common.at_stage(case, Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION,
                    Stage.CHALLAN_SUBMITTED)
    p = validation.Problems()
    data = clean_suspect(particulars, p)
    p.raise_if_any(errors.InvalidInput)
    if case.fir.suspects.count() >= MAX_SUSPECTS:
        raise errors.InvalidInput(fields={"name": _("An FIR holds at most %(n)s suspects.")
                                          % {"n": MAX_SUSPECTS}})
    suspect = Suspect.objects.create(fir=case.fir, **data)
    common.record(action="suspect_added", user=user, case=case,
                  object_type="justice.suspect", object_id=suspect.pk)
    return _check_suspect(user=user, case=case, suspect=suspect)


@transaction.atomic
def edit_suspect(*, user, case: JusticeCase, suspect: Suspect, particulars: dict) -> Suspect:
    """Correct a suspect's particulars; the register check runs again. Audited with the
    names of the changed fields."""
    common.require(user, "justice.edit_suspects", case)
    case = common.lock(case)
    common.at_stage(case, *common.BEFORE_VERDICT)
    common.of_case(case, suspect)
    p = validation.Problems()
    data = clean_suspect(particulars, p)
    p.raise_if_any(errors.InvalidInput)
    suspect = Suspect.objects.select_for_update().get(pk=suspect.pk)
    changed = sorted(k for k, v in data.items() if getattr(suspect, k) != v)
    for key, value in data.items():
        setattr(suspect, key, value)
    suspect.save()
    common.record(action="suspect_edited", user=user, case=case,
                  object_type="justice.suspect", object_id=suspect.pk,
                  details={"fields": changed})
    return _check_suspect(user=user, case=case, suspect=suspect)


# --- the FIR ---------------------------------------------------------------------------

def clean_sections(value, p: validation.Problems, field: str = "sections") -> list:
    """PPC sections by code (at least one), each known to the register's list."""
    codes = value if isinstance(value, list | tuple) else \
        [c for c in str(value or "").replace(",", " ").split() if c]
    codes = [str(c).strip().upper() for c in codes if str(c).strip()]
    if not codes:
        p.add(field, _("Give at least one PPC section."))
        return []
    known = register.ppc_sections(codes)
    unknown = sorted(set(codes) - {s.code.upper() for s in known})
    if unknown:
        p.add(field, _("Unknown PPC section: %(codes)s.") % {"codes": ", ".join(unknown)})
    return known


def _clean_act_sections(value, p: validation.Problems) -> list[str]:
    codes = value if isinstance(value, list | tuple) else \
        [c for c in str(value or "").replace(",", " ").split() if c]
    codes = [str(c).strip() for c in codes]
    bad = [c for c in codes if c not in ACT_SECTIONS]
    if bad:
        p.add("act_sections", _("Unknown section of the Act: %(codes)s.")
              % {"codes": ", ".join(bad)})
    return sorted(set(codes) - set(bad), key=lambda c: int(c))


def _default_agency(kind: str, district):
    return accounts.agencies(kinds=[kind]).filter(district=district).order_by("pk").first()


@transaction.atomic
def register_fir(*, user, station, number: str, registered_at, sections,
                 act_sections=(), suspects=(), referral: FirReferral | None = None,
                 complainant_case_code: str = "", complainant_female: bool = True
                 ) -> JusticeCase:
    """Register an FIR at ``station`` (a police-station facility) and open its case: from
    a cell's referral (``referral``, or the referral found by ``complainant_case_code``
    in this station's inbox) or a direct complaint. The number is unique per station
    and year (``DuplicateFir``); the case goes to the district's SSOIU and prosecution;
    each suspect is checked against the register; the cell gets the FIR number and
    date. One transaction; audited."""
    common.require(user, "justice.station_inbox", station)
    if not places.is_facility(station, places.FacilityKind.POLICE_STATION):
        raise errors.InvalidInput(fields={"station": _("Choose a police station.")})
    p = validation.Problems()
    number = p.check("number", validation.code, number, max_length=40, required=True,
                     default="")
    moment = registered_at if isinstance(registered_at, datetime) else p.check(
        "registered_at", validation.datetime, registered_at, required=True)
    if moment is not None and timezone.is_naive(moment):
        p.add("registered_at", _("Give the time with its time zone."))
        moment = None
    p.check("registered_at", validation.not_future, moment)
    ppc = clean_sections(sections, p)
    act = _clean_act_sections(act_sections, p)
    code = p.check("complainant_case_code", validation.code, complainant_case_code,
                   max_length=40, default="")
    if not isinstance(suspects, list | tuple):
        p.add("suspects", _("Give the suspects as a list."))
        suspects = []
    if len(suspects) > MAX_SUSPECTS:
        p.add("suspects", _("An FIR holds at most %(n)s suspects.") % {"n": MAX_SUSPECTS})
        suspects = []
    cleaned = [clean_suspect(s, p, prefix=f"suspects.{i}.") for i, s in enumerate(suspects)]
    if referral is None and code:
        referral = FirReferral.objects.filter(
            police_station=station, case_code=code,
            status=FirReferral.Status.REFERRED).order_by("pk").first()
        if referral is None:
            p.add("complainant_case_code", _(
                "No cell referral with this case code awaits an FIR at this station."))
    if referral is not None:
        # Re-read under lock: two officers answering one referral, or a stale page.
        referral = FirReferral.objects.select_for_update().get(pk=referral.pk)
        if referral.police_station_id != station.pk:
            p.add("referral", _("This referral was made to another station."))
        elif referral.status != FirReferral.Status.REFERRED:
            p.add("referral", _("An FIR has already been registered for this referral."))
        if moment is not None and moment < referral.referred_at - _GRACE:
            p.add("registered_at", _("The FIR time is before the cell's referral."))
    p.raise_if_any(errors.InvalidInput)
    year = timezone.localtime(moment).year
    if Fir.objects.filter(station=station, year=year, number=number).exists():
        raise errors.DuplicateFir(fields={"number": errors.DuplicateFir.message})
    try:
        with transaction.atomic():
            fir = Fir.objects.create(
                station=station, district=station.district, number=number, year=year,
                registered_at=moment, act_sections=act,
                source=FirSource.CELL_REFERRAL if referral else FirSource.DIRECT,
                referral=referral, complainant_case_code=referral.case_code if referral
                else "", complainant_female=bool(complainant_female), registered_by=user)
    except IntegrityError:  # a concurrent registration of the same number
        raise errors.DuplicateFir(fields={"number": errors.DuplicateFir.message}) from None
    fir.sections.set(ppc)
    case = JusticeCase.objects.create(
        fir=fir, district=station.district,
        ssoiu=_default_agency(AgencyKind.SSOIU, station.district),
        prosecution_office=_default_agency(AgencyKind.PROSECUTION, station.district),
        stage_changed_at=common.now())
    case.fir = fir
    audit.record(action="justice.fir_registered", actor=user, object_type="justice.case",
                 object_id=case.pk, purpose=Purpose.INVESTIGATION,
                 case_reference=access.reference_of(case),
                 details={"station": station.code, "source": fir.source,
                          "sections": [s.code for s in ppc], "suspects": len(cleaned),
                          "referral": referral.pk if referral else None})
    for data in cleaned:
        suspect = Suspect.objects.create(fir=fir, **data)
        _check_suspect(user=user, case=case, suspect=suspect)
    common.refresh_due(case)
    if referral is not None:
        local = timezone.localtime(moment)
        common.move(referral, lifecycle=lifecycles.FIR_REFERRAL,
                    to=FirReferral.Status.FIR_REGISTERED, action="referral_answered",
                    user=user, case=case, object_type="justice.fir_referral",
                    details={"fir": fir.number},
                    extra={"fir_number": fir.number, "fir_date": local.date(),
                           "fir_recorded_at": common.now()})
        events.fir_registered.send(sender=Fir, survivor_case_id=referral.survivor_case_id,
                                   fir_number=fir.number, fir_date=local.date(),
                                   registered_at=moment)
        common.tell_cell(case, "stage", {"stage": case.stage, "on": str(local.date())})
    return case


