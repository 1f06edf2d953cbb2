"""The cockpit's pages: the board of a period, the map's figures as JSON, and the briefings (generate,
list, read, download). Views parse input, call the cockpit's and the briefing's selectors and services
(which apply the user's scope through `indicators.figures` and `policy.restrict`) and render."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rainforest.core.models import data_as_of
from rainforest.core.policy import Action, access
from rainforest.forest import selectors as forest_selectors
from rainforest.forest import views as forest_views
from rainforest.forest.choices import LAYER_CODES, LayerChoice
from rainforest.indicators.briefing import numbers, services
from rainforest.indicators.briefing import selectors as briefing_selectors
from rainforest.indicators.briefing.document import standalone
from rainforest.indicators.briefing.sentences import SECTIONS
from rainforest.indicators.cockpit import selectors
from rainforest.indicators.cockpit.forms import (
    ORDERINGS,
    BriefingFilter,
    BriefingRequest,
    CockpitQuery,
    period_choices,
)
from rainforest.indicators.figures import Figure, TargetProgress
from rainforest.indicators.models import Briefing
from rainforest.indicators.periods import Period

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FOREST_LAYERS = ("seed", "herb", "shrub", "tree")


# --- presentation of figures ---------------------------------------------------------------------------


def _trend(change: Decimal | None) -> tuple[str, str]:
    if change is None:
        return "none", ""
    if change > 0:
        return "up", _("上升")
    if change < 0:
        return "down", _("下降")
    return "level", _("持平")


def _rank_move(rank: int | None, previous: int | None) -> tuple[str, int]:
    if rank is None or previous is None:
        return "none", 0
    if rank < previous:
        return "up", previous - rank
    if rank > previous:
        return "down", rank - previous
    return "same", 0


def tile(figure: Figure) -> dict[str, Any]:
    """What a figure's tile or row shows, every number already written as Chinese statistics write it."""
    trend, trend_label = _trend(figure.change)
    rank_move, places = _rank_move(figure.rank, figure.previous_rank)
    return {
        "code": figure.code,
        "name": _(figure.name),
        "value": "—" if figure.value is None else numbers.amount(figure.value, figure.unit, grouping=True),
        "previous": "—"
        if figure.previous is None
        else numbers.amount(figure.previous, figure.unit, grouping=True),
        "estimate": figure.estimate,
        "trend": trend,
        "trend_label": trend_label,
        "change": "" if figure.change is None else numbers.percent(figure.change),
        "rank": figure.rank,
        "previous_rank": figure.previous_rank,
        "rank_move": rank_move,
        "places": places,
        "records_url": figure.records_url,
        "area": figure.area,
    }


def target_row(target: TargetProgress) -> dict[str, Any]:
    def text(value: Decimal | None) -> str:
        return "—" if value is None else numbers.amount(value, target.unit, grouping=True)

    progress = target.progress_percent
    return {
        "code": target.code,
        "name": _(target.name),
        "target": text(target.target),
        "actual": text(target.actual),
        "forecast": text(target.forecast),
        "progress": "—" if progress is None else numbers.percent(progress),
        "progress_value": float(min(progress, Decimal(100))) if progress is not None else 0,
        "reached": progress is not None and progress >= 100,
        "on_course": target.forecast is not None and target.forecast >= target.target,
        "probability": target.probability,
        "source": target.source,
    }


def _map_payload(period: Period, indicator: Figure | None, user: Any) -> dict[str, Any]:
    if indicator is None:
        return {"indicator": "", "name": "", "unit": "", "districts": []}
    values = selectors.county_values(period, indicator.code, user=user)
    return {
        "indicator": indicator.code,
        "name": _(indicator.name),
        "unit": "万元" if indicator.unit == numbers.MONEY_UNIT else indicator.unit,
        "districts": [
            {
                "code": county.code,
                "name": county.name,
                # money on the map in 万元, so the colour scale's labels read as the tiles do
                "value": None
                if county.value is None
                else float(
                    county.value / numbers.WAN if indicator.unit == numbers.MONEY_UNIT else county.value
                ),
                "text": "—"
                if county.value is None
                else numbers.amount(county.value, indicator.unit, grouping=True),
            }
            for county in values
        ],
    }


