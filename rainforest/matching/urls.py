from rainforest.matching import match_views

app_name = "matching"

urlpatterns: list = [*match_views.urlpatterns]
