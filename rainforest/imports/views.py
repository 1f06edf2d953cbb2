"""Pages of the Excel framework: record types with their templates, the upload with every bad row shown,
the job page with its progress bar, and the export of what a filter selects (within the data scope)."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rainforest.core.policy import Action, access
from rainforest.enterprises.models import Enterprise
from rainforest.imports import selectors, services, tasks
from rainforest.imports.base import RecordType
from rainforest.imports.forms import UploadForm
from rainforest.imports.models import ImportJob
from rainforest.imports.registry import RECORD_TYPES
from rainforest.imports.writer import export_write, template_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 1000


def _record_type(name: str) -> RecordType:
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise Http404(name) from None


def _importer(request: HttpRequest) -> None:
    if not selectors.may_import(request.user):
        raise PermissionDenied


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@access.model(Enterprise, Action.IMPORT)
@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _importer(request)
    context = {
        "record_types": list(RECORD_TYPES.values()),
        "form": UploadForm(),
        "jobs": selectors.jobs_for(request.user)[:10],
    }
    return render(request, "imports/index.html", context)


@access.login
@login_required
@require_GET
def template(request: HttpRequest, record_type: str) -> HttpResponse:
    kind = _record_type(record_type)
    if not kind.importable:
        raise Http404(record_type)
    buffer = io.BytesIO()
    template_write(kind, buffer)
    return _xlsx(buffer.getvalue(), f"{kind.name}-template.xlsx")


@access.model(Enterprise, Action.IMPORT)
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "imports/upload.html", {"form": form, "record_types": _importable()})
    kind = RECORD_TYPES[form.cleaned_data["record_type"]]
    job = services.import_job_create(
        record_type=kind,
        upload=form.cleaned_data["file"],
        user=request.user,
        dry_run=form.cleaned_data["dry_run"],
    )
    if job.rows > settings.RAINFOREST["IMPORT_BACKGROUND_ROWS"]:
        tasks.import_job_enqueue(job=job)
        return redirect("imports:job", pk=job.pk)
    job = services.import_job_run(job_id=job.pk, record_types=RECORD_TYPES)
    return render(request, "imports/result.html", _job_context(job))


def _importable() -> list[RecordType]:
    """The record types with a template: the upload page links to each one's."""
    return [record_type for record_type in RECORD_TYPES.values() if record_type.importable]


def _job_context(job: ImportJob) -> dict[str, object]:
    kind = RECORD_TYPES.get(job.record_type)
    labels = {column.name: column.label for column in kind.columns} if kind else {}
    errors = [
        {**error, "label": labels.get(error["field"], error["field"])} for error in job.errors[:ERRORS_SHOWN]
    ]
    return {
        "job": job,
        "record_type": kind,
        "errors": errors,
        "hidden_errors": max(0, len(job.errors) - ERRORS_SHOWN),
        "now": timezone.now(),
    }


def _visible_job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, after ending any job whose worker died, so a watched job never stays "in progress"."""
    services.import_jobs_reap()
    return get_object_or_404(selectors.jobs_for(request.user), pk=pk)


@access.model(Enterprise, Action.IMPORT)  # a user's own jobs (city-wide users: everyone's)
@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    _importer(request)
    return render(request, "imports/job.html", _job_context(_visible_job(request, pk)))


@access.model(Enterprise, Action.IMPORT)
@login_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    _importer(request)
    return render(request, "imports/_progress.html", _job_context(_visible_job(request, pk)))


@access.model(Enterprise, Action.EXPORT)  # rows: the record type's restricted queryset
@login_required
@require_GET
def export(request: HttpRequest, record_type: str) -> HttpResponse:
    kind = _record_type(record_type)
    rows = kind.export_queryset(request.user, request.GET.dict())
    buffer = io.BytesIO()
    export_write(kind, rows.iterator(chunk_size=2000), buffer)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(buffer.getvalue(), f"{kind.name}-{stamp}.xlsx")
