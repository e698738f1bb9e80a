"""Supervision of retrieval (Rules 2023): an NPB supervisor reviews each flagged
retrieval once, with a note, and never their own."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.register.errors import RegisterError
from hifazat.register.models import RetrievalFlag


@transaction.atomic
def clear_flag(*, flag: RetrievalFlag, reviewer, note: str) -> RetrievalFlag:
    """An NPB supervisor marks a flagged retrieval as reviewed, with a note. Audited."""
    permissions.require(reviewer, "register.review_flags")
    flag = RetrievalFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.reviewed_at is not None:
        raise RegisterError(_("This retrieval has already been reviewed."))
    note = validation.free_text(note, max_length=None)[:500]
    if not note:
        raise RegisterError(fields={"note": _("Write what you found.")})
    if flag.actor_id == reviewer.pk:
        raise RegisterError(_("Someone else must review your own retrievals."))
    flag.reviewed_by, flag.reviewed_at = reviewer, timezone.now()
    flag.review_note = note
    flag.save()
    audit.record(action="register.flag_reviewed", actor=reviewer, role="npb_supervisor",
                 object_type="register.flag", object_id=flag.pk, purpose=Purpose.AUDIT,
                 reason=note, details={"audit_seq": flag.audit_seq})
    return flag
