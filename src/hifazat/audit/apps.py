from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hifazat.audit"
    label = "audit"

    def ready(self):
        from hifazat.audit import signals  # noqa: F401  (sign-in/out events)
