from django.urls import path

from rainforest.administration import views

app_name = "administration"
urlpatterns = [
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/invite/", views.invite, name="invite"),
    path("users/<str:username>/", views.user_detail, name="user"),
    path("users/<str:username>/edit/", views.user_edit, name="user_edit"),
    path("users/<str:username>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<str:username>/disable/", views.user_status, {"status": "disable"}, name="user_disable"),
    path("users/<str:username>/enable/", views.user_status, {"status": "enable"}, name="user_enable"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<str:code>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<str:code>/disable/",
        views.organisation_status,
        {"status": "disable"},
        name="organisation_disable",
    ),
    path(
        "organisations/<str:code>/enable/",
        views.organisation_status,
        {"status": "enable"},
        name="organisation_enable",
    ),
    path("roles/", views.role_list, name="roles"),
    path("roles/<str:code>/", views.role_edit, name="role_edit"),
]
