"""``panelist demo``: a small organisation to explore, created once and kept on later runs.

The live opening is told as a story over the last weeks (see ``demo_history.at``); at the end,
and on every later run, the command prints the state the database holds, not a fixed text.
"""

from __future__ import annotations

import os
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from panelist.access.models import Role, User
from panelist.calibration import services as calibration
from panelist.calibration.models import CalibrationRun
from panelist.core.demo_evidence import Notebook, Profile, no_go_reason
from panelist.core.demo_history import (
    Diary,
    at,
    create_history,
    feedback_due,
    varied_start,
    write_scorecard,
)
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.fairness.demo import create_fairness_history
from panelist.hiring import services as hiring
from panelist.hiring.models import (
    CLOSED_STAGES,
    Application,
    Importance,
    Opening,
    OpeningStatus,
    Stage,
)
from panelist.interviews import services as interviews
from panelist.interviews.models import (
    GO_RECOMMENDATIONS,
    Flag,
    Mode,
    Recommendation,
    ScorecardStatus,
    Severity,
)
from panelist.library.models import Dimension, InterviewFormat, Level
from panelist.library.services import latest_version, library_load_default
from panelist.notifications.models import Notification
from panelist.notifications.models import Status as NotificationStatus
from panelist.outcomes.demo import create_validity_cohort
from panelist.teams.models import (
    CoachingPreference,
    MemberSkill,
    Skill,
    Team,
    TeamMembership,
    Willingness,
)

DEMO_PASSWORD = "panelist-demo"
PASSWORD_VARIABLE = "PANELIST_DEMO_PASSWORD"
PASSWORD_MAX_LENGTH = 128

