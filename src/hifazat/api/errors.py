"""Domain errors of the API, each with a user-facing, translatable message. ``fields``
names the part of the request that is wrong (a header, a body field)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core.errors import DomainError


class ApiError(DomainError):
    message = _("That request cannot be accepted.")
    status_code = 400
    code = "invalid"


class InvalidToken(ApiError):
    message = _("The token is missing, malformed, expired or revoked.")
    status_code = 401
    code = "not_authenticated"


class TokenRefused(ApiError):
    """Issuing or revoking a token was refused (the field says why)."""

    message = _("The token cannot be issued; see each field.")


class NotAnApprover(TokenRefused):
    """Approving a token was refused: it waits for a second administrator."""

    message = _("A second administrator must approve this token: not the one who "
                "issued it.")
    status_code = 403
    code = "not_an_approver"


class IdempotencyKeyRequired(ApiError):
    message = _("Send an Idempotency-Key header with every POST.")
    code = "idempotency_key_required"


class IdempotencyKeyReused(ApiError):
    message = _("This Idempotency-Key was already used for a different request. Use a "
                "new key for a new request, or resend exactly the same request.")
    status_code = 422
    code = "idempotency_key_reused"
