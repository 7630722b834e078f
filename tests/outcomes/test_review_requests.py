"""The hiring manager is asked for each review on the day it falls due, once, by e-mail."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from panelist.notifications.models import Kind, Notification, Status
from panelist.notifications.services import notification_send
from panelist.outcomes import services
from panelist.outcomes.services import add_months
from tests.outcomes.test_reviews import _submit


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_the_manager_is_asked_on_the_day_the_review_falls_due_and_only_once(hire, people):
    due = add_months(hire.start_date, 6)
    assert services.review_requests_schedule(now=_moment(due - timedelta(days=1))) == 0
    assert services.review_requests_schedule(now=_moment(due)) == 1
    assert services.review_requests_schedule(now=_moment(due)) == 0
    assert services.review_requests_schedule(now=_moment(due + timedelta(days=3))) == 0
    ask = Notification.objects.get(kind=Kind.REVIEW)
    assert ask.recipient == people.manager
    assert ask.context["period"] == 6
    assert ask.due_at == _moment(due, services.ASK_HOUR)


def test_the_ask_leaves_as_a_mail_with_the_link_and_no_scorecard_content(hire, people, mailoutbox):
    services.review_requests_schedule(now=_moment(add_months(hire.start_date, 6)))
    ask = Notification.objects.get(kind=Kind.REVIEW)
    assert notification_send(notification_id=ask.pk)
    mail = mailoutbox[0]
    assert mail.to == [f"{people.manager} <{people.manager.email}>"]
    assert "6-month review of" in mail.subject
    assert f"/outcomes/hires/{hire.decision_id}/review/6/" in mail.body
    assert "pointed unprompted" not in mail.body  # the factories' scorecard evidence


def test_an_ask_for_a_review_written_meanwhile_is_not_sent(hire, people, mailoutbox):
    services.review_requests_schedule(now=_moment(add_months(hire.start_date, 6)))
    _submit(hire, people.manager)
    ask = Notification.objects.get(kind=Kind.REVIEW)
    assert not notification_send(notification_id=ask.pk)
    ask.refresh_from_db()
    assert ask.status == Status.SKIPPED and mailoutbox == []


def test_a_written_review_is_not_asked_for_and_the_twelve_month_one_is_asked_later(hire, people):
    _submit(hire, people.manager)
    assert services.review_requests_schedule(now=_moment(add_months(hire.start_date, 6))) == 0
    twelve = add_months(hire.start_date, 12)
    assert services.review_requests_schedule(now=_moment(twelve)) == 1
    assert Notification.objects.get(kind=Kind.REVIEW).context["period"] == 12


def test_long_past_reviews_are_not_mailed(hire, people):
    late = add_months(hire.start_date, 6) + services.ASK_WITHIN + timedelta(days=1)
    assert services.review_requests_schedule(now=_moment(late)) == 0


def test_a_deactivated_manager_is_not_asked(hire, people):
    people.manager.is_active = False
    people.manager.save(update_fields=["is_active"])
    assert services.review_requests_schedule(now=_moment(add_months(hire.start_date, 6))) == 0


def test_the_periodic_remind_task_asks_too(hire, people, monkeypatch):
    from panelist.notifications import tasks

    due = add_months(hire.start_date, 6)
    monkeypatch.setattr(timezone, "now", lambda: _moment(due))
    tasks.remind.call()
    assert Notification.objects.filter(kind=Kind.REVIEW, recipient=people.manager).count() == 1
