"""manage.py rebuild_hazard_rollup: count the hazard month rollup again from the hazards (hazards/rollup.py).

The triggers keep it exact; this is for after a bulk load with them switched off, or a repair by hand.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from hazards import rollup
from hazards.models import Hazard, HazardMonth


class Command(BaseCommand):
    help = "Recount the hazard month rollup (HazardMonth, HazardSectorMonth) from the hazards."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        rollup.rebuild()
        self.stdout.write(self.style.SUCCESS(
            f"Counted {Hazard.objects.count():,} hazards into {HazardMonth.objects.count():,} township-months "
            f"in {time.monotonic() - started:.1f} s."))
