from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hifazat.core"
    label = "core"
