"""Medical care with clinical windows; the medico-legal examination and its report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from hifazat.core import clock
from hifazat.crisis_cells import errors, selectors, services
from hifazat.crisis_cells.models import EvidenceItem, MedicoLegalExam

pytestmark = pytest.mark.django_db


def _consent(cell, case, *uses):
    for use in uses:
        services.record_consent(user=cell["doctor"], case=case, use=use, is_given=True,
                                given_by="survivor")


def test_clinical_windows_show_time_left_and_passed(opened):
    windows = {w.code: w for w in selectors.clinical_windows(opened)}
    assert windows["pep"].hours == 72 and windows["emergency_contraception"].hours == 120
    assert timedelta(hours=61) < windows["pep"].time_left < timedelta(hours=62.1)
    assert windows["pep"].is_running and not windows["pep"].is_passed
    later = clock.now() + timedelta(hours=80)
    windows = {w.code: w for w in selectors.clinical_windows(opened, now=later)}
    assert windows["pep"].is_passed and windows["pep"].time_left < timedelta(0)
    assert not windows["emergency_contraception"].is_passed


def test_window_lengths_are_settings(opened, settings):
    settings.CELL_PEP_WINDOW_HOURS = 48
    assert {w.code: w.hours for w in selectors.clinical_windows(opened)}["pep"] == 48


def test_pep_in_window_stops_the_clock(cell, opened):
    services.record_medical_care(user=cell["doctor"], case=opened, kind="pep",
                                 description="TDF/3TC/DTG 28 days")
    opened.refresh_from_db()
    assert opened.pep_given_at is not None
    assert opened not in selectors.running_clinical_windows(cell["doctor"]).filter(
        ec_given_at__isnull=False)
    pep = {w.code: w for w in selectors.clinical_windows(opened)}["pep"]
    assert not pep.is_running


def test_late_care_needs_a_reason(cell, opened):
    opened.incident_at = clock.now() - timedelta(hours=100)
    opened.save()
    with pytest.raises(errors.LateCareReasonRequired) as exc:
        services.record_medical_care(user=cell["doctor"], case=opened, kind="pep",
                                     description="PEP")
    assert "late_reason" in exc.value.fields
    entry = services.record_medical_care(user=cell["doctor"], case=opened, kind="pep",
                                         description="PEP", late_reason="arrived late")
    assert entry.late_reason == "arrived late"
    # Emergency contraception is still within 120 hours: no reason needed.
    services.record_medical_care(user=cell["doctor"], case=opened,
                                 kind="emergency_contraception", description="LNG 1.5 mg")


def test_medical_care_needs_a_clinician(cell, opened):
    with pytest.raises(PermissionDenied):
        services.record_medical_care(user=cell["counsellor"], case=opened, kind="injury",
                                     description="bruise")
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_medical_care(user=cell["doctor"], case=opened, kind="magic",
                                     description="")
    assert set(exc.value.fields) == {"kind", "description"}


def _exam(cell, case, user=None, **overrides):
    values = {"examined_at": clock.now() - timedelta(hours=1), "chaperone_name": "Staff nurse",
              "chaperone_role": "nurse", "general_findings": "Conscious, oriented.",
              "injuries_findings": "Abrasion on left forearm."}
    values.update(overrides)
    return services.record_medico_legal_exam(user=user or cell["wmlo"], case=case, **values)


def test_exam_with_samples_creates_labelled_evidence(cell, opened):
    _consent(cell, opened, "medical_examination", "forensic_samples")
    exam = _exam(cell, opened, samples=[{"kind": "swab", "description": "high vaginal swab"},
                                        {"kind": "clothing", "description": "shalwar"}])
    labels = [s.label_code for s in exam.samples.all()]
    assert labels == [f"{opened.code}-E01", f"{opened.code}-E02"]
    report = selectors.medico_legal_report(user=cell["doctor"], exam=exam)
    assert report["case_code"] == opened.code and report["identity"] is None
    assert [s["label_code"] for s in report["samples"]] == labels
    assert report["exam"]["chaperone_name"] == "Staff nurse"
    assert "perpetrator" not in str(report).lower()


def test_exam_without_consent_is_refused(cell, opened):
    with pytest.raises(errors.ConsentRequired):
        _exam(cell, opened)
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.ConsentRequired):
        _exam(cell, opened, samples=[{"kind": "swab", "description": "swab"}])
    assert MedicoLegalExam.objects.count() == 0  # atomic: nothing half-written


def test_exam_before_incident_is_refused(cell, opened):
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.ExamBeforeIncident) as exc:
        _exam(cell, opened, examined_at=opened.incident_at - timedelta(minutes=5))
    assert "examined_at" in exc.value.fields


def test_female_survivor_is_examined_by_a_wmlo(cell, opened):
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.FemaleExaminerRequired):
        _exam(cell, opened, user=cell["doctor"])
    with pytest.raises(PermissionDenied):
        _exam(cell, opened, user=cell["other_doctor"])


def test_male_survivor_may_be_examined_by_a_cell_doctor(cell):
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="M", age=20)
    services.record_incident(user=cell["doctor"], case=case,
                             occurred_at=clock.now() - timedelta(hours=5),
                             district="PB-LHR", kind="sexual_assault",
                             relationship="acquaintance")
    case.refresh_from_db()
    _consent(cell, case, "medical_examination")
    assert _exam(cell, case, user=cell["doctor"]).examiner_id == cell["doctor"].pk


def test_chaperone_is_required(cell, opened):
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.InvalidInput) as exc:
        _exam(cell, opened, chaperone_name="", chaperone_role="")
    assert {"chaperone_name", "chaperone_role"} <= set(exc.value.fields)


@pytest.mark.parametrize("extra", [
    {"two_finger_test": "done"},
    {"virginity_test": True},
    {"general_findings": "Two-finger test admits easily"},
    {"opinion": "She is habituated to sexual intercourse"},
    {"injuries_findings": "Hymen old tear, lax"},
    {"general_findings": "دو انگلی ٹیسٹ"},
])
def test_two_finger_test_is_refused_citing_the_act(cell, opened, extra):
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.ProhibitedTest) as exc:
        _exam(cell, opened, **extra)
    assert "Act 2021" in str(exc.value.message)
    assert MedicoLegalExam.objects.count() == 0


def test_unknown_exam_field_is_refused(cell, opened):
    _consent(cell, opened, "medical_examination")
    with pytest.raises(errors.InvalidInput) as exc:
        _exam(cell, opened, blood_group="O+")
    assert "blood_group" in exc.value.fields


def test_exam_model_has_no_field_for_the_prohibited_test():
    names = " ".join(f.name for f in MedicoLegalExam._meta.get_fields())
    assert "finger" not in names and "virgin" not in names and "hymen" not in names


def test_report_with_identity_is_audited(cell, opened, survivor):
    from hifazat.audit.models import AuditEvent

    _consent(cell, opened, "medical_examination")
    exam = _exam(cell, opened)
    before = AuditEvent.objects.filter(action="crisis_cells.identity_viewed").count()
    report = selectors.medico_legal_report(user=cell["wmlo"], exam=exam, include_identity=True)
    assert report["identity"]["name"] == survivor.full_name()
    assert AuditEvent.objects.filter(action="crisis_cells.identity_viewed").count() == \
        before + 1
    assert EvidenceItem.objects.count() == 0
