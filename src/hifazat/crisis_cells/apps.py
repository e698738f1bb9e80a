from django.apps import AppConfig


class CrisisCellsConfig(AppConfig):
    name = "hifazat.crisis_cells"
    label = "crisis_cells"

    def ready(self):
        from hifazat.crisis_cells import policy  # noqa: F401  (registers rules)
