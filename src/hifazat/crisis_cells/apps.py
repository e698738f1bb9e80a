from django.apps import AppConfig


class CrisisCellsConfig(AppConfig):
    name = "hifazat.crisis_cells"
    label = "crisis_cells"
