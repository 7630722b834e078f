"""The audit log never holds what people wrote: a marker planted in every scorecard's evidence,
in the committee's notes and in the decision's rationale is in no audit row after the whole
loop (submit, recommend, decide, export)."""

from __future__ import annotations

import json

from django.urls import reverse

from panelist.audit.models import AuditEvent, EventKind
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.interviews.models import Rating, Recommendation
from panelist.library.models import Level
from tests import factories

MARKER = "PLANTED-MARKER-7f3a9c"
EVIDENCE = f"The candidate walked through the module's design in detail ({MARKER})."


def test_no_audit_row_holds_scorecard_or_decision_text(client, process, people, library):
    factories.write_scorecard(process.assignment, evidence=EVIDENCE, submit=True)
    factories.write_scorecard(process.other_assignment, evidence=EVIDENCE, submit=True)
    decisions.committee_recommend(
        actor=people.manager,
        application=process.application,
        recommendation=Recommendation.YES,
        notes=f"Strong on design ({MARKER}).",
    )
    level = Level.objects.order_by("seniority").first()
    decisions.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.HIRE,
        level=level,
        rationale=f"Hire: the committee agrees ({MARKER}).",
        confirm_above_supported_level=True,
    )
    client.force_login(people.manager)
    response = client.get(reverse("export-opening-json", args=[process.opening.pk]))
    b"".join(response.streaming_content)
    assert Rating.objects.filter(evidence__contains=MARKER).count() >= 2, "the marker was planted"

    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {
        EventKind.COMMITTEE_RECOMMENDED,
        EventKind.DECISION_RECORDED,
        EventKind.EXPORTED,
    } <= kinds
    rows = list(AuditEvent.objects.values())
    assert MARKER not in json.dumps(rows, default=str)
