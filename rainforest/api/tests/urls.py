"""The API mounted exactly as rainforest/urls.py mounts it, without the page apps: API tests do not fail
because a page module elsewhere is half-written."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("rainforest.api.urls"))]
