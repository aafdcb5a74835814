from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from inspection import views
from inspection.health import healthz

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tours/", include("tours.urls")),
    path("petitions/", include("petitions.urls")),
    path("findings/", include("findings.urls")),
    path("rectification/", include("rectification.urls")),
    path("account/", include("inspection.accounts.urls")),
    path("dashboards/", include("inspection.dashboards.urls")),
    path("inbox/", include("inspection.notifications.urls")),
    path("api/v1/", include("inspection.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, and our template takes the page's
    # styles from a file: nothing inline (Content-Security-Policy).
    path(
        "api/docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="inspection/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
]

handler400 = "inspection.views.bad_request"
