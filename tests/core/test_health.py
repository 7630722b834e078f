from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    with mock.patch("panelist.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_answers_head_for_probes(client, db):
    assert client.head(reverse("healthz")).status_code == 200
