from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhereaboutsConfig(AppConfig):
    name = "hifazat.register.whereabouts"
    label = "whereabouts"
    verbose_name = _("Whereabouts after release")

    def ready(self):
        # The rules, the windows and the lifecycles register themselves on import.
        from hifazat.register.whereabouts import deadlines, lifecycles, policy  # noqa: F401
        from hifazat.register.whereabouts.services import notify

        notify.register_kinds()
        notify.register_periodic_jobs()
