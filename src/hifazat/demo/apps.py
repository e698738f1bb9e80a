from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hifazat.demo"
    label = "demo"
