"""Fetch-and-check of every sensitive crisis-cell row, one ``access_<kind>`` each.

Each reads the row through ``core.access.fetch`` and the permission API; a missing row
and one the user may not act on raise the same ``core.errors.NotFound`` (the 404 page,
byte for byte), so case codes and ids cannot be probed. Rows that belong to a case
are looked up inside that case (already accessed), so an id from another case is "not
found" too. The case read is audited (``crisis_cells.case_viewed``, purpose "care"):
the case file holds health data even without the identity. No view or form fetches
these rows any other way; lists and dashboards are in ``selectors``.
"""

from __future__ import annotations

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core.access import fetch
from hifazat.crisis_cells.models import (
    CaseTransfer,
    ClosureRequest,
    CyberEvidenceFile,
    CyberHarassmentReport,
    DutyShift,
    EvidenceItem,
    FollowUp,
    MedicoLegalExam,
    ProtectionOrder,
    ShelterReferral,
    SurvivorCase,
)

VIEW = "crisis_cells.view_case"


def access_case(*, user, code, action: str = VIEW, purpose=None, reference=None,
                audit_read: bool = True) -> SurvivorCase:
    """The case (by code, or by id when ``code`` is an int) if ``user`` may do
    ``action`` on it; ``NotFound`` otherwise. A granted read is audited
    (``crisis_cells.case_viewed``, purpose "care" unless given, the case code as
    reference); refused reads are not recorded here (the 404 is the answer)."""
    lookup = ({"pk": code} if isinstance(code, int)
              else {"code": str(code or "").strip().upper()[:40]})
    case = fetch(SurvivorCase.objects.select_related("cell", "assigned_to"), user=user,
                 action=action, **lookup)
    if audit_read:
        audit.record(action="crisis_cells.case_viewed", actor=user,
                     object_type="crisis_cells.case", object_id=case.pk,
                     purpose=purpose or Purpose.CARE, case_reference=reference or case.code)
    return case


def access_shared_records(*, user, code, action: str, purpose: str,
                          reference=None) -> SurvivorCase:
    """A case whose records the justice case's prosecutor or investigating officer may
    read (``action``: ``crisis_cells.view_records_for_prosecution`` or ``..._for_
    investigation``; the rule checks the justice role and the survivor's current
    consent). ``NotFound`` otherwise, as for a missing code. The read is audited
    (``crisis_cells.shared_records_viewed``, with ``purpose`` and the case code)."""
    case = access_case(user=user, code=code, action=action, audit_read=False)
    audit.record(action="crisis_cells.shared_records_viewed", actor=user,
                 object_type="crisis_cells.case", object_id=case.pk, purpose=purpose,
                 case_reference=reference or case.code,
                 details={"records": action.rsplit("_for_", 1)[-1]})
    return case


def access_transfer(*, user, transfer_id, action: str = "crisis_cells.decide_transfer",
                    purpose=None, reference=None) -> CaseTransfer:
    """A transfer the user (the receiving cell's in-charge) may decide; ``NotFound``
    otherwise."""
    return fetch(CaseTransfer.objects.select_related("case", "from_cell", "to_cell"),
                 user=user, action=action, pk=transfer_id)


def _of_case(model, *, case: SurvivorCase, user, action: str, **lookup):
    return fetch(model.objects.filter(case=case).select_related("case"), user=user,
                 action=action, **lookup)


def access_evidence_item(*, user, case: SurvivorCase, label: str, action: str = VIEW,
                         purpose=None, reference=None) -> EvidenceItem:
    """An evidence item of ``case`` by its label code; ``NotFound`` otherwise."""
    return _of_case(EvidenceItem, case=case, user=user, action=action,
                    label_code=str(label or "")[:60])


def access_exam(*, user, case: SurvivorCase, exam_id, action: str = VIEW, purpose=None,
                reference=None) -> MedicoLegalExam:
    """A medico-legal examination of ``case``; ``NotFound`` otherwise."""
    rows = MedicoLegalExam.objects.filter(case=case).select_related("examiner",
                                                                    "case__cell")
    return fetch(rows, user=user, action=action, pk=exam_id)


def access_follow_up(*, user, case: SurvivorCase, follow_up_id,
                     action: str = "crisis_cells.record_follow_up", open_only: bool = True,
                     purpose=None, reference=None) -> FollowUp:
    """A follow-up of ``case`` (not yet done, unless ``open_only`` is false);
    ``NotFound`` otherwise."""
    lookup = {"pk": follow_up_id}
    if open_only:
        lookup["done_at__isnull"] = True
    return _of_case(FollowUp, case=case, user=user, action=action, **lookup)


