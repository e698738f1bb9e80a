"""The justice pipeline's writes, one module per stage: ``fir`` (referral inbox, FIR,
suspects and the register check), ``investigation`` (SSOIU assignment, custody, case
diary, reports to court), ``prosecution`` (prosecutor, scrutiny, disclosure), ``trial``
(charge, hearings, witnesses, protection), ``verdict`` (verdict, register proposals,
appeals), ``news`` (the cell's news, deadline warnings); ``common`` is how each writes.
Other apps call ``hifazat.justice.services``."""

from hifazat.justice.services.common import due_dates, refresh_due
from hifazat.justice.services.fir import (
    ACT_SECTIONS,
    FIR_REFERRAL_KIND,
    add_suspect,
    create_referral,
    edit_suspect,
    register_fir,
)
from hifazat.justice.services.investigation import (
    add_diary_entry,
    assign_investigation,
    record_custody,
    submit_report,
)
from hifazat.justice.services.news import (
    DEADLINE_DUE_KIND,
    DEADLINE_SOON_KIND,
    on_offender_news,
    warn_deadlines,
)
from hifazat.justice.services.prosecution import (
    assign_prosecutor,
    record_disclosure,
    scrutinise,
)
from hifazat.justice.services.trial import (
    PROTECTIONS,
    add_witness,
    frame_charge,
    record_attendance,
    record_hearing,
    schedule_hearing,
    set_protection,
    summon_witness,
)
from hifazat.justice.services.verdict import (
    case_number_of,
    decide_appeal,
    file_appeal,
    record_verdict,
)

__all__ = [
    "ACT_SECTIONS", "DEADLINE_DUE_KIND", "DEADLINE_SOON_KIND", "FIR_REFERRAL_KIND",
    "PROTECTIONS", "add_diary_entry", "add_suspect", "add_witness", "assign_investigation",
    "assign_prosecutor", "case_number_of", "create_referral", "decide_appeal", "due_dates",
    "edit_suspect", "file_appeal", "frame_charge", "on_offender_news", "record_attendance",
    "record_custody", "record_disclosure", "record_hearing", "record_verdict",
    "refresh_due", "register_fir", "schedule_hearing", "scrutinise", "set_protection",
    "submit_report", "summon_witness", "warn_deadlines",
]
