"""The adverse-impact report: who may read it, what it counts, and its CSV and print forms."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from panelist.audit.models import AuditEvent, EventKind
from panelist.calibration import impact
from panelist.decisions.models import CommitteeRecommendation, Decision, Outcome
from panelist.fairness import selectors, services
from panelist.hiring.models import Application, Stage
from panelist.interviews.models import Assignment, Recommendation
from panelist.library.models import Level
from tests import factories
from tests.fairness.conftest import option
from tests.querycount import assert_queries_do_not_grow

REPORT_URLS = ("fairness-report", "fairness-report-print", "fairness-report-csv")


def add_applications(
    opening,
    questions,
    gender: str,
    *,
    count,
    screened=0,
    interviewed=0,
    recommended=0,
    hired=0,
    manager=None,
):
    """``count`` applications whose candidates answered ``gender``; the first ``screened``
    were given a committee, the first ``interviewed`` of those have a submitted scorecard,
    and so on down the steps (set directly: these tests count, they do not run the flow)."""
    question = questions["sex-gender"]
    answer = option(question, gender) if gender != "declined" else "declined"
    manager = manager or opening.hiring_manager
    member = factories.UserFactory()
    for number in range(count):
        application = factories.ApplicationFactory(opening=opening, stage=Stage.SCREENING)
        services.record_self_identification(
            candidate=application.candidate, answers={question: answer}
        )
        if number < screened:
            assignment = factories.AssignmentFactory(application=application, member=member)
            Assignment.objects.filter(pk=assignment.pk).update(submitted=number < interviewed)
        if number < recommended:
            CommitteeRecommendation.objects.create(
                application=application, recommendation=Recommendation.YES, recorded_by=manager
            )
        if number < hired:
            Decision.objects.create(
                application=application,
                outcome=Outcome.HIRE,
                level=Level.objects.get(key="ds"),
                decided_by=manager,
            )


@pytest.fixture
def opening(library, people):
    return factories.OpeningFactory(hiring_manager=people.manager, library_version=library)


@pytest.mark.parametrize("name", REPORT_URLS)
def test_only_compliance_reads_the_report(client, people, plain_admin, compliance, name):
    for user in (people.manager, people.recruiter, people.member, people.outsider, plain_admin):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 404, user
    client.force_login(compliance)
    assert client.get(reverse(name)).status_code == 200


def test_the_nav_links_the_report_for_compliance_only(client, people, compliance):
    client.force_login(people.manager)
    assert "Adverse impact" not in client.get(reverse("home")).content.decode()
    client.force_login(compliance)
    assert "Adverse impact" in client.get(reverse("home")).content.decode()


def test_counts_rates_ratios_and_fisher_match_the_table_built_by_hand(opening, questions):
    """Men: 20 applied, 15 screened, 12 interviewed, 8 recommended, 4 hired. Women: 20 applied,
    9 screened, 8 interviewed, 4 recommended, 1 hired. Three declined to say."""
    add_applications(
        opening, questions, "Man", count=20, screened=15, interviewed=12, recommended=8, hired=4
    )
    add_applications(
        opening, questions, "Woman", count=20, screened=9, interviewed=8, recommended=4, hired=1
    )
    add_applications(opening, questions, "declined", count=3, screened=3)
    report = selectors.adverse_impact_report(selectors.Scope(opening=opening))
    assert report.enough and report.applications == 43 and report.answered == 40

    def rows(step):
        section = next(s for s in report.steps if s.key == step)
        by_gender = section.tables[0]
        assert by_gender.grouping.key == "sex-gender"
        return {row.group: row for row in by_gender.table.rows}, by_gender.unknown

    screening, unknown = rows("screening")
    assert unknown == 3
    assert (screening["Man"].selected, screening["Man"].total) == (15, 20)
    assert (screening["Woman"].selected, screening["Woman"].total) == (9, 20)
    assert screening["Man"].reference
    assert screening["Woman"].ratio == pytest.approx(0.45 / 0.75)
    assert screening["Woman"].flagged
    assert screening["Woman"].p_value == pytest.approx(impact.fisher_exact_two_sided(9, 11, 15, 5))
    interviewed, _ = rows("interviewed")  # among those screened
    assert (interviewed["Woman"].selected, interviewed["Woman"].total) == (8, 9)
    hired, _ = rows("hired")  # among those recommended
    assert (hired["Man"].selected, hired["Man"].total) == (4, 8)
    overall, _ = rows("overall")
    assert (overall["Woman"].selected, overall["Woman"].total) == (1, 20)


def test_the_scope_narrows_to_a_team_an_opening_and_a_period(opening, questions, people, library):
    add_applications(opening, questions, "Man", count=6)
    add_applications(opening, questions, "Woman", count=6)
    other = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    add_applications(other, questions, "Woman", count=5)
    assert selectors.adverse_impact_report(selectors.Scope()).applications == 17
    assert selectors.adverse_impact_report(selectors.Scope(opening=opening)).applications == 12
    assert selectors.adverse_impact_report(selectors.Scope(team=other.team)).applications == 5
    Application.objects.filter(opening=other).update(created_at=timezone.now() - timedelta(days=40))
    recent = selectors.Scope(start=timezone.localdate() - timedelta(days=7))
    assert selectors.adverse_impact_report(recent).applications == 12


def test_too_few_answers_show_no_figures(client, compliance, opening, questions):
    add_applications(opening, questions, "Woman", count=selectors.MIN_ANSWERED - 1)
    client.force_login(compliance)
    page = client.get(reverse("fairness-report")).content.decode()
    assert "shows no figures" in page
    assert 'id="step-screening"' not in page


def test_the_page_states_the_method_and_the_flags(client, compliance, opening, questions):
    add_applications(opening, questions, "Man", count=20, screened=15)
    add_applications(opening, questions, "Woman", count=20, screened=9)
    client.force_login(compliance)
    page = client.get(reverse("fairness-report"), {"opening": opening.pk}).content.decode()
    assert "below four fifths" in page
    assert "Katz log interval" in page and "Fisher" in page and "29 CFR 1607.4(D)" in page
    printed = client.get(reverse("fairness-report-print"), {"opening": opening.pk})
    assert "Printed" in printed.content.decode()
    assert "Download CSV" not in printed.content.decode()


def test_the_csv_holds_every_table_and_is_audited(client, compliance, opening, questions):
    add_applications(opening, questions, "Man", count=20, screened=15)
    add_applications(opening, questions, "Woman", count=20, screened=9)
    client.force_login(compliance)
    response = client.get(reverse("fairness-report-csv"), {"opening": opening.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[2] == selectors.CSV_HEADER
    woman = next(
        r for r in rows if r[:4] == ["selection", "Passed screening", "Sex or gender", "Woman"]
    )
    assert woman[4:6] == ["9", "20"] and float(woman[7]) == pytest.approx(0.6)
    assert woman[11] == "yes"
    event = AuditEvent.objects.get(kind=EventKind.EXPORTED)
    assert event.actor == compliance and "adverse-impact" in event.target_label


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end", "ends before it starts"),
        ({"team": "99999"}, "team", "does not exist"),
        ({"start": "not a date"}, "start", "valid date"),
    ],
)
def test_a_bad_scope_is_refused_beside_its_field(client, compliance, query, field, message):
    client.force_login(compliance)
    response = client.get(reverse("fairness-report"), query)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="error-{field}"' in page and message in page


def test_an_opening_outside_the_chosen_team_is_refused(client, compliance, opening, library):
    other_team = factories.TeamFactory()
    client.force_login(compliance)
    response = client.get(
        reverse("fairness-report"), {"team": other_team.pk, "opening": opening.pk}
    )
    assert response.status_code == 422
    assert "is not an opening of team" in response.content.decode()


def test_the_report_reads_a_fixed_number_of_queries(client, compliance, opening, questions):
    client.force_login(compliance)

    def grow(copies):
        add_applications(
            opening,
            questions,
            "Man",
            count=4 * copies,
            screened=3 * copies,
            interviewed=2 * copies,
            recommended=copies,
        )
        add_applications(opening, questions, "Woman", count=4 * copies, screened=2 * copies)

    assert_queries_do_not_grow(client, reverse("fairness-report"), grow=grow, small=2, large=5)
