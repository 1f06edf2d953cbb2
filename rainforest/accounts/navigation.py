"""This app's entries in the header menu (rainforest.core.navigation), under 安全管理: the security audit for
the security and audit administrators, and the login locks for the system and security administrators.
Who sees each is the policy's answer (rainforest.core.policy.TABLE)."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _

from rainforest.accounts.models import AuditEntry
from rainforest.core import navigation

navigation.section("security", _("安全管理"), 95)
navigation.add(
    navigation.Entry(
        "security",
        "accounts:audit",
        _("安全审计"),
        order=0,
        namespace="accounts",
        model=AuditEntry,
        url_name_prefix="audit",
    )
)
navigation.add(
    navigation.Entry(
        "security",
        "accounts:locks",
        _("登录锁定"),
        order=10,
        namespace="accounts",
        model=AccessAttempt,
        url_name_prefix="locks",
    )
)
