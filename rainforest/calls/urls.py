"""Pages of the calls app under /calls/ (namespace `calls`)."""

from django.urls import path

from rainforest.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("pending/", views.pending_page, name="pending"),
    path("applications/", views.application_list, name="applications"),
    path("applications/export/", views.application_export, name="applications_export"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/attach/", views.application_attach, name="application_attach"),
    path("<slug:code>/", views.call_detail, name="call"),
    path("<slug:code>/apply/", views.call_apply, name="apply"),
]
