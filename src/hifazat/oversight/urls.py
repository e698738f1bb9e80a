from django.urls import path

from hifazat.oversight import views, views_stocktake

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.pdf", views.export, {"fmt": "pdf"}, name="export_pdf"),
    path("export.json", views.export, {"fmt": "dhis2"}, name="export_dhis2"),
    path("refresh/", views.refresh, name="refresh"),
    path("stocktake/", views_stocktake.rounds, name="stocktake"),
    path("stocktake/take/", views_stocktake.take, name="stocktake_take"),
    path("stocktake/<int:pk>/", views_stocktake.detail, name="stocktake_round"),
    path("stocktake/<int:pk>/stocktake.csv", views_stocktake.detail_csv,
         name="stocktake_csv"),
]
