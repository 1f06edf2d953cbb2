"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation
from rainforest.core.policy import Action
from rainforest.enterprises.models import Enterprise

navigation.add(
    navigation.Entry(
        "data",
        "imports:index",
        navigation.SECTIONS["data"].label,
        namespace="imports",
        model=Enterprise,
        action=Action.IMPORT,
    )
)
