from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from hazards.criteria_library import library_files, read_file
from hazards.models import Criterion, Sector


class Command(BaseCommand):
    help = (
        "Load major-hazard criteria (判定依据) from the data files in hazards/data (or the one given); "
        "re-running updates, never duplicates, and never deletes a clause a hazard may cite."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", help="JSON data files; default: every file in hazards/data")

    @transaction.atomic
    def handle(self, *args, paths: list[str], **options) -> None:
        sectors = {s.name: s for s in Sector.objects.all()}
        for path in [Path(p) for p in paths] or library_files():
            data = read_file(path)
            created = 0
            for item in data["criteria"]:
                _, was_created = Criterion.objects.update_or_create(
                    standard=data["standard"],
                    clause=item["clause"],
                    defaults={
                        "part": item["part"],
                        "text": item["text"],
                        "sector": sectors.get(item.get("sector", "")),
                    },
                )
                created += was_created
            self.stdout.write(f"{len(data['criteria'])} criteria loaded ({created} new) from {data['standard']}")
