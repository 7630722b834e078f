"""Leadership is shown as a reading derived from people skills and communication, with what it
came from, on the support page, the debrief summary and the decision page."""

from django.urls import reverse

from panelist.interviews.models import Flag, Severity
from tests.factories import AssignmentFactory, UserFactory, write_scorecard

LABEL = "Leadership (derived from people skills and communication)"


def _people_and_communication(process, *, people_value=3, communication_value=3):
    """people.other_member rates people skills; a seminar member rates communication."""
    seminar = AssignmentFactory(
        application=process.application,
        member=UserFactory(username="sam"),
        dimensions=["communication"],
        format_key="seminar",
    )
    write_scorecard(process.assignment, value=3, submit=True)  # coding
    people_card = write_scorecard(process.other_assignment, value=people_value, submit=True)
    write_scorecard(seminar, value=communication_value, submit=True)
    return people_card


def test_support_debrief_and_decision_pages_show_leadership_as_derived(client, process, people):
    # people 4, communication 3: leadership reads min(4, 3) = 3.00; the Data Scientist target
    # expects 2.5 on leadership (met), and 3.00 reaches Senior Data Scientist's 3.0.
    _people_and_communication(process, people_value=4, communication_value=3)
    client.force_login(people.manager)
    for name in ("decision-support", "debrief", "decide"):
        page = client.get(reverse(name, args=[process.application.pk])).content.decode()
        assert LABEL in page, name
        assert "reads <strong>3.00</strong>, the lower of people skills (4.00) and" in page
        assert "communication (3.00)" in page
        assert "Data Scientist expects 2.5 on leadership" in page
        assert "meets it" in page
        assert "reaches the leadership expected of Senior Data Scientist" in page
        assert "not one of the five assessed dimensions" in page
    support = client.get(reverse("decision-support", args=[process.application.pk]))
    table = support.content.decode().split('class="fit-table"')[1].split("</table>")[0]
    assert "Leadership" not in table  # not a sixth column of the rubric dimensions


def test_a_red_flag_on_people_skills_holds_derived_leadership_back(client, process, people):
    people_card = _people_and_communication(process, people_value=4, communication_value=4)
    Flag.objects.create(
        scorecard=people_card, severity=Severity.RED, evidence="Blamed the whole team."
    )
    client.force_login(people.manager)
    page = client.get(reverse("decision-support", args=[process.application.pk])).content.decode()
    assert "A red flag on people skills holds it back" in page
    assert "meets it" not in page


def test_leadership_waits_for_both_sources(client, process, people):
    write_scorecard(process.other_assignment, value=4, submit=True)  # people only
    client.force_login(people.manager)
    page = client.get(reverse("decision-support", args=[process.application.pk])).content.decode()
    assert LABEL in page
    assert "no reading yet: communication is not assessed." in page


def test_recruiters_debrief_shows_no_leadership_reading(client, process, people):
    _people_and_communication(process)
    client.force_login(people.recruiter)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert "derived from" not in page
