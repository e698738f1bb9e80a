"""Counselling, legal guidance, shelter, follow-ups, VAWC mediation and protection
orders, cyber harassment with private evidence files."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.functional import empty

from hifazat.core import clock
from hifazat.crisis_cells import errors, selectors, services
from hifazat.crisis_cells.models import FollowUp, private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def vawc_case(cell):
    case = services.open_case(user=cell["vawc_counsellor"], arrival_route="walk_in", sex="F",
                              age=31)
    services.record_incident(user=cell["vawc_counsellor"], case=case,
                             occurred_at=clock.now() - timedelta(days=2), district="PB-MUL",
                             kind="domestic_violence", relationship="spouse")
    case.refresh_from_db()
    return case


def test_counselling_schedules_the_next_session(cell, opened):
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.record_counselling_session(user=cell["counsellor"], case=opened,
                                        duration_minutes=45, notes="safety plan",
                                        next_session_on=tomorrow)
    follow_up = FollowUp.objects.get(case=opened)
    assert follow_up.due_on == tomorrow
    # No English words stored for the task: its kind's label is read in each language.
    assert follow_up.description == ""
    with translation.override("ur"):
        assert follow_up.get_kind_display() != "Counselling"
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_counselling_session(user=cell["counsellor"], case=opened,
                                            duration_minutes=0, next_session_on="soon")
    assert set(exc.value.fields) == {"duration_minutes", "next_session_on"}
    with pytest.raises(PermissionDenied):
        services.record_counselling_session(user=cell["doctor"], case=opened,
                                            duration_minutes=30)


def test_legal_aid_referral_names_the_provider(cell, opened):
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_legal_guidance(user=cell["legal"], case=opened,
                                       rights_explained=True, legal_aid_referred=True)
    assert "legal_aid_provider" in exc.value.fields
    guidance = services.record_legal_guidance(user=cell["legal"], case=opened,
                                              rights_explained=True, legal_aid_referred=True,
                                              legal_aid_provider="District Legal Empowerment")
    assert guidance.rights_explained and guidance.legal_aid_referred


def test_shelter_referral(cell, opened):
    referral = services.refer_to_shelter(user=cell["counsellor"], case=opened,
                                         shelter="Dar-ul-Aman Lahore")
    services.update_shelter_referral(user=cell["counsellor"], referral=referral,
                                     status="admitted")
    referral.refresh_from_db()
    assert referral.status == "admitted"
    with pytest.raises(errors.InvalidInput):
        services.refer_to_shelter(user=cell["counsellor"], case=opened, shelter="")


def test_follow_ups_due_today_and_overdue_on_the_dashboard(cell, opened):
    today = timezone.localdate()
    due = services.schedule_follow_up(user=cell["doctor"], case=opened, kind="medical",
                                      due_on=today, description="HIV test")
    late = services.schedule_follow_up(user=cell["doctor"], case=opened, kind="legal",
                                       due_on=today - timedelta(days=3),
                                       description="court date")
    board = selectors.dashboard(cell["incharge"])
    assert board["due_today"]["rows"] == [due]
    assert board["overdue_follow_ups"]["rows"] == [late]
    assert board["open_cases"]["count"] == 1
    assert board["clinical_windows"]["count"] == 1
    services.complete_follow_up(user=cell["doctor"], follow_up=late, outcome_note="done")
    assert selectors.dashboard(cell["incharge"])["overdue_follow_ups"]["count"] == 0
    with pytest.raises(errors.InvalidInput):
        services.complete_follow_up(user=cell["doctor"], follow_up=late)
    # Another cell's dashboard shows none of it.
    other = selectors.dashboard(cell["other_doctor"])
    assert all(section["count"] == 0 for section in other.values())


def test_mediation_and_protection_orders_only_at_vawc_centres(cell, opened, vawc_case):
    with pytest.raises(errors.NotVawcCentre):
        services.record_mediation_session(user=cell["counsellor"], case=opened,
                                          parties_present="both")
    session = services.record_mediation_session(user=cell["vawc_counsellor"], case=vawc_case,
                                                parties_present="survivor, husband, mediator",
                                                outcome="agreement")
    assert session.pk
    order = services.record_protection_order(user=cell["vawc_incharge"], case=vawc_case,
                                             court="Family Court Multan",
                                             applied_on=timezone.localdate())
    services.update_protection_order(user=cell["vawc_incharge"], order=order,
                                     status="granted", granted_on=timezone.localdate(),
                                     expires_on=timezone.localdate() + timedelta(days=180))
    order.refresh_from_db()
    assert order.status == "granted"
    with pytest.raises(errors.InvalidInput) as exc:
        services.update_protection_order(user=cell["vawc_incharge"], order=order,
                                         status="granted",
                                         expires_on=timezone.localdate() - timedelta(days=9))
    assert "expires_on" in exc.value.fields


def test_sexual_offences_are_not_mediated(cell):
    case = services.open_case(user=cell["vawc_counsellor"], arrival_route="walk_in", sex="F",
                              age=31)
    services.record_incident(user=cell["vawc_counsellor"], case=case,
                             occurred_at=clock.now() - timedelta(days=1), district="PB-MUL",
                             kind="rape", relationship="acquaintance")
    with pytest.raises(errors.InvalidInput):
        services.record_mediation_session(user=cell["vawc_counsellor"], case=case,
                                          parties_present="both")


def test_cyber_evidence_is_stored_privately_with_its_hash(cell, opened, settings, tmp_path):
    settings.CELL_PRIVATE_FILES_DIR = tmp_path / "private"
    private_storage._wrapped = empty  # the lazy storage re-reads the setting
    report = services.record_cyber_harassment(user=cell["counsellor"], case=opened,
                                              platform="whatsapp",
                                              account_identifiers="+92 300 0000000")
    content = b"%PDF-1.4 exported chat"
    upload = SimpleUploadedFile("Shazia chat.pdf", content, content_type="application/pdf")
    stored = services.attach_cyber_evidence(user=cell["counsellor"], report=report,
                                            uploaded_file=upload, description="chat")
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    path = Path(stored.file.path)
    assert path.is_relative_to(tmp_path / "private")
    assert "Shazia" not in stored.file.name
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert services.verify_cyber_evidence(stored)
    path.write_bytes(b"tampered")
    assert not services.verify_cyber_evidence(stored)
    with pytest.raises(errors.FileRejected):
        services.attach_cyber_evidence(user=cell["counsellor"], report=report,
                                       uploaded_file=SimpleUploadedFile(
                                           "x.exe", b"MZ\x90\x00\x03\x00"))
    with pytest.raises(errors.FileRejected):
        services.attach_cyber_evidence(user=cell["counsellor"], report=report,
                                       uploaded_file=SimpleUploadedFile("x.png", b""))
    private_storage._wrapped = empty


def test_private_storage_has_no_url():
    with pytest.raises(ValueError):
        private_storage.url("cyber/x.png")


def test_cyber_referral_to_agency_needs_police_consent(cell, opened):
    report = services.record_cyber_harassment(user=cell["counsellor"], case=opened,
                                              platform="other", platform_other="Snapchat")
    with pytest.raises(errors.ConsentRequired):
        services.refer_cyber_report(user=cell["counsellor"], report=report,
                                    referred_to="cyber_crime_agency")
    services.refer_cyber_report(user=cell["counsellor"], report=report, referred_to="helpline")
    services.record_consent(user=cell["doctor"], case=opened, use="police_report",
                            is_given=True, given_by="survivor")
    report = services.refer_cyber_report(user=cell["counsellor"], report=report,
                                         referred_to="cyber_crime_agency",
                                         referral_reference="NCCIA-123")
    assert report.status == "referred"
    services.update_cyber_status(user=cell["counsellor"], report=report, status="resolved")
    with pytest.raises(errors.InvalidInput):
        services.record_cyber_harassment(user=cell["counsellor"], case=opened,
                                         platform="other")


def test_overdue_follow_ups_remind_each_cell_with_codes_only(cell, opened, survivor):
    from hifazat.crisis_cells import tasks
    from hifazat.notices.models import Notice

    today = timezone.localdate()
    services.schedule_follow_up(user=cell["doctor"], case=opened, kind="medical",
                                due_on=today - timedelta(days=2), description="HIV test")
    services.schedule_follow_up(user=cell["doctor"], case=opened, kind="legal",
                                due_on=today + timedelta(days=2), description="court")
    assert services.remind_overdue_follow_ups() == 1
    notice = Notice.objects.get(kind="crisis_cells.follow_ups_overdue")
    assert opened.code in notice.body and survivor.full_name() not in notice.body
    assert list(notice.recipients.values_list("agency_id", flat=True)) == [cell["agency"].pk]
    assert hasattr(tasks.remind_overdue_follow_ups, "enqueue")
