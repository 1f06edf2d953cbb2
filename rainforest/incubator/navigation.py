"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation
from rainforest.incubator.models import Park

navigation.add(
    navigation.Entry(
        "incubator",
        "incubator:index",
        navigation.SECTIONS["incubator"].label,
        namespace="incubator",
        model=Park,
    )
)
