"""The base of every API view, and the OpenAPI schema view.

``ApiView`` is deny-by-default: authenticated and second-factor-verified principals
only, a token only with the scope the view declares (``required_scope``), JSON only,
and every POST must be decorated with ``idempotency.idempotent``."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.views import APIView

from hifazat.api.access import (
    CanReadSchema,
    HasRequiredAction,
    HasRequiredScope,
    IsVerifiedPrincipal,
)
from hifazat.api.authentication import ServiceTokenAuthentication, StaffSessionAuthentication
from hifazat.api.parsers import BoundedJSONParser
from hifazat.api.throttling import PrincipalRateThrottle

AUTHENTICATION = [ServiceTokenAuthentication, StaffSessionAuthentication]
PERMISSIONS = [IsVerifiedPrincipal, HasRequiredScope, HasRequiredAction]
THROTTLES = [PrincipalRateThrottle]
# JSON only, bounded in size and depth before it is parsed (api.parsers).
PARSERS = [BoundedJSONParser]


class ApiView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = PERMISSIONS
    throttle_classes = THROTTLES
    parser_classes = PARSERS
    required_scope: str | None = None
    required_action: str | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            handler = getattr(self, "post", None)
            if handler is not None and not getattr(handler, "hifazat_idempotent", False):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.post must be decorated with @idempotent")


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 description of the API (JSON). Only for those who need it: a token
    with ``schema:read``, or an administrator's session (``api.read_schema``)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [*PERMISSIONS, CanReadSchema]
    throttle_classes = THROTTLES
    parser_classes = PARSERS
    required_scope = "schema:read"
    # JSON only (no YAML): one format for the schema and for its error answers.
    renderer_classes = [OpenApiJsonRenderer]
