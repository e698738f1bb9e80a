"""Crisis-cell screens under /cells/. Cases are addressed by their pseudonymous code."""

from django.urls import path

from hifazat.crisis_cells import (
    views,
    views_care,
    views_evidence,
    views_justice,
    views_manage,
    views_roster,
    views_support,
)

app_name = "crisis_cells"

C = "cases/<str:code>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.intake, name="intake"),
    path("returning/", views.find_returning, name="find_returning"),
    path(C, views.case_detail, name="case"),
    path(C + "opened/", views.opened, name="opened"),
    path(C + "identity/", views.identity, name="identity"),
    path(C + "identity/edit/", views.identity_edit, name="identity_edit"),
    path(C + "incident/", views_care.incident, name="incident"),
    path(C + "consent/", views_care.consent, name="consent"),
    path(C + "consent/withdraw/", views_care.withdraw_consent, name="consent_withdraw"),
    path(C + "medical/", views_care.medical, name="medical"),
    path(C + "examination/", views_care.exam, name="exam"),
    path(C + "examination/<int:exam_id>/report.pdf", views_care.exam_report,
         name="exam_report"),
    path(C + "evidence/new/", views_evidence.evidence_new, name="evidence_new"),
    path(C + "evidence/<str:label>/", views_evidence.evidence_item, name="evidence_item"),
    path(C + "evidence/<str:label>/label/", views_evidence.evidence_label,
         name="evidence_label"),
    path(C + "counselling/", views_support.counselling, name="counselling"),
    path(C + "legal/", views_support.legal, name="legal"),
    path(C + "shelter/", views_support.shelter, name="shelter"),
    path(C + "shelter/<int:pk>/", views_support.shelter_status, name="shelter_status"),
    path(C + "follow-ups/new/", views_support.follow_up, name="follow_up"),
    path(C + "follow-ups/<int:pk>/done/", views_support.follow_up_done, name="follow_up_done"),
    path(C + "mediation/", views_support.mediation, name="mediation"),
    path(C + "protection-order/", views_support.protection_order, name="protection_order"),
    path(C + "protection-order/<int:pk>/", views_support.protection_order_status,
         name="protection_order_status"),
    path(C + "cyber/", views_support.cyber, name="cyber"),
    path(C + "cyber/files/", views_support.cyber_file, name="cyber_file"),
    path(C + "cyber/files/<int:file_id>/download/", views_support.cyber_file_download,
         name="cyber_file_download"),
    path(C + "cyber/status/", views_support.cyber_status, name="cyber_status"),
    path(C + "fir/", views_manage.fir_referral, name="fir_referral"),
    path(C + "prosecution/", views_manage.prosecution_share, name="prosecution_share"),
    path(C + "for-prosecution/", views_justice.records_for_prosecution,
         name="records_for_prosecution"),
    path(C + "for-investigation/", views_justice.records_for_investigation,
         name="records_for_investigation"),
    path(C + "assign/", views_manage.assign, name="assign"),
    path(C + "transfer/", views_manage.transfer, name="transfer"),
    path(C + "closure/", views_manage.closure, name="closure"),
    path(C + "closure/decide/", views_manage.closure_decide, name="closure_decide"),
    path("transfers/<int:pk>/", views_manage.transfer_decide, name="transfer_decide"),
    path("roster/", views_roster.roster, name="roster"),
    path("roster/<int:pk>/remove/", views_roster.roster_remove, name="roster_remove"),
]
