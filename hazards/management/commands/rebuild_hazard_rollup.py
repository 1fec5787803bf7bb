"""manage.py rebuild_hazard_rollup [--check]: the hazard month rollup against the hazards (hazards/rollup.py).

The triggers keep it exact; ``--check`` proves it (lists any cell that differs from a recount and exits 1),
and without it the rollup is counted again: after a bulk load with the triggers off, or a repair by hand.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from hazards import rollup
from hazards.models import Hazard, HazardMonth


class Command(BaseCommand):
    help = "Recount the hazard month rollup (HazardMonth, HazardSectorMonth) from the hazards, or --check it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Compare with a recount; write nothing.")

    def handle(self, *args, check: bool = False, **options) -> None:
        started = time.monotonic()
        if check:
            differences = rollup.differences()
            for table, key, stored, counted in differences[:20]:
                self.stdout.write(f"{table} {key}: stored {stored}, counted {counted}")
            if differences:
                raise CommandError(
                    f"{len(differences)} rollup cell(s) differ from the hazards; "
                    "run rebuild_hazard_rollup to count them again."
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"The rollup equals a recount of {Hazard.objects.count():,} hazards "
                    f"({time.monotonic() - started:.1f} s)."
                )
            )
            return
        rollup.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Counted {Hazard.objects.count():,} hazards into {HazardMonth.objects.count():,} township-months "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
