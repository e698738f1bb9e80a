from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhereaboutsConfig(AppConfig):
    name = "hifazat.register.whereabouts"
    label = "whereabouts"
    verbose_name = _("Whereabouts after release")

    def ready(self):
        from hifazat.register.whereabouts import notify, policy  # noqa: F401  (rules)

        notify.register_kinds()
        notify.register_periodic_jobs()
