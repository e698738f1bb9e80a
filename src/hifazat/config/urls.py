"""URL map. No Django admin: every page goes through the permission API."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("hifazat.accounts.urls")),
    path("cells/", include("hifazat.crisis_cells.urls")),
    path("justice/", include("hifazat.justice.urls")),
    path("api/register/", include("hifazat.register.api")),
    path("api/justice/", include("hifazat.justice.api")),
    path("api/", include("hifazat.api.urls")),
    path("api-tokens/", include("hifazat.api.web_urls")),
    path("oversight/", include("hifazat.oversight.urls")),
    path("notices/", include("hifazat.notices.urls")),
    path("register/", include("hifazat.register.urls")),
    path("register/", include("hifazat.register.whereabouts.urls")),
    path("", include("hifazat.web.urls")),
]

handler400 = "hifazat.web.views.bad_request"
handler403 = "hifazat.web.views.permission_denied"
handler404 = "hifazat.web.views.page_not_found"
handler500 = "hifazat.web.views.server_error"
