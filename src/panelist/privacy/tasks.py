from __future__ import annotations

from django_tasks import task

from panelist.privacy import services


@task()
def apply_retention() -> int:
    """Anonymise the candidates whose retention has ended; the worker queues it once a day."""
    return len(services.retention_apply())
