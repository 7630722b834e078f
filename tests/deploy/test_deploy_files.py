"""The files of deploy/ agree with each other and with the settings they start.

deploy/panelist.env is the documented production environment; the systemd unit reads it and
starts `panelist serve`; nginx ends TLS, forwards to the address the server binds and sends the
header the settings trust.
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.server import base_environment, panelist_run

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def documented_environment() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "panelist.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def systemd_unit(name: str = "panelist.service") -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(DEPLOY / name)
    return unit


def nginx_directives() -> list[tuple[str, str]]:
    """(name, arguments) of every directive, comments dropped; blocks are flattened."""
    text = re.sub(r"#[^\n]*", "", (DEPLOY / "nginx.conf").read_text())
    return [
        (match[1], match[2].strip()) for match in re.finditer(r"([a-z_0-9]+)\s+([^;{}]*);", text)
    ]


def _runnable(environment: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The documented environment with a real secret and a data folder this test may write."""
    return base_environment(
        tmp_path / "data",
        **{
            **environment,
            "SECRET_KEY": "deploy-check-" + "x" * 20 + "-with-enough-variety-0123456789abcd",
            "PANELIST_DATA_DIR": str(tmp_path / "data"),
        },
    )


def _settings(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    done = panelist_run("shell", "-c", code, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean_with_the_documented_environment(tmp_path):
    env = _runnable(documented_environment(), tmp_path)
    done = panelist_run("check", "--deploy", "--fail-level", "WARNING", env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_documented_secret_is_a_placeholder_that_refuses_to_start(tmp_path):
    env = {**_runnable(documented_environment(), tmp_path), **documented_environment()}
    env["PANELIST_DATA_DIR"] = str(tmp_path / "data")
    done = panelist_run("check", env=env, timeout=120)
    assert done.returncode != 0
    assert "Configuration error in SECRET_KEY" in done.stderr


def test_systemd_unit_reads_the_environment_migrates_and_serves():
    service = systemd_unit()["Service"]
    assert service["EnvironmentFile"] == "/etc/panelist/panelist.env"
    assert service["ExecStartPre"].split()[1:] == ["migrate", "--no-input"]
    executable, *arguments = service["ExecStart"].split()
    assert executable.endswith("/bin/panelist")
    assert arguments == ["serve"]
    assert service["ExecStartPre"].split()[0] == executable
    assert service["User"] != "root"
    assert documented_environment()["PANELIST_DATA_DIR"] == f"/var/lib/{service['StateDirectory']}"
    # systemd waits longer than gunicorn's own grace period before it kills the workers.
    graceful = int(documented_environment()["PANELIST_GRACEFUL_TIMEOUT"])
    assert int(service["TimeoutStopSec"]) > graceful


def test_the_worker_unit_runs_the_worker_with_the_servers_environment_and_user():
    server = systemd_unit()["Service"]
    worker = systemd_unit("panelist-worker.service")["Service"]
    executable, *arguments = worker["ExecStart"].split()
    assert executable == server["ExecStart"].split()[0]
    assert arguments == ["worker"]
    for key in ("EnvironmentFile", "User", "Group", "StateDirectory"):
        assert worker[key] == server[key], key


def test_nginx_forwards_to_the_bound_address_with_the_trusted_header(tmp_path):
    directives = nginx_directives()
    env = _runnable(documented_environment(), tmp_path)
    settings = _settings(
        env,
        "PANELIST_BIND",
        "SECURE_PROXY_SSL_HEADER",
        "PANELIST_TIMEOUT",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "ALLOWED_HOSTS",
    )
    upstream_servers = [args for name, args in directives if name == "server"]
    assert upstream_servers == [settings["PANELIST_BIND"]]
    assert ("proxy_pass", "http://panelist") in directives

    header, value = settings["SECURE_PROXY_SSL_HEADER"]
    forwarded = header.removeprefix("HTTP_").replace("_", "-").lower()
    sent = {
        args.split()[0].lower(): args.split()[1]
        for name, args in directives
        if name == "proxy_set_header"
    }
    assert sent[forwarded] == "$scheme"
    assert value == "https"
    assert sent["host"] == "$host"

    names = {args for name, args in directives if name == "server_name"}
    assert names == set(settings["ALLOWED_HOSTS"])
    assert ("return", "301 https://$host$request_uri") in directives

    read_timeout = next(args for name, args in directives if name == "proxy_read_timeout")
    assert int(read_timeout.removesuffix("s")) > settings["PANELIST_TIMEOUT"]
    body_limit = next(args for name, args in directives if name == "client_max_body_size")
    assert int(body_limit.removesuffix("m")) * 1024 * 1024 > settings["DATA_UPLOAD_MAX_MEMORY_SIZE"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PANELIST_BIND", "localhost"),
        ("PANELIST_BIND", "127.0.0.1:99999"),
        ("PANELIST_BIND", "unix:relative.sock"),
        ("PANELIST_WORKERS", "0"),
        ("PANELIST_WORKERS", "many"),
        ("PANELIST_TIMEOUT", "-5"),
        ("PANELIST_GRACEFUL_TIMEOUT", "forever"),
    ],
)
def test_bad_server_setting_stops_the_start_naming_the_variable(tmp_path, variable, value):
    env = _runnable(documented_environment(), tmp_path)
    env[variable] = value
    done = panelist_run("serve", env=env, timeout=120)
    assert done.returncode == 2
    assert f"Configuration error in {variable}:" in done.stderr
    assert "Traceback" not in done.stderr


def test_wsgi_start_without_the_static_build_says_what_to_run(tmp_path):
    env = _runnable(documented_environment(), tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import panelist.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert "the static files are not built" in done.stderr
    assert "panelist serve" in done.stderr


def documented_company_sign_in() -> dict[str, str]:
    """The commented company sign-in example of deploy/panelist.env (OpenID Connect)."""
    values = {}
    for line in (DEPLOY / "panelist.env").read_text().splitlines():
        if line.startswith("#PANELIST_OIDC_"):
            name, value = line.removeprefix("#").split("=", 1)
            values[name] = value
    return values


def test_the_company_sign_in_example_is_a_clean_deploy_configuration(tmp_path):
    example = documented_company_sign_in()
    assert example["PANELIST_OIDC_SERVER_URL"].startswith("https://")
    env = _runnable({**documented_environment(), **example}, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "panelist", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    read = _settings(env, "SOCIALACCOUNT_PROVIDERS", "PANELIST_OIDC_ROLE_MAP")
    (app,) = read["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert app["provider_id"] == "company"
    assert app["settings"]["oauth_pkce_enabled"] is True
    assert ["hiring-admins", "admin"] in read["PANELIST_OIDC_ROLE_MAP"]
