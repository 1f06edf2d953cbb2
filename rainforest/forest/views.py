"""The forest page: counts by layer and district on an as-of date, the flows and moves of a year, and the
county map. Views only parse input, call `forest.selectors` (which apply the user's data scope) and render."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rainforest.core.policy import Action, access
from rainforest.forest import selectors
from rainforest.forest.choices import LAYER_CODES, LayerChoice, MoveKind
from rainforest.forest.forms import MAP_LAYERS, ForestQueryForm
from rainforest.forest.models import LayerSpan

GEOJSON_FILE = Path(__file__).resolve().parent / "static" / "forest" / "jinzhong-counties.geojson"
# The published file predates the 2019 change of 太谷县 (140726) into 太谷区 (140703); the file stays as
# published (its licence travels with it) and the feature is renamed when served.
GEOJSON_RENAMES = {"太谷县": ("太谷区", "140703")}

LAYER_ORDER = ["seed", "herb", "shrub", "tree", "none"]
FOREST_LAYERS = ("seed", "herb", "shrub", "tree")


def _layer_labels() -> dict[str, str]:
    return {code: str(LayerChoice(value).label) for code, value in LAYER_CODES.items()}


def _district_counts(summary: selectors.ForestSummary) -> list[dict[str, Any]]:
    """Each district's counts by layer plus `forest` (seed to tree), for the table and the map."""
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "counts": {**row["counts"], "forest": sum(row["counts"][code] for code in FOREST_LAYERS)},
            "total": row["total"],
        }
        for row in summary.by_district
    ]


def _sankey(links: list[dict[str, Any]]) -> dict[str, Any]:
    """ECharts Sankey data. A layer appears twice (on 1 January and on 31 December), so node names carry
    the side ("start:herb", "end:herb"); the label shown is the Chinese layer name."""
    labels = _layer_labels()
    labels_start = {**labels, "new": _("新进入")}
    labels_end = {**labels, "gone": _("退出")}
    order = [*LAYER_ORDER, "new", "gone"]
    sources = sorted({link["source"] for link in links}, key=order.index)
    targets = sorted({link["target"] for link in links}, key=order.index)
    nodes = [
        {"name": f"start:{code}", "label": labels_start[code], "code": code, "depth": 0} for code in sources
    ]
    nodes += [
        {"name": f"end:{code}", "label": labels_end[code], "code": code, "depth": 1} for code in targets
    ]
    return {
        "nodes": nodes,
        "links": [
            {"source": f"start:{link['source']}", "target": f"end:{link['target']}", "value": link["value"]}
            for link in links
        ],
    }


@access.model(LayerSpan, Action.VIEW)
@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    defaults = ForestQueryForm().values()
    form = ForestQueryForm(request.GET or None, initial=defaults)
    valid = form.is_valid() if form.is_bound else True
    values = form.values() if form.is_bound else defaults
    as_of: date = values["as_of"]
    year: int = values["year"]
    start, end = selectors.year_window(year, as_of)  # a year under way ends on the day shown

    summary = selectors.forest_summary(request.user, as_of)
    districts = _district_counts(summary)
    moves = selectors.moves_in(request.user, start, end).select_related("enterprise", "team", "district")
    if values["kind"]:
        moves = moves.filter(kind=values["kind"])
    page = Paginator(moves, settings.RAINFOREST["PAGE_SIZE"]).get_page(request.GET.get("page"))
    counts = selectors.move_counts(request.user, start, end)
    labels = _layer_labels()

    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "as_of": as_of,
        "year": year,
        "flow_start": start,  # the Sankey compares the layers on these two days (the caption says them)
        "flow_end": end,
        "summary": summary,
        "layers": [
            {"code": code, "label": labels[code], "count": summary.by_layer[code]} for code in LAYER_ORDER
        ],
        "districts": districts,
        "move_counts": [
            {"kind": kind, "label": str(MoveKind(kind).label), "count": counts[kind]} for kind in counts
        ],
        "kind": values["kind"],
        "page": page,
        "page_query": query.urlencode(),
        "chart_data": {
            "year": year,
            "sankey": _sankey(selectors.layer_flows(request.user, start, end)),
            "map": {
                "geojson_url": reverse("forest:geojson"),
                "layer": values["layer"],
                "layers": [{"code": code, "label": str(label)} for code, label in MAP_LAYERS],
                "districts": [
                    {"code": d["code"], "name": d["name"], "counts": d["counts"]} for d in districts
                ],
            },
        },
    }
    return render(request, "forest/index.html", context, status=200 if valid else 400)


@access.model(LayerSpan, Action.VIEW)
@login_required
@require_GET
def map_counts(request: HttpRequest) -> JsonResponse:
    """The map's figures as JSON: organisations per county on `as_of` on `layer` (default: the forest)."""
    form = ForestQueryForm(request.GET)
    if not form.is_valid():
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        return JsonResponse({"errors": errors}, status=422)
    values = form.values()
    summary = selectors.forest_summary(request.user, values["as_of"])
    return JsonResponse(
        {
            "as_of": values["as_of"].isoformat(),
            "layer": values["layer"],
            "districts": [
                {"code": d["code"], "name": d["name"], "value": d["counts"][values["layer"]]}
                for d in _district_counts(summary)
            ],
        }
    )


@lru_cache(maxsize=1)
def _county_geojson() -> bytes:
    data = json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))
    for feature in data["features"]:
        renamed = GEOJSON_RENAMES.get(feature["properties"].get("name"))
        if renamed:
            feature["properties"]["name"], feature["id"] = renamed
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@access.login
@login_required
@require_GET
def county_geojson(request: HttpRequest) -> HttpResponse:
    """Jinzhong's 11 counties for `echarts.registerMap`, with 太谷县 renamed 太谷区 (140703)."""
    response = HttpResponse(_county_geojson(), content_type="application/geo+json; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400"
    return response
