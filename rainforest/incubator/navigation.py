"""This app's entries in the header menu (rainforest.core.navigation): the parks, in the 平台载体 section
(the app's section name `incubator` is an alias of it)."""

from django.utils.translation import gettext_lazy as _

from rainforest.core import navigation
from rainforest.incubator.models import Park

navigation.add(
    navigation.Entry(
        "incubator",
        "incubator:index",
        _("孵化载体"),
        order=40,
        namespace="incubator",
        model=Park,
    )
)
