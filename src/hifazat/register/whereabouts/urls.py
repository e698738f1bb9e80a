from django.urls import path

from hifazat.register.whereabouts import views

app_name = "whereabouts"

urlpatterns = [
    path("releases/", views.releases, name="releases"),
    path("releases/schedule/", views.schedule_release, name="schedule_release"),
    path("releases/admit/", views.admit, name="admit"),
    path("releases/<int:release_id>/released/", views.record_release, name="record_release"),
    path("custody-requests/", views.takeovers, name="takeovers"),
    path("custody-requests/<int:takeover_id>/decide/", views.decide_takeover,
         name="decide_takeover"),
    path("district/overdue/", views.overdue, name="overdue"),
    path("district/compliance/", views.compliance, name="compliance"),
    path("whereabouts/<int:offender_id>/", views.offender, name="offender"),
    path("whereabouts/<int:offender_id>/report-in/", views.report_in, name="report_in"),
    path("whereabouts/<int:offender_id>/change/<slug:kind>/", views.report_change,
         name="report_change"),
    path("whereabouts/<int:offender_id>/obligations.pdf", views.obligations_pdf,
         name="obligations_pdf"),
    path("whereabouts/<int:offender_id>/obligations/signed/", views.acknowledgement,
         name="acknowledgement"),
    path("whereabouts/<int:offender_id>/risk/", views.risk, name="risk"),
    path("whereabouts/<int:offender_id>/review-note/", views.review_note, name="review_note"),
    path("whereabouts/<int:offender_id>/transfer/", views.transfer, name="transfer"),
    path("verifications/<int:verification_id>/", views.verification, name="verification"),
    path("verifications/<int:verification_id>/photo/", views.verification_photo,
         name="verification_photo"),
]
