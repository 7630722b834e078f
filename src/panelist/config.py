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


def read_str(name: str, default: str | None = None) -> str:
    raw = os.environ.get(name, "").strip()
    if raw:
        return raw
    if default is None:
        raise ConfigError(name, "is required when DEBUG is false.")
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
