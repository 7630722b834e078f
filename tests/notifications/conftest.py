import pytest

from tests.notifications.mailbox import loopback_smtp


@pytest.fixture
def mail_to_smtp(settings):
    with loopback_smtp(settings) as inbox:
        yield inbox
