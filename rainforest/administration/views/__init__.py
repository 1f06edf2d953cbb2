"""Pages of the administration (用户管理 / 机构管理 / 角色管理 / 数据权限), for the system administrator, and the
page on which a city officer invites an enterprise's user. Who may open each page is declared with
`access` (core.policy); rows are read through the selectors, writes go through the services.

A package by page family: `common`, `users`, `organisations`, `roles` (with the invitation).
"""

from rainforest.administration.views.organisations import (
    organisation_create,
    organisation_edit,
    organisation_list,
    organisation_status,
)
from rainforest.administration.views.roles import (
    invite,
    role_edit,
    role_list,
)
from rainforest.administration.views.users import (
    user_create,
    user_detail,
    user_edit,
    user_list,
    user_reset_password,
    user_status,
)

__all__ = [
    "invite",
    "organisation_create",
    "organisation_edit",
    "organisation_list",
    "organisation_status",
    "role_edit",
    "role_list",
    "user_create",
    "user_detail",
    "user_edit",
    "user_list",
    "user_reset_password",
    "user_status",
]
