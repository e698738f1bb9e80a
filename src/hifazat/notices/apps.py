from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "hifazat.notices"
    label = "notices"
