from django.urls import path

from rainforest.platforms import views

app_name = "platforms"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("scorecards/", views.scorecards, name="scorecards"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.platform, name="platform"),
]
