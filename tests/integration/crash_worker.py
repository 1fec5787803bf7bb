"""A real Celery worker whose ledger export crawls (2 ms a row), for tests/integration/test_worker_crash.py.

Usage: python -m tests.integration.crash_worker QUEUE. The test kills it mid-export with SIGKILL.
"""

from __future__ import annotations

import sys
import time

import django

django.setup()

from hazards import exporters  # noqa: E402  (after setup)

exporters.PROGRESS_EVERY = 100
_row = exporters.HazardLedgerExporter.row


def _slow_row(self, number, hazard):
    time.sleep(0.002)
    return _row(self, number, hazard)


exporters.HazardLedgerExporter.row = _slow_row  # type: ignore[method-assign]  # slowed on purpose, so it can be killed

from safetyportal.celery import app  # noqa: E402

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "-P",
            "solo",
            "-Q",
            sys.argv[1],
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "warning",
            "-n",
            f"crash-{sys.argv[1]}@%h",
        ]
    )