def access_shelter_referral(*, user, case: SurvivorCase, referral_id,
                            action: str = "crisis_cells.update_case", purpose=None,
                            reference=None) -> ShelterReferral:
    """A shelter referral of ``case``; ``NotFound`` otherwise."""
    return _of_case(ShelterReferral, case=case, user=user, action=action, pk=referral_id)


def access_protection_order(*, user, case: SurvivorCase, order_id,
                            action: str = "crisis_cells.record_mediation", purpose=None,
                            reference=None) -> ProtectionOrder:
    """A protection order of ``case``; ``NotFound`` otherwise."""
    return _of_case(ProtectionOrder, case=case, user=user, action=action, pk=order_id)


def access_cyber_report(*, user, case: SurvivorCase,
                        action: str = "crisis_cells.record_cyber", purpose=None,
                        reference=None) -> CyberHarassmentReport:
    """The cyber-harassment report of ``case``; ``NotFound`` when there is none yet or
    the user may not act on it. (Its evidence files are read only through
    ``access_cyber_evidence``.)"""
    return _of_case(CyberHarassmentReport, case=case, user=user, action=action)


DOWNLOAD_EVIDENCE = "crisis_cells.download_cyber_evidence"


def access_cyber_evidence(*, user, case: SurvivorCase, file_id,
                          action: str = DOWNLOAD_EVIDENCE, purpose=None,
                          reference=None) -> CyberEvidenceFile:
    """An evidence file of ``case``'s cyber report if ``user`` may download it (policy:
    the in-charge, the legal adviser, the staff member the case is assigned to);
    ``NotFound`` otherwise. A granted download is audited
    (``crisis_cells.evidence_downloaded``, purpose "care" unless given, the case code
    as reference, the file's SHA-256 and size in the details)."""
    rows = CyberEvidenceFile.objects.filter(report__case=case).select_related(
        "report__case__cell", "report__case__assigned_to")
    evidence = fetch(rows, user=user, action=action, pk=file_id)
    if action == DOWNLOAD_EVIDENCE:
        audit.record(action="crisis_cells.evidence_downloaded", actor=user,
                     object_type="crisis_cells.cyber_file", object_id=evidence.pk,
                     purpose=purpose or Purpose.CARE, case_reference=reference or case.code,
                     details={"sha256": evidence.sha256, "size": evidence.size})
    return evidence


def access_pending_closure(*, user, case: SurvivorCase,
                           action: str = "crisis_cells.approve_closure", purpose=None,
                           reference=None) -> ClosureRequest:
    """The closure request of ``case`` awaiting a decision; ``NotFound`` when there is
    none or the user may not decide it."""
    rows = ClosureRequest.objects.filter(case=case).select_related("case", "requested_by")
    return fetch(rows, user=user, action=action, state=ClosureRequest.State.PENDING)


def access_duty_shift(*, user, duty_id, action: str = "crisis_cells.manage_roster"
                      ) -> DutyShift:
    """One shift of the user's own cell's roster, if they may do ``action`` on it;
    ``NotFound`` otherwise (another cell's shift included)."""
    return fetch(DutyShift.objects.select_related("user", "cell"), user=user, action=action,
                 pk=duty_id if str(duty_id).isdigit() else 0)


def access_roster(*, user, week_start):
    """The user's own cell and its roster for the week of ``week_start``
    (``selectors.roster``), if they may see it; ``NotFound`` otherwise. Who is on call
    when is staff personal data: each read is audited (``crisis_cells.roster_viewed``,
    purpose "administration")."""
    from hifazat.core import permissions
    from hifazat.core.errors import NotFound
    from hifazat.crisis_cells import selectors
    from hifazat.crisis_cells.policy import cell_of

    cell = cell_of(user)
    if cell is None or not permissions.can(user, "crisis_cells.view_roster", cell):
        raise NotFound
    week = selectors.roster(cell, week_start)
    audit.record(action="crisis_cells.roster_viewed", actor=user, object_type="accounts.agency",
                 object_id=cell.pk, purpose=Purpose.ADMINISTRATION,
                 details={"week": week[0][0].isoformat()})
    return cell, week
