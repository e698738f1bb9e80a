from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hifazat.web"
    label = "web"

    def ready(self):
        from hifazat.web import policy  # noqa: F401  (registers rules)
