import pytest

from panelist.webhooks.models import EventKind
from panelist.webhooks.services import subscription_create
from tests.webhooks.receiver import loopback_receiver


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.PANELIST_WEBHOOKS_RETRY_SECONDS = [60, 600]
    settings.PANELIST_WEBHOOKS_TIMEOUT_SECONDS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def loopback_allowed(settings):
    """What a receiver on this machine needs: plain http to 127.0.0.1, a private address.
    Without this fixture a test runs with private addresses refused, as production does."""
    settings.PANELIST_WEBHOOKS_ALLOW_LOOPBACK = True
    settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver(loopback_allowed):
    with loopback_receiver() as running:
        yield running


@pytest.fixture
def subscribed(people, receiver):
    """A subscription of the receiver to every event; the receiver knows its secret."""
    subscription, secret = subscription_create(
        actor=people.admin, name="Data warehouse", url=receiver.url, events=EventKind.values
    )
    receiver.secrets = [secret]
    return subscription
