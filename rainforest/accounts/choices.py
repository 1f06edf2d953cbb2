from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    """What a security-audit entry records (安全审计)."""

    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("锁定")
    UNLOCK = "unlock", _("解除锁定")
    SESSION_EXPIRED = "session_expired", _("会话超时")
    SESSION_ENDED = "session_ended", _("结束会话")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_SET = "password_set", _("管理员设置密码")
    PASSWORD_RESET_REQUEST = "password_reset_request", _("申请重置密码")
    PASSWORD_RESET = "password_reset", _("通过邮件重置密码")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("绑定双因素认证")
    TWO_FACTOR_VERIFY = "two_factor_verify", _("双因素认证")
    TWO_FACTOR_RESET = "two_factor_reset", _("解除双因素绑定")
    TOKEN_CREATE = "token_create", _("创建 API 令牌")
    TOKEN_REVOKE = "token_revoke", _("撤销 API 令牌")
    TOKEN_FAILED = "token_failed", _("API 令牌无效")
    ACCOUNT_CREATE = "account_create", _("创建账号")
    ACCOUNT_CHANGE = "account_change", _("修改账号")
    ACCOUNT_DISABLE = "account_disable", _("停用账号")
    ACCOUNT_ENABLE = "account_enable", _("启用账号")
    ROLE_CHANGE = "role_change", _("变更角色或数据范围")
    ORGANISATION_CHANGE = "organisation_change", _("变更机构")
    AUDIT_EXPORT = "audit_export", _("导出审计记录")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    REFUSED = "refused", _("拒绝（已锁定）")
