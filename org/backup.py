"""Backup and restore of the whole portal: every database record and every stored file.

``backup_portal DIR`` writes DIR/database.json.gz (Django's dumpdata, the same on SQLite and
PostgreSQL), DIR/media/ (a copy of MEDIA_ROOT) and DIR/manifest.json (rows per model and a
SHA-256 per file). ``restore_portal DIR`` loads it into an empty database and checks the result
against the manifest, so a restore that lost a record or a file says so instead of succeeding.

Foreign keys to content types and permissions are written as natural keys: a new database numbers
those rows afresh, and the audit trail's ``target_type`` must still name the right model.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.dispatch import Signal
from django.utils import timezone

DATABASE_FILE = "database.json.gz"
MANIFEST_FILE = "manifest.json"
MEDIA_DIR = "media"
# Rebuilt by migrate (content types, permissions), worth nothing after a restore (sessions, login throttling),
# or counted again from the records they sum up (the hazard month rollup: see the ``restored`` signal).
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "axes", "hazards.hazardmonth", "hazards.hazardsectormonth")
# Sent when a restore has loaded every record, before it is checked: apps recount what they derive from
# their records here (hazards/apps.py rebuilds its month rollup).
restored = Signal()


def _models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed:
            continue
        if any(label == item or label.startswith(f"{item}.") for item in EXCLUDED):
            continue
        yield model


def record_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in _models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {str(path.relative_to(root)): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


@dataclass(frozen=True)
class BackupSummary:
    records: int
    files: int


@dataclass(frozen=True)
class RestoreSummary:
    records: int
    files: int
    missing_records: dict[str, int]
    missing_files: list[str]

    @property
    def lost(self) -> int:
        return sum(self.missing_records.values()) + len(self.missing_files)


def portal_backup(target: Path) -> BackupSummary:
    """Write the database and the media into ``target``, which must be empty or not yet exist."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    # One snapshot: on PostgreSQL the dump reads in a single repeatable-read transaction.
    call_command(
        "dumpdata",
        *(f"--exclude={item}" for item in EXCLUDED),
        "--natural-foreign",
        f"--output={target / DATABASE_FILE}",
        verbosity=0,
    )
    if media.exists():
        shutil.copytree(media, target / MEDIA_DIR, dirs_exist_ok=True)
    manifest: dict[str, Any] = {
        "made_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "records": record_counts(),
        "files": file_hashes(target / MEDIA_DIR),
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupSummary(records=sum(manifest["records"].values()), files=len(manifest["files"]))


def database_is_empty() -> bool:
    """No portal data yet: what migrate alone leaves (content types, permissions, reference lists)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not user_model.objects.exists() and not apps.get_model("org", "OrgUnit").objects.exists()


def portal_restore(source: Path) -> RestoreSummary:
    """Load a backup into an empty, migrated database and put its files back; then check both."""
    manifest = json.loads((source / MANIFEST_FILE).read_text())
    if not database_is_empty():
        raise RuntimeError("the database already holds portal data; restore only into an empty one")
    media = Path(settings.MEDIA_ROOT)
    clashes = [name for name in manifest["files"] if (media / name).exists()]
    if clashes:
        raise RuntimeError(f"{len(clashes)} file(s) already in MEDIA_ROOT, e.g. {clashes[0]}")
    # The reference rows data migrations made (sectors, wording) come back from the backup, edits and all.
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(source / DATABASE_FILE), verbosity=0)
    restored.send(sender=portal_restore)
    if (source / MEDIA_DIR).exists():
        shutil.copytree(source / MEDIA_DIR, media, dirs_exist_ok=True)
    counts, hashes = record_counts(), file_hashes(media)
    missing_records = {
        label: expected - counts.get(label, 0)
        for label, expected in manifest["records"].items()
        if counts.get(label, 0) < expected
    }
    missing_files = [name for name, digest in manifest["files"].items() if hashes.get(name) != digest]
    return RestoreSummary(
        records=sum(counts.values()), files=len(hashes), missing_records=missing_records, missing_files=missing_files
    )
