"""Pages of the administration (用户管理 / 机构管理 / 角色管理 / 数据权限), for the system administrator, and the
page on which a city officer invites an enterprise's user. Who may open each page is declared with
`access` (core.policy); rows are read through the selectors, writes go through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rainforest.administration import selectors, services
from rainforest.administration.filters import OrganisationFilter, UserFilter
from rainforest.administration.forms import (
    InviteForm,
    OrganisationForm,
    RoleForm,
    UserForm,
    show_service_errors,
)
from rainforest.core.choices import DataScope, Role
from rainforest.core.models import Organisation, RoleProfile, User
from rainforest.core.policy import Action, access, restrict
from rainforest.enterprises.models import Enterprise

USER_COLUMNS = (
    ("username", gettext_lazy("用户名")),
    ("display_name", gettext_lazy("姓名")),
    ("role", gettext_lazy("角色")),
    ("organisation", gettext_lazy("所属机构")),
    ("last_login", gettext_lazy("最近登录")),
)
ORGANISATION_COLUMNS = (
    ("code", gettext_lazy("机构编码")),
    ("name", gettext_lazy("名称")),
    ("kind", gettext_lazy("类型")),
    ("parent", gettext_lazy("上级机构")),
    ("region", gettext_lazy("所辖区划")),
)
INVITERS = (Role.CITY_OFFICER, Role.SYSTEM_ADMIN)


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str | Promise
    next: str
    direction: str


def _sort_links(columns: tuple[tuple[str, Any], ...], current: str) -> list[SortLink]:
    links = []
    for key, label in columns:
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links.append(SortLink(key, label, f"-{key}" if current == key else key, direction))
    return links


def _list_context(request: HttpRequest, filterset: Any, columns: Any, export: str) -> dict[str, Any]:
    queryset = filterset.qs
    if not queryset.query.order_by:
        queryset = queryset.order_by(columns[0][0])
    queryset = queryset.order_by(*queryset.query.order_by, "pk")
    page = Paginator(queryset, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_url = reverse("imports:export", args=[export])
    return {
        "filter": filterset,
        "page": page,
        "sort_links": _sort_links(columns, request.GET.get("ordering", "")),
        "export_url": f"{export_url}?{query.urlencode()}" if query else export_url,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
    }


def _confirm(
    request: HttpRequest, *, heading: str, question: str, button: str, cancel_url: str, lines: list[str]
) -> HttpResponse:
    context = {
        "heading": heading,
        "question": question,
        "button": button,
        "cancel_url": cancel_url,
        "lines": lines,
    }
    return render(request, "administration/confirm.html", context)


def _crumbs(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"label": label, "url": url} for label, url in pairs]


def _form_page(
    request: HttpRequest, form: Any, heading: str, cancel_url: str, crumbs: list[dict[str, str]]
) -> HttpResponse:
    return render(
        request,
        "web/form.html",
        {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": crumbs},
    )


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
            return _password_shown(request, account, password or "", created=True)
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
        return _password_shown(request, account, password, created=False)
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


def _password_shown(
    request: HttpRequest, account: User, password: str, *, created: bool, back_url: str = ""
) -> HttpResponse:
    back_url = back_url or reverse("administration:user", args=[account.username])
    response = render(
        request,
        "administration/password_shown.html",
        {"account": account, "password": password, "created": created, "back_url": back_url},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- organisations --------------------------------------------------------------------------------------


@access.model(Organisation, Action.VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(request.GET, queryset=selectors.organisations_for(request.user))
    context = _list_context(request, filterset, ORGANISATION_COLUMNS, "organisation")
    if not context["filtered"] and not request.GET.get("ordering"):
        # Unfiltered and unsorted, the list is the tree: each organisation under its parent.
        tree = selectors.organisation_tree(list(filterset.qs))
        page = Paginator(tree, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = [(organisation, _indent(depth)) for organisation, depth in page.object_list]
    else:
        context["rows"] = [(organisation, "") for organisation in context["page"].object_list]
    return render(request, "administration/organisations.html", context)


def _indent(depth: int) -> str:
    """The tree drawn in the name column (no inline style: the pages' content security policy forbids it)."""
    return "\u3000" * (depth - 1) + "└ " if depth else ""


@access.model(Organisation, Action.ADD)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                data=form.data_object(), by=request.user, request=request
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已新建机构 {name}").format(name=organisation.name))
            return redirect("administration:organisations")
    crumbs = _crumbs((_("机构管理"), reverse("administration:organisations")))
    return _form_page(request, form, _("新建机构"), reverse("administration:organisations"), crumbs)


@access.model(Organisation, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_for(request.user, Action.CHANGE), code=code)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, data=form.data_object(), by=request.user, request=request
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存机构 {name}").format(name=form.cleaned_data["name"]))
            return redirect("administration:organisations")
    crumbs = _crumbs((_("机构管理"), reverse("administration:organisations")))
    heading = _("修改机构 {name}").format(name=organisation.name)
    return _form_page(request, form, heading, reverse("administration:organisations"), crumbs)


@access.model(Organisation, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def organisation_status(request: HttpRequest, code: str, status: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_for(request.user, Action.CHANGE), code=code)
    back = reverse("administration:organisations")
    active = status == "enable"
    if request.method == "POST":
        services.organisation_set_status(
            organisation=organisation, active=active, by=request.user, request=request
        )
        done = _("已启用机构 {name}") if active else _("已停用机构 {name}")
        messages.success(request, done.format(name=organisation.name))
        return redirect(back)
    users = organisation.users.filter(is_active=True).count()
    if active:
        return _confirm(
            request,
            heading=_("启用机构"),
            question=_("确定要重新启用机构“{name}”吗？").format(name=organisation.name),
            button=_("确认启用"),
            cancel_url=back,
            lines=[],
        )
    return _confirm(
        request,
        heading=_("停用机构"),
        question=_("确定要停用机构“{name}”吗？").format(name=organisation.name),
        button=_("确认停用"),
        cancel_url=back,
        lines=[
            _("该机构的 {n} 个在用账号仍可登录，但看不到任何数据，直到机构重新启用。").format(n=users),
            _("不能再把新用户分配到停用的机构。"),
        ],
    )


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
                return _password_shown(request, account, password, created=True, back_url=back)
    elif request.method == "GET":
        form = InviteForm(initial={"credit_code": request.GET.get("credit_code", "")})
    crumbs = _crumbs((_("企业库"), reverse("enterprises:list")))
    return _form_page(request, form, _("邀请企业用户"), reverse("enterprises:list"), crumbs)
