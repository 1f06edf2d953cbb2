"""An enterprise's certificates and designations: record (create or change) and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rainforest.core.policy import Action, access
from rainforest.enterprises import services
from rainforest.enterprises.forms import CertificateForm, show_service_errors
from rainforest.enterprises.models import Certificate
from rainforest.enterprises.views._common import confirm, crumbs, enterprise_or_404, form_page

# --- certificates --------------------------------------------------------------------------------------


@access.model(Certificate, Action.CHANGE)
@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, credit_code: str, pk: int | None = None) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    if pk is None:
        instance = Certificate(enterprise=enterprise)
        heading = _("登记资质证书")
    else:
        rows = Certificate.objects.restrict(request.user, Action.CHANGE)
        instance = get_object_or_404(rows, enterprise=enterprise, pk=pk)
        heading = _("修改资质证书")
    form = CertificateForm(request.POST or None, instance=instance)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_record(
                enterprise=enterprise, user=request.user, **form.service_values()
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("已保存资质“{kind}”").format(kind=certificate.get_kind_display()))
            return redirect(detail_url)
    return form_page(request, form, heading, detail_url, crumbs(enterprise))


@access.model(Certificate, Action.DELETE)
@require_http_methods(["GET", "POST"])
def certificate_delete(request: HttpRequest, credit_code: str, pk: int) -> HttpResponse:
    enterprise = enterprise_or_404(request, credit_code, Action.CHANGE)
    rows = Certificate.objects.restrict(request.user, Action.DELETE)
    certificate = get_object_or_404(rows, enterprise=enterprise, pk=pk)
    detail_url = reverse("enterprises:detail", args=[credit_code])
    what = _("{kind}（{issued_on}）").format(
        kind=certificate.get_kind_display(), issued_on=certificate.issued_on.isoformat()
    )
    if request.method == "POST":
        services.certificate_delete(certificate=certificate, user=request.user)
        messages.success(request, _("已删除资质“{what}”").format(what=what))
        return redirect(detail_url)
    return confirm(request, what, detail_url)
