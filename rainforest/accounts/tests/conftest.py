"""Helpers of the identity controls' tests: signing in through the real login page from a chosen client
address, and security settings changed for one test. (The security and audit administrators of 三员分立 are
in the root conftest: the permission matrix asks them about every route too.)"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

PASSWORD = "pass-1234-word"  # the root conftest's password for every named user


def sign_in(client, username: str, password: str = PASSWORD, address: str = "198.51.100.7", **extra):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def security(**changes):
    """override_settings for some of RAINFOREST_SECURITY's keys."""
    return override_settings(RAINFOREST_SECURITY={**settings.RAINFOREST_SECURITY, **changes})


@pytest.fixture
def two_factor_on():
    with security(TWO_FACTOR_ENABLED=True):
        yield
