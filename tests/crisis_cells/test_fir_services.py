"""FIR referral: consent at the time of use, a notice with the case code only, the
station's inbox (justice), the FIR registered there coming back to the case with the
arrival-to-FIR time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hifazat.crisis_cells import access, errors, services
from hifazat.justice import access as justice_access
from hifazat.justice import selectors as justice_selectors
from hifazat.justice import services as justice
from hifazat.justice.errors import InvalidInput as JusticeInput
from hifazat.justice.models import FirReferral

pytestmark = pytest.mark.django_db


def _consent(cell, case):
    services.record_consent(user=cell["doctor"], case=case, use="police_report",
                            is_given=True, given_by="survivor")


def test_referral_without_police_consent_is_refused(cell, opened):
    with pytest.raises(errors.ConsentRequired):
        services.refer_for_fir(user=cell["legal"], case=opened,
                               police_station=cell["places"]["ps_lhr"])
    assert not FirReferral.objects.exists()


def test_withdrawn_consent_stops_the_referral(cell, opened):
    _consent(cell, opened)
    services.withdraw_consent(user=cell["doctor"], case=opened, use="police_report")
    with pytest.raises(errors.ConsentRequired):
        services.refer_for_fir(user=cell["legal"], case=opened,
                               police_station=cell["places"]["ps_lhr"])


def test_referral_notifies_the_station_with_the_code_only(cell, opened, survivor):
    from hifazat.notices.models import Notice

    _consent(cell, opened)
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    notice = Notice.objects.get(pk=referral.notice_id)
    assert opened.code in notice.subject and notice.reference == opened.code
    text = notice.subject + notice.body + notice.reference
    assert survivor.full_name() not in text and "Tall man" not in text
    assert justice_selectors.referral_inbox(cell["police"]) == [referral]
    assert justice_selectors.referral_inbox(cell["io"]) == []


def test_not_a_police_station_is_refused(cell, opened):
    _consent(cell, opened)
    with pytest.raises(errors.InvalidInput) as exc:
        services.refer_for_fir(user=cell["legal"], case=opened,
                               police_station=cell["places"]["hosp_lhr"])
    assert "police_station" in exc.value.fields


def test_fir_registered_by_the_station_comes_back_with_arrival_to_fir(cell, opened):
    from hifazat.core import clock
    from hifazat.register import services as register

    register.load_ppc_sections()
    _consent(cell, opened)
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    with pytest.raises(JusticeInput) as exc:
        justice.register_fir(user=cell["police"], station=cell["places"]["ps_lhr"],
                             number="", registered_at=clock.now() + timedelta(days=2),
                             sections=[], referral=referral)
    assert {"number", "registered_at", "sections"} <= set(exc.value.fields)
    # Only the station's own officers register it; the cell does not (answered like a
    # station that does not exist).
    from hifazat.core.errors import NotFound

    for who in (cell["io"], cell["legal"]):
        with pytest.raises(NotFound):
            justice.register_fir(user=who, station=cell["places"]["ps_lhr"], number="123",
                                 registered_at=clock.now(), sections=["376"],
                                 referral=referral)
    justice.register_fir(user=cell["police"], station=cell["places"]["ps_lhr"],
                         number="123", registered_at=clock.now(), sections=["376"],
                         referral=referral)
    opened.refresh_from_db()
    referral.refresh_from_db()
    assert referral.status == FirReferral.Status.FIR_REGISTERED
    assert opened.fir_number == "123" and opened.fir_date == timezone.localdate()
    assert timedelta(0) <= opened.arrival_to_fir < timedelta(hours=2)
    assert opened.activity.filter(kind="fir_recorded").exists()
    # The police officer still cannot open the case itself.
    with pytest.raises(NotFound):
        access.access_case(user=cell["police"], code=opened.code)


def test_sharing_with_prosecution_needs_its_own_consent(cell, opened, survivor):
    from hifazat.notices.models import Notice

    office = cell["prosecutor"].agency
    _consent(cell, opened)  # police consent is not prosecution consent
    with pytest.raises(errors.ConsentRequired):
        services.share_with_prosecution(user=cell["legal"], case=opened,
                                        prosecution_office=office)
    services.record_consent(user=cell["doctor"], case=opened, use="prosecution_sharing",
                            is_given=True, given_by="survivor")
    with pytest.raises(PermissionDenied):
        services.share_with_prosecution(user=cell["doctor"], case=opened,
                                        prosecution_office=office)
    with pytest.raises(errors.InvalidInput):
        services.share_with_prosecution(user=cell["legal"], case=opened,
                                        prosecution_office=cell["ps_agency"])
    notice = services.share_with_prosecution(user=cell["legal"], case=opened,
                                             prosecution_office=office)
    assert Notice.objects.filter(pk=notice.pk, reference=opened.code).exists()
    assert survivor.full_name() not in notice.body + notice.subject
    services.withdraw_consent(user=cell["doctor"], case=opened, use="prosecution_sharing")
    with pytest.raises(errors.ConsentRequired):
        services.share_with_prosecution(user=cell["legal"], case=opened,
                                        prosecution_office=office)


def test_station_officer_reaches_the_referral_but_not_other_stations(cell, opened):
    from hifazat.accounts.roles import AgencyKind, Role
    from hifazat.core.errors import NotFound
    from hifazat.places.models import Facility
    from tests.factories import give_role, make_agency, make_user

    _consent(cell, opened)
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    assert justice_access.access_referral(user=cell["police"],
                                          referral_id=referral.pk) == referral
    other_station = Facility.objects.create(code="PS-LHR-2", kind="police_station",
                                            name_en="PS 2", name_ur="PS 2",
                                            district=cell["places"]["LHR"])
    # An officer of another station (a station-level role; a district-level officer
    # covers every station of the district).
    other_officer = make_user(make_agency(AgencyKind.POLICE_STATION, other_station))
    give_role(other_officer, Role.POLICE_STATION_OFFICER, scope="facility")
    for who in (other_officer, cell["io"], cell["other_doctor"], cell["legal"]):
        with pytest.raises(NotFound):
            justice_access.access_referral(user=who, referral_id=referral.pk)
    with pytest.raises(NotFound):
        justice_access.access_referral(user=cell["police"], referral_id=referral.pk + 999)
