"""Background tasks: thin functions over the sync service."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from panelist.greenhouse import sync
from panelist.greenhouse.models import HarvestSync, SyncStatus
from panelist.greenhouse.schema import MappingError, load_mapping


@task()
def sync_greenhouse(*, sync_id: int) -> str:
    run = HarvestSync.objects.get(pk=sync_id)
    try:
        mapping = load_mapping()
    except MappingError as error:
        run.status, run.error, run.finished_at = SyncStatus.FAILED, str(error), timezone.now()
        run.save()
        return run.status
    return sync.sync_run(mapping=mapping, sync=run).status
