from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hifazat.api"
    label = "api"
