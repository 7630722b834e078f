"""Background tasks: thin functions over the services, queued through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from panelist.notifications import services
from panelist.outcomes.services import review_requests_schedule
from panelist.webhooks.tasks import deliver_due


@task()
def send_notification(*, notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@task()
def remind() -> int:
    """Write the reminders due now and queue every notification whose time has come
    (new reminders, and failed deliveries whose next try is due), and send the daily digests
    due. Returns how many it queued."""
    services.reminders_schedule()
    review_requests_schedule()  # the hiring managers' 6- and 12-month reviews of hires
    services.digests_send()
    deliver_due.call()  # webhook retries whose time has come (panelist.webhooks)
    due = services.notifications_due()
    for notification_id in due:
        send_notification.enqueue(notification_id=notification_id)
    return len(due)
