import pytest

from panelist.api.services import token_create


@pytest.fixture
def bearer():
    """``bearer(user)``: request headers carrying a fresh personal token of ``user``."""

    def headers(user) -> dict[str, str]:
        _, secret = token_create(actor=user, name="tests")
        return {"Authorization": f"Bearer {secret}"}

    return headers
