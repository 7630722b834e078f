"""The web benchmark (bench/web.py) seeds what it says and reads every page it can reach.

No timing is tested here: ``make bench-web`` prints the figures.
"""

import string

from bench.web_pages import NOT_MEASURED, PAGES, SEED_PARAMETERS
from bench.web_seed import COMMITTEE_PLAN, seed_opening
from django.urls import URLPattern, URLResolver, get_resolver

from panelist.hiring.models import Opening
from panelist.interviews.models import Flag, Rating, Scorecard, ScorecardStatus
from panelist.interviews.services import questions_for
from panelist.library.models import Level
from tests.factories import TeamFactory


def test_seeding_creates_the_applications_each_with_five_submitted_rated_scorecards(
    library, people
):
    seeded = seed_opening(
        size=3,
        manager=people.manager,
        committee=[people.member] * len(COMMITTEE_PLAN),
        team=TeamFactory(),
        level=Level.objects.order_by("pk").first(),
        version=library,
    )

    opening = Opening.objects.get(pk=seeded.opening_id, hiring_manager=people.manager)
    assert opening.applications.count() == 3
    scorecards = Scorecard.objects.filter(assignment__application__opening=opening)
    assert scorecards.count() == 15
    assert set(scorecards.values_list("status", flat=True)) == {ScorecardStatus.SUBMITTED}
    for scorecard in scorecards.select_related("assignment__application__opening"):
        questions = set(questions_for(scorecard.assignment).values_list("pk", flat=True))
        ratings = Rating.objects.filter(scorecard=scorecard)
        assert questions and set(ratings.values_list("question", flat=True)) == questions
        assert not ratings.filter(evidence="").exists()
    flags = Flag.objects.filter(scorecard__in=scorecards)
    assert flags.exists()
    assert all(flag.rating.scorecard_id == flag.scorecard_id for flag in flags)
    assert opening.applications.filter(pk=seeded.application_id).exists()
    assert scorecards.filter(pk=seeded.scorecard_id, assignment=seeded.assignment_id).exists()


def _named_patterns(patterns):
    """(name, parameters) of every named route outside namespaced includes (the Django admin
    and the API, whose operations are checked from its schema)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace is None:
                yield from _named_patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, set(entry.pattern.regex.groupindex)


def test_every_page_the_seed_can_address_is_measured_or_excused():
    measured = {page.name for page in PAGES if page.name}
    reachable = {
        name
        for name, parameters in _named_patterns(get_resolver().url_patterns)
        if parameters <= SEED_PARAMETERS
    }

    assert reachable - measured - set(NOT_MEASURED) == set()
    assert set(NOT_MEASURED) <= reachable
    assert measured <= reachable


def test_every_api_read_the_seed_can_address_is_measured():
    from panelist.api.v1 import api

    schema = api.get_openapi_schema()
    reads = set()
    for path, operations in schema["paths"].items():
        parameters = {f for _, f, _, _ in string.Formatter().parse(path) if f}
        if "get" in operations and parameters <= SEED_PARAMETERS:
            reads.add(path.split("/api/v1", 1)[1])

    assert reads == {page.path for page in PAGES if page.path}
