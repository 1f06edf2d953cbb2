from __future__ import annotations

import pytest

from rainforest.policies.services import policies_load_catalogue


@pytest.fixture
def catalogue(db):
    """The shipped policies of DOMAIN.md §10."""
    policies_load_catalogue()
