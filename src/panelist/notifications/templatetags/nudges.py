from django import template

from panelist.access import permissions
from panelist.interviews.models import Assignment, ScorecardStatus

register = template.Library()


@register.inclusion_tag("notifications/_nudge.html", takes_context=True)
def nudge_buttons(context, application, debrief):
    """For the opening's hiring manager: a nudge button per member who has not submitted.
    ``debrief`` (the page's grid) already counts the scorecards: with all of them in, nothing
    is read."""
    user = context["request"].user
    waiting = []
    if (
        debrief.submitted < debrief.assigned
        and permissions.can_decide(user, application)
        and not application.is_closed
    ):
        waiting = list(
            Assignment.objects.filter(application=application)
            .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
            .select_related("member", "interview_format")
            .order_by("scheduled_at", "pk")
        )
    return {"waiting": waiting, "csrf_token": context.get("csrf_token")}
