"""Teaches drf-spectacular how a service token authenticates (bearer scheme)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
