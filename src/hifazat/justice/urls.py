"""Justice screens under /justice/. Cases are addressed by id (an FIR number is unique
only per station and year); every id is checked by ``justice.access``."""

from django.urls import path

from hifazat.justice import views, views_case, views_trial

app_name = "justice"

C = "cases/<int:case_id>/"

urlpatterns = [
    path("", views.my_cases, name="cases"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:referral_id>/fir/", views.fir_from_referral, name="fir_from_referral"),
    path("fir/new/", views.fir_direct, name="fir_direct"),
    path("overdue/", views.overdue, name="overdue"),
    path("cause-list/", views.cause_list, name="cause_list"),
    path(C, views_case.case_detail, name="case"),
    path(C + "suspects/new/", views_case.suspect_new, name="suspect_new"),
    path(C + "suspects/<int:suspect_id>/", views_case.suspect_edit, name="suspect_edit"),
    path(C + "suspects/<int:suspect_id>/custody/", views_case.custody, name="custody"),
    path(C + "officer/", views_case.assign_officer, name="assign_officer"),
    path(C + "diary/", views_case.diary, name="diary"),
    path(C + "reports/new/", views_case.report_new, name="report_new"),
    path(C + "prosecutor/", views_case.assign_prosecutor, name="assign_prosecutor"),
    path(C + "reports/<int:report_id>/scrutiny/", views_case.scrutiny, name="scrutiny"),
    path(C + "disclosures/new/", views_case.disclosure, name="disclosure"),
    path(C + "charge/", views_trial.charge, name="charge"),
    path(C + "hearings/new/", views_trial.hearing_new, name="hearing_new"),
    path(C + "hearings/<int:hearing_id>/", views_trial.hearing_outcome,
         name="hearing_outcome"),
    path(C + "witnesses/new/", views_trial.witness_new, name="witness_new"),
    path(C + "witnesses/<int:witness_id>/summons/", views_trial.summons, name="summons"),
    path(C + "witnesses/<int:witness_id>/attendance/", views_trial.attendance,
         name="attendance"),
    path(C + "protection/", views_trial.protection, name="protection"),
    path(C + "verdict/", views_trial.verdict, name="verdict"),
    path(C + "appeals/new/", views_trial.appeal_new, name="appeal_new"),
    path(C + "appeals/<int:appeal_id>/", views_trial.appeal_decide, name="appeal_decide"),
]
