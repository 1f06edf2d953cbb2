from django.urls import path

from rainforest.indicators.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_values, name="map"),
    path("briefings/", views.briefings, name="briefings"),
    path("briefings/new", views.briefing_create, name="briefing_create"),
    path("briefings/<int:pk>/", views.briefing, name="briefing"),
    path("briefings/<int:pk>/docx", views.briefing_docx, name="briefing_docx"),
    path("briefings/<int:pk>/html", views.briefing_html, name="briefing_html"),
]
