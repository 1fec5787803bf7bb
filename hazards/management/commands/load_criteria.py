import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from hazards.models import Criterion, Sector

DEFAULT = Path(__file__).resolve().parents[2] / "fixtures" / "criteria_gongmao_2023.json"


class Command(BaseCommand):
    help = "Load major-hazard criteria (判定依据) from a JSON data file; re-running updates, never duplicates."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    @transaction.atomic
    def handle(self, *args, path: str, **options) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        sectors = {s.name: s for s in Sector.objects.all()}
        created = 0
        for item in data["criteria"]:
            _, was_created = Criterion.objects.update_or_create(
                standard=data["standard"], clause=item["clause"],
                defaults={"part": item["part"], "text": item["text"], "sector": sectors.get(item.get("sector", ""))},
            )
            created += was_created
        self.stdout.write(f"{len(data['criteria'])} criteria loaded ({created} new) from {data['standard']}")
