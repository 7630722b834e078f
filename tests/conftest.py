from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import factories, snapshots

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# a thread with a running loop unless told this is safe, which it is for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS_DIR = Path(os.environ.get("PANELIST_TEST_ARTIFACTS", "test-artifacts")).resolve()

# The folders of the longest tests (servers in subprocesses, crawls in Chromium), started first:
# under pytest-xdist (`make test`) the many short tests then fill in beside them, rather than
# one worker running a long test alone at the end while the other waits.
STARTED_FIRST = ("tests/deploy/", "tests/browser/test_phone_and_a11y.py", "tests/browser/")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next(
            (n for n, prefix in enumerate(STARTED_FIRST) if item.nodeid.startswith(prefix)),
            len(STARTED_FIRST),
        )

    items.sort(key=rank)  # stable: the order within each rank stays as collected


# Modules whose tests share one server started by a module-scoped fixture: under pytest-xdist
# all of a module's tests go to one worker, which starts that server once.
SHARED_SERVER_MODULES = (
    "tests/deploy/test_production_server.py",
    "tests/deploy/test_backup_drill.py",
    "tests/browser/test_company_sign_in.py",
)


def pytest_xdist_make_scheduler(config, log):
    """With `-n` and the default `--dist load`: each test is a unit of its own, except those of
    SHARED_SERVER_MODULES, which go together (the units with the most tests are handed out
    first). The xdist_group mark would do this, but pytest-xdist 3.8 names the groups through
    an attribute that pytest 9 no longer reads, so the groups were silently split."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedServersTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in SHARED_SERVER_MODULES else nodeid

    return SharedServersTogether(config, log)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _admins_without_second_factor(settings):
    """Most tests act as an admin who has no authenticator app; the tests of two-factor
    sign-in (tests/access/test_two_factor.py, tests/browser/test_two_factor.py) turn the
    requirement back on."""
    settings.PANELIST_TWO_FACTOR_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """The sign-in throttle and the API rate limit count in the cache: each test starts at 0.
    Only the in-process cache is cleared; a Redis one may be shared with other programs."""
    from django.core.cache import cache

    in_process = settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    if in_process:
        cache.clear()
    yield
    if in_process:
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped library once; each test's transaction rolls back over it, and a
    transactional test ends with the database put back as it is here (tests/snapshots.py):
    the migrations' rows (content types, permissions, the organisation settings row, the
    fairness questions) and the library."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.test import TransactionTestCase

    from panelist.library.services import library_load_default

    with django_db_blocker.unblock():
        library_load_default()
        baseline = {alias: snapshots.take(connections[alias]) for alias in connections}
    snapshots.BASELINE.update(baseline)
    flush = TransactionTestCase._fixture_teardown

    def back_to_the_baseline(test_case):
        if test_case.available_apps is not None or test_case.serialized_rollback:
            return flush(test_case)  # Django's own flush, for what it has options for
        for alias in test_case._databases_names(include_mirrors=False):
            snapshots.restore(connections[alias], baseline[alias])
        ContentType.objects.clear_cache()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", back_to_the_baseline)
        yield
    snapshots.BASELINE.clear()


@pytest.fixture
def library(db):
    """The shipped library as the latest version (loaded by ``django_db_setup``)."""
    from panelist.library.models import LibraryVersion
    from panelist.library.services import library_load_default

    return LibraryVersion.objects.order_by("-number").first() or library_load_default().version


@dataclass
class People:
    admin: object
    manager: object
    recruiter: object
    member: object  # on the committee of ``process.application``
    other_member: object  # also on that committee
    outsider: object  # an interviewer on no committee
    other_manager: object  # a hiring manager with an opening of their own


@pytest.fixture
def people(db) -> People:
    from panelist.access.models import Role

    return People(
        admin=factories.UserFactory(
            username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True
        ),
        manager=factories.UserFactory(username="manager", role=Role.HIRING_MANAGER),
        recruiter=factories.UserFactory(username="recruiter", role=Role.RECRUITER),
        member=factories.UserFactory(username="member"),
        other_member=factories.UserFactory(username="other"),
        outsider=factories.UserFactory(username="outsider"),
        other_manager=factories.UserFactory(username="manager2", role=Role.HIRING_MANAGER),
    )


@dataclass
class Process:
    opening: object
    application: object
    assignment: object  # people.member's
    other_assignment: object  # people.other_member's
    foreign_opening: object  # people.other_manager's, with an application of its own
    foreign_application: object


@pytest.fixture
def process(library, people) -> Process:
    """An opening of ``people.manager`` with one candidate and a two-member committee."""
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    application = factories.ApplicationFactory(opening=opening)
    assignment = factories.AssignmentFactory(
        application=application,
        member=people.member,
        dimensions=["coding"],
        format_key="code-review",
    )
    other = factories.AssignmentFactory(
        application=application,
        member=people.other_member,
        dimensions=["people"],
        format_key="behavioural-story",
    )
    foreign_opening = factories.OpeningFactory(
        hiring_manager=people.other_manager, library_version=library
    )
    foreign_application = factories.ApplicationFactory(opening=foreign_opening)
    return Process(opening, application, assignment, other, foreign_opening, foreign_application)


@pytest.fixture
def artifacts_dir(request) -> Path:
    path = ARTIFACTS_DIR / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def bearer():
    """``bearer(user)``: request headers carrying a fresh personal API token of ``user``."""
    from panelist.api.services import token_create

    def headers(user) -> dict[str, str]:
        _, secret = token_create(actor=user, name="tests")
        return {"Authorization": f"Bearer {secret}"}

    return headers


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL: the tests' connections commit without waiting for the write-ahead log to
    reach the disk (``synchronous_commit = off``, a setting of the session); a crash could lose
    the last commits of a test database, which is dropped anyway. The servers and workers that
    tests start as programs of their own keep the server's setting."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
