"""Every step is kept: re-recording the committee's recommendation or a skill reading adds a
recording with who and when, and the earlier one stays, on the timeline too."""

from django.urls import reverse

from panelist.decisions.models import (
    CommitteeRecommendation,
    CommitteeRecommendationRecord,
    SkillAssessment,
    SkillAssessmentRecord,
)
from panelist.decisions.services import committee_recommend, skill_assessment_record
from panelist.hiring.models import Importance, RequiredSkill
from tests.factories import SkillFactory, write_scorecard
from tests.querycount import assert_queries_do_not_grow


def _submitted(process):
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)


def test_a_re_recorded_committee_recommendation_keeps_the_earlier_one(
    client, process, people, bearer
):
    _submitted(process)
    committee_recommend(
        actor=people.manager,
        application=process.application,
        recommendation="yes",
        notes="Strong code review.",
    )
    committee_recommend(
        actor=people.manager,
        application=process.application,
        recommendation="no",
        notes="The reference check changed our mind.",
    )
    kept = list(CommitteeRecommendationRecord.objects.filter(application=process.application))
    assert [(r.recommendation, r.notes, r.recorded_by) for r in kept] == [
        ("yes", "Strong code review.", people.manager),
        ("no", "The reference check changed our mind.", people.manager),
    ]
    assert kept[0].recorded_at <= kept[1].recorded_at
    current = CommitteeRecommendation.objects.get(application=process.application)
    assert (current.recommendation, current.recorded_at) == ("no", kept[1].recorded_at)

    url = f"/api/v1/applications/{process.application.pk}/committee-recommendation"
    read = client.get(url, headers=bearer(people.manager)).json()
    assert read["recommendation"] == "no"
    assert read["notes"] == "The reference check changed our mind."

    client.force_login(people.manager)
    page = client.get(reverse("application-detail", args=[process.application.pk])).content
    timeline = page.decode().split('class="timeline"')[1]
    assert "Committee recommends: Yes" in timeline
    assert "Committee recommendation re-recorded: No (was Yes, recorded by" in timeline
    assert "the earlier one is kept" in timeline
    assert timeline.count("by Manager") >= 2  # who, for each recording


def test_a_re_entered_skill_reading_keeps_the_earlier_one(client, process, people):
    python = SkillFactory(name="Python")
    RequiredSkill.objects.create(opening=process.opening, skill=python, importance=Importance.MUST)
    for holding, evidence in (
        ("can_learn", "Wrote scripts, never a package."),
        ("holds", "Walked through the package they maintain, tests and all."),
    ):
        skill_assessment_record(
            actor=people.manager,
            application=process.application,
            skill=python,
            holding=holding,
            evidence=evidence,
        )
    kept = list(SkillAssessmentRecord.objects.filter(application=process.application))
    assert [(r.holding, r.evidence, r.recorded_by) for r in kept] == [
        ("can_learn", "Wrote scripts, never a package.", people.manager),
        ("holds", "Walked through the package they maintain, tests and all.", people.manager),
    ]
    assert SkillAssessment.objects.get(application=process.application).holding == "holds"

    client.force_login(people.manager)
    support = client.get(reverse("decision-support", args=[process.application.pk]))
    page = support.content.decode()
    assert "1 earlier reading, kept" in page
    assert "Can learn, by Manager" in page and "Wrote scripts, never a package." in page
    timeline = (
        client.get(reverse("application-detail", args=[process.application.pk]))
        .content.decode()
        .split('class="timeline"')[1]
    )
    assert "Skill reading recorded: Python" in timeline
    assert "Skill reading of Python re-recorded (the earlier one, by Manager" in timeline
    assert "Wrote scripts" not in timeline  # what a reading says stays on the support page


def test_skill_readings_stay_off_the_timeline_of_a_member_still_writing(client, process, people):
    python = SkillFactory(name="Python")
    skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=python,
        holding="holds",
        evidence="Maintains a package.",
    )
    client.force_login(people.member)  # has not submitted
    page = client.get(reverse("application-detail", args=[process.application.pk])).content
    assert "Skill reading" not in page.decode()


def test_support_page_queries_stay_flat_as_readings_are_re_recorded(client, process, people):
    _submitted(process)

    def grow(copies):
        for _ in range(copies):
            skill = SkillFactory()
            RequiredSkill.objects.create(
                opening=process.opening, skill=skill, importance=Importance.NICE
            )
            for holding in ("lacks", "can_learn", "holds"):
                skill_assessment_record(
                    actor=people.manager,
                    application=process.application,
                    skill=skill,
                    holding=holding,
                    evidence=f"Reading {holding}.",
                )

    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client, reverse("decision-support", args=[process.application.pk]), grow=grow
    )


def test_debrief_queries_stay_flat_as_the_committee_re_records(client, process, people):
    _submitted(process)

    def grow(copies):
        for index in range(copies):
            committee_recommend(
                actor=people.manager,
                application=process.application,
                recommendation="yes" if index % 2 else "no",
            )

    client.force_login(people.manager)
    assert_queries_do_not_grow(client, reverse("debrief", args=[process.application.pk]), grow=grow)
