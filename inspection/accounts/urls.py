from django.urls import path

from inspection.accounts import views

urlpatterns = [
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_api_token, name="api-token-revoke"),
    path("security/", views.security, name="account-security"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path(
        "two-factor/recovery-codes/",
        views.regenerate_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("lockouts/", views.lockouts, name="sign-in-lockouts"),
]
