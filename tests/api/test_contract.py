"""Contract: schemathesis generates requests from the OpenAPI schema, sends them as an
authenticated hiring manager with real data behind them, and checks that no answer is a
server error or breaks the schema it promises."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from panelist.api.v1 import api
from tests import factories

EXAMPLES_PER_OPERATION = 10
WSGI_APP = get_wsgi_application()

# A schema-valid request may still break a hiring rule (recommending before every member has
# submitted, hiring without a level): those refusals are 4xx by design, and other tests check
# each of them; so is a change to a versioned object that names no version (428: the version
# may come in If-Match, a header the schema cannot make required alongside the body's field).
# Everything else about positive data is still checked.
#
# Unknown query parameters are ignored, as most HTTP APIs do, so they are not generated.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"allow-extra-parameters": False},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "403", "404", "409", "422", "428"]
            }
        },
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = WSGI_APP  # every request, including the checks' own follow-ups, goes to the app


@pytest.fixture
def manager_headers(process, people, bearer):
    """A manager's token, with an opening, a submitted scorecard and a draft behind it.

    Like Django's test client, requests here must not close the database connection when
    they end: it holds the test's transaction.
    """
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield bearer(people.manager)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def filter_query(ctx, query):
    """No query parameter of this API is an object or null. A generated object-valued one is
    sent form-style as its own keys, without the parameter's name, and a null one is not sent
    at all: either way the request that leaves is not the invalid one schemathesis believes it
    sent (an absent optional parameter is valid), so it tests nothing the schema promises."""
    return not any(value is None or isinstance(value, dict) for value in (query or {}).values())


@schema.hooks.apply(filter_query)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract(case, manager_headers):
    case.call_and_validate(headers=manager_headers)


OTHER_ROLES = ["recruiter", "member", "outsider"]
EXAMPLES_PER_OTHER_ROLE = 2


@pytest.fixture(params=OTHER_ROLES)
def role_headers(request, manager_headers, people, bearer):
    """The same data behind, read and written as another role: fewer examples each, since
    what differs between roles is which answers are refusals, not the shapes."""
    return bearer(getattr(people, request.param))


@schema.hooks.apply(filter_query)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OTHER_ROLE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract_for_every_role(case, role_headers):
    case.call_and_validate(headers=role_headers)
