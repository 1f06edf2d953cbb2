from django.urls import path

from rainforest.forest import views

app_name = "forest"
urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_counts, name="map_counts"),
    path("jinzhong-counties.geojson", views.county_geojson, name="geojson"),
]
