"""``panelist demo``: a small organisation to explore, created once and kept on later runs."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from panelist.access.models import Role, User
from panelist.core.demo_history import create_history, write_scorecard
from panelist.decisions import services as decisions
from panelist.hiring import services as hiring
from panelist.hiring.models import Importance, Stage
from panelist.interviews import services as interviews
from panelist.interviews.models import Flag, Mode, Recommendation, Severity
from panelist.library.models import Dimension, InterviewFormat, Level
from panelist.library.services import latest_version, library_load_default
from panelist.teams.models import (
    CoachingPreference,
    MemberSkill,
    Skill,
    Team,
    TeamMembership,
    Willingness,
)

DEMO_PASSWORD = "panelist-demo"

PEOPLE = [
    # username, first, last, role, what they do in the demo
    ("admin", "Ada", "Admin", Role.ADMIN, "configures the ladder, rubrics, teams and users"),
    ("maya", "Maya", "Manager", Role.HIRING_MANAGER, "owns the opening and decides"),
    ("rita", "Rita", "Recruiter", Role.RECRUITER, "runs the pipeline"),
    ("ian", "Ian", "Ito", Role.INTERVIEWER, "people skills; submitted"),
    ("ines", "Ines", "Ibarra", Role.INTERVIEWER, "seminar: communication and modeling; submitted"),
    ("omar", "Omar", "Okafor", Role.INTERVIEWER, "science; draft, so still blind"),
    ("priya", "Priya", "Patel", Role.INTERVIEWER, "code review; not started"),
]

SKILLS = [
    ("Python software engineering", "coding"),
    ("Probabilistic modeling", "modeling"),
    ("Deep learning", "modeling"),
    ("Mechanistic (ODE) modeling", "modeling"),
    ("Experimental design", "science"),
    ("Protein biochemistry", "science"),
]

# member -> {skill: level 0-3}; probabilistic modeling is held by Ines alone (a single point
# of failure) and mechanistic modeling by nobody (an enhancer a candidate could bring).
INVENTORY = {
    "maya": {"Python software engineering": 3, "Deep learning": 2, "Probabilistic modeling": 0},
    "ian": {"Python software engineering": 2, "Deep learning": 3, "Experimental design": 1},
    "ines": {"Probabilistic modeling": 3, "Python software engineering": 2, "Deep learning": 1},
    "omar": {"Protein biochemistry": 3, "Experimental design": 3, "Deep learning": 1},
    "priya": {"Python software engineering": 3, "Deep learning": 2},
}


class Command(BaseCommand):
    help = "Create demo users and a hiring process in progress; keeps existing data on re-runs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo even with DEBUG=false (its passwords are public).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is false: the demo creates an admin with a published password. "
                "Use it on a development install, or pass --force if you really mean it."
            )
        if latest_version() is None:
            self.stdout.write(library_load_default().summary)
        if User.objects.filter(username="maya").exists():
            self.stdout.write("Demo data already present; kept as it is.")
        else:
            with transaction.atomic():
                self._create()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if not options["quiet_logins"]:
            self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, purpose in PEOPLE:
            name = f"{first} {last}"
            self.stdout.write(f"  {username:<7} {name:<16} {role.label:<15} {purpose}")

    def _create(self) -> None:
        users = {}
        for username, first, last, role, _ in PEOPLE:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                role=role,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            users[username] = user

        dimensions = {d.key: d for d in Dimension.objects.all()}
        skills = {
            name: Skill.objects.create(
                name=name,
                slug=name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
                dimension=dimensions.get(dimension),
            )
            for name, dimension in SKILLS
        }
        team = Team.objects.create(
            name="Research Data Science",
            slug="research-data-science",
            description="Works with bench scientists on protein and assay data.",
        )
        for username, held in INVENTORY.items():
            membership = TeamMembership.objects.create(team=team, user=users[username])
            MemberSkill.objects.bulk_create(
                MemberSkill(membership=membership, skill=skills[name], level=level)
                for name, level in held.items()
            )
        coaching = {
            "coding": Willingness.WILL_COACH,
            "communication": Willingness.WILL_COACH,
            "people": Willingness.SOME,
            "science": Willingness.WILL_NOT,
            "modeling": Willingness.WILL_NOT,
            "leadership": Willingness.SOME,
        }
        CoachingPreference.objects.bulk_create(
            CoachingPreference(manager=users["maya"], dimension=dimensions[key], willingness=value)
            for key, value in coaching.items()
        )

        create_history(users, team, skills)

        opening = hiring.opening_create(
            actor=users["maya"],
            title="Data Scientist, protein design",
            team=team,
            hiring_manager=users["maya"],
            target_level=Level.objects.get(key="ds"),
            required_skills={
                skills["Python software engineering"]: Importance.MUST,
                skills["Deep learning"]: Importance.MUST,
                skills["Experimental design"]: Importance.MUST,
                skills["Probabilistic modeling"]: Importance.NICE,
                skills["Protein biochemistry"]: Importance.NICE,
            },
            description="Models protein variants with the assay team; first projects in "
            "design-make-test-analyze loops.",
        )
        rita = users["rita"]
        lena = hiring.candidate_create(
            actor=rita,
            name="Lena Brandt",
            email="lena.brandt@example.net",
            code_sample_url="https://example.net/lena/variant-effects",
            seminar_title="A hierarchical model of mutational effects on enzyme stability",
            seminar_abstract="How partial pooling across protein families made sparse assay "
            "data usable, and where the model still fails.",
        )
        tomas = hiring.candidate_create(
            actor=rita,
            name="Tomás Reyes",
            email="tomas.reyes@example.net",
            code_sample_url="https://example.net/tomas/assay-pipeline",
            seminar_title="Active learning for antibody affinity",
        )
        noor = hiring.candidate_create(actor=rita, name="Noor Haddad", email="noor@example.net")
        application = hiring.application_create(actor=rita, candidate=lena, opening=opening)
        hiring.application_move(actor=rita, application=application, stage=Stage.INTERVIEWING)
        second = hiring.application_create(actor=rita, candidate=tomas, opening=opening)
        hiring.application_move(actor=rita, application=second, stage=Stage.INTERVIEWING)
        hiring.application_create(actor=rita, candidate=noor, opening=opening)

        formats = {f.key: f for f in InterviewFormat.objects.all()}
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=2)
        plan = [
            ("ian", ["people"], "behavioural-story", 0, Mode.IN_PERSON, "Room 4.12"),
            ("ines", ["communication", "modeling"], "seminar", 1, Mode.IN_PERSON, "Auditorium B"),
            (
                "omar",
                ["science"],
                "experiment-walkthrough",
                2,
                Mode.REMOTE,
                "https://meet.example.org/omar",
            ),
            ("priya", ["coding"], "code-review", 4, Mode.REMOTE, "https://meet.example.org/priya"),
        ]
        assignments = self._committee(users, application, plan, dimensions, formats, start)

        self._scorecard(
            users["ian"],
            assignments["ian"],
            rating=3,
            submit=True,
            recommendation=Recommendation.YES,
        )
        ines_card = self._scorecard(
            users["ines"],
            assignments["ines"],
            rating=4,
            submit=True,
            recommendation=Recommendation.STRONG_YES,
        )
        self._scorecard(
            users["omar"],
            assignments["omar"],
            rating=2,
            submit=False,
            recommendation=Recommendation.NO,
        )
        first_rating = ines_card.ratings.order_by("question__order").first()
        Flag.objects.create(
            scorecard=ines_card,
            severity=Severity.ORANGE,
            rating=first_rating,
            evidence="Talked over two questions from the assay scientists before they finished.",
            possible_cultural_difference=True,
            cultural_note="Overlapping talk signals engagement in some conversational styles.",
        )

        # Tomás: every required skill held (no growth headroom) and a modeling gap Maya will
        # not coach. Amara: majority plus potential, above the target level, and she brings
        # mechanistic modeling, which nobody on the team holds.
        for candidate_application, ratings, readings, verdict in (
            (
                second,
                {"ian": 3, "ines": 2, "omar": 3, "priya": 4},
                {
                    "Python software engineering": "holds",
                    "Deep learning": "holds",
                    "Experimental design": "holds",
                },
                Recommendation.NO,
            ),
            (
                hiring.application_create(actor=rita, candidate=self._amara(rita), opening=opening),
                {"ian": 3, "ines": 4, "omar": 3, "priya": 3},
                {
                    "Python software engineering": "holds",
                    "Deep learning": "can_learn",
                    "Experimental design": "holds",
                    "Mechanistic (ODE) modeling": "holds",
                    "Probabilistic modeling": "holds",
                },
                Recommendation.YES,
            ),
        ):
            hiring.application_move(
                actor=rita, application=candidate_application, stage=Stage.INTERVIEWING
            )
            committee = self._committee(
                users, candidate_application, plan, dimensions, formats, start
            )
            for username, value in ratings.items():
                self._scorecard(
                    users[username],
                    committee[username],
                    rating=value,
                    submit=True,
                    recommendation=Recommendation.YES if value >= 3 else Recommendation.NO,
                )
            for name, holding in readings.items():
                decisions.skill_assessment_record(
                    actor=users["maya"],
                    application=candidate_application,
                    skill=skills[name],
                    holding=holding,
                    evidence=f"Discussed in the debrief: {holding.replace('_', ' ')}, from "
                    "the code review and the seminar questions.",
                )
            decisions.committee_recommend(
                actor=users["maya"], application=candidate_application, recommendation=verdict
            )

    def _amara(self, rita):
        return hiring.candidate_create(
            actor=rita,
            name="Amara Osei",
            email="amara.osei@example.net",
            code_sample_url="https://example.net/amara/kinetics",
            seminar_title="Mechanistic models of mRNA degradation from sparse time courses",
        )

    def _committee(self, users, application, plan, dimensions, formats, start):
        assignments = {}
        for username, keys, fmt, hours, mode, location in plan:
            assignments[username] = interviews.assignment_create(
                actor=users["maya"],
                application=application,
                member=users[username],
                dimensions=[dimensions[k] for k in keys],
                interview_format=formats[fmt],
                scheduled_at=start + timedelta(hours=hours),
                mode=mode,
                location=location,
                feedback_due=start + timedelta(days=1, hours=hours),
            )
        return assignments

    def _scorecard(self, member, assignment, *, rating, submit, recommendation):
        ratings = {
            question.pk: interviews.RatingInput(
                value=rating,
                evidence=(
                    f"On '{question.key.replace('-', ' ')}': the candidate walked through a "
                    "concrete case from the enzyme-stability project, named the people and the "
                    "numbers involved, and said what they would do differently next time."
                ),
            )
            for question in interviews.questions_for(assignment)
        }
        return write_scorecard(
            member,
            assignment,
            ratings,
            recommendation=recommendation,
            summary="Problem: sparse assay data. Method: partial pooling. Finding: stability "
            "predicted across families.",
            submit=submit,
        )
