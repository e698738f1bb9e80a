"""News for the survivor's cell, and deadline warnings.

The register says when a convicted offender is released, moves or absconds
(``register.events.offender_news``, the offender's id only); justice finds the cases
whose verdict convicted him (the verdict reference on the register's conviction) and
tells each case's cell (``events.case_news``). The register never learns of the cell or
the survivor, and the cell never sees the offender's record.

``warn_deadlines`` (daily, ``notices.periodic``) sends a notice a week before each
case's next statutory deadline and on the day, to the agencies that must act.
"""

from __future__ import annotations

from django.db import transaction

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind
from hifazat.justice import access, deadlines
from hifazat.justice.models import DueKind, JusticeCase, Sentence
from hifazat.justice.services import common
from hifazat.notices import kinds as notice_kinds
from hifazat.register import selectors as register

DEADLINE_SOON_KIND = "justice.deadline_soon"
DEADLINE_DUE_KIND = "justice.deadline_due"
PREFIX = "justice:sentence:"


def on_offender_news(sender, *, offender_id: int, news: str, on, **kwargs) -> None:
    """Receiver of ``register.events.offender_news``."""
    ids = []
    for ref in register.verdict_references(offender_id):
        if ref.startswith(PREFIX) and ref[len(PREFIX):].isdigit():
            ids.append(int(ref[len(PREFIX):]))
    for sentence in Sentence.objects.filter(pk__in=ids).select_related(
            "verdict__case__fir__referral"):
        common.tell_cell(sentence.verdict.case, "offender", {"news": news, "on": str(on)})


def _agencies_for(case: JusticeCase) -> list:
    """Who must act on the case's next deadline."""
    kind = case.next_due_kind
    found = []
    if kind in (DueKind.INVESTIGATION, DueKind.CHALLAN):
        found = [case.ssoiu] if case.ssoiu else list(
            accounts.agencies(kinds=[AgencyKind.SSOIU]).filter(district=case.district))
        if case.prosecution_office:
            found.append(case.prosecution_office)
    elif kind == DueKind.SCRUTINY:
        found = [case.prosecution_office] if case.prosecution_office else []
    elif kind == DueKind.TRIAL:
        found = [a for a in (case.court, case.prosecution_office) if a is not None]
    return [a for a in found if a is not None and a.is_active]


def warn_deadlines(*, today=None) -> int:
    """Notices a week before (``deadlines.WARN_BEFORE``) and on the day of each case's
    next deadline; each warning once (``last_warning``). Returns how many were sent."""
    from hifazat.notices import services as notices

    today = today or common.today()
    soon = today + deadlines.WARN_BEFORE.delta()
    sent = 0
    rows = JusticeCase.objects.filter(next_due_on__in=[today, soon]).select_related(
        "fir", "fir__station", "ssoiu", "prosecution_office", "court")
    for case in rows.iterator(chunk_size=500):
        which = "due" if case.next_due_on == today else "soon"
        mark = f"{which}:{case.next_due_kind}:{case.next_due_on.isoformat()}"
        if case.last_warning == mark:
            continue
        agencies = _agencies_for(case)
        with transaction.atomic():
            if agencies:
                notices.send_notice(
                    kind=DEADLINE_DUE_KIND if which == "due" else DEADLINE_SOON_KIND,
                    params={"reference": access.reference_of(case),
                            "deadline": notice_kinds.bilingual_label(
                                DueKind(case.next_due_kind).label),
                            "due": {"day": case.next_due_on.isoformat()}},
                    to_agencies=agencies, reference=access.reference_of(case),
                    object_type="justice.case", object_id=case.pk)
                sent += 1
            JusticeCase.objects.filter(pk=case.pk).update(last_warning=mark)
    return sent


