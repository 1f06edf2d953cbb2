from django.urls import path

from rainforest.techmarket import views

app_name = "techmarket"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export/", views.statistics_export, name="statistics_export"),
    path("registration/", views.queue, name="queue"),
    path("contracts/<int:pk>/registration/", views.workflow, name="workflow"),
    path("contracts/<int:pk>/registration/decide/", views.register, name="register"),
    path("contracts/<int:pk>/registration/resubmit/", views.resubmit, name="resubmit"),
]
