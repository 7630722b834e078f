from __future__ import annotations

from django_tasks import task

from panelist.audit import services


@task()
def purge() -> int:
    """Delete the audit events past the retention; the worker queues it once a day."""
    return services.purge()
