"""Pages of the calls app under /calls/ (namespace `calls`)."""

from django.urls import path

from rainforest.calls import outcome_views, views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("pending/", views.pending_page, name="pending"),
    path("applications/", views.application_list, name="applications"),
    path("applications/export/", views.application_export, name="applications_export"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/attach/", views.application_attach, name="application_attach"),
    path("applications/<int:pk>/decide/", outcome_views.application_decide, name="application_decide"),
    path("applications/<int:pk>/fund/", outcome_views.application_fund, name="application_fund"),
    path("projects/", outcome_views.project_list, name="projects"),
    path("projects/export/", outcome_views.project_export, name="projects_export"),
    path("projects/<int:pk>/", outcome_views.project_detail, name="project"),
    path("projects/<int:pk>/milestones/", outcome_views.milestone_add, name="milestone_add"),
    path("projects/<int:pk>/reports/", outcome_views.report_add, name="report_add"),
    path("projects/<int:pk>/accept/", outcome_views.project_accept, name="project_accept"),
    path("milestones/<int:pk>/done/", outcome_views.milestone_done, name="milestone_done"),
    path("reports/<int:pk>/submit/", outcome_views.report_submit, name="report_submit"),
    path("objections/<int:pk>/resolve/", outcome_views.objection_resolve, name="objection_resolve"),
    path("<slug:code>/", views.call_detail, name="call"),
    path("<slug:code>/apply/", views.call_apply, name="apply"),
    path("<slug:code>/publicity/", outcome_views.publicity, name="publicity"),
    path("<slug:code>/publicity/publish/", outcome_views.publicity_publish, name="publicity_publish"),
    path("<slug:code>/publicity/objections/", outcome_views.objection_add, name="objection_add"),
    path("<slug:code>/publicity/close/", outcome_views.publicity_close, name="publicity_close"),
    path("<slug:code>/publicity/export/", outcome_views.publicity_export, name="publicity_export"),
    path("<slug:code>/publicity/notice.docx", outcome_views.notice_docx, name="publicity_docx"),
    path("<slug:code>/recommendation.docx", outcome_views.recommendation_docx, name="recommendation_docx"),
    path("<slug:code>/decide/", outcome_views.call_close, name="call_decide"),
]
