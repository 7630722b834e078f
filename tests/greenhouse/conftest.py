import pytest

from tests.greenhouse.fake_harvest import CLIENT_ID, CLIENT_SECRET, FakeHarvest

PER_PAGE = 25


@pytest.fixture
def harvest(settings):
    fake = FakeHarvest().start()
    settings.PANELIST_GREENHOUSE_CLIENT_ID = CLIENT_ID
    settings.PANELIST_GREENHOUSE_SECRET = CLIENT_SECRET
    settings.PANELIST_GREENHOUSE_SUB = "4242"
    settings.PANELIST_GREENHOUSE_BASE_URL = f"{fake.url}/v3"
    settings.PANELIST_GREENHOUSE_TOKEN_URL = f"{fake.url}/token"
    settings.PANELIST_GREENHOUSE_PER_PAGE = PER_PAGE
    settings.PANELIST_GREENHOUSE_MAX_RETRY_WAIT = 60
    settings.PANELIST_GREENHOUSE_MAX_RETRIES = 3
    yield fake
    fake.stop()
