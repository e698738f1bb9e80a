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

kinds.register(accounts_signals.NOTICE_KIND, accounts_signals.NOTICE_LABEL)


@receiver(accounts_signals.role_grant_event, dispatch_uid="notices.role_grant_event")
def role_grant_notice(sender, *, event, assignment, actor, recipients, subject, body,
                      **kwargs):
    if not recipients:
        return None
    return services.send_notice(
        kind=accounts_signals.NOTICE_KIND, subject=subject, body=body, to_users=recipients,
        object_type="user", object_id=assignment.user_id,
        reference=f"grant-{assignment.pk}-{event}",
        sender=actor if getattr(actor, "pk", None) else None)
