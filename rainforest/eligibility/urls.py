from django.urls import path

from rainforest.eligibility import views

app_name = "eligibility"

urlpatterns = [
    path("self/", views.self_assessment, name="self"),
    path("enterprise/<str:credit_code>/", views.enterprise_panel, name="enterprise"),
    path("enterprise/<str:credit_code>/store/", views.store, name="store"),
]
