"""Notices raised by what other apps signal, for apps below notices in the layers
(which may not call ``notices.services`` themselves).

* ``accounts.signals.role_grant_event``: a role that sees personal data was granted
  (awaiting a second administrator), approved, or used for the first time. The
  agency's supervisors (``accounts.selectors.supervisors_for``, computed by accounts)
  get a notice; accounts writes the text (no survivor data, only the role, the person
  and the jurisdiction). Sent in the grant's transaction: no grant without its notice.

Imported by ``NoticesConfig.ready``, which connects the receivers below.
"""

from __future__ import annotations

from django.dispatch import receiver

from hifazat.accounts import signals as accounts_signals
from hifazat.notices import kinds, services

# accounts writes the texts in both languages; the kind shows the reader's.
kinds.register(accounts_signals.NOTICE_KIND, accounts_signals.NOTICE_LABEL,
               subject="%(subject)s", body="%(body)s")


@receiver(accounts_signals.role_grant_event, dispatch_uid="notices.role_grant_event")
def role_grant_notice(sender, *, event, assignment, actor, recipients, params, **kwargs):
    if not recipients:
        return None
    return services.send_notice(
        kind=accounts_signals.NOTICE_KIND, params=params, to_users=recipients,
        object_type="user", object_id=assignment.user_id,
        reference=f"grant-{assignment.pk}-{event}",
        sender=actor if getattr(actor, "pk", None) else None)
