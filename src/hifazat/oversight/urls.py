from django.urls import path

from hifazat.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.pdf", views.export, {"fmt": "pdf"}, name="export_pdf"),
    path("export.json", views.export, {"fmt": "dhis2"}, name="export_dhis2"),
    path("refresh/", views.refresh, name="refresh"),
]
