from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from org.pwa import service_worker
from org.views import PasswordChangeView
from safetyportal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # At the root, so that the service worker's scope is the whole portal (org/pwa.py).
    path("sw.js", service_worker, name="service_worker"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("org.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("hazards/", include("hazards.urls")),
    path("floodprep/", include("floodprep.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("responsibility/", include("responsibility.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

# No media URL, not even under DEBUG: uploads are served only by views that check the user's scope.
