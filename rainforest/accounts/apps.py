from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rainforest.accounts"
    label = "accounts"
    verbose_name = _("身份鉴别与安全审计")

    def ready(self) -> None:
        from rainforest.accounts import signals  # noqa: F401  (login, logout, failures and lockouts are audited)
