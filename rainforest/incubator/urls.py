from django.urls import path

from rainforest.incubator import views

app_name = "incubator"
urlpatterns = [
    path("", views.index, name="index"),
    path("parks/new/", views.park_edit, name="park_create"),
    path("parks/<int:pk>/", views.park_detail, name="park"),
    path("parks/<int:pk>/edit/", views.park_edit, name="park_edit"),
    path("parks/<int:pk>/delete/", views.park_delete, name="park_delete"),
    path("parks/<int:park_pk>/zones/new/", views.zone_edit, name="zone_create"),
    path("parks/<int:park_pk>/zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("parks/<int:park_pk>/zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/delete/", views.team_delete, name="team_delete"),
    path("tenancies/new/", views.tenancy_edit, name="tenancy_create"),
    path("tenancies/<int:pk>/edit/", views.tenancy_edit, name="tenancy_edit"),
    path("tenancies/<int:pk>/delete/", views.tenancy_delete, name="tenancy_delete"),
]
