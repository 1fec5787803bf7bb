from django.core.management.base import BaseCommand

from enforcement.services import enforcement_send_reminders


class Command(BaseCommand):
    help = (
        "Remind officers of orders past their deadline awaiting re-inspection and of cases near the "
        "90-day decision limit (what Celery beat runs daily)."
    )

    def handle(self, *args, **options) -> None:
        sent = enforcement_send_reminders()
        self.stdout.write(f"{sent['orders']} order(s) newly overdue, {sent['cases']} case(s) newly due")
