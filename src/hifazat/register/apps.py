from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "hifazat.register"
    label = "register"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from hifazat.register import lifecycles, policy  # noqa: F401  (rules, lifecycles)
        from hifazat.register.selectors import SUSPECT_MATCH_KIND

        try:
            from hifazat.notices import kinds
        except ImportError:  # notices not installed yet: alerts are skipped, logged
            return
        kinds.register(
            SUSPECT_MATCH_KIND, _("Suspect may be a registered offender"),
            subject=_("Suspect may be a registered offender"),
            body=_("The suspect checked under %(reference)s may be registered offender "
                   "%(numbers)s. Open the register with your purpose to see the record."))
