"""The API's own URLs (the OpenAPI schema). Each app's endpoints are included from its
``api.py`` under /api/<app>/ in the project's URL map."""

from django.urls import path

from hifazat.api.views import SchemaView

app_name = "api"

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
]
