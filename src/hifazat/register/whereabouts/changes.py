"""What an offender reports to police (Rules 2023: changes of name, address and
travel; and, as mature registers ask, employment and vehicles). One service,
``report_change``, validates the details per kind and applies the change."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.register import services as register
from hifazat.register.whereabouts import notify, selectors, services, windows
from hifazat.register.whereabouts.errors import InvalidWhereabouts, WrongState
from hifazat.register.whereabouts.models import Employment, ReportedChange, Travel, Vehicle
from hifazat.register.whereabouts.validation import Checker

K = ReportedChange.Kind
# Where each kind keeps the date the change happened.
HAPPENED_FIELD = {K.NAME: "changed_on", K.ADDRESS: "moved_on", K.TRAVEL_DOMESTIC: "starts_on",
                  K.TRAVEL_ABROAD: "starts_on", K.EMPLOYMENT: "starts_on", K.VEHICLE: "starts_on"}


def _clean(kind: str, details: dict, check: Checker, reported_on: date | None) -> dict:
    """The cleaned details of one kind (dates as dates, districts as District)."""
    out: dict = {}
    happened = HAPPENED_FIELD[kind]
    out[happened] = check.date(details.get(happened), happened)
    if kind == K.NAME:
        out["name"] = check.text(details.get("name"), "name")
        out["surname"] = check.text(details.get("surname"), "surname", required=False)
    elif kind == K.ADDRESS:
        out["address"] = check.text(details.get("address"), "address")
        out["district"] = check.district(details.get("district"), "district")
    elif kind in (K.TRAVEL_DOMESTIC, K.TRAVEL_ABROAD):
        out["ends_on"] = check.date(details.get("ends_on"), "ends_on")
        if out["starts_on"] and out["ends_on"] and out["ends_on"] < out["starts_on"]:
            check.fail("ends_on", _("The return date is before the departure date."))
        if kind == K.TRAVEL_DOMESTIC:
            out["district"] = check.district(details.get("district"), "district")
        else:
            out["country"] = check.text(details.get("country"), "country")
    elif kind == K.EMPLOYMENT:
        out["employer"] = check.text(details.get("employer"), "employer")
        out["occupation"] = check.text(details.get("occupation"), "occupation", required=False)
        out["district"] = check.district(details.get("district"), "district", required=False)
    elif kind == K.VEHICLE:
        out["registration_number"] = check.text(details.get("registration_number"),
                                                "registration_number").upper()
        out["description"] = check.text(details.get("description"), "description",
                                        required=False)
    if kind not in (K.TRAVEL_DOMESTIC, K.TRAVEL_ABROAD) and reported_on and out[happened] \
            and out[happened] > reported_on:
        check.fail(happened, _("Report a change once it has happened: this date is after "
                               "the report."))
    return out


def _is_late(kind: str, happened: date, reported_on: date) -> tuple[bool, int]:
    """(late?, days of notice or delay). Travel abroad needs FOREIGN_TRAVEL_NOTICE_DAYS
    of notice; travel within Pakistan notice before leaving; other changes are late
    when reported more than CHANGE_REPORT_DAYS after they happened."""
    days = (happened - reported_on).days
    if kind == K.TRAVEL_ABROAD:
        return days < windows.days("FOREIGN_TRAVEL_NOTICE_DAYS"), days
    if kind == K.TRAVEL_DOMESTIC:
        return days < 0, days
    return -days > windows.days("CHANGE_REPORT_DAYS"), days


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
    services._require(actor, "whereabouts.report_change", offender)
    offender = services._locked(offender)
    if offender.status in services.CLOSED_STATUSES:
        raise WrongState
    check = Checker()
    if kind not in K.values:
        raise InvalidWhereabouts(fields={"kind": _("Choose what changed.")})
    if not isinstance(details, dict):
        raise InvalidWhereabouts(fields={"details": _("Give the details of the change.")})
    reported_on = check.date(reported_on, "reported_on")
    check.not_future(reported_on, "reported_on", selectors.today())
    clean = _clean(kind, details, check, reported_on)
    check.done()
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
    services._set_address(offender=offender, actor=actor, line=clean["address"],
                          district=clean["district"], valid_from=clean["moved_on"],
                          source="reported change")
    services.move_responsibility(offender=offender, actor=actor, district=clean["district"],
                                 reason=_("Change of address to another district reported"))


def _apply_travel(*, offender, actor, change, clean, days):
    abroad = change.kind == K.TRAVEL_ABROAD
    Travel.objects.create(
        offender=offender, change=change, is_abroad=abroad, starts_on=clean["starts_on"],
        ends_on=clean["ends_on"], destination_district=clean.get("district"),
        destination_country=clean.get("country", ""), days_of_notice=days)
    values = {"number": offender.register_number, "start": clean["starts_on"].isoformat(),
              "end": clean["ends_on"].isoformat(), "days": days}
    if abroad:
        values["country"] = clean["country"]
        notify.send(
            kind=notify.TRAVEL_ABROAD, offender=offender, sender=actor,
            subject=_("%(number)s travelling abroad %(start)s to %(end)s") % values,
            body=_("Register record %(number)s gave notice of travel to %(country)s from "
                   "%(start)s to %(end)s (%(days)d days of notice).") % values,
            to_agencies=notify.agencies(national_kinds=windows.foreign_travel_agency_kinds()))
        today = selectors.today()
        if clean["starts_on"] <= today <= clean["ends_on"] and offender.status in (
                services.S.COMPLIANT, services.S.RELEASED_REPORTING):
            register.set_status(offender=offender, status=services.S.ABROAD, actor=actor,
                                reason=_("Travelling abroad (notified)"))
    else:
        values["district"] = clean["district"].name_en
        notify.send(
            kind=notify.TRAVEL_DOMESTIC, offender=offender, sender=actor,
            subject=_("%(number)s visiting %(district)s %(start)s to %(end)s") % values,
            body=_("Register record %(number)s gave notice of travel to %(district)s from "
                   "%(start)s to %(end)s.") % values,
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
