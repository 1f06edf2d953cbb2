"""This app's entries in the header menu (rainforest.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.enterprises.models import Enterprise

navigation.add(
    navigation.Entry(
        "registry", "enterprises:list", _("企业"), order=10, namespace="enterprises", model=Enterprise
    )
)
