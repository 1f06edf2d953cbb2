"""Pages of the matching engine (a demand's achievements, an achievement's demands and firms, an ad-hoc
search), included by the app's urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
