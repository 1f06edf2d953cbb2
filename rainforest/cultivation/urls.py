from django.urls import path

from rainforest.cultivation.views import pool, targets, trainings, visits

app_name = "cultivation"
urlpatterns = [
    path("", pool.pool, name="pool"),
    path("export/", pool.pool_export, name="pool_export"),
    path("alerts/", pool.alerts, name="alerts"),
    path("butlers/", pool.butlers, name="butlers"),
    path("butlers/mine/", pool.mine, name="mine"),
    path("butlers/<int:pk>/", pool.butler, name="butler"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/delete/", visits.visit_delete, name="visit_delete"),
    path("visits/<int:pk>/follow-ups/new/", visits.follow_up_edit, name="follow_up_create"),
    path("visits/<int:pk>/follow-ups/<int:follow_up_pk>/edit/", visits.follow_up_edit, name="follow_up_edit"),
    path("trainings/", trainings.training_list, name="trainings"),
    path("trainings/new/", trainings.training_edit, name="training_create"),
    path("trainings/<int:pk>/", trainings.training_detail, name="training"),
    path("trainings/<int:pk>/edit/", trainings.training_edit, name="training_edit"),
    path("trainings/<int:pk>/delete/", trainings.training_delete, name="training_delete"),
    path("trainings/<int:pk>/sessions/new/", trainings.session_create, name="session_create"),
    path(
        "trainings/<int:pk>/sessions/<int:session_pk>/invite/",
        trainings.session_invite,
        name="session_invite",
    ),
    path(
        "trainings/<int:pk>/attendance/<int:attendance_pk>/",
        trainings.attendance_edit,
        name="attendance_edit",
    ),
    path("targets/", targets.target_list, name="targets"),
    path("targets/new/", targets.target_edit, name="target_create"),
    path("targets/<int:pk>/", targets.target_detail, name="target"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
]
