from django.urls import path

from org import views

app_name = "org"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("bureau-settings/", views.bureau_settings, name="bureau_settings"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
    path("exports/<int:pk>/", views.export_job_detail, name="export_job"),
    path("exports/<int:pk>/download/", views.export_job_download, name="export_job_download"),
]
