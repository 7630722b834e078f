from __future__ import annotations

import pytest

from panelist.access.models import Role
from panelist.fairness.models import READ_REPORT_PERMISSION
from panelist.fairness.services import default_questions_ensure
from tests import factories


@pytest.fixture
def questions(db):
    """The shipped questions by key: a migration makes them, and every test starts with them
    (tests/snapshots.py); ensuring them again keeps the fixture true on its own."""
    return {q.key: q for q in default_questions_ensure()}


@pytest.fixture
def compliance(db):
    """An admin (not a superuser) granted the compliance capability."""
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="compliance", role=Role.ADMIN, is_staff=True)
    app_label, codename = READ_REPORT_PERMISSION.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return user


@pytest.fixture
def plain_admin(db):
    """An admin without the compliance capability."""
    return factories.UserFactory(username="plainadmin", role=Role.ADMIN, is_staff=True)


def option(question, label):
    return question.options.get(label=label)
