"""Policy pages: the catalogue, a policy with its conditions, its push list (政策找企业, with Excel export),
the policies of one enterprise, and the editor (city officers and admins). Views parse input, call one
selector or service and render; the data scope comes from `Enterprise.objects.visible_to`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rainforest.core.models import Region
from rainforest.core.policy import Action, access
from rainforest.core.scope import Reach, scope_for
from rainforest.enterprises.models import Enterprise
from rainforest.policies import selectors, services
from rainforest.policies.choices import Beneficiary
from rainforest.policies.export import push_list_workbook
from rainforest.policies.facts import FACTS
from rainforest.policies.forms import AsOfForm, ConditionFormSet, PolicyForm, PushQueryForm, condition_rows
from rainforest.policies.models import Policy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _policy(code: str) -> Policy:
    return get_object_or_404(selectors.policies_with_conditions(), code=code)


def _district_names() -> dict[str, str]:
    return dict(Region.objects.values_list("code", "name"))


@access.model(Policy, Action.VIEW)
@login_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    own = None
    if scope_for(request.user).reach is Reach.OWN:
        own = Enterprise.objects.visible_to(request.user).first()
    return render(
        request,
        "policies/list.html",
        {
            "policies": selectors.policies_with_conditions(),
            "may_edit": services.may_edit_policies(request.user),
            "own_enterprise": own,
        },
    )


@access.model(Policy, Action.VIEW)
@login_required
@require_GET
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "conditions": policy.conditions.all(),
            "may_edit": services.may_edit_policies(request.user),
            "facts": FACTS,
        },
    )


@access.model(Policy, Action.VIEW)  # the firms listed are the user's own scope
@login_required
@require_GET
def policy_push(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    form = PushQueryForm(request.GET or None)
    values = form.values()
    push = selectors.push_list(
        user=request.user,
        policy=policy,
        as_of=values["as_of"],
        district_code=values["district"],
        verdict=values["verdict"],
    )
    page = Paginator(push.rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    details = selectors.explain(policy, [row.enterprise_id for row in page.object_list], values["as_of"])
    names = _district_names()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "policies/push.html",
        {
            "policy": policy,
            "form": form,
            "push": push,
            "page": page,
            "rows": [
                (row, details.get(row.enterprise_id), names.get(row.district_code, row.district_code))
                for row in page.object_list
            ],
            "park_totals": selectors.park_totals(push) if policy.beneficiary == Beneficiary.INCUBATOR else [],
            "page_query": query.urlencode(),
            "as_of": values["as_of"],
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@access.model(Policy, Action.VIEW)  # the firms exported are the user's own scope
@login_required
@require_GET
def policy_push_export(request: HttpRequest, code: str) -> HttpResponse:
    policy = _policy(code)
    values = PushQueryForm(request.GET or None).values()
    push = selectors.push_list(
        user=request.user,
        policy=policy,
        as_of=values["as_of"],
        district_code=values["district"],
        verdict=values["verdict"],
    )
    response = HttpResponse(push_list_workbook(push, _district_names()), content_type=XLSX)
    filename = f"policy-{policy.code}-{values['as_of'].isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access.model(Enterprise, Action.VIEW)
@login_required
@require_GET
def enterprise_policies(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("district", "development_zone"),
        credit_code=credit_code.upper(),
    )
    form = AsOfForm(request.GET or None)
    outcome = selectors.enterprise_policies(enterprise=enterprise, as_of=form.value())
    return render(request, "policies/enterprise.html", {"outcome": outcome, "form": form})


@access.login
@login_required
@require_GET
def my_policies(request: HttpRequest) -> HttpResponse:
    """An enterprise user's own policies."""
    enterprise = Enterprise.objects.visible_to(request.user).first()
    if enterprise is None or scope_for(request.user).reach is not Reach.OWN:
        raise Http404
    return HttpResponseRedirect(reverse("policies:enterprise", args=[enterprise.credit_code]))


def _editor(request: HttpRequest) -> None:
    if not services.may_edit_policies(request.user):
        raise PermissionDenied(_("只有市局工作人员和系统管理员可以维护政策"))


def _edit(request: HttpRequest, policy: Policy | None) -> HttpResponse:
    _editor(request)
    instance = policy or Policy()
    form = PolicyForm(request.POST or None, instance=instance)
    formset = ConditionFormSet(request.POST or None, instance=instance, prefix="conditions")
    if request.method == "POST":
        form_valid = form.is_valid()
        formset_valid = formset.is_valid()
        if form_valid and formset_valid:
            rows, owners = condition_rows(formset)
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                saved = services.policy_save(user=request.user, fields=fields, conditions=rows, policy=policy)
            except ValidationError as error:
                _attach(error, form, owners)
            else:
                messages.success(request, _("已保存政策 {code}").format(code=saved.code))
                return HttpResponseRedirect(reverse("policies:detail", args=[saved.code]))
    heading = _("修改政策 {code}").format(code=policy.code) if policy else _("新增政策")
    cancel = reverse("policies:detail", args=[policy.code]) if policy else reverse("policies:list")
    return render(
        request,
        "policies/form.html",
        {"form": form, "formset": formset, "heading": heading, "cancel_url": cancel, "facts": FACTS},
        status=422 if request.method == "POST" else 200,
    )


def _attach(error: ValidationError, form: Any, owners: list[Any]) -> None:
    """Put a service's errors next to the field or condition they name."""
    for key, messages_ in error.message_dict.items():
        if key.startswith("conditions["):
            index_text, _sep, field = key[len("conditions[") :].partition("]")
            owner = (
                owners[int(index_text)] if index_text.isdigit() and int(index_text) < len(owners) else None
            )
            name = field.lstrip(".") or None
            for message in messages_:
                if owner is not None and name in owner.fields:
                    owner.add_error(name, message)
                else:
                    form.add_error(None, message)
        else:
            for message in messages_:
                form.add_error(key if key in form.fields else None, message)


@access.model(Policy, Action.ADD)
@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@access.model(Policy, Action.CHANGE)
@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, code: str) -> HttpResponse:
    _editor(request)
    return _edit(request, _policy(code))


@access.model(Policy, Action.DELETE)
@login_required
@require_http_methods(["GET", "POST"])
def policy_delete(request: HttpRequest, code: str) -> HttpResponse:
    _editor(request)
    policy = _policy(code)
    if request.method == "POST":
        services.policy_delete(user=request.user, policy=policy)
        messages.success(request, _("已删除政策 {code}").format(code=code))
        return HttpResponseRedirect(reverse("policies:list"))
    return render(
        request,
        "web/confirm_delete.html",
        {
            "what": str(policy),
            "consequences": [_("连同其 {n} 项条件一并删除").format(n=policy.conditions.count())],
            "cancel_url": reverse("policies:detail", args=[code]),
        },
    )
