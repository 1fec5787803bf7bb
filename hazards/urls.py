from django.urls import path
from django.utils.translation import gettext_lazy as _

from hazards import views
from hazards.importers import IMPORT_ROLES, IMPORTS, done_message
from hazards.tasks import import_hazards_task
from hazards.views import campaigns, criteria_picker, enterprise
from org.import_views import ImportSite

app_name = "hazards"

urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("new/", views.hazard_create, name="create"),
    path("hints/", views.entry_hints, name="hints"),
    path("criteria/", views.criteria, name="criteria"),
    path("criteria/options/", criteria_picker.criterion_options, name="criterion_options"),
    path("criteria/suggestions/", criteria_picker.criterion_suggestions, name="criterion_suggestions"),
    path("export/", views.export_ledger, name="export"),
    path("bulk/close/", views.hazard_bulk_close, name="bulk_close"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/edit/", views.hazard_edit, name="edit"),
    path("<int:pk>/notice.pdf", views.hazard_notice_pdf, name="notice_pdf"),
    path("<int:pk>/photos/<int:photo_pk>/", views.hazard_photo, name="photo"),
    path("<int:pk>/<slug:action>/", views.hazard_action, name="action"),
]

# Special campaigns (专项行动): the list for everyone, new and edit for leaders and administrators.
urlpatterns += [
    path("campaigns/", campaigns.campaign_index, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_create"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
]

# The enterprise level (企业端): an enterprise user's own pages, and the township's self-reports to decide.
urlpatterns += [
    path("enterprise/", enterprise.enterprise_home, name="enterprise_home"),
    path("enterprise/<int:pk>/", enterprise.enterprise_hazard, name="enterprise_hazard"),
    path("enterprise/<int:pk>/photos/<int:photo_pk>/", enterprise.enterprise_photo, name="enterprise_photo"),
    path("enterprise/self-report/", enterprise.enterprise_self_report, name="enterprise_self_report"),
    path("self-reports/", enterprise.self_report_list, name="self_reports"),
    path("self-reports/<int:pk>/", enterprise.self_report_decide, name="self_report_decide"),
]

# The ledger from Excel (org.import_views): "import/", its template, confirmation and progress, named
# "hazards:import", "hazards:import_template", … (the app's one import).
IMPORT_SITE = ImportSite(
    namespace="hazards",
    specs=IMPORTS,
    roles=IMPORT_ROLES,
    titles={"hazard": _("Hazards")},
    lists={"hazard": "hazards:list"},
    task=import_hazards_task,
    prefixes={"hazard": ""},
    stems={"hazard": ""},
    done=lambda kind, created, skipped, rows: done_message(created, skipped),
)
urlpatterns += IMPORT_SITE.urls()
