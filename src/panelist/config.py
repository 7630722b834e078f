"""Strict readers for configuration from the environment.

django-environ parses the URLs; these wrappers add the strictness it lacks (``DEBUG=maybe``
silently reads as false there, an unknown database scheme passes through), so that every
malformed value stops the process at start with a message naming the variable.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "PostgreSQL",
}


class ConfigError(ImproperlyConfigured):
    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"Configuration error in {name}: {problem}")
        self.variable = name


def is_set(name: str) -> bool:
    return bool(os.environ.get(name, "").strip())


def read_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(name, f"{raw!r} is not a boolean; use true or false.")


def read_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"{raw!r} is not a whole number.") from None
    if value < minimum:
        raise ConfigError(name, f"{value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ConfigError(name, f"{value} is above the maximum of {maximum}.")
    return value


_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})$")


def read_bind(name: str, default: str) -> str:
    """Where the production server listens: ``host:port``, ``[ipv6]:port`` or ``unix:/path``.

    Port 0 asks the system for a free port (the server prints the one it got).
    """
    raw = os.environ.get(name, "").strip() or default
    if raw.startswith("unix:"):
        socket_path = Path(raw.removeprefix("unix:"))
        if not socket_path.is_absolute():
            raise ConfigError(name, f"{raw!r}: a unix socket needs an absolute path.")
        if not socket_path.parent.is_dir():
            raise ConfigError(name, f"{raw!r}: folder {socket_path.parent} does not exist.")
        return raw
    match = _HOST_PORT.match(raw)
    if not match or int(match["port"]) > 65535:
        raise ConfigError(
            name, f"{raw!r} is not an address; use 127.0.0.1:8000, [::1]:8000 or unix:/path."
        )
    return raw


def read_str(
    name: str, default: str | None = None, *, required: str = "when DEBUG is false"
) -> str:
    raw = os.environ.get(name, "").strip()
    if raw:
        return raw
    if default is None:
        raise ConfigError(name, f"is required {required}.")
    return default


def read_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ConfigError(name, "holds no value; give a comma-separated list.")
    return items


def read_directory(name: str, default: Path) -> Path:
    raw = os.environ.get(name, "").strip()
    path = Path(raw).expanduser() if raw else default
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(name, f"cannot create directory {path}: {error.strerror}.") from None
    if not os.access(path, os.W_OK):
        raise ConfigError(name, f"directory {path} is not writable.")
    return path.resolve()


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


def read_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, "").strip() or default
    if "://" not in raw:
        raise ConfigError(
            name,
            f"{redact(raw)!r} is not a database URL; use sqlite:////path/db.sqlite3 or "
            "postgres://user@host:5432/name.",
        )
    try:
        config = _env.db_url_config(raw)
    except Exception as error:  # django-environ raises several types on bad URLs
        raise ConfigError(name, f"cannot parse {redact(raw)!r}: {error}") from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        scheme = raw.split("://", 1)[0]
        raise ConfigError(
            name, f"scheme {scheme!r} is not supported; use sqlite:// or postgres://."
        )
    if not config.get("NAME") or config.get("NAME") == ":memory:":
        raise ConfigError(name, "names no database file or database name.")
    return config


def read_time_zone(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            name, f"{raw!r} is not a time zone; use a name such as Europe/Berlin."
        ) from None
    return raw


def read_email(name: str, default: str) -> dict:
    raw = os.environ.get(name, "").strip() or default
    if "://" not in raw:
        raise ConfigError(
            name, f"{raw!r} is not an email URL; use smtp://, smtp+tls:// or consolemail://."
        )
    try:
        config = _env.email_url_config(raw)
    except Exception as error:
        raise ConfigError(name, f"cannot parse {redact(raw)!r}: {error}") from None
    if not config.get("EMAIL_BACKEND"):
        raise ConfigError(name, f"scheme of {redact(raw)!r} is not supported.")
    return config


def read_redis_url(name: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not re.fullmatch(r"rediss?://[^\s]+", raw):
        raise ConfigError(
            name, f"{redact(raw)!r} is not a Redis URL; use redis://host:6379/0 or rediss://."
        )
    return raw


RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def read_rate(name: str, default: str) -> str:
    """A rate such as ``6000/h``: a count of requests per second, minute, hour or day."""
    raw = os.environ.get(name, "").strip() or default
    match = re.fullmatch(r"([1-9][0-9]*)/([smhd])", raw)
    if not match:
        raise ConfigError(name, f"{raw!r} is not a rate; use a count per period, e.g. 6000/h.")
    return raw


def read_role_map(name: str, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    """``group=role,group=role``: the identity provider's group names and the Panelist role
    each gives, in order of precedence (the first group a person is in decides)."""
    raw = os.environ.get(name, "").strip()
    pairs: list[tuple[str, str]] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        group, sep, role = (text.strip() for text in item.partition("="))
        if not sep or not group or not role:
            raise ConfigError(name, f"{item!r} is not group=role, e.g. recruiters=recruiter.")
        if role not in roles:
            raise ConfigError(name, f"{role!r} (for {group!r}) is not one of {', '.join(roles)}.")
        if any(group == known for known, _ in pairs):
            raise ConfigError(name, f"group {group!r} is given twice.")
        pairs.append((group, role))
    return pairs


def read_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip() or default
    if raw not in choices:
        raise ConfigError(name, f"{raw!r} is not one of {', '.join(choices)}.")
    return raw


def read_url(name: str, *, allow_http_loopback: bool = True) -> str:
    """An https URL (http only to this machine, for a provider running beside the app)."""
    raw = os.environ.get(name, "").strip().rstrip("/")
    match = re.fullmatch(
        r"(https?)://([^/\s:?#]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[^\s?#]*)?", raw
    )
    if not match:
        raise ConfigError(name, f"{raw!r} is not a URL such as https://login.example.org.")
    loopback = match.group(2) in {"127.0.0.1", "localhost", "[::1]"}
    if match.group(1) == "http" and not (allow_http_loopback and loopback):
        raise ConfigError(name, f"{raw!r} must use https (http only for 127.0.0.1).")
    return raw
