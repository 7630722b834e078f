"""The production server's access log says where requests went without the secrets some
addresses carry."""

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from panelist.core.management.commands.serve import MaskingLogger, gunicorn_options


def _logged(path: str, referer: str = "-") -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    return MaskingLogger(Config()).atoms(response, [], environ, timedelta(milliseconds=5))


def test_the_calendar_feed_secret_is_not_logged():
    atoms = _logged("/notifications/calendar/Zm9vYmFyc2VjcmV0.ics")
    assert "Zm9vYmFyc2VjcmV0" not in atoms["r"] and "Zm9vYmFyc2VjcmV0" not in atoms["U"]
    assert atoms["r"] == "GET /notifications/calendar/[hidden] HTTP/1.1"


def test_unsubscribe_and_password_reset_links_are_masked_in_the_referer_too():
    atoms = _logged(
        "/accounts/password/reset/key/4-abc123def/",
        referer="https://panelist.example.org/notifications/unsubscribe/tok.en.sig/",
    )
    assert "abc123def" not in atoms["r"]
    assert atoms["f"] == "https://panelist.example.org/notifications/unsubscribe/[hidden]/"


def test_other_paths_are_logged_as_they_are():
    assert _logged("/hiring/openings/3/?page=2")["r"] == "GET /hiring/openings/3/?page=2 HTTP/1.1"


def test_the_server_uses_the_masking_logger():
    assert gunicorn_options()["logger_class"].endswith(".MaskingLogger")
