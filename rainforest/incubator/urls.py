from django.urls import path

from rainforest.incubator import park_views, views

app_name = "incubator"
urlpatterns = [
    path("", views.index, name="index"),
    path("parks/new/", views.park_edit, name="park_create"),
    path("parks/<int:pk>/", views.park_detail, name="park"),
    path("parks/<int:pk>/edit/", views.park_edit, name="park_edit"),
    path("parks/<int:pk>/delete/", views.park_delete, name="park_delete"),
    path("parks/<int:pk>/occupancy/", park_views.occupancy, name="occupancy"),
    path("parks/<int:pk>/pipeline/", park_views.pipeline, name="pipeline"),
    path("parks/<int:pk>/promotions/", park_views.promotions, name="promotions"),
    path("parks/<int:pk>/graduates/", park_views.graduates, name="graduates"),
    path("parks/<int:park_pk>/zones/new/", views.zone_edit, name="zone_create"),
    path("parks/<int:park_pk>/zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("parks/<int:park_pk>/zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/delete/", views.team_delete, name="team_delete"),
    path("tenancies/new/", views.tenancy_edit, name="tenancy_create"),
    path("tenancies/<int:pk>/", park_views.tenancy_detail, name="tenancy"),
    path("tenancies/<int:pk>/advance/", park_views.tenancy_advance, name="tenancy_advance"),
    path("tenancies/<int:pk>/move/", park_views.tenancy_move, name="tenancy_move"),
    path("tenancies/<int:pk>/edit/", views.tenancy_edit, name="tenancy_edit"),
    path("tenancies/<int:pk>/delete/", views.tenancy_delete, name="tenancy_delete"),
]
