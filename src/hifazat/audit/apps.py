from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hifazat.audit"
    label = "audit"

    def ready(self):
        from django.core import checks

        from hifazat.audit import signals  # noqa: F401  (sign-in/out events)
        from hifazat.audit.keys import check_audit_keys
        from hifazat.audit.selectors import checkpoint_footer
        from hifazat.core import pdf

        checks.register(check_audit_keys, checks.Tags.security)
        # Every PDF extract and report prints the latest signed checkpoint.
        pdf.add_footer("audit_checkpoint", checkpoint_footer)
