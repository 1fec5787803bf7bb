"""The records the whole-URLconf permission matrix points its URLs at (tests/test_permission_matrix.py).

Every record belongs to 城关街道 (township A): its own staff are "own", 青山镇's staff are "other".
The apps' own scoping tests already build one record of each kind; their fixtures are reused here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from enforcement.models import InspectionCap, InspectionPlan
from org.models import ExportJob
from reports.models import SummaryReport
from tests.enforcement.conftest import bureau_unit, pair, partner, today  # noqa: F401  (enforcement_records needs them)
from tests.enforcement.test_permissions import records as enforcement_records  # noqa: F401
from tests.factories.enterprises import EnterpriseFactory
from tests.factories.hazards import CampaignFactory, HazardPhotoFactory
from tests.factories.reports import draft_report
from tests.floodprep.test_scoping import records_of_a as flood_records  # noqa: F401
from tests.responsibility.test_scoping import records as responsibility_records  # noqa: F401


def _done_job(owner, kind: str, params: dict[str, Any]) -> ExportJob:
    job = ExportJob(owner=owner, kind=kind, params=params, status=ExportJob.Status.DONE, filename="f.xlsx")
    job.file.save("f.xlsx", ContentFile(b"PK\x03\x04 not really"), save=False)
    job.save()
    return job


@pytest.fixture
def world(request, township_a, township_a_hazard, township_a_staff, city, clerk) -> dict[str, Any]:
    # By name: the other apps' fixtures are imported above, and a parameter would shadow the import.
    enforcement, flood, responsibility = (
        request.getfixturevalue(name) for name in ("enforcement_records", "flood_records", "responsibility_records")
    )
    photo = HazardPhotoFactory.create(hazard=township_a_hazard)
    report: SummaryReport = draft_report(clerk=clerk, scope=city)
    return {
        **{f"flood_{key}": value for key, value in flood.items()},
        **{f"duty_{key}": value for key, value in responsibility.items()},
        **{f"enf_{key}": value for key, value in enforcement.items()},
        "hazard": township_a_hazard,
        "enterprise": EnterpriseFactory.create(org_unit=township_a, name="城关五金制品有限公司"),
        "campaign": CampaignFactory.create(),
        "inspection_cap": InspectionCap.objects.create(from_year=2026, risk="red", max_per_year=4),
        "inspection_plan": InspectionPlan.objects.create(
            year=2026, issuer=enforcement["inspection"].issuer, planned_count=10
        ),
        "photo": photo,
        "township": township_a,
        "export_job": _done_job(township_a_staff, "hazards.ledger", {"query": ""}),
        "report": report,
        "report_file": _done_job(clerk, "reports.pdf", {"report": report.pk}),
    }
