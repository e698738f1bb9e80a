"""Every write in a crisis cell. Each service is keyword-only, atomic, checks the policy,
re-checks its input through the validation kernel (``InvalidInput`` names each bad
field), changes a status only as ``lifecycles`` allows, and records its audit event
(purpose "care", the case code as reference, never identity) and a timeline row in the
same transaction.

By sub-concept: ``intake`` (case codes, opening, identity, incident), ``consent``,
``medical`` (care with the clinical windows, the medico-legal examination),
``evidence`` (chain of custody), ``support`` (counselling, legal, shelter, follow-ups,
mediation, protection orders), ``cyber`` (cyber harassment), ``fir`` (FIR referral,
sharing with prosecution), ``management`` (assignment, transfer, closure) and
``roster`` (who is on call each shift);
``cases`` holds what they share (the case locked for writing, the audit and timeline
record, the status change). Callers use ``crisis_cells.services.<verb>``.
"""

from __future__ import annotations

from hifazat.crisis_cells.services.consent import (
    record_consent,
    require_consent,
    withdraw_consent,
)
from hifazat.crisis_cells.services.cyber import (
    add_cyber_evidence,
    attach_cyber_evidence,
    cyber_evidence_chunks,
    download_name,
    record_cyber_harassment,
    record_cyber_report,
    refer_cyber_report,
    update_cyber_status,
    verify_cyber_evidence,
)
from hifazat.crisis_cells.services.evidence import (
    collect_evidence,
    record_custody,
    record_lab_result,
    verify_custody,
)
from hifazat.crisis_cells.services.fir import (
    CASE_NEWS_KIND,
    FIR_REFERRAL_KIND,
    PROSECUTION_SHARING_KIND,
    on_case_news,
    on_fir_registered,
    refer_for_fir,
    share_with_prosecution,
)
from hifazat.crisis_cells.services.intake import (
    cell_code,
    open_case,
    record_guardian,
    record_incident,
    update_identity,
)
from hifazat.crisis_cells.services.management import (
    accept_transfer,
    approve_closure,
    assign_case,
    decline_transfer,
    request_closure,
    request_transfer,
    return_closure,
)
from hifazat.crisis_cells.services.medical import (
    record_medical_care,
    record_medico_legal_exam,
)
from hifazat.crisis_cells.services.roster import put_on_shift, remove_from_shift
from hifazat.crisis_cells.services.support import (
    FOLLOW_UP_REMINDER_KIND,
    complete_follow_up,
    plan_follow_up,
    record_counselling,
    record_counselling_session,
    record_legal_guidance,
    record_mediation,
    record_mediation_session,
    record_protection_order,
    refer_to_shelter,
    remind_overdue_follow_ups,
    schedule_follow_up,
    update_protection_order,
    update_shelter_referral,
)

__all__ = [
    "CASE_NEWS_KIND",
    "FIR_REFERRAL_KIND",
    "FOLLOW_UP_REMINDER_KIND",
    "PROSECUTION_SHARING_KIND",
    "accept_transfer",
    "add_cyber_evidence",
    "approve_closure",
    "assign_case",
    "attach_cyber_evidence",
    "cell_code",
    "collect_evidence",
    "complete_follow_up",
    "cyber_evidence_chunks",
    "decline_transfer",
    "download_name",
    "on_case_news",
    "on_fir_registered",
    "open_case",
    "plan_follow_up",
    "put_on_shift",
    "record_consent",
    "record_counselling",
    "record_counselling_session",
    "record_custody",
    "record_cyber_harassment",
    "record_cyber_report",
    "record_guardian",
    "record_incident",
    "record_lab_result",
    "record_legal_guidance",
    "record_mediation",
    "record_mediation_session",
    "record_medical_care",
    "record_medico_legal_exam",
    "record_protection_order",
    "refer_cyber_report",
    "refer_for_fir",
    "refer_to_shelter",
    "remind_overdue_follow_ups",
    "remove_from_shift",
    "request_closure",
    "request_transfer",
    "require_consent",
    "return_closure",
    "schedule_follow_up",
    "share_with_prosecution",
    "update_cyber_status",
    "update_identity",
    "update_protection_order",
    "update_shelter_referral",
    "verify_custody",
    "verify_cyber_evidence",
    "withdraw_consent",
]
