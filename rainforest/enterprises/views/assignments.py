"""Assigning a tech butler (科技管家) to an enterprise."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.models import today
from rainforest.core.policy import Action, access
from rainforest.enterprises import services
from rainforest.enterprises.forms import AssignmentForm, show_service_errors
from rainforest.enterprises.models import Assignment
from rainforest.enterprises.views._common import crumbs, enterprise_or_404, form_page

# --- butler assignments --------------------------------------------------------------------------------


@access.model(Assignment, Action.ADD)
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, credit_code: str) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    form = AssignmentForm(
        request.POST or None, instance=Assignment(enterprise=enterprise), initial={"started_on": today()}
    )
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_start(
                enterprise=enterprise,
                butler=form.cleaned_data["butler"],
                started_on=form.cleaned_data["started_on"],
                user=request.user,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已指派科技管家 {butler}").format(butler=assignment.butler))
            return redirect(detail_url)
    return form_page(request, form, _("指派科技管家"), detail_url, crumbs(enterprise))
