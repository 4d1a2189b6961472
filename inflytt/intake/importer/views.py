"""The coordinator's import page: upload, mapping, preview, check, import (views stay thin)."""

from __future__ import annotations

from itertools import islice

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from inflytt.accounts.permissions import coordinator_required
from inflytt.intake.importer import jobs, mapping
from inflytt.intake.importer.forms import MappingForm, RunForm, SaveMappingForm, UploadForm
from inflytt.intake.models import ImportJob, ImportMapping

PREVIEW_ROWS = 5


@require_http_methods(["GET", "POST"])
@coordinator_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.create_job(
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("intake:import_job", pk=job.pk)
    recent = ImportJob.objects.select_related("created_by").defer("content")[:10]
    status = 400 if form.errors else 200
    return render(request, "intake/import_upload.html", {"form": form, "recent": recent}, status=status)


@require_http_methods(["GET", "POST"])
@coordinator_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    busy = job.state in (ImportJob.State.QUEUED, ImportJob.State.RUNNING)
    reader = jobs.reader_for(job) if job.content else None
    header = reader.header if reader else []
    mapping_form = MappingForm(header=header, columns=job.columns, kind=job.kind)
    save_form = SaveMappingForm()
    run_form = RunForm()
    action = request.POST.get("action", "")
    if request.method == "POST" and reader is not None and not busy:
        if action == "apply":
            saved = ImportMapping.objects.filter(pk=request.POST.get("saved") or 0, kind=job.kind).first()
            if saved is not None:
                jobs.apply_mapping(job=job, saved=saved)
            return redirect("intake:import_job", pk=job.pk)
        mapping_form = MappingForm(request.POST, header=header, columns=job.columns, kind=job.kind)
        if action == "save":
            save_form = SaveMappingForm(request.POST)
        run_form = RunForm(request.POST)
        if mapping_form.is_valid() and run_form.is_valid() and (action != "save" or save_form.is_valid()):
            jobs.set_columns(job=job, columns=mapping_form.columns())
            try:
                if action == "save":
                    jobs.save_mapping(name=save_form.cleaned_data["name"], job=job, acting_user=request.user)  # type: ignore[arg-type]
                elif action in ("check", "import"):
                    jobs.start_job(
                        job=job,
                        dry_run=action == "check",
                        skip_invalid=run_form.cleaned_data["skip_invalid"],
                        acting_user=request.user,  # type: ignore[arg-type]
                    )
            except ValidationError as error:
                run_form.add_error(None, error)
            else:
                return redirect("intake:import_job", pk=job.pk)
    preview = []
    labels = dict(mapping.field_choices(job.kind))
    if reader is not None:
        preview = [
            (
                number,
                [
                    (header[index], labels.get(field, ""), cell)
                    for index, (field, cell) in enumerate(zip(job.columns, cells, strict=False))
                ],
            )
            for number, cells in islice(reader.file.rows(), PREVIEW_ROWS)
        ]
    context = {
        "job": job,
        "busy": busy,
        "table": reader.file.table if reader else None,
        "mapping_form": mapping_form,
        "save_form": save_form,
        "run_form": run_form,
        "saved": ImportMapping.objects.filter(kind=job.kind),
        "preview": preview,
        "forms_with_errors": [form for form in (mapping_form, save_form, run_form) if form.errors],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/import_job.html", context, status=status)
