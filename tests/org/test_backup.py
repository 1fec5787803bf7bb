"""backup_portal and restore_portal: every record and every file comes back, into an empty database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from hazards import services
from hazards.models import Hazard, HazardMonth, HazardPhoto
from org.backup import record_counts
from org.models import AuditEntry, ExportJob, User
from reports.defaults import ensure_default_wording
from tests.factories.hazards import sector, tiny_png
from tests.factories.org import PASSWORD
from tests.factories.reports import draft_report
from tests.factories.responsibility import LetterFactory

# restore_portal flushes the database, which only a transactional test may do.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(city, township_a, village_a, township_b, township_a_staff, clerk, officer):
    """A small portal with a history, photos, a scan, an export file and a summary."""
    ensure_default_wording()
    hazard = services.hazard_create(
        acting_user=township_a_staff,
        org_unit=township_a,
        village=village_a,
        place_name="城关五金加工厂",
        sector=sector(),
        description="疏散通道堆放杂物",
        found_on=dt.date(2026, 3, 10),
        photos=[tiny_png("before.png")],
    )
    services.hazard_assign(
        acting_user=officer, hazard=hazard, responsible_unit="城关五金加工厂", deadline=hazard.found_on
    )
    services.hazard_rectify(acting_user=township_a_staff, hazard=hazard, note="已清理", photos=[tiny_png()])
    LetterFactory.create(issuer=city, org_unit=township_a, scan=ContentFile(b"%PDF-1.4 scan", name="l.pdf"))
    job = ExportJob(owner=township_a_staff, kind="hazards.ledger", status=ExportJob.Status.DONE, filename="台账.xlsx")
    job.file.save("a.xlsx", ContentFile(b"PK\x03\x04 ledger"))
    draft_report(clerk=clerk, scope=city)
    return hazard


def _snapshot() -> dict:
    media = Path(settings.MEDIA_ROOT)
    return {
        "counts": record_counts(),
        "hazards": list(Hazard.objects.values_list("pk", "place_name", "status", "version", "village__name")),
        # Not in the backup: counted again from the restored hazards, neither lost nor doubled.
        "rollup": list(
            HazardMonth.objects.filter(found__gt=0).values_list("org_unit", "month", "found", "awaiting_review")
        ),
        "audit": list(AuditEntry.objects.values_list("pk", "action", "target_type__model", "target_id", "actor__pk")),
        "passwords": dict(User.objects.values_list("username", "password")),
        "files": {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()},
    }


def _lose_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def test_a_restored_portal_has_every_record_and_file_it_had(portal, tmp_path):
    before = _snapshot()
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)
    _lose_everything()

    call_command("restore_portal", str(tmp_path / "backup"), verbosity=0)

    after = _snapshot()
    assert after["counts"] == before["counts"]
    assert {key: after[key] for key in ("hazards", "audit", "passwords", "rollup")} == {
        key: before[key] for key in ("hazards", "audit", "passwords", "rollup")
    }
    assert before["rollup"] == [(portal.org_unit_id, dt.date(2026, 3, 1), 1, 1)]
    assert after["files"] == before["files"]


def test_the_backup_holds_the_photos_the_records_point_to(portal, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)

    names = {photo.image.name for photo in HazardPhoto.objects.all()}
    assert len(names) == 2
    assert all((tmp_path / "backup" / "media" / name).is_file() for name in names)


def test_a_restored_user_logs_in_with_the_old_password(portal, tmp_path, client):
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)
    _lose_everything()
    call_command("restore_portal", str(tmp_path / "backup"), verbosity=0)

    assert client.login(username="staff_a", password=PASSWORD)


def test_restore_refuses_a_database_that_already_holds_data(portal, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)

    with pytest.raises(CommandError, match="empty"):
        call_command("restore_portal", str(tmp_path / "backup"), verbosity=0)


def test_backup_refuses_to_write_over_another_backup(portal, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)


def test_a_damaged_backup_is_reported_not_restored_silently(portal, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"), verbosity=0)
    photo = next((tmp_path / "backup" / "media" / "hazards").rglob("*.png"))
    photo.write_bytes(b"damaged")
    _lose_everything()

    with pytest.raises(CommandError, match="files missing or changed"):
        call_command("restore_portal", str(tmp_path / "backup"), verbosity=0)