def _forest(user: Any, period: Period) -> dict[str, Any]:
    """The forest on the period's last day (or the as-of date, if sooner) and its flows over the period,
    in the shape the forest page's script (forest/forest.js) draws."""
    end = min(period.end, data_as_of())
    start = period.start - timedelta(days=1)
    summary = forest_selectors.forest_summary(user, end)
    labels = {code: str(LayerChoice(value).label) for code, value in LAYER_CODES.items()}
    return {
        "as_of": end,
        "start": start,
        "total": summary.total,
        "layers": [
            {"code": code, "label": labels[code], "count": summary.by_layer.get(code, 0)}
            for code in FOREST_LAYERS
        ],
        "chart": {
            "year": period.year,
            "sankey": forest_views._sankey(forest_selectors.layer_flows(user, start, end)),
        },
    }


def _place(request: HttpRequest, district: str | None) -> briefing_selectors.Place:
    try:
        return briefing_selectors.place_for(request.user, district or None)
    except ValueError as error:  # unknown, or outside the user's reach: not revealed which
        raise Http404(str(error)) from error


# --- pages -----------------------------------------------------------------------------------------------


@access.model(Briefing, Action.VIEW)
@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    as_of = data_as_of()
    query = CockpitQuery(request.GET or None)
    valid = query.is_valid() if query.is_bound else True
    cleaned = query.cleaned_data if query.is_bound and valid else {}
    period: Period = cleaned.get("period") or selectors.default_period(as_of)
    place = _place(request, cleaned.get("district"))
    board = selectors.board(period, user=request.user, place=place)
    every = [*board.headlines, *board.others]
    by_code = {figure.code: figure for figure in every}
    indicator = by_code.get(cleaned.get("indicator") or "") or by_code.get(selectors.DEFAULT_MAP_INDICATOR)
    if indicator is None and every:
        indicator = every[0]
    sections: dict[str, list[dict[str, Any]]] = {}
    for figure in board.others:
        sections.setdefault(figure.area, []).append(tile(figure))
    area_titles = {key: _(title) for key, title in SECTIONS}
    forest = _forest(request.user, period)
    groups = period_choices(as_of)
    if not any(period.code == code for _label, options in groups for code, _text in options):
        groups.insert(0, (_("所选"), [(period.code, period.label)]))
    context = {
        "query": query,
        "period": period,
        "period_groups": groups,
        "place": place,
        "districts": briefing_selectors.districts_of(request.user) if place.region is None else [],
        "board": board,
        "headlines": [tile(figure) for figure in board.headlines],
        "sections": [
            {"key": key, "title": area_titles.get(key, key), "rows": rows} for key, rows in sections.items()
        ],
        "targets": [target_row(target) for target in board.targets],
        "indicators": [(figure.code, _(figure.name)) for figure in every],
        "indicator": indicator.code if indicator else "",
        "forest": forest,
        "briefing_form": BriefingRequest(initial={"period": period.code, "district": place.code or ""}),
        "cockpit_data": {
            "period": period.code,
            "district": place.code or "",
            "map_url": reverse("cockpit:map"),
            "geojson_url": reverse("forest:geojson"),
            "map": _map_payload(period, indicator, request.user),
        },
        "forest_data": forest["chart"],
    }
    return render(request, "indicators/cockpit.html", context, status=200 if valid else 400)


@access.model(Briefing, Action.VIEW)
@login_required
@require_GET
def map_values(request: HttpRequest) -> JsonResponse:
    """One indicator's value in each district the user reaches, for the cockpit's map."""
    query = CockpitQuery(request.GET)
    if not query.is_valid():
        errors = [
            {"field": field, "message": str(message)}
            for field, field_errors in query.errors.items()
            for message in field_errors
        ]
        return JsonResponse({"errors": errors}, status=422)
    period = query.cleaned_data["period"] or selectors.default_period(data_as_of())
    code = query.cleaned_data["indicator"] or selectors.DEFAULT_MAP_INDICATOR
    place = _place(request, None)
    found = selectors.figures(period, user=request.user, district=place.code, codes=[code])
    if not found:
        return JsonResponse(
            {"errors": [{"field": "indicator", "message": _("指标 {code} 不存在").format(code=code)}]},
            status=422,
        )
    return JsonResponse({"period": period.code, **_map_payload(period, found[0], request.user)})


