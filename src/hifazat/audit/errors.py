from django.utils.translation import gettext_lazy as _


class AuditImmutable(Exception):
    """Audit events are never changed or deleted."""

    message = _("Audit events cannot be changed or deleted.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
