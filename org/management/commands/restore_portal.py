"""manage.py restore_portal DIR: a backup_portal folder into an empty database (org/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from org.backup import portal_restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_portal into an empty database and MEDIA_ROOT, then verify it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        started = time.monotonic()
        if not (directory / "manifest.json").exists():
            raise CommandError(f"{directory} is not a backup_portal folder (no manifest.json)")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = portal_restore(directory)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if summary.lost:
            raise CommandError(
                f"Restore incomplete: records missing {summary.missing_records}, "
                f"files missing or changed {summary.missing_files[:10]}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.records} records and {summary.files} files from {directory} "
                f"in {time.monotonic() - started:.1f} s; nothing lost."
            )
        )
