"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation

navigation.add(
    navigation.Entry("forest", "forest:index", navigation.SECTIONS["forest"].label, namespace="forest")
)
