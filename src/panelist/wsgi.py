"""The WSGI application that `panelist serve` (gunicorn) runs.

In production the pages name their static files through the manifest that the static build
writes; without it every page would answer 500, so the start stops here instead, saying what
to run.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panelist.settings")
application = get_wsgi_application()


def _require_static_build() -> None:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.exceptions import ImproperlyConfigured

    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name and not staticfiles_storage.exists(manifest_name):
        raise ImproperlyConfigured(
            f"the static files are not built in {settings.STATIC_ROOT}. Start with "
            "`panelist serve`, which builds them, or run `panelist collectstatic --no-input` "
            "before starting another WSGI server."
        )


_require_static_build()
