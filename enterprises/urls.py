from django.urls import path
from django.utils.translation import gettext_lazy as _

from enterprises import views
from enterprises.importers import IMPORT_ROLES, IMPORTS
from enterprises.tasks import import_enterprises_task
from org.import_views import ImportSite

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("export/", views.enterprise_export, name="export"),
    path("search/", views.enterprise_search, name="search"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/poster.pdf", views.enterprise_poster, name="poster"),
]

# The register from Excel (org.import_views): "register/import/", its template, confirmation and progress.
IMPORT_SITE = ImportSite(
    namespace="enterprises",
    specs=IMPORTS,
    roles=IMPORT_ROLES,
    titles={"enterprise": _("Enterprise register")},
    lists={"enterprise": "enterprises:list"},
    task=import_enterprises_task,
    prefixes={"enterprise": "register"},
)
urlpatterns += IMPORT_SITE.urls()
