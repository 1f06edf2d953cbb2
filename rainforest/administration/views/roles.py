"""The roles and data scopes pages (角色管理 / 数据权限), and the page on which a city officer invites an
enterprise's user."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.administration import selectors, services
from rainforest.administration.forms import (
    InviteForm,
    RoleForm,
    show_service_errors,
)
from rainforest.administration.views.common import (
    INVITERS,
    _crumbs,
    _form_page,
    password_shown,
)
from rainforest.core.choices import Role
from rainforest.core.models import RoleProfile
from rainforest.core.policy import Action, access, restrict
from rainforest.enterprises.models import Enterprise

# --- roles and data scopes ------------------------------------------------------------------------------


@access.model(RoleProfile, Action.VIEW)
def role_list(request: HttpRequest) -> HttpResponse:
    return render(request, "administration/roles.html", {"roles": selectors.roles_for(request.user)})


@access.model(RoleProfile, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, code: str) -> HttpResponse:
    if code not in Role.values:
        raise Http404(code)
    profile = services.role_profile(code)
    form = RoleForm(
        request.POST or None, initial={"data_scope": profile.data_scope, "description": profile.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.role_update(
                code=code,
                data_scope=form.cleaned_data["data_scope"],
                description=form.cleaned_data["description"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存角色 {role}").format(role=Role(code).label))
            return redirect("administration:roles")
    context = {
        "form": form,
        "role": Role(code),
        "permissions": selectors.role_permissions(code),
        "history": profile.history.select_related("history_user").order_by("-history_date")[:20]  # type: ignore[attr-defined]
        if profile.pk
        else [],
    }
    return render(request, "administration/role_form.html", context)


# --- a city officer invites an enterprise's user --------------------------------------------------------


@access.model(Enterprise, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """Create the account of a firm's user: the firm must be within the officer's scope; the user must
    change the temporary password at first login."""
    inviter: Any = request.user
    if inviter.role not in INVITERS and not inviter.is_superuser:
        raise PermissionDenied
    form = InviteForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["credit_code"].strip().upper()
        enterprise = (
            restrict(Enterprise.objects.select_related("district"), request.user, Action.CHANGE)
            .filter(credit_code=code)
            .first()
        )
        if enterprise is None:
            form.add_error(
                "credit_code",
                _("企业统一社会信用代码：您的数据范围内没有代码为 {code} 的企业").format(code=code),
            )
        else:
            try:
                account, password = services.enterprise_user_invite(
                    enterprise=enterprise,
                    username=form.cleaned_data["username"],
                    display_name=form.cleaned_data["display_name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                back = reverse("enterprises:detail", args=[enterprise.credit_code])
                return password_shown(request, account, password, created=True, back_url=back)
    elif request.method == "GET":
        form = InviteForm(initial={"credit_code": request.GET.get("credit_code", "")})
    crumbs = _crumbs((_("企业库"), reverse("enterprises:list")))
    return _form_page(request, form, _("邀请企业用户"), reverse("enterprises:list"), crumbs)
