"""OpenAPI details: how a service token authenticates (bearer scheme), the scope each
operation needs, and the error answers every operation may give."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from hifazat.api.scopes import scopes_of


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "hifazat.api.authentication.ServiceTokenAuthentication"
    name = "serviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "hzt_<prefix>_<secret>",
                "description": "A per-agency service token with scopes, issued with "
                               "`manage.py api_token issue`."}


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "hifazat.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "A signed-in staff session that passed the second factor "
                               "(CSRF token required on POST)."}


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (see hifazat.api.handlers)."""

    code = serializers.CharField(help_text="Machine-readable: invalid, malformed, "
                                 "not_authenticated, permission_denied, not_found, "
                                 "idempotency_key_required, idempotency_key_reused, ...")
    detail = serializers.CharField(help_text="A message for people, in the request's "
                                   "language (Accept-Language: en or ur).")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text='Messages per field, e.g. {"query.cnic": [...]}; '
                                   "headers by their name (Idempotency-Key).")


_ERRORS = {
    "400": "Invalid input: messages per field.",
    "401": "No credentials, or a token that is malformed, expired or revoked.",
    "403": "Authenticated, but the token lacks this endpoint's scope, or the caller may "
           "not do this.",
    "404": "No such record, or the caller may not see it (the same answer for both).",
}


class HifazatAutoSchema(AutoSchema):
    """Adds to every operation the scope a token needs (``x-required-scope``: a
    name, or a list when any one of several will do) and the
    error answers it may give, in the one error shape."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        scopes = scopes_of(getattr(self.view, "required_scope", None))
        if scopes:
            # One scope: its name; several (any one will do): the list.
            operation["x-required-scope"] = scopes[0] if len(scopes) == 1 else list(scopes)
            named = " or ".join(f"`{s}`" for s in scopes)
            operation["description"] = (operation.get("description", "") +
                                        f"\n\nToken scope: {named}.").strip()
        error = {"application/json": {
            "schema": self.resolve_serializer(ErrorSerializer, "response").ref}}
        codes = dict(_ERRORS)
        if method == "POST":
            codes["422"] = "The Idempotency-Key was already used for a different request."
        for code, text in codes.items():
            operation["responses"].setdefault(code, {"content": error, "description": text})
        return operation
