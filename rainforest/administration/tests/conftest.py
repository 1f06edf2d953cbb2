"""Administration tests sign users in with force_login: the second factor (rainforest.accounts) is off
here, as the project's test settings intend, whatever order pytest loaded the settings in."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.RAINFOREST_SECURITY = {**settings.RAINFOREST_SECURITY, "TWO_FACTOR_ENABLED": False}
