"""factory_boy factories; tests ask for the shipped library through the ``library`` fixture."""

from __future__ import annotations

import factory
from django.utils import timezone

from panelist.access.models import Role, User
from panelist.hiring.models import Application, Candidate, Opening
from panelist.interviews import services as interview_services
from panelist.interviews.models import Assignment, Recommendation
from panelist.library.models import Dimension, InterviewFormat, Level, LibraryVersion
from panelist.teams.models import Skill, Team

# Every factory-made user signs in with this password.
PASSWORD = "test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.INTERVIEWER
    password = factory.django.Password(PASSWORD)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    title = factory.Sequence(lambda n: f"Data Scientist {n}")
    team = factory.SubFactory(TeamFactory)
    hiring_manager = factory.SubFactory(UserFactory, role=Role.HIRING_MANAGER)
    target_level = factory.LazyFunction(lambda: Level.objects.get(key="ds"))
    library_version = factory.LazyFunction(lambda: LibraryVersion.objects.latest())


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.LazyAttribute(lambda o: f"{o.name.lower().replace(' ', '.')}@example.net")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    opening = factory.SubFactory(OpeningFactory)
    stage = "interviewing"


class AssignmentFactory(factory.django.DjangoModelFactory):
    """``dimensions`` takes dimension keys: ``AssignmentFactory(dimensions=["people"])``."""

    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    class Params:
        format_key = "code-review"

    application = factory.SubFactory(ApplicationFactory)
    member = factory.SubFactory(UserFactory)
    interview_format = factory.LazyAttribute(
        lambda o: InterviewFormat.objects.get(key=o.format_key)
    )
    scheduled_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def dimensions(self, create, extracted, **kwargs):
        if create:
            self.dimensions.set(Dimension.objects.filter(key__in=extracted or ["coding"]))

    @factory.post_generation
    def committee_state(self, create, extracted, **kwargs):
        """As ``services.assignment_create`` does: a new member's scorecard is still open."""
        if create:
            interview_services.refresh_committee_complete(self.application_id)


EVIDENCE = (
    "Walked through the module layout, named two alternatives they had rejected and why, "
    "and pointed unprompted at the untested parser as the part they would improve next."
)


NO_GO_REASON = "The evidence on design reasoning stayed shallow when asked for alternatives."


def write_scorecard(
    assignment,
    *,
    value=3,
    evidence=EVIDENCE,
    recommendation=Recommendation.YES,
    submit=False,
    reason=None,
):
    """A scorecard by the assignment's member through the services, rating every question.

    A no-go gets ``NO_GO_REASON`` unless ``reason`` (a ``ReasonInput``) is given."""
    member = assignment.member
    scorecard = interview_services.scorecard_start(actor=member, assignment=assignment)
    ratings = {
        q.pk: interview_services.RatingInput(value=value, evidence=evidence)
        for q in interview_services.questions_for(assignment)
    }
    scorecard = interview_services.scorecard_save(
        actor=member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        ratings=ratings,
        recommendation=recommendation,
        reason=reason
        or (
            interview_services.ReasonInput(NO_GO_REASON)
            if recommendation in (Recommendation.NO, Recommendation.STRONG_NO)
            else None
        ),
    )
    if submit:
        scorecard = interview_services.scorecard_submit(
            actor=member, scorecard=scorecard, expected_version=scorecard.version
        )
    return scorecard
