"""Training and certification records: recorded and withdrawn by the administrators of
the person's agency (and the system administrator) only, each answer checked by the
validation kernel, every write audited; the selectors that the roster and the
stocktake read; the section on the user page in English and Urdu; the staff member's
sex set on the same page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hifazat.accounts import selectors, services
from hifazat.accounts.errors import InvalidAccountDetails, OutsideOwnAgency
from hifazat.accounts.models import TrainingRecord
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit.models import AuditEvent
from hifazat.core import permissions
from tests.factories import give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db

WMLO = "wmlo_certification"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _verified(user):
    user.is_verified = lambda: True
    return user


@pytest.fixture
def world(cell_agency, other_cell_agency):
    admin = make_user(cell_agency, username="cell.admin")
    give_role(admin, Role.AGENCY_ADMIN)
    other_admin = make_user(other_cell_agency, username="other.admin")
    give_role(other_admin, Role.AGENCY_ADMIN)
    sysadmin = make_user(make_agency(AgencyKind.SYSTEM, code="SYSTEM"), username="sysadmin")
    give_role(sysadmin, Role.SYSTEM_ADMIN)
    wmlo = make_user(cell_agency, username="the.wmlo")
    give_role(wmlo, Role.WMLO)
    return {"admin": _verified(admin), "other_admin": _verified(other_admin),
            "sysadmin": _verified(sysadmin), "wmlo": _verified(wmlo)}


def _today():
    return timezone.localdate()


# --- services -----------------------------------------------------------------------

def test_an_administrator_records_training_and_it_is_audited(world):
    record = services.record_training(
        actor=world["admin"], user=world["wmlo"], course=WMLO,
        certified_on=(_today() - timedelta(days=30)).isoformat(),
        expires_on=(_today() + timedelta(days=700)).isoformat(),
        certificate_number=" wmlo-pb-2026-1 ")
    assert record.certificate_number == "WMLO-PB-2026-1"
    assert record.recorded_by == world["admin"]
    event = AuditEvent.objects.get(action="accounts.training_recorded")
    assert event.actor_id == world["admin"].pk and event.object_id == str(record.pk)
    assert event.purpose == "administration"


@pytest.mark.parametrize("answers,fields", [
    ({"course": "astrology"}, {"course"}),
    ({"certified_on": ""}, {"certified_on"}),
    ({"certified_on": "01/03/2026"}, {"certified_on"}),
    ({"certified_on": "FUTURE"}, {"certified_on"}),
    ({"expires_on": "BEFORE"}, {"expires_on"}),
    ({"expires_on": "SAME"}, {"expires_on"}),
    ({"expires_on": "2026-02-30"}, {"expires_on"}),
    ({"certificate_number": "<script>"}, {"certificate_number"}),
    ({"certificate_number": "A" * 65}, {"certificate_number"}),
    ({"course": "", "certified_on": ""}, {"course", "certified_on"}),
])
def test_bad_answers_are_named_by_field(world, answers, fields):
    certified = _today() - timedelta(days=10)
    data = {"course": WMLO, "certified_on": certified.isoformat(), "expires_on": "",
            "certificate_number": "C-1"}
    data.update(answers)
    special = {"FUTURE": (_today() + timedelta(days=1)).isoformat(),
               "BEFORE": (certified - timedelta(days=1)).isoformat(),
               "SAME": certified.isoformat()}
    data = {k: special.get(v, v) for k, v in data.items()}
    with pytest.raises(InvalidAccountDetails) as caught:
        services.record_training(actor=world["admin"], user=world["wmlo"], **data)
    assert set(caught.value.fields) == fields
    assert not TrainingRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="accounts.training_recorded").exists()


def test_the_same_certificate_twice_is_refused(world):
    kwargs = {"user": world["wmlo"], "course": WMLO, "certified_on": _today(),
              "certificate_number": "C-9"}
    services.record_training(actor=world["admin"], **kwargs)
    with pytest.raises(InvalidAccountDetails) as caught:
        services.record_training(actor=world["admin"], **kwargs)
    assert set(caught.value.fields) == {"certificate_number"}


def test_only_administrators_of_the_persons_agency_or_the_system_administrator(world):
    with pytest.raises(OutsideOwnAgency):
        services.record_training(actor=world["other_admin"], user=world["wmlo"],
                                 course=WMLO, certified_on=_today())
    with pytest.raises(OutsideOwnAgency):
        services.record_training(actor=world["wmlo"], user=world["wmlo"], course=WMLO,
                                 certified_on=_today())
    record = services.record_training(actor=world["sysadmin"], user=world["wmlo"],
                                      course=WMLO, certified_on=_today())
    with pytest.raises(OutsideOwnAgency):
        services.withdraw_training(actor=world["other_admin"], record=record)
    assert permissions.can(world["admin"], "accounts.manage_training", record)
    assert not permissions.can(world["other_admin"], "accounts.manage_training", record)


def test_withdrawn_records_stay_but_no_longer_count(world):
    record = services.record_training(actor=world["admin"], user=world["wmlo"], course=WMLO,
                                      certified_on=_today() - timedelta(days=5))
    assert list(selectors.trained_staff(course=WMLO)) == [world["wmlo"]]
    services.withdraw_training(actor=world["admin"], record=record)
    record.refresh_from_db()
    assert record.withdrawn_at is not None and record.withdrawn_by == world["admin"]
    assert not selectors.trained_staff(course=WMLO).exists()
    assert not selectors.training_of(world["wmlo"]).exists()
    assert AuditEvent.objects.filter(action="accounts.training_withdrawn").count() == 1


# --- selectors ----------------------------------------------------------------------

def test_trained_staff_on_a_day(world, cell_agency, other_cell_agency):
    start = date(2025, 1, 10)
    services.record_training(actor=world["admin"], user=world["wmlo"], course=WMLO,
                             certified_on=start, expires_on=date(2026, 1, 10))
    assert not selectors.trained_staff(course=WMLO, on=date(2025, 1, 9)).exists()
    assert selectors.trained_staff(course=WMLO, on=start).exists()
    assert selectors.trained_staff(agency=cell_agency, course=WMLO,
                                   on=date(2026, 1, 9)).exists()
    assert not selectors.trained_staff(course=WMLO, on=date(2026, 1, 10)).exists()  # expired
    assert not selectors.trained_staff(agency=other_cell_agency, course=WMLO,
                                       on=start).exists()
    assert not selectors.trained_staff(course="who_cmr", on=start).exists()
    world["wmlo"].is_active = False
    world["wmlo"].save()
    assert not selectors.trained_staff(course=WMLO, on=start).exists()


def test_training_of_lists_the_persons_records(world):
    services.record_training(actor=world["admin"], user=world["wmlo"], course="who_cmr",
                             certified_on=_today())
    services.record_training(actor=world["admin"], user=world["wmlo"], course=WMLO,
                             certified_on=_today())
    assert [r.course for r in selectors.training_of(world["wmlo"])] == ["who_cmr", WMLO]


# --- sex ----------------------------------------------------------------------------

def test_set_sex_is_checked_and_audited(world):
    services.set_sex(actor=world["admin"], user=world["wmlo"], sex="F")
    world["wmlo"].refresh_from_db()
    assert world["wmlo"].sex == "F"
    event = AuditEvent.objects.filter(action="accounts.user_changed").last()
    assert event.details == {"fields": ["sex"]} and event.actor_id == world["admin"].pk
    with pytest.raises(InvalidAccountDetails) as caught:
        services.set_sex(actor=world["admin"], user=world["wmlo"], sex="Q")
    assert set(caught.value.fields) == {"sex"}
    with pytest.raises(OutsideOwnAgency):
        services.set_sex(actor=world["other_admin"], user=world["wmlo"], sex="M")


# --- screens ------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ur"])
def test_user_page_lists_training_with_expired_marked(client, world, language):
    services.record_training(actor=world["admin"], user=world["wmlo"], course="who_cmr",
                             certified_on=date(2020, 1, 1), expires_on=date(2023, 1, 1),
                             certificate_number="OLD-1")
    verified_client(client, world["admin"])
    client.cookies["hifazat_language"] = language
    page = client.get(reverse("accounts:user_detail", args=[world["wmlo"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="training"' in html and "OLD-1" in html and 'class="flag"' in html
    assert 'name="training-course"' in html and 'name="profile-sex"' in html
    if language == "ur":
        assert 'dir="rtl"' in html
        assert "Training and certification" not in html and "Expired" not in html


def test_adding_and_withdrawing_from_the_page(client, world):
    verified_client(client, world["admin"])
    url = reverse("accounts:user_training", args=[world["wmlo"].pk])
    response = client.post(url, {"training-course": WMLO,
                                 "training-certified_on": _today().isoformat(),
                                 "training-expires_on": "", "training-certificate_number": ""})
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    bad = client.post(url, {"training-course": WMLO, "training-certified_on": "2030-01-01",
                            "training-expires_on": "", "training-certificate_number": ""})
    assert bad.status_code == 400 and "This is in the future." in bad.content.decode()
    assert client.post(url, {"training-course": WMLO, "two_finger": "1"}).status_code == 400
    withdraw = reverse("accounts:user_training_withdraw", args=[world["wmlo"].pk, record.pk])
    assert client.post(withdraw).status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert client.post(withdraw).status_code == 404  # already withdrawn: not found


def test_another_agencys_administrator_is_refused(client, world):
    record = services.record_training(actor=world["admin"], user=world["wmlo"], course=WMLO,
                                      certified_on=_today())
    verified_client(client, world["other_admin"])
    url = reverse("accounts:user_training", args=[world["wmlo"].pk])
    assert client.post(url, {"training-course": WMLO,
                             "training-certified_on": _today().isoformat()}).status_code == 404
    withdraw = reverse("accounts:user_training_withdraw", args=[world["wmlo"].pk, record.pk])
    assert client.post(withdraw).status_code == 404
    # Staff without the action get a 403.
    verified_client(client, world["wmlo"])
    assert client.post(url, {}).status_code == 403


def test_setting_sex_from_the_page(client, world):
    verified_client(client, world["admin"])
    url = reverse("accounts:user_sex", args=[world["wmlo"].pk])
    assert client.post(url, {"profile-sex": "F"}).status_code == 302
    world["wmlo"].refresh_from_db()
    assert world["wmlo"].sex == "F"
    assert client.post(url, {"profile-sex": "Q"}).status_code == 400
    verified_client(client, world["other_admin"])
    assert client.post(url, {"profile-sex": "M"}).status_code == 404
