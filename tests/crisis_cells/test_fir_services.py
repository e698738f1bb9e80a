"""FIR referral: consent at the time of use, a notice with the case code only, the FIR
number recorded back, arrival-to-FIR time kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hifazat.crisis_cells import access, errors, selectors, services
from hifazat.crisis_cells.models import FirReferral

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
    assert list(selectors.fir_referrals_for_station(cell["police"])) == [referral]
    assert list(selectors.fir_referrals_for_station(cell["io"])) == []


def test_not_a_police_station_is_refused(cell, opened):
    _consent(cell, opened)
    with pytest.raises(errors.InvalidInput) as exc:
        services.refer_for_fir(user=cell["legal"], case=opened,
                               police_station=cell["places"]["hosp_lhr"])
    assert "police_station" in exc.value.fields


def test_fir_recorded_back_by_the_station_keeps_arrival_to_fir(cell, opened):
    _consent(cell, opened)
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_fir(user=cell["police"], referral=referral, fir_number="",
                            fir_date=timezone.localdate() + timedelta(days=2))
    assert set(exc.value.fields) == {"fir_number", "fir_date"}
    with pytest.raises(PermissionDenied):
        services.record_fir(user=cell["io"], referral=referral, fir_number="123/26",
                            fir_date=timezone.localdate())
    services.record_fir(user=cell["police"], referral=referral, fir_number="123/26",
                        fir_date=timezone.localdate().isoformat())
    opened.refresh_from_db()
    assert opened.fir_number == "123/26" and opened.arrival_to_fir is not None
    assert timedelta(0) <= opened.arrival_to_fir < timedelta(hours=2)
    # The police officer still cannot open the case itself.
    from hifazat.core.errors import NotFound

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
    from tests.crisis_cells.helpers import staff
    from tests.factories import make_agency

    _consent(cell, opened)
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    assert access.access_fir_referral(user=cell["police"], referral_id=referral.pk) == referral
    assert access.access_fir_referral(user=cell["legal"], referral_id=referral.pk) == referral
    other_station = Facility.objects.create(code="PS-LHR-2", kind="police_station",
                                            name_en="PS 2", name_ur="PS 2",
                                            district=cell["places"]["LHR"])
    other_officer = staff(make_agency(AgencyKind.POLICE_STATION, other_station),
                          Role.POLICE_STATION_OFFICER)
    for who in (other_officer, cell["io"], cell["other_doctor"]):
        with pytest.raises(NotFound):
            access.access_fir_referral(user=who, referral_id=referral.pk)
    with pytest.raises(NotFound):
        access.access_fir_referral(user=cell["police"], referral_id=referral.pk + 999)