@access.model(Briefing, Action.ADD)
@login_required
@require_POST
def briefing_create(request: HttpRequest) -> HttpResponse:
    """Generate the period's briefing for the user's scope (or one district of it) and keep it."""
    form = BriefingRequest(request.POST)
    if not form.is_valid():
        problems = "；".join(
            f"{form.fields[field].label if field in form.fields else field}：{message}"
            for field, field_errors in form.errors.items()
            for message in field_errors
        )
        messages.error(request, _("未能生成简报：{problems}").format(problems=problems))
        return _back(request, status=400)
    try:
        generated = services.briefing_generate(
            period=form.cleaned_data["period"],
            user=request.user,
            district=form.cleaned_data["district"] or None,
        )
    except ValueError as error:  # an unknown district, or one outside the user's reach
        messages.error(request, _("未能生成简报：{problems}").format(problems=str(error)))
        return _back(request, status=400)
    for note in generated.content.notes:
        messages.warning(request, note)
    messages.success(request, _("已生成简报：{title}").format(title=generated.briefing.title))
    return redirect("cockpit:briefing", pk=generated.briefing.pk)


def _back(request: HttpRequest, *, status: int) -> HttpResponse:
    """The refused request's answer: the list of briefings with the error shown (and a 400 status)."""
    response = briefing_list(request)
    response.status_code = status
    return response


@access.model(Briefing, Action.VIEW)
@login_required
@require_GET
def briefings(request: HttpRequest) -> HttpResponse:
    return briefing_list(request)


def briefing_list(request: HttpRequest) -> HttpResponse:
    filters = BriefingFilter(request.GET or None)
    values = filters.values()
    rows = briefing_selectors.briefings_for(request.user)
    if values["period"] is not None:
        rows = rows.filter(period=values["period"].code)
    rows = rows.order_by(values["ordering"], "-id")
    page = Paginator(rows, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "orderings": list(ORDERINGS.items()),
        "ordering": values["ordering"],
        "filtered": values["period"] is not None,
        "cockpit_url": reverse("cockpit:index")
        + ("?" + urlencode({"period": values["period"].code}) if values["period"] else ""),
    }
    return render(request, "indicators/briefing_list.html", context)


def _briefing(request: HttpRequest, pk: int) -> Briefing:
    try:
        return briefing_selectors.briefing_for(request.user, pk)
    except Briefing.DoesNotExist as error:
        raise Http404(_("简报不存在或不在您的数据范围内")) from error


@access.model(Briefing, Action.VIEW)
@login_required
@require_GET
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    kept = _briefing(request, pk)
    try:
        period_label = Period.parse(kept.period).label
    except ValueError:
        period_label = kept.period
    return render(
        request,
        "indicators/briefing.html",
        {"briefing": kept, "period_label": period_label, "figure_count": len(kept.figures or [])},
    )


def _filename(briefing: Briefing, suffix: str) -> str:
    return (get_valid_filename(briefing.title) or f"briefing-{briefing.pk}") + suffix


@access.model(Briefing, Action.EXPORT)
@login_required
@require_GET
def briefing_docx(request: HttpRequest, pk: int) -> HttpResponse:
    kept = _briefing(request, pk)
    if not kept.docx:
        raise Http404(_("该简报没有 Word 文档"))
    response = HttpResponse(bytes(kept.docx), content_type=DOCX)
    response["Content-Disposition"] = _attachment(_filename(kept, ".docx"))
    return response


@access.model(Briefing, Action.EXPORT)
@login_required
@require_GET
def briefing_html(request: HttpRequest, pk: int) -> HttpResponse:
    kept = _briefing(request, pk)
    response = HttpResponse(standalone(kept.title, kept.html), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = _attachment(_filename(kept, ".html"))
    return response


def _attachment(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "briefing" + filename[filename.rfind(".") :]
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
