"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation
from rainforest.cultivation.models import Visit

navigation.add(
    navigation.Entry(
        "cultivation",
        "cultivation:pool",
        navigation.SECTIONS["cultivation"].label,
        namespace="cultivation",
        model=Visit,
    )
)
