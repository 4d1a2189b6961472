"""The coordinator's import page: upload (type by content, size limit), mapping, preview, check, import."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inflytt.contacts.models import Contact
from inflytt.contacts.tests import factories
from inflytt.intake.importer import jobs
from inflytt.intake.models import ImportJob, ImportMapping

CSV = (
    "Förnamn;Efternamn;E-post;Kommun;Registrerad;Nyhetsbrev\r\n"
    "Åsa;Öberg;asa@example.se;Bräcke;2015-03-04;ja\r\n"
    "Pär;Ek;par@example.se;Åre;2024-01-10;nej\r\n"
).encode("cp1252")


def upload(client, content: bytes = CSV, name: str = "register.csv", kind: str = "contacts"):
    return client.post("/intake/import/", {"file": SimpleUploadedFile(name, content), "kind": kind})


@pytest.fixture
def coordinator(client_for, parties):
    for _ in range(2):
        factories.contact()  # ids of cards and jobs differ
    return client_for("coordinator")


@pytest.mark.django_db
def test_upload_shows_mapping_and_first_rows(coordinator):
    response = upload(coordinator)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/intake/import/{job.pk}/"
    page = coordinator.get(response.url).content.decode()
    assert "cp1252" in page and "Åsa" in page and "Bräcke" in page
    assert job.columns == ["first_name", "last_name", "email", "municipalities", "registered_at", "newsletter"]


@pytest.mark.django_db
def test_type_is_checked_by_content_not_name(coordinator):
    response = upload(coordinator, content=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="register.csv")
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_size_limit(coordinator, settings):
    settings.INFLYTT_IMPORT_MAX_MB = 0
    assert upload(coordinator).status_code == 400
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_check_then_import_through_the_task(coordinator, settings, django_capture_on_commit_callbacks):
    settings.INFLYTT_RETENTION_YEARS = 5
    job_url = upload(coordinator).url
    job = ImportJob.objects.get()
    columns = {f"column_{index}": field for index, field in enumerate(job.columns)}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(job_url, {**columns, "action": "check"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.result["dry_run"] is True
    assert (job.result["new"], job.result["stale"]) == (2, 1), "Åsa registered 2015: the next retention proposes her"
    assert not Contact.objects.filter(source=Contact.Source.IMPORT).exists()
    page = coordinator.get(job_url).content.decode()
    assert "retention" in page or "gallring" in page
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(job_url, {**columns, "action": "import"})
    job.refresh_from_db()
    assert job.result["new"] == 2 and job.result["dry_run"] is False
    assert Contact.objects.filter(source=Contact.Source.IMPORT).count() == 2
    assert bytes(job.content) == b"", "no copy of the old register stays after the import"


@pytest.mark.django_db
def test_import_needs_a_check_first_and_a_changed_mapping_needs_a_new_one(
    coordinator, django_capture_on_commit_callbacks
):
    job_url = upload(coordinator).url
    job = ImportJob.objects.get()
    columns = {f"column_{index}": field for index, field in enumerate(job.columns)}
    assert coordinator.post(job_url, {**columns, "action": "import"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(job_url, {**columns, "action": "check"})
    assert ImportJob.objects.get().result["new"] == 2
    changed = {**columns, "column_5": ""}
    coordinator.post(job_url, {**changed, "action": "save", "name": "gamla crm"})
    job.refresh_from_db()
    assert job.result == {} and job.columns[5] == ""
    assert ImportMapping.objects.get(name="gamla crm").columns["Nyhetsbrev"] == ""
    assert coordinator.post(job_url, {**changed, "action": "import"}).status_code == 400
    assert not Contact.objects.filter(source=Contact.Source.IMPORT).exists()


@pytest.mark.django_db
def test_one_field_for_two_columns_is_refused(coordinator):
    job_url = upload(coordinator).url
    response = coordinator.post(job_url, {"column_0": "first_name", "column_1": "first_name", "action": "check"})
    assert response.status_code == 400
    assert ImportJob.objects.get().state == ImportJob.State.UPLOADED


@pytest.mark.django_db
def test_a_file_only_checked_is_forgotten_after_the_keep_days(
    coordinator, settings, django_capture_on_commit_callbacks
):
    settings.INFLYTT_IMPORT_KEEP_DAYS = 7
    job_url = upload(coordinator, content=CSV + "Ny;Rad;;;;kanske\r\n".encode("cp1252")).url
    job = ImportJob.objects.get()
    columns = {f"column_{index}": field for index, field in enumerate(job.columns)}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(job_url, {**columns, "action": "check"})
    assert jobs.forget_old_files() == 0, "a fresh upload stays for the import"
    assert jobs.forget_old_files(now=timezone.now() + timedelta(days=8)) == 1
    job.refresh_from_db()
    assert bytes(job.content) == b"" and job.result["errors"] == [] and job.result["rows"] == 3
