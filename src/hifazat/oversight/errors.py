"""The oversight app's domain errors."""

from django.utils.translation import gettext_lazy as _

from hifazat.core.errors import DomainError


class BadInput(DomainError):
    """A filter or command option the oversight app cannot use (a period, a district)."""

    message = _("The request cannot be answered as asked.")

    def __init__(self, message=None, *, field: str = ""):
        super().__init__(message, fields={field: str(message)} if field and message else {})


class RoundIsHistory(DomainError):
    """A stocktake round, once taken, and its district rows are never changed."""

    message = _("A stocktake round that was taken is never changed; take a new round.")
