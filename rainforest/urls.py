from django.urls import include, path
from django.views.i18n import set_language

from rainforest.core.policy import access

urlpatterns = [
    # django.conf.urls.i18n's one view, declared public (rainforest.core.policy.access)
    path("i18n/setlang/", access.public(set_language), name="set_language"),
    path("api/v1/", include("rainforest.api.urls")),
    path("account/", include("rainforest.accounts.urls")),
    path("imports/", include("rainforest.imports.urls")),
    path("forest/", include("rainforest.forest.urls")),
    path("enterprises/", include("rainforest.enterprises.urls")),
    path("incubator/", include("rainforest.incubator.urls")),
    path("policies/", include("rainforest.policies.urls")),
    path("cultivation/", include("rainforest.cultivation.urls")),
    path("eligibility/", include("rainforest.eligibility.urls")),
    path("indicators/", include("rainforest.indicators.urls")),
    path("cockpit/", include("rainforest.indicators.cockpit.urls")),
    path("techmarket/", include("rainforest.techmarket.urls")),
    path("matching/", include("rainforest.matching.urls")),
    path("talent/", include("rainforest.talent.urls")),
    path("platforms/", include("rainforest.platforms.urls")),
    path("finance/", include("rainforest.finance.urls")),
    path("calls/", include("rainforest.calls.urls")),
    path("reviews/", include("rainforest.reviews.urls")),
    path("records/", include("rainforest.core.records.urls")),
    path("system/", include("rainforest.administration.urls")),
    path("", include("rainforest.web.urls")),
]
