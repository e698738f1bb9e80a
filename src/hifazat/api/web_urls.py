"""Administrators' screens for API tokens (the JSON API itself is under /api/)."""

from django.urls import path

from hifazat.api import screens

app_name = "api_tokens"

urlpatterns = [
    path("", screens.token_list, name="list"),
    path("new/", screens.token_issue, name="issue"),
    path("<int:pk>/", screens.token_detail, name="detail"),
    path("<int:pk>/approve/", screens.token_approve, name="approve"),
]
