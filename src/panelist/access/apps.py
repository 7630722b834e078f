from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "panelist.access"
    verbose_name = "Access and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from panelist.access.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="panelist-record-sign-in")
        _hide_authenticators_from_the_admin()


def _hide_authenticators_from_the_admin() -> None:
    """allauth registers its authenticators in the Django admin, with their secrets in a
    form field: no staff member should read or change someone else's second factor there.
    (Runs after the admin has loaded every app's admin module.)"""
    from allauth.mfa.models import Authenticator
    from django.contrib import admin

    if admin.site.is_registered(Authenticator):
        admin.site.unregister(Authenticator)
