from django.urls import path

from rainforest.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("funnel/", views.funnel, name="funnel"),
    path("enterprises/", views.ledger_lookup, name="ledger_lookup"),
    path("enterprises/<str:credit_code>/", views.ledger, name="ledger"),
]
