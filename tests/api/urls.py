"""The API's part of the URL map, so these tests do not depend on other apps' pages
(tests/api/test_access.py walks the real URL map)."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("hifazat.accounts.urls")),
    path("api/register/", include("hifazat.register.api")),
    path("api/justice/", include("hifazat.justice.api")),
    path("api/", include("hifazat.api.urls")),
]
