"""A returning survivor found by CNIC or phone through the keyed blind index (issue 15,
item 5): formats, her guardian's numbers, rotation of the keys, who may search, what
another cell's case shows, the audit trail and bad input."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from hifazat.audit.models import AuditEvent
from hifazat.core import blind_index
from hifazat.crisis_cells import selectors, services
from hifazat.crisis_cells.errors import InvalidInput, TooManySearches
from hifazat.crisis_cells.models import Guardian, SurvivorIdentity
from tests.factories import verified_client

pytestmark = pytest.mark.django_db

OWN = ["doctor", "wmlo", "counsellor", "legal", "incharge"]
REFUSED = ["police", "io", "prosecutor", "npb", "analyst", "cell_admin", "sysadmin"]
URL = "/cells/returning/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the per-hour search count lives in the cache
    yield
    cache.clear()


@pytest.fixture
def her(people):
    """A synthetic woman whose CNIC and phone are typed differently at each visit."""
    person = people.person("F", min_age=20, max_age=40)
    digits = person.cnic
    return {"person": person, "cnic": digits,
            "cnic_dashed": f"{digits[:5]}-{digits[5:12]}-{digits[12]}",
            "phone": person.phone}  # "03xx-xxxxxxx"


def _intl(phone: str) -> str:
    """The same mobile written "+92 3xx xxxxxxx"."""
    national = phone.replace("-", "")[1:]
    return f"+92 {national[:3]} {national[3:]}"


@pytest.fixture
def earlier(cell, her):
    """Her earlier case at the Lahore cell, with CNIC and phone."""
    return services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=25,
                              name=her["person"].full_name(), cnic=her["cnic"],
                              phone=her["phone"])


def _raw(table: str, column: str, pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _search(client, user, **data):
    return verified_client(client, user).post(URL, data=data)


# --- the stored index ----------------------------------------------------------------------

def test_the_stored_index_is_keyed_and_not_a_hash_of_the_cnic(settings, cell, her):
    settings.HIFAZAT_BLIND_INDEX_KEYS = blind_index.generate_key()
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=25,
                              cnic=her["cnic_dashed"], phone=her["phone"])
    identity = SurvivorIdentity.objects.get(case=case)
    stored = _raw("crisis_cells_survivoridentity", "cnic_bidx", identity.pk)
    assert stored == blind_index.blind_index("cnic", her["cnic"])
    assert stored != hashlib.sha256(her["cnic"].encode()).hexdigest()[:len(stored)]
    assert her["cnic"] not in stored
    phone_stored = _raw("crisis_cells_survivoridentity", "phone_bidx", identity.pk)
    assert phone_stored == blind_index.blind_index("phone", _intl(her["phone"]))
    # Another key, another index: the same identity saved again is indexed anew.
    settings.HIFAZAT_BLIND_INDEX_KEYS = blind_index.generate_key()
    services.update_identity(user=cell["doctor"], case=case, cnic=her["cnic"])
    assert _raw("crisis_cells_survivoridentity", "cnic_bidx", identity.pk) not in (stored, None)
    # A correction that removes the phone removes its index.
    assert _raw("crisis_cells_survivoridentity", "phone_bidx", identity.pk) is None


def test_the_migration_indexes_rows_stored_before(cell, earlier, her):
    from importlib import import_module

    from django.apps import apps

    SurvivorIdentity.objects.update(cnic_bidx=None, phone_bidx=None)  # as before 0007
    assert selectors.find_returning(cell["doctor"], cnic=her["cnic"]) == []
    migration = import_module("hifazat.crisis_cells.migrations.0007_blind_indexes")
    migration.index_existing_rows(apps, None)
    assert [m.case for m in selectors.find_returning(cell["doctor"], cnic=her["cnic"])] == \
        [earlier]


# --- finding her ---------------------------------------------------------------------------

def test_her_cnic_with_dashes_or_her_phone_written_otherwise_finds_her_case(cell, earlier, her):
    for query in ({"cnic": her["cnic_dashed"]}, {"phone": _intl(her["phone"])},
                  {"phone": her["phone"].replace("-", "")[1:]},  # "3xx..." without the 0
                  {"cnic": her["cnic"], "phone": "0300 0000000"}):
        found = selectors.find_returning(cell["counsellor"], **query)
        assert [m.case for m in found] == [earlier], query
    by_both = selectors.find_returning(cell["doctor"], cnic=her["cnic"], phone=her["phone"])
    assert by_both[0].matched_on == ("cnic", "phone")
    assert selectors.find_returning(cell["doctor"], cnic="35202-0000000-2") == []


def test_a_childs_case_is_found_by_her_guardians_phone(cell, people):
    guardian = people.person("F", min_age=35, max_age=50)
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=12,
                              guardian={"name": guardian.full_name(), "relationship": "Mother",
                                        "cnic": guardian.cnic, "phone": guardian.phone})
    assert Guardian.objects.get(case=case).phone_bidx is not None
    found = selectors.find_returning(cell["doctor"], phone=_intl(guardian.phone))
    assert [(m.case, m.matched_on) for m in found] == [(case, ("guardian_phone",))]


def test_the_page_lists_her_case_here_with_a_link_and_no_identity(client, cell, earlier, her):
    response = _search(client, cell["wmlo"], cnic=her["cnic_dashed"], phone="")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("crisis_cells:case", args=[earlier.code]) in html
    assert her["person"].full_name() not in html and her["cnic"] not in html
    assert her["cnic_dashed"] not in html.split('id="results"', 1)[1]  # only in the box
    assert response["Cache-Control"] == "no-store"


def test_another_cells_case_shows_only_the_cell_and_the_month(client, cell, earlier, her):
    response = _search(client, cell["other_doctor"], cnic=her["cnic"], phone="")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"A previous case at {cell['agency'].name_en}" in html
    month = earlier.arrived_at.astimezone().strftime("%B %Y")
    assert month.split()[1] in html
    assert earlier.code not in html and her["person"].full_name() not in html
    assert "/cells/cases/" not in html.split('id="results"', 1)[1]
    found = selectors.find_returning(cell["other_doctor"], cnic=her["cnic"])
    assert found[0].case is None and found[0].cell_name == cell["agency"].name_en


def test_nothing_found_says_so(client, cell, earlier):
    response = _search(client, cell["doctor"], cnic="", phone="0321 7654321")
    assert response.status_code == 200
    assert "No earlier case was found" in response.content.decode()


def test_the_page_in_urdu(client, cell, earlier, her):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ur"
    response = _search(client, cell["other_doctor"], cnic=her["cnic"], phone="")
    html = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in html
    assert "A previous case at" not in html and "Has she been here before?" not in html
    assert cell["agency"].name_ur in html


# --- key rotation ----------------------------------------------------------------------------

def test_lookups_work_before_during_and_after_rotate_field_keys(settings, cell, her):
    old, new = blind_index.generate_key(), blind_index.generate_key()
    settings.HIFAZAT_BLIND_INDEX_KEYS = old
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=25,
                              cnic=her["cnic"], phone=her["phone"])
    pk = SurvivorIdentity.objects.get(case=case).pk
    under_old = _raw("crisis_cells_survivoridentity", "cnic_bidx", pk)

    def found():
        return [m.case for m in selectors.find_returning(cell["doctor"], cnic=her["cnic"])]

    assert found() == [case]
    settings.HIFAZAT_BLIND_INDEX_KEYS = f"{new},{old}"  # mid-rotation: stored under old
    assert found() == [case]
    assert [m.case for m in selectors.find_returning(cell["doctor"],
                                                     phone=her["phone"])] == [case]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    under_new = _raw("crisis_cells_survivoridentity", "cnic_bidx", pk)
    assert under_new not in (under_old, None)
    settings.HIFAZAT_BLIND_INDEX_KEYS = new  # the old key dropped
    assert found() == [case]


def test_without_the_rotation_dropping_the_old_key_loses_the_rows(settings, cell, her):
    old, new = blind_index.generate_key(), blind_index.generate_key()
    settings.HIFAZAT_BLIND_INDEX_KEYS = old
    services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=25,
                       cnic=her["cnic"])
    settings.HIFAZAT_BLIND_INDEX_KEYS = new
    assert selectors.find_returning(cell["doctor"], cnic=her["cnic"]) == []


def test_rotate_field_keys_reports_the_reindexed_rows(cell, earlier):
    from io import StringIO

    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "crisis_cells.SurvivorIdentity blind indexes: 1 rows re-indexed" in out.getvalue()


# --- who may search ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", [*OWN, "other_doctor", "vawc_counsellor", "vawc_incharge"])
def test_cell_staff_may_search(client, cell, earlier, her, who):
    response = _search(client, cell[who], cnic=her["cnic"], phone="")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="crisis_cells.returning_searched",
                                     actor_id=cell[who].pk).count() == 1


@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused_and_the_refusal_audited(client, cell, earlier, her, who):
    for response in (verified_client(client, cell[who]).get(URL),
                     _search(client, cell[who], cnic=her["cnic"], phone="")):
        assert response.status_code == 403
        assert her["cnic"] not in response.content.decode()
    with pytest.raises(PermissionDenied):
        selectors.find_returning(cell[who], cnic=her["cnic"])
    refusals = AuditEvent.objects.filter(action="crisis_cells.find_returning_refused",
                                         actor_id=cell[who].pk)
    assert refusals.count() == 3
    assert not AuditEvent.objects.filter(action="crisis_cells.returning_searched").exists()
    assert all(her["cnic"] not in str(e.details) for e in refusals)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_dashboard_and_intake_offer_the_search_to_cell_staff(client, cell):
    signed_in = verified_client(client, cell["counsellor"])
    for page in ("crisis_cells:dashboard", "crisis_cells:intake"):
        assert URL in signed_in.get(reverse(page)).content.decode()


# --- the audit trail -------------------------------------------------------------------------

def test_every_search_is_audited_with_counts_and_never_the_number(cell, earlier, her):
    selectors.find_returning(cell["doctor"], cnic=her["cnic_dashed"], phone=her["phone"])
    selectors.find_returning(cell["other_doctor"], cnic=her["cnic"])
    selectors.find_returning(cell["doctor"], phone="0333 1112223")
    events = list(AuditEvent.objects.filter(action="crisis_cells.returning_searched")
                  .order_by("seq"))
    assert [(e.details["by"], e.details["here"], e.details["elsewhere"]) for e in events] == [
        (["cnic", "phone"], 1, 0), (["cnic"], 0, 1), (["phone"], 0, 0)]
    assert events[0].details["cases"] == [earlier.code] and events[2].details["matches"] == 0
    digests = {*blind_index.lookup_values("cnic", her["cnic"]),
               *blind_index.lookup_values("phone", her["phone"])}
    phone_digits = her["phone"].replace("-", "")
    for event in events:
        text = f"{event.details} {event.reason} {event.case_reference} {event.object_id}"
        assert her["cnic"] not in text and phone_digits[1:] not in text
        assert not any(d in text for d in digests)
        assert event.purpose == "care"


# --- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("data, field, message", [
    ({"cnic": "35202-12345", "phone": ""}, "cnic", "A CNIC has 13 digits"),
    ({"cnic": "", "phone": "call me"}, "phone", "Enter a phone number like"),
    ({"cnic": "", "phone": "0300 12"}, "phone", "Enter a phone number like"),
    ({"cnic": "", "phone": ""}, "cnic", "Give her CNIC or phone number"),
    ({}, "cnic", "Give her CNIC or phone number"),
    ({"cnic": "3" * 5000, "phone": ""}, "cnic", "characters"),
])
def test_bad_input_is_a_message_next_to_the_field_never_a_500(client, cell, data, field,
                                                              message):
    response = _search(client, cell["doctor"], **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert not AuditEvent.objects.filter(action="crisis_cells.returning_searched").exists()


def test_an_unknown_field_is_refused(client, cell):
    response = _search(client, cell["doctor"], cnic="3520212345678", phone="", name="Zainab")
    assert response.status_code == 400


def test_a_get_never_searches(client, cell, earlier, her):
    response = verified_client(client, cell["doctor"]).get(URL, {"cnic": her["cnic"]})
    assert response.status_code == 200
    assert "Earlier cases" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="crisis_cells.returning_searched").exists()


def test_the_selector_refuses_bad_input_by_field(cell):
    with pytest.raises(InvalidInput) as exc:
        selectors.find_returning(cell["doctor"], cnic="12", phone="abc")
    assert set(exc.value.fields) == {"cnic", "phone"}


def test_searches_past_the_hourly_limit_are_refused_and_audited(client, settings, cell, her):
    settings.CELL_RETURNING_SEARCHES_PER_HOUR = 2
    for _ in range(2):
        assert _search(client, cell["doctor"], cnic=her["cnic"], phone="").status_code == 200
    response = _search(client, cell["doctor"], cnic=her["cnic"], phone="")
    assert response.status_code == 400
    assert "Too many searches" in response.content.decode()
    with pytest.raises(TooManySearches):
        selectors.find_returning(cell["doctor"], cnic=her["cnic"])
    assert AuditEvent.objects.filter(action="crisis_cells.find_returning_refused",
                                     reason="too_many_searches").count() == 2
    # Another member of staff is not held back by her colleague's searches.
    assert _search(client, cell["wmlo"], cnic=her["cnic"], phone="").status_code == 200
