from django.urls import path

from rainforest.talent import views

app_name = "talent"

urlpatterns = [
    path("census/", views.census, name="census"),
    path("census/export/", views.census_export, name="census_export"),
    path("managers/", views.managers, name="managers"),
    path("managers/<int:pk>/", views.manager, name="manager"),
]
