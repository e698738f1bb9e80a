from django.urls import path

from hifazat.register import views

app_name = "register"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("suspect-check/", views.suspect_check, name="suspect_check"),
    path("offenders/<int:pk>/open/", views.open_record, name="open"),
    path("offenders/<int:pk>/", views.record, name="record"),
    path("offenders/<int:pk>/photo/", views.photo, name="photo"),
    path("offenders/<int:pk>/photo/upload/", views.upload_photo, name="upload_photo"),
    path("offenders/<int:pk>/extract/", views.extract, name="extract"),
    path("proposals/", views.my_proposals, name="my_proposals"),
    path("proposals/new/", views.propose, name="propose"),
    path("proposals/correction/", views.propose_correction, name="propose_correction"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("queue/", views.queue, name="queue"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/review/", views.review_flag, name="review_flag"),
    path("removals/", views.removals, name="removals"),
    path("removals/<int:pk>/", views.decide_removal, name="decide_removal"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/decide/", views.decide_request, name="decide_request"),
]
