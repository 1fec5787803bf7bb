"""manage.py backup_portal DIR: the database and the uploaded files, into an empty folder (org/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.backup import portal_backup


class Command(BaseCommand):
    help = "Back up every record and every stored file into DIR (restore with restore_portal DIR)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        started = time.monotonic()
        try:
            summary = portal_backup(directory)
        except FileExistsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.records} records and {summary.files} files to {directory} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
