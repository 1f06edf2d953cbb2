"""The identity controls' own cast: the security and audit administrators (三员分立), and helpers that sign
in through the real login page from a chosen client address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from rainforest.core.choices import Role

PASSWORD = "pass-1234-word"  # the root conftest's password for every named user


def _user(username: str, role: str, organisation=None):
    from rainforest.core.models import User

    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, organisation=organisation
    )


@pytest.fixture
def security_admin(organisations):
    return _user("security", Role.SECURITY_ADMIN, organisations["city"])


@pytest.fixture
def audit_admin(organisations):
    return _user("auditor", Role.AUDIT_ADMIN, organisations["city"])


def sign_in(client, username: str, password: str = PASSWORD, address: str = "198.51.100.7", **extra):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def security(**changes):
    """override_settings for some of RAINFOREST_SECURITY's keys."""
    return override_settings(RAINFOREST_SECURITY={**settings.RAINFOREST_SECURITY, **changes})


@pytest.fixture
def two_factor_on():
    with security(TWO_FACTOR_ENABLED=True):
        yield
