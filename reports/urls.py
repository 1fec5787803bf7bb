from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/township/", views.township_dashboard, name="township_dashboard"),
    path("dashboard/township/<int:pk>/", views.township_dossier, name="township_dossier"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/text/", views.narrative_edit, name="narrative"),
    path("<int:pk>/sections/<slug:key>/", views.section_edit, name="section"),
    path("<int:pk>/sections/<slug:key>/sentences/", views.section_sentences, name="sentences"),
    path("<int:pk>/generate/<slug:kind>/", views.report_generate, name="generate"),
    path("<int:pk>/files/<int:job_pk>/", views.report_file, name="file"),
    path("<int:pk>/problems/accept/", views.problem_accept, name="problem_accept"),
    path("<int:pk>/items/", views.report_items, name="items"),
    path("<int:pk>/comments/", views.report_comment, name="comment"),
    path("<int:pk>/<slug:action>/", views.report_action, name="action"),
]
