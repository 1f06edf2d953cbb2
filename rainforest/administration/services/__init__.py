"""Writes of the administration (用户管理 / 机构管理 / 角色管理 / 数据权限): accounts, organisations, roles and
data scopes. Every function here is what the pages, the `rainforest user|org` commands and the demo call;
each checks its input and stores all of it or nothing, with a change-log row (django-simple-history) and a
security audit entry for account and role changes.

Who may call them is checked by the caller (the pages and the policy table allow the system administrator;
`enterprise_user_invite` is the one write a city officer may make); a command run by an operator at the
server acts as the operator (`by=None`).

A package by entity: `common` (audit kinds, passwords, checks), `organisations`, `users` (with the
invitation of an enterprise user) and `roles`; every public name is importable from here.
"""

from rainforest.administration.services.common import (
    AUDIT_ORGANISATION_CHANGED,
    AUDIT_ROLE_CHANGED,
    AUDIT_USER_CHANGED,
    AUDIT_USER_CREATED,
    AUDIT_USER_DISABLED,
    AUDIT_USER_ENABLED,
    PASSWORD_ALPHABET,
    PASSWORD_SYMBOLS,
    check_scope,
    generate_password,
    organisation_by_code,
    organisation_districts,
)
from rainforest.administration.services.organisations import (
    OrganisationData,
    organisation_create,
    organisation_set_status,
    organisation_update,
)
from rainforest.administration.services.roles import (
    role_profile,
    role_update,
)
from rainforest.administration.services.users import (
    UserData,
    end_sessions,
    enterprise_user_invite,
    user_create,
    user_disable,
    user_enable,
    user_reset_password,
    user_set_password,
    user_update,
)

__all__ = [
    "AUDIT_ORGANISATION_CHANGED",
    "AUDIT_ROLE_CHANGED",
    "AUDIT_USER_CHANGED",
    "AUDIT_USER_CREATED",
    "AUDIT_USER_DISABLED",
    "AUDIT_USER_ENABLED",
    "PASSWORD_ALPHABET",
    "PASSWORD_SYMBOLS",
    "OrganisationData",
    "UserData",
    "check_scope",
    "end_sessions",
    "enterprise_user_invite",
    "generate_password",
    "organisation_by_code",
    "organisation_create",
    "organisation_districts",
    "organisation_set_status",
    "organisation_update",
    "role_profile",
    "role_update",
    "user_create",
    "user_disable",
    "user_enable",
    "user_reset_password",
    "user_set_password",
    "user_update",
]
