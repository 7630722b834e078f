from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "panelist.access"
    verbose_name = "Access and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from panelist.access.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="panelist-record-sign-in")
