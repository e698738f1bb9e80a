"""Notifications between agencies: an inbox per user and per agency, acknowledgement
with a deadline, escalation when unacknowledged, e-mail and SMS channels. Notices carry
references and codes only, never a survivor's identity."""
from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class NoticesConfig(AppConfig):
    name = "hifazat.notices"
    label = "notices"

    def ready(self):
        from hifazat.notices import (  # noqa: F401  (registers rules and lifecycles)
            lifecycles,
            periodic,
            policy,
            receivers,
            tasks,
        )

        periodic.register(
            "notices.escalate_overdue", tasks.escalate_overdue_notices,
            every=timedelta(seconds=settings.NOTICES_ESCALATION_CHECK_SECONDS),
        )
        periodic.register(
            "notices.redeliver_stale", tasks.redeliver_stale_notices,
            every=tasks.recovery_check_every(),
        )
