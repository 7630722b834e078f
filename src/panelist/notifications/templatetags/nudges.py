from django import template
from django.utils import timezone

from panelist.access import permissions
from panelist.notifications.selectors import assignments_to_nudge

register = template.Library()


@register.inclusion_tag("notifications/_nudge.html", takes_context=True)
def nudge_buttons(context, application, debrief):
    """For the opening's hiring manager: a nudge button per member whose interview is over and
    whose scorecard is not in. ``debrief`` (the page's grid) already counts the scorecards:
    with all of them in, nothing is read."""
    user = context["request"].user
    waiting = []
    if debrief.submitted < debrief.assigned and permissions.can_decide(user, application):
        waiting = assignments_to_nudge(application=application, now=timezone.now())
    return {"waiting": waiting, "csrf_token": context.get("csrf_token")}
