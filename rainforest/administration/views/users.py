"""The accounts pages (用户管理): list, detail, create, edit, disable or enable, reset the password."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.administration import selectors, services
from rainforest.administration.filters import UserFilter
from rainforest.administration.forms import (
    UserForm,
    show_service_errors,
)
from rainforest.administration.views.common import (
    USER_COLUMNS,
    _confirm,
    _crumbs,
    _form_page,
    _list_context,
    password_shown,
)
from rainforest.core.choices import DataScope, Role
from rainforest.core.models import User
from rainforest.core.policy import Action, access

# --- users ----------------------------------------------------------------------------------------------


@access.model(User, Action.VIEW)
def user_list(request: HttpRequest) -> HttpResponse:
    filterset = UserFilter(request.GET, queryset=selectors.users_for(request.user))
    context = _list_context(request, filterset, USER_COLUMNS, "user")
    return render(request, "administration/users.html", context)


@access.model(User, Action.VIEW)
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    account = get_object_or_404(selectors.users_for(request.user), username=username)
    history = account.history.select_related("history_user").order_by("-history_date")[:20]  # type: ignore[attr-defined]
    if account.data_scope:
        scope_label = str(DataScope(account.data_scope).label)
    else:
        role_scope = services.role_profile(account.role).data_scope if account.role in Role.values else ""
        scope_label = (
            _("按角色：{scope}").format(scope=DataScope(role_scope).label)
            if role_scope in DataScope.values
            else "—"
        )
    context = {"account": account, "history": history, "scope_label": scope_label}
    return render(request, "administration/user_detail.html", context)


@access.model(User, Action.ADD)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = services.user_create(
                username=form.cleaned_data["username"],
                data=form.data_object(),
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return password_shown(request, account, password or "", created=True)
    crumbs = _crumbs((_("用户管理"), reverse("administration:users")))
    return _form_page(request, form, _("新建用户"), reverse("administration:users"), crumbs)


@access.model(User, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, username: str) -> HttpResponse:
    account = get_object_or_404(selectors.users_for(request.user, Action.CHANGE), username=username)
    form = UserForm(request.POST or None, instance=account)
    detail_url = reverse("administration:user", args=[account.username])
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=account, data=form.data_object(), by=request.user, request=request)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存用户 {username}").format(username=account.username))
            return redirect(detail_url)
    crumbs = _crumbs((_("用户管理"), reverse("administration:users")), (account.username, detail_url))
    return _form_page(
        request, form, _("修改用户 {username}").format(username=account.username), detail_url, crumbs
    )


@access.model(User, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def user_status(request: HttpRequest, username: str, status: str) -> HttpResponse:
    account = get_object_or_404(selectors.users_for(request.user, Action.CHANGE), username=username)
    detail_url = reverse("administration:user", args=[account.username])
    disable = status == "disable"
    if request.method == "POST":
        try:
            if disable:
                services.user_disable(user=account, by=request.user, request=request)
            else:
                services.user_enable(user=account, by=request.user, request=request)
        except ValidationError as error:
            messages.error(request, "；".join(m for ms in error.message_dict.values() for m in ms))
        else:
            done = _("已停用用户 {username}") if disable else _("已启用用户 {username}")
            messages.success(request, done.format(username=account.username))
        return redirect(detail_url)
    if disable:
        return _confirm(
            request,
            heading=_("停用用户"),
            question=_("确定要停用用户“{username}”吗？").format(username=account.username),
            button=_("确认停用"),
            cancel_url=detail_url,
            lines=[_("该用户将立即退出登录，其 API 令牌全部撤销。"), _("停用可以撤回：之后可重新启用。")],
        )
    return _confirm(
        request,
        heading=_("启用用户"),
        question=_("确定要重新启用用户“{username}”吗？").format(username=account.username),
        button=_("确认启用"),
        cancel_url=detail_url,
        lines=[],
    )


@access.model(User, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def user_reset_password(request: HttpRequest, username: str) -> HttpResponse:
    account = get_object_or_404(selectors.users_for(request.user, Action.CHANGE), username=username)
    detail_url = reverse("administration:user", args=[account.username])
    if request.method == "POST":
        password = services.user_reset_password(user=account, by=request.user, request=request)
        return password_shown(request, account, password, created=False)
    return _confirm(
        request,
        heading=_("重置密码"),
        question=_("确定要重置用户“{username}”的密码吗？").format(username=account.username),
        button=_("确认重置"),
        cancel_url=detail_url,
        lines=[
            _("将生成一个临时密码，只显示这一次；该用户首次登录时须修改。"),
            _("该用户当前的登录会话将全部结束。"),
            _("用户也可以在登录页通过“忘记密码”接收邮件链接自行重置。"),
        ],
    )
