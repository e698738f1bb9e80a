"""What an offender reports to police (Rules 2023: changes of name, address and
travel; and, as mature registers ask, employment and vehicles). One service,
``report_change``, validates the details per kind and applies the change."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.whereabouts import deadlines, selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import InvalidWhereabouts, WrongState
from hifazat.register.whereabouts.models import Employment, ReportedChange, Travel, Vehicle
from hifazat.register.whereabouts.services import notify
from hifazat.register.whereabouts.services.management import (
    CLOSED_STATUSES,
    S,
    locked,
    move_responsibility,
    require,
    set_address,
)

K = ReportedChange.Kind
# Where each kind keeps the date the change happened.
HAPPENED_FIELD = {K.NAME: "changed_on", K.ADDRESS: "moved_on", K.TRAVEL_DOMESTIC: "starts_on",
                  K.TRAVEL_ABROAD: "starts_on", K.EMPLOYMENT: "starts_on", K.VEHICLE: "starts_on"}


def _text(problems, details, field, *, required=True, check=v.free_text):
    return problems.check(field, check, details.get(field), required=required,
                          max_length=checks.MAX_TEXT[field])


def _clean(kind: str, details: dict, problems: v.Problems, reported_on: date | None) -> dict:
    """The cleaned details of one kind (dates as dates, districts as District)."""
    out: dict = {}
    happened = HAPPENED_FIELD[kind]
    out[happened] = problems.check(happened, v.date, details.get(happened), required=True)
    if kind == K.NAME:
        # A name as the register keeps it: no hidden direction controls, no mixed script.
        out["name"] = _text(problems, details, "name", check=v.person_name)
        out["surname"] = _text(problems, details, "surname", required=False,
                               check=v.person_name)
    elif kind == K.ADDRESS:
        out["address"] = _text(problems, details, "address")
        out["district"] = problems.check("district", checks.district, details.get("district"))
    elif kind in (K.TRAVEL_DOMESTIC, K.TRAVEL_ABROAD):
        out["ends_on"] = problems.check("ends_on", v.date, details.get("ends_on"),
                                        required=True)
        if out["starts_on"] and out["ends_on"] and out["ends_on"] < out["starts_on"]:
            problems.add("ends_on", _("The return date is before the departure date."))
        if kind == K.TRAVEL_DOMESTIC:
            out["district"] = problems.check("district", checks.district,
                                             details.get("district"))
        else:
            out["country"] = _text(problems, details, "country")
    elif kind == K.EMPLOYMENT:
        out["employer"] = _text(problems, details, "employer")
        out["occupation"] = _text(problems, details, "occupation", required=False)
        out["district"] = problems.check("district", checks.district, details.get("district"),
                                         required=False)
    elif kind == K.VEHICLE:
        out["registration_number"] = _text(problems, details, "registration_number",
                                           check=v.code)
        out["description"] = _text(problems, details, "description", required=False)
    if kind not in (K.TRAVEL_DOMESTIC, K.TRAVEL_ABROAD) and reported_on and out[happened] \
            and out[happened] > reported_on:
        problems.add(happened, _("Report a change once it has happened: this date is after "
                                 "the report."))
    return out


def _is_late(kind: str, happened: date, reported_on: date) -> tuple[bool, int]:
    """(late?, days of notice or delay). Travel abroad needs the foreign-travel notice
    (``deadlines.FOREIGN_TRAVEL_NOTICE``); travel within Pakistan notice before leaving;
    other changes are late when reported after the change-reporting window."""
    days = (happened - reported_on).days
    if kind == K.TRAVEL_ABROAD:
        return days < deadlines.FOREIGN_TRAVEL_NOTICE.value(), days
    if kind == K.TRAVEL_DOMESTIC:
        return days < 0, days
    return -days > deadlines.CHANGE_REPORT.value(), days


def _stored(clean: dict) -> dict:
    return {k: (v.code if hasattr(v, "province_id") else v.isoformat() if isinstance(v, date)
                else v) for k, v in clean.items() if v not in (None, "")}


@transaction.atomic
def report_change(*, offender, actor, kind: str, details: dict, reported_on) -> ReportedChange:
    """Record what the offender reported, on ``reported_on``; ``details`` per ``kind``:

    * name: name, surname?, changed_on -> a new alias, indexed for search;
    * address: address, district, moved_on -> the current address; responsibility moves
      to the new district, which is notified;
    * travel_domestic: district, starts_on, ends_on -> the destination district notified;
    * travel_abroad: country, starts_on, ends_on -> the agencies of
      FOREIGN_TRAVEL_NOTIFY_AGENCY_KINDS notified; status "abroad" while away;
    * employment: employer, occupation?, district?, starts_on;
    * vehicle: registration_number, description?, starts_on.

    A late report is recorded with is_late. Refuses an unknown kind and every bad field
    (InvalidWhereabouts with a message per field), a closed record (WrongState)."""
    require(actor, "whereabouts.report_change", offender)
    offender = locked(offender)
    if offender.status in CLOSED_STATUSES:
        raise WrongState
    if kind not in K.values:
        raise InvalidWhereabouts(fields={"kind": _("Choose what changed.")})
    if not isinstance(details, dict):
        raise InvalidWhereabouts(fields={"details": _("Give the details of the change.")})
    problems = v.Problems()
    reported_on = problems.check("reported_on", v.date, reported_on, required=True)
    reported_on = problems.check("reported_on", v.not_future, reported_on)
    clean = _clean(kind, details, problems, reported_on)
    problems.raise_if_any(InvalidWhereabouts)
    happened = clean[HAPPENED_FIELD[kind]]
    is_late, days = _is_late(kind, happened, reported_on)
    change = ReportedChange.objects.create(
        offender=offender, kind=kind, details=_stored(clean), happened_on=happened,
        reported_on=reported_on, is_late=is_late, recorded_by=actor)
    register.record_change(
        offender=offender, actor=actor,
        reason=_("Reported by the offender (late)") if is_late else _("Reported by the offender"),
        change={"reported_change": kind, "happened_on": happened, "is_late": is_late},
        action=f"whereabouts.change_{kind}")
    _APPLY[kind](offender=offender, actor=actor, change=change, clean=clean, days=days)
    return change


def _apply_name(*, offender, actor, change, clean, days):
    register.add_alias(offender=offender, actor=actor, name=clean["name"],
                       surname=clean["surname"], source=_("reported change of name"),
                       reason=_("Change of name reported by the offender"),
                       valid_from=clean["changed_on"])


def _apply_address(*, offender, actor, change, clean, days):
    set_address(offender=offender, actor=actor, line=clean["address"],
                district=clean["district"], valid_from=clean["moved_on"],
                source="reported change")
    move_responsibility(offender=offender, actor=actor, district=clean["district"],
                        reason=_("Change of address to another district reported"))


def _apply_travel(*, offender, actor, change, clean, days):
    abroad = change.kind == K.TRAVEL_ABROAD
    Travel.objects.create(
        offender=offender, change=change, is_abroad=abroad, starts_on=clean["starts_on"],
        ends_on=clean["ends_on"], destination_district=clean.get("district"),
        destination_country=clean.get("country", ""), days_of_notice=days)
    values = {"number": offender.register_number, "start": notify.day(clean["starts_on"]),
              "end": notify.day(clean["ends_on"]), "days": days}
    if abroad:
        values["country"] = clean["country"]
        notify.send(
            kind=notify.TRAVEL_ABROAD, offender=offender, sender=actor,
            params=values,
            to_agencies=notify.agencies(national_kinds=notify.foreign_travel_agency_kinds()))
        today = selectors.today()
        if clean["starts_on"] <= today <= clean["ends_on"] and offender.status in (
                S.COMPLIANT, S.RELEASED_REPORTING):
            register.set_status(offender=offender, status=S.ABROAD, actor=actor,
                                reason=_("Travelling abroad (notified)"))
    else:
        values["district"] = notify.name(clean["district"])
        notify.send(
            kind=notify.TRAVEL_DOMESTIC, offender=offender, sender=actor,
            params=values,
            to_agencies=notify.agencies(district=clean["district"],
                                        kinds_in_district=notify.DISTRICT_POLICE))


def _apply_employment(*, offender, actor, change, clean, days):
    Employment.objects.create(offender=offender, employer=clean["employer"],
                              occupation=clean["occupation"], district=clean.get("district"),
                              starts_on=clean["starts_on"], change=change)


def _apply_vehicle(*, offender, actor, change, clean, days):
    Vehicle.objects.create(offender=offender, registration_number=clean["registration_number"],
                           description=clean["description"], starts_on=clean["starts_on"],
                           change=change)


_APPLY = {K.NAME: _apply_name, K.ADDRESS: _apply_address, K.TRAVEL_DOMESTIC: _apply_travel,
          K.TRAVEL_ABROAD: _apply_travel, K.EMPLOYMENT: _apply_employment,
          K.VEHICLE: _apply_vehicle}
