"""The import page's writes: an uploaded file becomes a job, a job is checked or imported by the
task queue (progress on the job), and a mapping can be saved under a name for the next file."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from inflytt.accounts.models import User
from inflytt.audit.models import AuditEvent
from inflytt.audit.services import record_event
from inflytt.intake.importer import mapping, services
from inflytt.intake.importer.files import UnreadableFile
from inflytt.intake.models import ImportJob, ImportMapping
from inflytt.lib.dates import retention_cutoff

TOO_LARGE = _("The file is larger than %(max)s MB.")
ALREADY_RUNNING = _("This file is already being checked or imported.")
CHECK_FIRST = _("Check the file before importing it.")
# Errors kept on a job for the page (the command prints them all).
ERRORS_KEPT = 1000


@transaction.atomic
def create_job(*, upload: UploadedFile, kind: str, acting_user: User) -> ImportJob:
    """Keep an uploaded file if it is a table: the type is decided by the content (an XLSX zip or
    text), never by the name or the browser's content type."""
    limit = settings.INFLYTT_IMPORT_MAX_MB
    if upload.size is None or upload.size > limit * 1024 * 1024:
        raise ValidationError(TOO_LARGE % {"max": limit})
    content = upload.read()
    try:
        reader = services.Reader(io.BytesIO(content), kind=kind)
    except UnreadableFile as error:
        raise ValidationError(str(error)) from None
    job = ImportJob.objects.create(
        kind=kind,
        file_name=(upload.name or "")[:200],
        content=content,
        size=len(content),
        columns=reader.columns,
        created_by=acting_user,
    )
    record_event(
        action=AuditEvent.Action.CREATE, actor=acting_user, obj=job, detail={"kind": kind, "size": len(content)}
    )
    return job


def reader_for(job: ImportJob) -> services.Reader:
    return services.Reader(io.BytesIO(bytes(job.content)), kind=job.kind, columns=list(job.columns))


@transaction.atomic
def set_columns(*, job: ImportJob, columns: list[str]) -> None:
    """A changed mapping makes an earlier check stale: the import waits for a new one."""
    if columns != job.columns:
        ImportJob.objects.filter(pk=job.pk).update(columns=columns, result={}, rows_total=0)
        job.columns, job.result, job.rows_total = columns, {}, 0


@transaction.atomic
def save_mapping(*, name: str, job: ImportJob, acting_user: User) -> ImportMapping:
    header = reader_for(job).header
    columns = {title: field for title, field in zip(header, job.columns, strict=False) if title}
    saved, _created = ImportMapping.objects.update_or_create(
        name=name, defaults={"kind": job.kind, "columns": columns, "created_by": acting_user}
    )
    record_event(action=AuditEvent.Action.EDIT, actor=acting_user, obj=saved)
    return saved


def apply_mapping(*, job: ImportJob, saved: ImportMapping) -> None:
    header = reader_for(job).header
    set_columns(job=job, columns=mapping.guess_mapping(header, kind=job.kind, saved=saved.columns))


@transaction.atomic
def start_job(*, job: ImportJob, dry_run: bool, skip_invalid: bool, acting_user: User) -> None:
    """Queue a check (dry run) or the import; the task runs after this commits."""
    if not dry_run and not job.result:
        raise ValidationError(CHECK_FIRST)
    started = ImportJob.objects.filter(pk=job.pk).exclude(state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING])
    if not started.update(
        state=ImportJob.State.QUEUED, dry_run=dry_run, skip_invalid=skip_invalid, rows_done=0, phase=""
    ):
        raise ValidationError(ALREADY_RUNNING)
    record_event(
        action=AuditEvent.Action.EDIT,
        actor=acting_user,
        obj=job,
        detail={"dry_run": dry_run, "skip_invalid": skip_invalid},
    )
    job_id = job.pk
    transaction.on_commit(lambda: run_import_job(job_id))


@db_task()
def run_import_job(job_id: int) -> None:
    run_job(job_id=job_id, stale_before=retention_cutoff())


def run_job(*, job_id: int, stale_before: datetime) -> None:
    """The task's work: claim the job (once: a second delivery finds it running), run, record.
    `stale_before`: imported people whose history ends before it are what the next retention
    run proposes; the check counts them."""
    if not ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(state=ImportJob.State.RUNNING):
        return
    job = ImportJob.objects.get(pk=job_id)

    def progress(phase: str, rows: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(phase=phase, rows_done=rows)

    run = services.import_contacts if job.kind == mapping.CONTACTS else services.import_activities
    acting_user = job.created_by
    try:
        result = run(
            stream=io.BytesIO(bytes(job.content)),
            file_name=job.file_name,
            columns=list(job.columns),
            dry_run=job.dry_run,
            skip_invalid=job.skip_invalid,
            acting_user=acting_user,
            progress=progress,
            stale_before=stale_before,
        )
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, finished_at=timezone.now())
        raise
    summary: dict[str, Any] = result.as_dict()
    summary["error_count"] = len(summary["errors"])
    summary["errors"] = summary["errors"][:ERRORS_KEPT]
    summary["stale"] = result.stale
    summary["dry_run"] = job.dry_run
    changes: dict[str, Any] = {"state": ImportJob.State.DONE, "finished_at": timezone.now(), "result": summary}
    if job.dry_run:
        changes["rows_total"] = result.rows
    elif summary["error_count"] == 0 or job.skip_invalid:
        changes["content"] = b""  # imported: no copy of the old register stays here
    ImportJob.objects.filter(pk=job_id).update(**changes)


@db_periodic_task(crontab(minute="30", hour="3"))
def forget_old_import_files() -> None:
    forget_old_files()


def forget_old_files(now: datetime | None = None) -> int:
    """An uploaded register that was only checked, or failed, is a copy of personal data with no
    use after a while: its bytes and its error list (which quotes cells) go after
    INFLYTT_IMPORT_KEEP_DAYS. The job's counts stay, so the page still says what happened."""
    before = (now or timezone.now()) - timedelta(days=settings.INFLYTT_IMPORT_KEEP_DAYS)
    old = ImportJob.objects.filter(created_at__lt=before).exclude(
        state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    )
    count = 0
    for job in old.exclude(content=b"").only("pk", "result").iterator():
        result = {**job.result, "errors": []} if job.result else {}
        count += ImportJob.objects.filter(pk=job.pk).update(content=b"", result=result)
    return count
