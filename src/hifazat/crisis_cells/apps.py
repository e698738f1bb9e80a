from django.apps import AppConfig


class CrisisCellsConfig(AppConfig):
    name = "hifazat.crisis_cells"
    label = "crisis_cells"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from hifazat.crisis_cells import policy  # noqa: F401  (registers rules)
        from hifazat.crisis_cells.services_fir import FIR_REFERRAL_KIND
        from hifazat.notices import kinds

        kinds.register(FIR_REFERRAL_KIND, _("FIR referral from a crisis cell"))
