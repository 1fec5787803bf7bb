from django.core.management.base import BaseCommand

from hazards.services import hazards_mark_overdue


class Command(BaseCommand):
    help = "Mark hazards past their deadline as overdue and notify their townships (what Celery beat runs daily)."

    def handle(self, *args, **options) -> None:
        count = hazards_mark_overdue()
        self.stdout.write(f"{count} hazard(s) newly overdue")
