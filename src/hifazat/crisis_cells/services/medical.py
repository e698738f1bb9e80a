"""Medical care with the clinical windows, and the medico-legal examination.

Clinical windows count from the incident: post-exposure prophylaxis within
``deadlines.PEP`` (72 h) and emergency contraception within
``deadlines.EMERGENCY_CONTRACEPTION`` (120 h). Care recorded after its window needs a
reason.

The medico-legal examination: by a women medico-legal officer where the survivor is
female (a cell doctor may examine a survivor who is not), with a chaperone, after the
incident, with consent to the examination (and to forensic samples/photographs for the
samples). The two-finger ("virginity") test is prohibited by the Anti-Rape
(Investigation and Trial) Act 2021 (and was struck down by the Lahore High Court in
2021): there is no field for it, and a finding text or an extra field that records it
is refused with ``ProhibitedTest``.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.crisis_cells import deadlines, errors
from hifazat.crisis_cells.models import (
    ConsentUse,
    MedicalEntry,
    MedicoLegalExam,
    SurvivorCase,
)
from hifazat.crisis_cells.policy import WMLO, cell_roles
from hifazat.crisis_cells.services import cases, consent, evidence

# Wording that records the prohibited test or its "conclusions" (English and Urdu).
PROHIBITED_TEST_PATTERNS = [
    re.compile(p, re.IGNORECASE) for p in (
        r"two[\s\-]*fingers?", r"\b2[\s\-]*fingers?", r"\bfinger[\s\-]*test",
        r"per[\s\-]*vagin\w*\s+(?:digital|finger)", r"virgin", r"habitua",
        r"hymen\w*\s+(?:is\s+)?(?:intact|lax|elastic|admits|old\s+tear|torn)",
        r"دو\s*انگل", r"کنوار", r"باکرہ",
    )
]


def mentions_prohibited_test(value: str) -> bool:
    return any(p.search(value or "") for p in PROHIBITED_TEST_PATTERNS)


_WINDOW_FIELDS = {
    MedicalEntry.Kind.PEP: ("pep_given_at", deadlines.PEP),
    MedicalEntry.Kind.EMERGENCY_CONTRACEPTION: ("ec_given_at",
                                                deadlines.EMERGENCY_CONTRACEPTION),
}


@transaction.atomic
def record_medical_care(*, user, case: SurvivorCase, kind: str, description: str,
                        given_at=None, late_reason: str = "") -> MedicalEntry:
    """Record an injury seen, a treatment, a test, PEP or emergency contraception. PEP and
    emergency contraception given after their window need ``late_reason``
    (``LateCareReasonRequired``); they need the incident time recorded first. Audited."""
    cases.require(user, "crisis_cells.record_medical", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    kind = p.check("kind", validation.choice, kind, MedicalEntry.Kind)
    description = p.check("description", validation.free_text, description,
                          max_length=2000, required=True)
    given_at = p.check("given_at", validation.datetime, given_at or cases.now(),
                       required=True)
    p.check("given_at", validation.not_future, given_at)
    late_reason = p.check("late_reason", validation.free_text, late_reason, max_length=300,
                          default="")
    if given_at and given_at < case.arrived_at - timedelta(hours=24):
        p.add("given_at", _("This is long before the survivor arrived; check the time."))
    window = _WINDOW_FIELDS.get(kind)
    if window and case.incident_at is None:
        p.add("kind", _("Record the incident time first: the clinical window counts from "
                        "it."))
    p.raise_if_any(errors.InvalidInput)
    is_late = False
    if window:
        closes = case.incident_at + window[1].delta()
        is_late = given_at > closes
        if is_late and not late_reason:
            raise errors.LateCareReasonRequired(fields={
                "late_reason": errors.LateCareReasonRequired.message})
    entry = MedicalEntry.objects.create(case=case, kind=kind, description=description,
                                        given_at=given_at,
                                        late_reason=late_reason if is_late else "",
                                        recorded_by=user)
    if window and getattr(case, window[0]) is None:
        setattr(case, window[0], given_at)
        case.save(update_fields=[window[0], "updated_at"])
    cases.record(action="medical_care_recorded", user=user, case=case,
                 object_type="crisis_cells.medical", object_id=entry.pk,
                 details={"kind": kind, "is_late": is_late})
    return entry


@transaction.atomic
def record_medico_legal_exam(*, user, case: SurvivorCase, examined_at, chaperone_name: str,
                             chaperone_role: str, general_findings: str,
                             injuries_findings: str = "", opinion: str = "",
                             samples=(), **extra) -> MedicoLegalExam:
    """Record the medico-legal examination and the samples collected (each becomes an
    evidence item with its label and first custody entry).

    Refuses: any field or wording recording the two-finger/virginity test
    (``ProhibitedTest``, citing the Act); a female survivor examined by anyone but a
    WMLO (``FemaleExaminerRequired``); no consent to the examination
    (``ConsentRequired``); an examination time before the incident
    (``ExamBeforeIncident``); a missing chaperone or findings (``InvalidInput``).
    All or nothing; audited.
    """
    prohibited = [k for k in extra if mentions_prohibited_test(k.replace("_", " "))]
    texts = {"general_findings": general_findings, "injuries_findings": injuries_findings,
             "opinion": opinion}
    texts.update({f"samples.{i}": (s or {}).get("description", "")
                  for i, s in enumerate(samples or ())})
    prohibited += [k for k, v in texts.items() if mentions_prohibited_test(str(v or ""))]
    if prohibited:
        raise errors.ProhibitedTest(fields={k: errors.ProhibitedTest.message
                                            for k in prohibited})
    if extra:
        raise errors.InvalidInput(fields={k: _("This is not a field of the examination.")
                                          for k in extra})
    if (case.sex == "F" and user.agency_id == case.cell_id and cell_roles(user)
            and WMLO not in cell_roles(user)):
        raise errors.FemaleExaminerRequired
    cases.require(user, "crisis_cells.examine", case)
    case = cases.lock_case(case)
    cases.writable(case)
    consent.require_consent(case, ConsentUse.MEDICAL_EXAMINATION)
    p = validation.Problems()
    examined_at = p.check("examined_at", validation.datetime, examined_at, required=True)
    p.check("examined_at", validation.not_future, examined_at)
    chaperone_name = p.check("chaperone_name", validation.person_name, chaperone_name,
                             max_length=150, required=True)
    chaperone_role = p.check("chaperone_role", validation.free_text, chaperone_role,
                             max_length=80, required=True)
    general_findings = p.check("general_findings", validation.free_text, general_findings,
                               max_length=10000, required=True)
    injuries_findings = p.check("injuries_findings", validation.free_text,
                                injuries_findings, max_length=10000, default="")
    opinion = p.check("opinion", validation.free_text, opinion, max_length=5000, default="")
    if case.incident_at is None:
        p.add("examined_at", _("Record the incident first."))
    p.raise_if_any(errors.InvalidInput)
    if examined_at < case.incident_at:
        raise errors.ExamBeforeIncident(fields={"examined_at": errors.ExamBeforeIncident.message})
    exam = MedicoLegalExam.objects.create(
        case=case, examiner=user, examined_at=examined_at, chaperone_name=chaperone_name,
        chaperone_role=chaperone_role, general_findings=general_findings,
        injuries_findings=injuries_findings, opinion=opinion)
    labels = []
    for i, sample in enumerate(samples or ()):
        try:
            item = evidence.collect(user=user, case=case, kind=sample.get("kind", ""),
                                    description=sample.get("description", ""),
                                    collected_at=sample.get("collected_at") or examined_at,
                                    exam=exam)
        except errors.InvalidInput as exc:
            raise errors.InvalidInput(fields={f"samples.{i}.{k}": v
                                              for k, v in exc.fields.items()}) from exc
        labels.append(item.label_code)
    cases.record(action="medico_legal_exam_recorded", user=user, case=case,
                 object_type="crisis_cells.exam", object_id=exam.pk,
                 details={"samples": labels})
    return exam
