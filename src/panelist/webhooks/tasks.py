"""Background tasks: thin functions over the webhook services."""

from __future__ import annotations

from django_tasks import task

from panelist.webhooks import services


@task()
def deliver(*, delivery_id: int) -> bool:
    return services.delivery_send(delivery_id=delivery_id)


@task()
def deliver_due() -> int:
    """Queue every delivery whose next try has come (a retry whose own queued task was lost,
    or a backend that cannot wait). Returns how many it queued."""
    due = services.deliveries_due()
    for delivery_id in due:
        deliver.enqueue(delivery_id=delivery_id)
    return len(due)
