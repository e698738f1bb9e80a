from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "hifazat.justice"
    label = "justice"
    verbose_name = _("Justice pipeline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from datetime import timedelta

        from hifazat.justice import (  # noqa: F401  (registers rules, windows, tables)
            deadlines,
            lifecycles,
            policy,
            tasks,
        )
        from hifazat.justice.services import (
            DEADLINE_DUE_KIND,
            DEADLINE_SOON_KIND,
            FIR_REFERRAL_KIND,
            on_offender_news,
        )
        from hifazat.notices import kinds, periodic
        from hifazat.register import events as register_events

        kinds.register(
            FIR_REFERRAL_KIND, _("FIR referral from a crisis cell"),
            subject=_("FIR referral from a crisis cell: %(code)s"),
            body=_("A survivor at %(cell)s has consented to report to police. Open the "
                   "station's referral inbox to register the FIR, quoting the case code "
                   "%(code)s."))
        kinds.register(
            DEADLINE_SOON_KIND, _("Justice deadline in a week"),
            subject=_("Deadline on %(due)s: %(reference)s"),
            body=_("%(deadline)s for %(reference)s is due on %(due)s."))
        kinds.register(
            DEADLINE_DUE_KIND, _("Justice deadline today"),
            subject=_("Deadline today: %(reference)s"),
            body=_("%(deadline)s for %(reference)s is due today (%(due)s); after today the "
                   "case is listed as overdue."))
        periodic.register("justice.warn_deadlines", tasks.warn_deadlines,
                          every=timedelta(days=1))
        register_events.offender_news.connect(on_offender_news,
                                              dispatch_uid="justice.offender_news")
