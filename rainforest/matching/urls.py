from django.urls import path

from rainforest.matching import match_views, views

app_name = "matching"

urlpatterns: list = [
    *match_views.urlpatterns,
    path("deals/<int:pk>/advance/", views.deal_advance, name="deal_advance"),
    path("deals/<int:pk>/sign/", views.deal_sign, name="deal_sign"),
    path("deals/<int:pk>/drop/", views.deal_drop, name="deal_drop"),
]
