"""This app's entries in the header menu (rainforest.core.navigation)."""

from typing import Any

from rainforest.core import navigation
from rainforest.core.choices import Role
from rainforest.core.scope import Reach, scope_for


def _own_firm(user: Any) -> bool:
    """The self-assessment is for an enterprise user's own firm."""
    return scope_for(user).reach is Reach.OWN and user.role == Role.ENTERPRISE_USER


navigation.add(
    navigation.Entry(
        "eligibility",
        "eligibility:self",
        navigation.SECTIONS["eligibility"].label,
        namespace="eligibility",
        visible=_own_firm,
    )
)
