from django.urls import path

from rainforest.api.api import api

urlpatterns = [path("", api.urls)]
