from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from enforcement import views
from enforcement.importers_inspections import IMPORT_ROLES, IMPORTS, preview_summary
from enforcement.tasks import import_enforcement_records_task
from enforcement.views import limits as limit_views
from org.import_views import ImportSite

app_name = "enforcement"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="enforcement:inspection_list"), name="index"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/warnings/", views.inspection_visit_warnings, name="inspection_visit_warnings"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/documents/<slug:kind>/", views.inspection_document_issue, name="inspection_document"),
    path("inspections/<int:pk>/<slug:action>/", views.inspection_action, name="inspection_action"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/documents/<slug:kind>/", views.case_document_issue, name="case_document"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("joint-actions/", views.joint_action_list, name="joint_action_list"),
    path("joint-actions/new/", views.joint_action_create, name="joint_action_create"),
    path("joint-actions/<int:pk>/", views.joint_action_detail, name="joint_action_detail"),
    path("my-work/", views.my_work, name="my_work"),
    path("figures/", views.figures, name="figures"),
    # Inspections within limits (issue 19, views/limits.py): caps, annual plans with 双随机 draws, use of the caps.
    path("limits/", limit_views.usage, name="limits_usage"),
    path("limits/caps/", limit_views.cap_list, name="limits_caps"),
    path("limits/caps/new/", limit_views.cap_create, name="limits_cap_create"),
    path("limits/caps/<int:pk>/edit/", limit_views.cap_edit, name="limits_cap_edit"),
    path("limits/plans/", limit_views.plan_list, name="limits_plans"),
    path("limits/plans/new/", limit_views.plan_create, name="limits_plan_create"),
    path("limits/plans/<int:pk>/", limit_views.plan_detail, name="limits_plan"),
    path("limits/plans/<int:pk>/edit/", limit_views.plan_edit, name="limits_plan_edit"),
    path("limits/plans/<int:pk>/draw/", limit_views.plan_draw, name="limits_plan_draw"),
]

# Backlog imports from Excel (issue 15, org.import_views): penalty cases closed on paper, and inspections with
# their findings — "cases/import/", its template, confirmation and a long file's progress.
IMPORT_SITE = ImportSite(
    namespace="enforcement",
    specs=IMPORTS,
    roles=IMPORT_ROLES,
    titles={"case": gettext_lazy("Penalty cases"), "inspection": gettext_lazy("Inspections")},
    lists={"case": "enforcement:case_list", "inspection": "enforcement:inspection_list"},
    task=import_enforcement_records_task,
    prefixes={"case": "cases", "inspection": "inspections"},
    templates="enforcement/",
    summary=preview_summary,
)
urlpatterns += IMPORT_SITE.urls()
