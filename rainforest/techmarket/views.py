"""The technology market's pages of its own: contract statistics for a period (with the year before,
ranks, breakdowns and the Excel export) and the registration actions on a contract (register, return,
resubmit). The contract's list, detail, create and edit pages are the declared record type's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rainforest.core.models import Region
from rainforest.core.money import WAN, in_units
from rainforest.core.policy import Action, access, may
from rainforest.core.xlsx import Book
from rainforest.indicators.periods import Period, choices_around
from rainforest.techmarket import selectors, services
from rainforest.techmarket.choices import Status
from rainforest.techmarket.models import Contract


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    shown = (value * 100).quantize(Decimal("0.1"))
    return f"{'+' if shown > 0 else ''}{shown}%"


def _wan(yuan: Decimal) -> str:
    return f"{in_units(yuan, WAN, 1):,}"


def default_period(contracts: Any) -> Period:
    return selectors.latest_quarter(contracts)


def resolve(request: HttpRequest) -> tuple[Period, Region | None, list[str]]:
    """The period and district asked for (?period=2025Q1&district=140702), with any problem in words."""
    problems: list[str] = []
    contracts = Contract.objects.restrict(request.user, Action.VIEW)
    code = (request.GET.get("period") or "").strip()
    period = default_period(contracts)
    if code:
        try:
            period = Period.parse(code)
        except ValueError as error:
            problems.append(str(error))
    district = None
    if district_code := (request.GET.get("district") or "").strip():
        district = Region.objects.filter(code=district_code).first()
        if district is None:
            problems.append(_("县区代码“{code}”不存在").format(code=district_code))
    return period, district, problems


def present(line: selectors.Line, link: str) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label,
        "count": line.current.count,
        "amount": _wan(line.current.contract_amount),
        "tech": _wan(line.current.tech_transaction_amount),
        "previous_count": line.previous.count,
        "previous_amount": _wan(line.previous.contract_amount),
        "count_growth": _percent(line.count_growth),
        "amount_growth": _percent(line.amount_growth),
        "tech_growth": _percent(line.tech_growth),
        "extreme": line.extreme,
        "link": link,
    }


def statistics_context(request: HttpRequest) -> dict[str, Any]:
    period, district, problems = resolve(request)
    contracts = Contract.objects.restrict(request.user, Action.VIEW)
    stats = selectors.contract_statistics(period=period, contracts=contracts, district=district)
    base = reverse("records:contract_list")

    def link(side: str, **extra: str) -> str:
        query = {"period": period.code, "side": side, **extra}
        if district is not None:
            query["district"] = district.code
        return f"{base}?{urlencode(query)}"

    return {
        "period": period,
        "district": district,
        "problems": problems,
        "stats": stats,
        "output": present(stats.output, link("output")),
        "absorption": present(stats.absorption, link("absorption")),
        "breakdowns": [
            (
                _("按合同类别（输出）"),
                [present(x, link("output", category=x.key)) for x in stats.by_category],
            ),
            (_("按技术领域（输出）"), [present(x, link("output", field=x.key)) for x in stats.by_field]),
            (
                _("按卖方类型（输出）"),
                [present(x, link("output", seller_class=x.key)) for x in stats.by_seller_class],
            ),
            (
                _("按县区（输出）"),
                [present(x, link("output", district=x.key) if x.key else "") for x in stats.by_district],
            ),
        ],
        "rank": stats.rank,
        "periods": choices_around(period.end if period.end.year >= 2000 else period.start, years=3),
        "districts": Region.objects.filter(parent__code=selectors.city_code()).districts(),
        "export_query": urlencode(
            {"period": period.code, **({"district": district.code} if district else {})}
        ),
    }


@access.model(Contract, Action.VIEW)
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "techmarket/statistics.html", statistics_context(request))


@access.model(Contract, Action.EXPORT)
@require_GET
def statistics_export(request: HttpRequest) -> HttpResponse:
    context = statistics_context(request)
    book = Book()
    sheet = book.sheet(_("技术合同统计"))
    place = context["stats"].place
    sheet.append([_("技术合同统计"), place, context["period"].label])
    header = [
        _("项目"),
        _("合同数（项）"),
        _("合同成交额（万元）"),
        _("技术交易额（万元）"),
        _("上年同期合同数"),
        _("上年同期成交额（万元）"),
        _("合同数同比"),
        _("成交额同比"),
    ]

    def rows(title: str, lines: list[dict[str, Any]]) -> None:
        sheet.append([])
        sheet.append([title])
        sheet.append(header)
        for item in lines:
            sheet.append(
                [
                    item["label"],
                    item["count"],
                    item["amount"],
                    item["tech"],
                    item["previous_count"],
                    item["previous_amount"],
                    item["count_growth"],
                    item["amount_growth"],
                ]
            )

    rows(_("总量"), [context["output"], context["absorption"]])
    for title, lines in context["breakdowns"]:
        rows(str(title), lines)
    rank = context["rank"]
    if rank is not None and rank.rank is not None:
        sheet.append([])
        sheet.append([_("全省排名（成交额）"), rank.label, rank.change_label])
    response = HttpResponse(
        book.bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="contract-statistics-{context["period"].code}.xlsx"'
    )
    return response


@access.model(Contract, Action.VIEW)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Contracts waiting for the registry (submitted) or for their submitter (returned), oldest first."""
    status = request.GET.get("status") or Status.SUBMITTED
    if status not in (Status.SUBMITTED, Status.RETURNED):
        status = Status.SUBMITTED
    rows = (
        Contract.objects.restrict(request.user, Action.VIEW)
        .filter(status=status)
        .select_related("seller_enterprise", "seller_organisation", "buyer_enterprise", "buyer_organisation")
        .order_by("submitted_on", "pk")
    )
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [{"contract": c, "amount": _wan(c.contract_amount)} for c in page.object_list],
        "status": status,
        "statuses": [(Status.SUBMITTED, Status.SUBMITTED.label), (Status.RETURNED, Status.RETURNED.label)],
    }
    return render(request, "techmarket/queue.html", context)


@access.model(Contract, Action.VIEW)
@require_GET
def workflow(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.restrict(request.user, Action.VIEW), pk=pk)
    context = {
        "contract": contract,
        "events": contract.events.select_related("actor"),
        "may_register": may(request.user, Action.CHANGE, contract) and contract.status == Status.SUBMITTED,
        "may_resubmit": may(request.user, Action.ADD, contract) and contract.status == Status.RETURNED,
    }
    return render(request, "techmarket/workflow.html", context)


@access.model(Contract, Action.CHANGE)
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.restrict(request.user, Action.CHANGE), pk=pk)
    action = request.POST.get("action", "register")
    try:
        if action == "return":
            services.contract_return(
                user=request.user, contract=contract, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已退回"))
        else:
            services.contract_register(
                user=request.user, contract=contract, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("已登记"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("techmarket:workflow", pk=contract.pk)


@access.model(Contract, Action.ADD)
@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.restrict(request.user, Action.ADD), pk=pk)
    try:
        services.contract_resubmit(
            user=request.user, contract=contract, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("已重新提交"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("techmarket:workflow", pk=contract.pk)
