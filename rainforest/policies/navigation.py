"""This app's entries in the header menu (rainforest.core.navigation)."""

from rainforest.core import navigation
from rainforest.policies.models import Policy

navigation.add(
    navigation.Entry(
        "policies", "policies:list", navigation.SECTIONS["policies"].label, namespace="policies", model=Policy
    )
)
