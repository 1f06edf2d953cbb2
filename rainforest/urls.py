from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("rainforest.api.urls")),
    path("account/", include("rainforest.accounts.urls")),
    path("imports/", include("rainforest.imports.urls")),
    path("forest/", include("rainforest.forest.urls")),
    path("enterprises/", include("rainforest.enterprises.urls")),
    path("incubator/", include("rainforest.incubator.urls")),
    path("policies/", include("rainforest.policies.urls")),
    path("cultivation/", include("rainforest.cultivation.urls")),
    path("eligibility/", include("rainforest.eligibility.urls")),
    path("records/", include("rainforest.core.records.urls")),
    path("system/", include("rainforest.administration.urls")),
    path("", include("rainforest.web.urls")),
]
