"""Committee members' skill readings: each member reads the skills their interview touched,
the manager's reading is the summary beside them, and the blind rule holds on every channel."""

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions.models import MemberSkillReading
from panelist.decisions.services import member_skill_reading_record, skill_assessment_record
from panelist.library.models import Dimension
from tests.factories import SkillFactory, write_scorecard

API = "/api/v1/applications/{}/member-skill-readings"


@pytest.fixture
def skills(process):
    """Python is read in coding interviews (``people.member``'s), empathy in people-skills
    ones (``people.other_member``'s)."""
    python = SkillFactory(
        name="Python", slug="python", dimension=Dimension.objects.get(key="coding")
    )
    empathy = SkillFactory(
        name="Empathy", slug="empathy", dimension=Dimension.objects.get(key="people")
    )
    return python, empathy


def _record(member, application, skill, holding, evidence):
    return member_skill_reading_record(
        actor=member, application=application, skill=skill, holding=holding, evidence=evidence
    )


def test_a_member_reads_only_the_skills_their_interview_touched(process, people, skills):
    python, empathy = skills
    _record(people.member, process.application, python, "holds", "Wrote clean typed code.")
    with pytest.raises(NotAllowed):
        _record(people.member, process.application, empathy, "holds", "Kind to the reviewer.")
    with pytest.raises(NotAllowed):
        _record(people.outsider, process.application, python, "holds", "Never met them.")
    with pytest.raises(DomainError) as refusal:
        _record(people.member, process.application, python, "holds", "   ")
    assert refusal.value.field == "evidence"
    with pytest.raises(DomainError):
        _record(people.member, process.application, python, "expert", "Wrote clean code.")


def test_re_reading_keeps_the_earlier_reading(process, people, skills):
    python, _ = skills
    _record(people.member, process.application, python, "can_learn", "Some Python.")
    _record(people.member, process.application, python, "holds", "More Python than I thought.")
    assert MemberSkillReading.objects.count() == 2


def test_blind_rule_on_the_page(client, process, people, skills):
    python, empathy = skills
    _record(people.member, process.application, python, "holds", "Wrote clean typed code.")
    _record(people.other_member, process.application, empathy, "lacks", "Dismissed the junior.")
    url = reverse("member-skill-readings", args=[process.application.pk])

    client.force_login(people.other_member)  # has not submitted yet: blind
    page = client.get(url).content.decode()
    assert "Dismissed the junior." in page  # their own
    assert "Wrote clean typed code." not in page
    assert "Hidden:" in page

    write_scorecard(process.other_assignment, submit=True)
    page = client.get(url).content.decode()
    assert "Wrote clean typed code." in page

    client.force_login(people.outsider)
    assert client.get(url).status_code == 404


def test_blind_rule_on_the_decision_support_page(client, process, people, skills):
    python, _ = skills
    _record(people.member, process.application, python, "holds", "Wrote clean typed code.")
    skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=python,
        holding="can_learn",
        evidence="The manager's summary of it.",
    )
    url = reverse("decision-support", args=[process.application.pk])
    client.force_login(people.manager)
    page = client.get(url).content.decode()
    assert "The manager&#x27;s summary of it." in page  # the summary
    assert "Wrote clean typed code." in page  # beside it, the member's reading
    client.force_login(people.other_member)  # blind
    page = client.get(url).content.decode()
    assert "Wrote clean typed code." not in page


def test_blind_rule_on_the_api(client, process, people, skills, bearer):
    _python, empathy = skills
    member, other = bearer(people.member), bearer(people.other_member)
    url = API.format(process.application.pk)
    created = client.post(
        url,
        {"skill": "python", "holding": "holds", "evidence": "Wrote clean typed code."},
        content_type="application/json",
        headers=member,
    )
    assert created.status_code == 201, created.content
    assert created.json()["member"]["id"] == people.member.pk
    _record(people.other_member, process.application, empathy, "lacks", "Dismissed the junior.")

    def evidence_read_by(headers):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.content
        return {item["evidence"] for item in response.json()["items"]}

    assert evidence_read_by(other) == {"Dismissed the junior."}
    assert evidence_read_by(member) == {"Wrote clean typed code."}
    write_scorecard(process.other_assignment, submit=True)
    assert evidence_read_by(other) == {"Dismissed the junior.", "Wrote clean typed code."}
    assert evidence_read_by(bearer(people.manager)) == {
        "Dismissed the junior.",
        "Wrote clean typed code.",
    }
    assert client.get(url, headers=bearer(people.outsider)).status_code == 404
    refused = client.post(
        url,
        {"skill": "empathy", "holding": "holds", "evidence": "Not my interview."},
        content_type="application/json",
        headers=member,
    )
    assert refused.status_code == 403
    unknown = client.post(
        url,
        {"skill": "nope", "holding": "holds", "evidence": "x"},
        content_type="application/json",
        headers=member,
    )
    assert unknown.status_code == 422