PEOPLE = [
    # username, first, last, role, what they do in the demo
    ("admin", "Ada", "Admin", Role.ADMIN, "configures the ladder, rubrics, teams and users"),
    ("maya", "Maya", "Manager", Role.HIRING_MANAGER, "owns the opening and decides"),
    ("rita", "Rita", "Recruiter", Role.RECRUITER, "runs the pipeline"),
    ("ian", "Ian", "Ito", Role.INTERVIEWER, "interviews for people skills"),
    ("ines", "Ines", "Ibarra", Role.INTERVIEWER, "seminar: communication and modeling"),
    ("omar", "Omar", "Okafor", Role.INTERVIEWER, "scientific knowledge"),
    ("priya", "Priya", "Patel", Role.INTERVIEWER, "code review"),
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


# What the live candidates brought, for the interviewers' notes.
PROFILES = {
    "Lena Brandt": Profile(
        topic="enzyme stability",
        method="a hierarchical Bayesian model",
        data="3,000 measured variants",
        tool="a fitting library",
        situation="a partner lab missing a deadline the whole project depended on",
    ),
    "Tomás Reyes": Profile(
        topic="antibody affinity",
        method="gradient-boosted trees",
        data="900 sequenced clones",
        tool="a Snakemake pipeline",
        situation="a teammate whose changes kept breaking the shared pipeline",
    ),
    "Amara Osei": Profile(
        topic="mRNA degradation",
        method="an ODE model",
        data="time courses from 40 samples",
        tool="a small Python package",
        situation="two groups claiming the same dataset for different papers",
    ),
}

# The live committee: member, dimensions, format, mode, place.
PLAN = [
    ("ian", ["people"], "behavioural-story", Mode.IN_PERSON, "Room 4.12"),
    ("ines", ["communication", "modeling"], "seminar", Mode.IN_PERSON, "Auditorium B"),
    ("omar", ["science"], "experiment-walkthrough", Mode.REMOTE, "https://meet.example.org/omar"),
    ("priya", ["coding"], "code-review", Mode.REMOTE, "https://meet.example.org/priya"),
]


def demo_password() -> tuple[str, bool]:
    """The password for new demo users, and whether it came from the environment."""
    raw = os.environ.get(PASSWORD_VARIABLE)
    if raw is None:
        return DEMO_PASSWORD, False
    if not raw.strip():
        raise CommandError(
            f"{PASSWORD_VARIABLE} is set but empty. Unset it to use the default demo password, "
            f"or set it to a password of 1 to {PASSWORD_MAX_LENGTH} characters."
        )
    if len(raw) > PASSWORD_MAX_LENGTH:
        raise CommandError(
            f"{PASSWORD_VARIABLE} is {len(raw)} characters long; use at most {PASSWORD_MAX_LENGTH}."
        )
    return raw, True


class Command(BaseCommand):
    help = (
        "Create demo users and a hiring process in progress; keeps existing data on re-runs. "
        f"The demo password is {DEMO_PASSWORD!r} unless {PASSWORD_VARIABLE} is set. Prints "
        "the users and where each candidate stands, as the database holds them."
    )

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
        password, from_environment = demo_password()
        if latest_version() is None:
            self.stdout.write(library_load_default().summary)
        created = not User.objects.filter(username="maya").exists()
        if created:
            with transaction.atomic():
                self._create(password)
                # Each step of the story wrote the mail it would have sent at its time in the
                # story; that mail belongs to the past, so it is recorded as sent then (the
                # calendar feed's SEQUENCE counts it) and nobody receives it now.
                waiting = [NotificationStatus.PENDING, NotificationStatus.HELD]
                Notification.objects.filter(status__in=waiting).update(
                    status=NotificationStatus.SENT, claimed_at=F("due_at"), sent_at=F("due_at")
                )
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        else:
            self.stdout.write("Demo data already present; kept as it is.")
        if not CalibrationRun.objects.exists():
            run = calibration.calibration_run()
            self.stdout.write(
                f"Calibration run on {run.scorecards} submitted scorecards: {run.fitted_count} "
                f"of {run.fits.count()} targets fitted (see Interviewers)."
            )
        if not options["quiet_logins"]:
            self._print_logins(password, from_environment, created)
        self._print_state()

    def _print_logins(self, password: str, from_environment: bool, created: bool) -> None:
        said = f"the password from {PASSWORD_VARIABLE}" if from_environment else password
        maya = User.objects.get(username="maya")
        if created or maya.check_password(password):
            self.stdout.write(f"\nDemo logins (password for all: {said}):")
        else:
            self.stdout.write(
                f"\nDemo logins (the passwords set when the demo was created; maya's is not "
                f"{said}):"
            )
        purposes = {username: purpose for username, _, _, _, purpose in PEOPLE}
        users = User.objects.order_by("username").annotate(
            submitted=_cards(Q(assignments__scorecard__status=ScorecardStatus.SUBMITTED)),
            drafts=_cards(Q(assignments__scorecard__status=ScorecardStatus.DRAFT)),
            to_start=_cards(Q(assignments__scorecard__isnull=True)),
        )
        for user in users:
            if not user.is_active:
                continue
            work = purposes.get(user.username, "added after the demo")
            if user.submitted or user.drafts or user.to_start:
                work += (
                    f"; open candidates: {user.submitted} submitted, {user.drafts} "
                    f"draft{'s' if user.drafts != 1 else ''}, {user.to_start} not started"
                )
            self.stdout.write(
                f"  {user.username:<7} {user.display_name:<16} {user.get_role_display():<15} {work}"
            )

    def _print_state(self) -> None:
        self.stdout.write("\nOpenings:")
        openings = sorted(
            Opening.objects.select_related("hiring_manager", "target_level"),
            key=lambda opening: (opening.status != OpeningStatus.OPEN, opening.title),
        )
        applications = (
            Application.objects.select_related("candidate", "decision__level")
            .select_related("committee_recommendation")
            .annotate(
                members=Count("assignments", distinct=True),
                submitted=Count(
                    "assignments",
                    filter=Q(assignments__scorecard__status=ScorecardStatus.SUBMITTED),
                    distinct=True,
                ),
            )
            .order_by("candidate__name")
        )
        by_opening: dict[int, list[Application]] = {}
        for application in applications:
            by_opening.setdefault(application.opening_id, []).append(application)
        for opening in openings:
            rows = by_opening.get(opening.pk, [])
            self.stdout.write(
                f"  {opening.title} ({opening.get_status_display().lower()}; hiring manager "
                f"{opening.hiring_manager.display_name}; target {opening.target_level})"
            )
            open_rows = [a for a in rows if a.stage not in CLOSED_STAGES]
            if rows and not open_rows:
                self.stdout.write(f"    {_closed_summary(rows)}")
                continue
            if not rows:
                self.stdout.write("    no candidates yet")
            for application in rows:
                self.stdout.write(f"    {application.candidate.name:<18} {_standing(application)}")

    def _create(self, password: str) -> None:
        # The story's days are counted back from ten this morning (local time).
        now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        diary = Diary()
        users = {}
        for username, first, last, role, _ in PEOPLE:
            user = User.objects.create_user(
                username=username,
                password=password,
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
        # The rest of the team coaches too: Ines mentors modeling, which Maya will not coach,
        # so Tomás's modeling gap is coachable by a named teammate and weighs half.
        CoachingPreference.objects.bulk_create(
            [
                CoachingPreference(
                    manager=users["ines"],
                    dimension=dimensions["modeling"],
                    willingness=Willingness.SOME,
                ),
                CoachingPreference(
                    manager=users["omar"],
                    dimension=dimensions["science"],
                    willingness=Willingness.WILL_COACH,
                ),
            ]
        )

        create_history(users, team, diary, now)
        create_validity_cohort(users, team, diary, now)
        Live(users, skills, dimensions, diary, now).tell(team)
        create_fairness_history(users, team, diary, now)


def _cards(condition: Q) -> Count:
    """A member's assignments on candidates still open, matching ``condition``."""
    return Count(
        "assignments",
        filter=condition & ~Q(assignments__application__stage__in=CLOSED_STAGES),
        distinct=True,
    )


def _closed_summary(applications: list[Application]) -> str:
    """One line for an opening whose candidates are all decided or withdrawn."""
    decided = [a.decision for a in applications if getattr(a, "decision", None) is not None]
    hired = [d.application.candidate.name for d in decided if d.outcome == Outcome.HIRE]
    text = f"{len(applications)} candidates, none still open: {len(decided)} decided"
    text += f" (hired: {', '.join(hired)})" if hired else " (nobody hired)"
    withdrawn = len(applications) - len(decided)
    return text + (f", {withdrawn} withdrawn" if withdrawn else "")


def _standing(application: Application) -> str:
    parts = [application.get_stage_display()]
    if application.members:
        parts.append(f"{application.submitted} of {application.members} scorecards submitted")
    else:
        parts.append("no committee yet")
    committee = getattr(application, "committee_recommendation", None)
    if committee is not None:
        parts.append(f"committee: {committee.get_recommendation_display().lower()}")
    decision = getattr(application, "decision", None)
    if decision is None:
        parts.append("not decided")
    else:
        outcome = decision.get_outcome_display().lower()
        parts.append(f"decided: {outcome}" + (f" as {decision.level}" if decision.level else ""))
    return "; ".join(parts)


class Live:
    """The live opening, told over the last five weeks: Tomás and Amara are through their
    interviews and the committee has recommended; Lena's committee is half way, with Priya's
    interview still to come; Noor applied two days ago."""

    def __init__(self, users, skills, dimensions, diary: Diary, now: datetime) -> None:
        self.users, self.skills, self.dimensions = users, skills, dimensions
        self.diary, self.now = diary, now
        self.rng = random.Random(11)
        self.formats = {f.key: f for f in InterviewFormat.objects.all()}

    def tell(self, team) -> None:
        users, skills, now = self.users, self.skills, self.now
        maya = users["maya"]
        with at(now - timedelta(days=35)):
            opening = hiring.opening_create(
                actor=maya,
                title="Data Scientist, protein design",
                team=team,
                hiring_manager=maya,
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

        # Tomás: every required skill held (no growth headroom) and a modeling gap Maya will
        # not coach. Amara: majority plus potential, above the target level, and she brings
        # mechanistic modeling, which nobody on the team holds.
        tomas = self._apply(
            opening,
            now - timedelta(days=30),
            name="Tomás Reyes",
            email="tomas.reyes@example.net",
            code_sample_url="https://example.net/tomas/assay-pipeline",
            seminar_title="Active learning for antibody affinity",
        )
        amara = self._apply(
            opening,
            now - timedelta(days=28),
            name="Amara Osei",
            email="amara.osei@example.net",
            code_sample_url="https://example.net/amara/kinetics",
            seminar_title="Mechanistic models of mRNA degradation from sparse time courses",
        )
        lena = self._apply(
            opening,
            now - timedelta(days=20),
            name="Lena Brandt",
            email="lena.brandt@example.net",
            code_sample_url="https://example.net/lena/variant-effects",
            seminar_title="A hierarchical model of mutational effects on enzyme stability",
            seminar_abstract="How partial pooling across protein families made sparse assay "
            "data usable, and where the model still fails.",
        )
        noor = self._apply(
            opening, now - timedelta(days=2), name="Noor Haddad", email="noor@example.net"
        )
        for application in (tomas, amara, lena):
            self._advance(application, Stage.SCREENING, days=2)
            self._advance(application, Stage.INTERVIEWING, days=5)
        self._advance(noor, Stage.SCREENING, days=1)

        for application, ratings, readings, verdict, first_day in (
            (
                tomas,
                {"ian": 3, "ines": 2, "omar": 3, "priya": 4},
                {
                    "Python software engineering": "holds",
                    "Deep learning": "holds",
                    "Experimental design": "holds",
                },
                Recommendation.NO,
                now - timedelta(days=22),
            ),
            (
                amara,
                {"ian": 3, "ines": 4, "omar": 3, "priya": 3},
                {
                    "Python software engineering": "holds",
                    "Deep learning": "can_learn",
                    "Experimental design": "holds",
                    "Mechanistic (ODE) modeling": "holds",
                    "Probabilistic modeling": "holds",
                },
                Recommendation.YES,
                now - timedelta(days=19),
            ),
        ):
            committee = self._committee(application, {m: first_day for m in ratings})
            handed_in = []
            for username, value in ratings.items():
                assignment, ends = committee[username]
                handed_in.append(ends + timedelta(hours=self.rng.uniform(3, 30)))
                go = Recommendation.YES if value >= 3 else Recommendation.NO
                self._scorecard(assignment, ends, handed_in[-1], value=value, recommendation=go)
            debrief = max(handed_in) + timedelta(days=1)
            with at(debrief):
                for name, holding in readings.items():
                    decisions.skill_assessment_record(
                        actor=maya,
                        application=application,
                        skill=skills[name],
                        holding=holding,
                        evidence=f"Discussed in the debrief: {holding.replace('_', ' ')}, from "
                        "the code review and the seminar questions.",
                    )
                decisions.committee_recommend(
                    actor=maya, application=application, recommendation=verdict
                )

        # Lena: Ian and Ines have submitted, Omar keeps a draft (so he is still blind) and
        # Priya's code review is tomorrow or later.
        past, coming = now - timedelta(days=9), now + timedelta(days=1)
        committee = self._committee(
            lena, {"ian": past, "ines": past, "omar": past, "priya": coming}
        )
        assignment, ends = committee["ian"]
        self._scorecard(
            assignment, ends, ends + timedelta(hours=5), value=3, recommendation=Recommendation.YES
        )
        assignment, ends = committee["ines"]
        ines_card = self._scorecard(
            assignment,
            ends,
            ends + timedelta(hours=26),
            value=4,
            recommendation=Recommendation.STRONG_YES,
        )
        assignment, ends = committee["omar"]
        self._scorecard(
            assignment, ends + timedelta(hours=2), None, value=2, recommendation=Recommendation.NO
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

    def _apply(self, opening, when: datetime, **candidate) -> Application:
        rita = self.users["rita"]
        with at(when + timedelta(minutes=self.rng.randint(0, 16) * 15)):
            person = hiring.candidate_create(actor=rita, **candidate)
            return hiring.application_create(actor=rita, candidate=person, opening=opening)

    def _advance(self, application: Application, stage: Stage, *, days: int) -> None:
        with at(application.created_at + timedelta(days=days)):
            hiring.application_move(actor=self.users["rita"], application=application, stage=stage)

    def _committee(self, application, earliest: dict[str, datetime]):
        """Maya assembles the committee the day the candidate reaches interviewing; each
        interview goes in the diary from its member's earliest day on."""
        assigned = application.stage_changed_at + timedelta(hours=2)
        candidate = application.candidate.name
        committee = {}
        for username, keys, fmt, mode, location in PLAN:
            duration = self.formats[fmt].duration_minutes
            scheduled = self.diary.book(
                [candidate, username], duration, varied_start(earliest[username], self.rng)
            )
            with at(assigned):
                assignment = interviews.assignment_create(
                    actor=self.users["maya"],
                    application=application,
                    member=self.users[username],
                    dimensions=[self.dimensions[k] for k in keys],
                    interview_format=self.formats[fmt],
                    scheduled_at=scheduled,
                    mode=mode,
                    location=location,
                    feedback_due=feedback_due(scheduled),
                )
            committee[username] = (assignment, scheduled + timedelta(minutes=duration))
        return committee

    def _scorecard(self, assignment, started, submitted, *, value, recommendation):
        """Every question rated ``value``, with notes on what this candidate said."""
        profile = PROFILES[assignment.application.candidate.name]
        ratings, notes = {}, {}
        notebook = Notebook(profile, self.rng)
        for question in interviews.questions_for(assignment):
            evidence = notebook.note(question.key, value)
            ratings[question.pk] = interviews.RatingInput(value=value, evidence=evidence)
            notes[question.prompt] = (value, evidence)
        return write_scorecard(
            self.users[assignment.member.username],
            assignment,
            ratings,
            recommendation=recommendation,
            reason="" if recommendation in GO_RECOMMENDATIONS else no_go_reason(notes),
            summary=f"Problem: {profile.topic} from sparse assay data. Method: "
            f"{profile.method}. Finding: it predicted held-out groups.",
            started=started,
            submitted=submitted,
        )
