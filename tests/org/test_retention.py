"""Files have a life cycle (issue 17): expired exports and uploads are removed by the clean-up job, the rows
stay and say so, and the originals of confirmed imports are kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from org.models import AuditEntry, ExportJob
from org.retention import FileKind, files_remove_expired, register, registered
from org.tasks import remove_expired_files_task
from org.uploads import pending_upload_name

pytestmark = pytest.mark.django_db


def _job(owner, *, kind="hazards.ledger", status=ExportJob.Status.DONE, age=dt.timedelta(0)) -> ExportJob:
    job = ExportJob.objects.create(owner=owner, kind=kind, status=status)
    job.file.save("out.xlsx", ContentFile(b"PK data"), save=False)
    job.filename = "隐患台账.xlsx"
    job.finished_at = timezone.now() - age
    job.save()
    return job


def _on_disk(job: ExportJob) -> bool:
    return Path(job.file.path).exists()


def test_the_clean_up_job_removes_an_export_past_its_retention_and_keeps_a_fresh_one(
    township_a_staff, django_capture_on_commit_callbacks, settings
):
    settings.RETENTION_EXPORT_DAYS = 7
    old = _job(township_a_staff, age=dt.timedelta(days=8))
    fresh = _job(township_a_staff, age=dt.timedelta(days=6))
    old_path = Path(old.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        counts = remove_expired_files_task.apply().get()

    old.refresh_from_db()
    assert counts["org.export"] == 1
    assert not old_path.exists()
    assert old.file_removed
    assert _on_disk(fresh)
    assert AuditEntry.objects.filter(
        action="org.file.removed", target_id=old.pk, org_unit=township_a_staff.org_unit, data__kind="org.export"
    ).exists()


def test_a_removed_export_says_so_in_chinese_on_its_page_and_offers_no_download(
    township_a_staff, staff_a_client, django_capture_on_commit_callbacks, settings
):
    settings.RETENTION_EXPORT_DAYS = 7
    job = _job(township_a_staff, age=dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        files_remove_expired()

    page = staff_a_client.get(reverse("org:export_job", args=[job.pk])).content.decode()

    assert "文件已保存7天，已按保留期限删除，请重新生成" in page
    assert reverse("org:export_job_download", args=[job.pk]) not in page
    assert staff_a_client.get(reverse("org:export_job_download", args=[job.pk])).status_code == 404


def test_the_original_of_a_confirmed_import_is_kept_and_a_failed_imports_file_goes(
    township_a_staff, django_capture_on_commit_callbacks, settings
):
    settings.RETENTION_PENDING_UPLOAD_HOURS = 48
    confirmed = _job(township_a_staff, kind="import.accident", age=dt.timedelta(days=400))
    failed = _job(township_a_staff, kind="import.accident", status=ExportJob.Status.FAILED, age=dt.timedelta(hours=49))

    with django_capture_on_commit_callbacks(execute=True):
        files_remove_expired()

    failed.refresh_from_db()
    assert _on_disk(confirmed)
    assert failed.file_removed


def test_a_second_run_removes_nothing_more(township_a_staff, django_capture_on_commit_callbacks):
    _job(township_a_staff, age=dt.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        files_remove_expired()

    assert sum(files_remove_expired().values()) == 0
    assert AuditEntry.objects.filter(action="org.file.removed").count() == 1


def test_another_app_registers_its_own_expiring_files(township_a_staff, django_capture_on_commit_callbacks):
    """The registry h5's photo holding area and the import apps plug into: a kind of one's own is swept too."""
    mine = _job(township_a_staff, kind="test.holding")
    register(
        FileKind(key="test.holding", model=ExportJob, expired=lambda now: ExportJob.objects.filter(kind="test.holding"))
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            counts = files_remove_expired()
    finally:
        from org import retention

        retention._kinds.pop("test.holding")

    assert counts["test.holding"] == 1
    assert not _on_disk(mine)
    assert "test.holding" not in {kind.key for kind in registered()}


def _token_file(settings, name: str, *, age: dt.timedelta, size: int = 10) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    then = (timezone.now() - age).timestamp()
    os.utime(path, (then, then))
    return path


def test_a_checked_upload_waiting_for_its_token_is_removed_after_the_retention_period(township_a_staff, settings):
    settings.RETENTION_PENDING_UPLOAD_HOURS = 48
    stale = _token_file(settings, pending_upload_name(township_a_staff), age=dt.timedelta(hours=49))
    fresh = _token_file(settings, pending_upload_name(township_a_staff), age=dt.timedelta(hours=1))
    batch_file = _token_file(settings, "imports/hazards/2026/01/abc.xlsx", age=dt.timedelta(days=30))

    counts = files_remove_expired()

    assert counts["org.pending_upload"] == 1
    assert (stale.exists(), fresh.exists()) == (False, True)
    assert batch_file.exists()  # not named as a pending upload (imports/<user id>-…): left alone
    assert (
        AuditEntry.objects.filter(
            action="org.file.removed", org_unit=township_a_staff.org_unit, data__kind="org.pending_upload"
        ).count()
        == 1
    )


def test_a_checked_upload_waiting_for_its_token_counts_against_the_cap(staff_a_client, township_a_staff, settings):
    settings.UPLOAD_PENDING_QUOTA_MB = 1
    _token_file(settings, pending_upload_name(township_a_staff), age=dt.timedelta(0), size=1024 * 1024)

    response = staff_a_client.post(
        reverse("responsibility:accident_import"), {"file": SimpleUploadedFile("事故.xlsx", b"PK")}
    )

    assert "您待确认的上传文件已占用 1 MB（上限 1 MB）" in response.context["form"].errors["file"][0]


def test_the_clean_up_job_purges_expired_held_form_photos_and_keeps_the_others(township_a_staff):
    from org.holding import HeldUpload

    def held(expires_in: dt.timedelta) -> HeldUpload:
        one = HeldUpload(user=township_a_staff, purpose="hazards.create", expires_at=timezone.now() + expires_in)
        one.file.save("p.jpg", ContentFile(b"\\xff\\xd8"), save=False)
        one.save()
        return one

    expired, kept = held(-dt.timedelta(hours=1)), held(dt.timedelta(hours=1))

    assert remove_expired_files_task.apply().get()["org.held_upload"] == 1
    assert list(HeldUpload.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Path(expired.file.path).exists()
