"""The organisations pages (机构管理): the tree, create, edit, disable or enable."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.administration import selectors, services
from rainforest.administration.filters import OrganisationFilter
from rainforest.administration.forms import (
    OrganisationForm,
    show_service_errors,
)
from rainforest.administration.views.common import (
    ORGANISATION_COLUMNS,
    _confirm,
    _crumbs,
    _form_page,
    _list_context,
)
from rainforest.core.models import Organisation
from rainforest.core.policy import Action, access

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
