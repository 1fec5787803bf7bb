from django.urls import path

from org.import_views import ImportSite
from responsibility import views
from responsibility.importers import IMPORTERS, IMPORTS, SYNC_ROWS
from responsibility.tasks import import_records_task
from responsibility.views import ledgers as ledger_views
from responsibility.views.ledgers import LEDGER_KINDS
from responsibility.views.records import RECORD_KINDS

app_name = "responsibility"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("letters/<int:pk>/sign/", views.letter_sign, name="letter_sign"),
    path("letters/<int:pk>/scan/", views.letter_scan, name="letter_scan"),
    path("ranking/", views.ranking_list, name="ranking_list"),
    path("ranking/compute/", views.ranking_compute, name="ranking_compute"),
    path("ranking/rules/", views.scheme_rules, name="scheme_rules"),
    path("ranking/<int:pk>/", views.ranking_detail, name="ranking_detail"),
    path("ranking/<int:pk>/publish/", views.ranking_publish, name="ranking_publish"),
    path("ranking/<int:pk>/discard/", views.ranking_discard, name="ranking_discard"),
    path("ranking/<int:pk>/bulletin/", views.ranking_bulletin, name="ranking_bulletin"),
    path("ranking/<int:pk>/bulletin.pdf", views.ranking_bulletin_pdf, name="ranking_bulletin_pdf"),
    path("ranking/township/<int:pk>/", views.township_history, name="township_history"),
]

# Each kind of record has its list, new and edit pages: "meetings/", "meetings/new/", "meetings/<pk>/edit/".
for kind in RECORD_KINDS.values():
    urlpatterns += [
        path(f"{kind.prefix}/", views.record_list, {"kind": kind.slug}, name=f"{kind.slug}_list"),
        path(f"{kind.prefix}/new/", views.record_create, {"kind": kind.slug}, name=f"{kind.slug}_create"),
        path(f"{kind.prefix}/<int:pk>/edit/", views.record_edit, {"kind": kind.slug}, name=f"{kind.slug}_edit"),
    ]

# Complaints and tip-offs, non-production-safety incidents and safety investments: the same three pages,
# with the record's version on every edit (views/ledgers.py).
for kind in LEDGER_KINDS.values():
    urlpatterns += [
        path(f"{kind.prefix}/", ledger_views.ledger_list, {"kind": kind.slug}, name=f"{kind.slug}_list"),
        path(f"{kind.prefix}/new/", ledger_views.ledger_create, {"kind": kind.slug}, name=f"{kind.slug}_create"),
        path(f"{kind.prefix}/<int:pk>/edit/", ledger_views.ledger_edit, {"kind": kind.slug}, name=f"{kind.slug}_edit"),
    ]

# Department returns (部门报表) and the indicators they carry (views/returns.py).
from responsibility.views import returns as return_views  # noqa: E402

urlpatterns += [
    path("returns/", return_views.return_list, name="return_list"),
    path("returns/new/", return_views.return_create, name="return_create"),
    path("returns/<int:pk>/", return_views.return_detail, name="return_detail"),
    path("returns/<int:pk>/edit/", return_views.return_edit, name="return_edit"),
    path("returns/<int:pk>/submit/", return_views.return_submit, name="return_submit"),
    path("returns/<int:pk>/accept/", return_views.review_accept, name="review_accept"),
    path("returns/<int:pk>/send-back/", return_views.review_send_back, name="review_send_back"),
    path("returns/periods/new/", return_views.period_create, name="period_create"),
    path("returns/periods/<int:pk>/", return_views.period_detail, name="period_detail"),
    path("returns/indicators/", return_views.indicator_list, name="indicator_list"),
    path("returns/indicators/new/", return_views.indicator_create, name="indicator_create"),
    path("returns/indicators/<int:pk>/edit/", return_views.indicator_edit, name="indicator_edit"),
]

# Backlog imports from Excel (org.import_views): "accidents/import/", its template, confirmation and progress.
IMPORT_SITE = ImportSite(
    namespace="responsibility",
    specs=IMPORTS,
    roles=dict.fromkeys(IMPORTS, IMPORTERS),
    titles={kind: RECORD_KINDS[kind].title for kind in IMPORTS},
    lists={kind: f"responsibility:{kind}_list" for kind in IMPORTS},
    task=import_records_task,
    prefixes={kind: RECORD_KINDS[kind].prefix for kind in IMPORTS},
    templates="responsibility/",
    sync_rows=SYNC_ROWS,
    context=lambda kind: {"section": kind},
)
urlpatterns += IMPORT_SITE.urls()
