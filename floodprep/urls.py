from django.urls import path
from django.utils.translation import gettext_lazy as _

from floodprep import views
from floodprep.importers import IMPORT_ROLES, IMPORTS, done_message, preview_summary
from floodprep.tasks import import_roster_task
from org.import_views import ImportSite

app_name = "floodprep"


def _records(slug: str, prefix: str, *, edit: bool = False) -> list:
    """List and new page of one kind of record (see views/records.py KINDS); edit where the kind has one."""
    patterns = [
        path(f"{prefix}/", views.record_list, {"kind": slug}, name=f"{slug}s"),
        path(f"{prefix}/new/", views.record_create, {"kind": slug}, name=f"{slug}_create"),
    ]
    if edit:
        patterns.append(path(f"{prefix}/<int:pk>/edit/", views.record_edit, {"kind": slug}, name=f"{slug}_edit"))
    return patterns


urlpatterns = [
    path("", views.readiness, name="readiness"),
    path("persons/export/", views.roster_export, name="persons_export"),
    # The roster from Excel (org.import_views): "persons/import/", its template, confirmation and progress.
    *ImportSite(
        namespace="floodprep",
        specs=IMPORTS,
        roles=IMPORT_ROLES,
        titles={"persons": _("Flood responsible persons")},
        lists={"persons": "floodprep:persons"},
        task=import_roster_task,
        prefixes={"persons": "persons"},
        summary=preview_summary,
        done=lambda kind, created, updated, rows: done_message(created, updated, rows),
    ).urls(),
    *_records("person", "persons", edit=True),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/checkin/", views.person_checkin, name="person_checkin"),
    *_records("risk_point", "risk-points", edit=True),
    path("risk-points/<int:pk>/", views.risk_point_detail, name="risk_point"),
    *_records("inspection", "inspections"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/counts/", views.inspection_counts, name="inspection_counts"),
    path("inspections/<int:pk>/hazards/", views.inspection_link_hazard, name="inspection_link_hazard"),
    *_records("warehouse", "warehouses"),
    path("warehouses/<int:pk>/", views.warehouse_detail, name="warehouse"),
    path("warehouses/<int:pk>/stock/", views.warehouse_stock, name="warehouse_stock"),
    path("shortfalls/", views.shortfalls, name="shortfalls"),
    *_records("team", "teams", edit=True),
    *_records("shelter", "shelters", edit=True),
    *_records("drill", "drills"),
    *_records("patrol", "patrols"),
]
