from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hifazat.web"
    label = "web"

    def ready(self):
        from datetime import timedelta

        from django.conf import settings

        from hifazat.audit import tasks as audit_tasks
        from hifazat.notices import periodic
        from hifazat.web import checks, policy  # noqa: F401  (registers checks and rules)

        # The audit app may not import notices (layers), so the shell registers its job:
        # a signed checkpoint of the audit chain head every AUDIT_CHECKPOINT_MINUTES.
        periodic.register("audit.write_checkpoint", audit_tasks.write_checkpoint,
                          every=timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES))
