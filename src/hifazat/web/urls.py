from django.urls import path

from hifazat.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("deadlines/", views.deadlines_page, name="deadlines"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
