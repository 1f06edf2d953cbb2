"""The REST API (django-ninja) under /api/v1/. Endpoints live in each app's api.py and are added here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Rainforest 雨林 API", version="1", urls_namespace="api")
