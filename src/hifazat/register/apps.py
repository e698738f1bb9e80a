from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "hifazat.register"
    label = "register"

    def ready(self):
        from hifazat.register import policy  # noqa: F401  (registers rules)
