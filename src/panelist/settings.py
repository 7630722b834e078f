"""Settings for Panelist, read from the environment (see the configuration table in README.md).

Development defaults need no variable. With DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are
required and the secure defaults below apply; every malformed value stops the start with a
message naming the variable (panelist.config).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from csp import constants as csp

from panelist import config

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

DEBUG = config.read_bool("DEBUG", default=True)
DATA_DIR = config.read_directory("PANELIST_DATA_DIR", default=Path.cwd() / "var")

if DEBUG:
    SECRET_KEY = config.read_str(
        "SECRET_KEY", default="development-only-secret-key-do-not-use-in-production"
    )
    ALLOWED_HOSTS = config.read_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = config.read_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise config.ConfigError(
            "SECRET_KEY", "must be at least 50 characters with at least 5 distinct ones."
        )
    ALLOWED_HOSTS = config.read_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise config.ConfigError("ALLOWED_HOSTS", "is required when DEBUG is false.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's sessions list (/accounts/sessions/) loads it
    "django_htmx",
    "panelist.core",
    "panelist.access",
    "panelist.library",
    "panelist.teams",
    "panelist.hiring",
    "panelist.interviews",
    "panelist.decisions",
    "panelist.calibration",
    "panelist.api",
    "panelist.exports",
    "panelist.greenhouse",
    "panelist.notifications",
    "panelist.audit",
    "panelist.webhooks",
    "panelist.portal",
    "panelist.privacy",
    "panelist.fairness",
    "panelist.outcomes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
]

# Sign-in, two-factor and sessions (django-allauth). Signup is closed: admins create accounts.
INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
# Django's and allauth's backends, reading the organisation settings with the person.
AUTHENTICATION_BACKENDS = [
    "panelist.access.backends.PasswordBackend",
    "panelist.access.backends.AccountBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "panelist.core.security.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "panelist.access.middleware.settings_once_per_request",
    "panelist.audit.middleware.request_context",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "panelist.api.parser.refuse_nul_in_api_bodies",
    "panelist.api.idempotency.idempotent_api_posts",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "panelist.access.middleware.session_lifetime",
    "panelist.access.middleware.two_factor_required",
]

ROOT_URLCONF = "panelist.urls"
WSGI_APPLICATION = "panelist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "panelist.core.context_processors.navigation",
                "panelist.core.context_processors.header_counts",
                "panelist.core.context_processors.csp_nonce",
            ],
        },
    },
]

DATABASES = {
    "default": config.read_database(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'panelist.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests on a file, not the shared-cache memory database Django defaults to: the browser
    # tests' server threads write concurrently, which shared cache answers with "table is
    # locked" instead of waiting.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-panelist.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The permission layer's reads join a table's rows to a subquery of what the reader may
    # see; with the joins that name a dimension, one query holds about ten tables. Past eight
    # (PostgreSQL's default collapse limits) the planner stops weighing the subquery against
    # the joins and hashes every rating of the organisation: 1 s for the five scorecards of
    # one candidate at 50,000 scorecards, 0.4 ms with the limits raised (planning: 2 ms). A
    # candidate's red flags with their dimensions join 13 tables: 100 ms at 12, 0.2 ms at 16
    # (planning: 4 ms). GEQO, the genetic planner, is kept for larger problems than these.
    # JIT compilation is off: it starts on any query whose estimated cost passes 100,000, and
    # for the short reads of a web page compiling costs more than it saves (counting 50,000
    # scorecards: 230 ms of compiling for 60 ms of work).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c from_collapse_limit=16 -c join_collapse_limit=16 -c geqo_threshold=18 -c jit=off"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = config.read_time_zone("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and the production server (`panelist serve`) ---------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files candidates send (panelist.portal) go through Django's storage API: the local folder
# PANELIST_DATA_DIR/uploads by default (never served by URL: a permission-checked view streams
# them), or S3-compatible storage with PANELIST_FILE_STORAGE=s3 and django-storages installed
# (README, "The candidate's page").
MEDIA_ROOT = config.read_directory("PANELIST_UPLOADS_DIR", default=DATA_DIR / "uploads")
_file_storage = config.read_choice("PANELIST_FILE_STORAGE", "local", ("local", "s3"))
if _file_storage == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": config.read_str("PANELIST_S3_BUCKET", required="with S3 storage"),
            "endpoint_url": config.read_str("PANELIST_S3_ENDPOINT_URL", default="") or None,
            "region_name": config.read_str("PANELIST_S3_REGION", default="") or None,
            "access_key": config.read_str("PANELIST_S3_ACCESS_KEY", default="") or None,
            "secret_key": config.read_str("PANELIST_S3_SECRET_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Development serves the package's static files straight from their folders. Production serves
# the hashed, compressed copies that `panelist serve` builds into STATIC_ROOT as it starts
# (panelist.wsgi refuses to start without them rather than answer 500 on every page).
WHITENOISE_USE_FINDERS = DEBUG

PANELIST_BIND = config.read_bind("PANELIST_BIND", default="127.0.0.1:8000")
PANELIST_WORKERS = config.read_int(
    "PANELIST_WORKERS", default=2 * (os.cpu_count() or 1) + 1, minimum=1, maximum=64
)
# Seconds a worker may spend on one request before it is restarted, and that a stopping
# worker gets to finish the requests it holds.
PANELIST_TIMEOUT = config.read_int("PANELIST_TIMEOUT", default=60, minimum=1, maximum=3600)
PANELIST_GRACEFUL_TIMEOUT = config.read_int(
    "PANELIST_GRACEFUL_TIMEOUT", default=30, minimum=1, maximum=3600
)
# --- end of static files and the production server -------------------------------------

_email = config.read_email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = config.read_str("DEFAULT_FROM_EMAIL", default="panelist@localhost")

# Background work through Django's tasks API (the django-tasks backport; Django 6's
# django.tasks reads the same setting). "database" queues tasks in the app's own database for
# `panelist worker` to run; "immediate" runs each task in the process that queues it, with no
# worker (a single-process install, or a test that wants the mail at once); "redis" queues
# them in Redis at REDIS_URL (django-tasks-rq over RQ) for `panelist worker` to run, so that
# many workers on many machines take tasks without polling the database.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "redis": "django_tasks_rq.RQBackend",
}
_tasks_backend = config.read_str("PANELIST_TASKS_BACKEND", default="database")
if _tasks_backend not in _TASK_BACKENDS:
    raise config.ConfigError(
        "PANELIST_TASKS_BACKEND", f"{_tasks_backend!r} is not one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}
PANELIST_TASKS_BACKEND = _tasks_backend
if _tasks_backend == "redis":
    if not config.is_set("REDIS_URL"):
        raise config.ConfigError(
            "REDIS_URL", "PANELIST_TASKS_BACKEND=redis needs the Redis server's address."
        )
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": config.read_redis_url("REDIS_URL"), "DEFAULT_TIMEOUT": 600}}
    RQ_SHOW_ADMIN_LINK = False
# Mail names the organisation and links back to the app; the worker has no request to read the
# host from, so the address people reach Panelist at is configured.
PANELIST_ORGANISATION_NAME = config.read_str("PANELIST_ORGANISATION_NAME", default="Panelist")
PANELIST_BASE_URL = config.read_str("PANELIST_BASE_URL", default="http://127.0.0.1:8000").rstrip(
    "/"
)
# How often each worker looks for reminders that have come due (seconds; 0: never, for a
# worker that only runs queued tasks while cron runs `panelist remind`).
PANELIST_REMIND_EVERY_SECONDS = config.read_int("PANELIST_REMIND_EVERY_SECONDS", default=300)

# Webhooks out (panelist.webhooks). Receivers must be at public addresses (checked when the
# address is given and again, after resolving the name, before each delivery) unless this is
# on: a deployment whose receivers live on its own network (or the same machine).
PANELIST_WEBHOOKS_ALLOW_PRIVATE = config.read_bool("PANELIST_WEBHOOKS_ALLOW_PRIVATE", False)
# Receivers must use https; plain http to 127.0.0.1 or localhost is allowed only when this is
# on (tests, a receiver on the same machine). A loopback address is a private one, so this asks
# for the setting above too.
PANELIST_WEBHOOKS_ALLOW_LOOPBACK = config.read_bool("PANELIST_WEBHOOKS_ALLOW_LOOPBACK", False)
if PANELIST_WEBHOOKS_ALLOW_LOOPBACK and not PANELIST_WEBHOOKS_ALLOW_PRIVATE:
    raise config.ConfigError(
        "PANELIST_WEBHOOKS_ALLOW_LOOPBACK",
        "a receiver on 127.0.0.1 is at a private address: set "
        "PANELIST_WEBHOOKS_ALLOW_PRIVATE=true as well (or turn this off).",
    )
# Waits (seconds) after the 1st, 2nd, ... failed attempt of a delivery; the attempt after the
# last wait is the last (the Standard Webhooks suggestion: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h).
_webhook_waits = config.read_list(
    "PANELIST_WEBHOOKS_RETRY_SECONDS", ["5", "300", "1800", "7200", "18000", "36000"]
)
if not all(wait.isdigit() for wait in _webhook_waits):
    raise config.ConfigError(
        "PANELIST_WEBHOOKS_RETRY_SECONDS", "give whole numbers of seconds, comma-separated."
    )
PANELIST_WEBHOOKS_RETRY_SECONDS = [int(wait) for wait in _webhook_waits]
PANELIST_WEBHOOKS_TIMEOUT_SECONDS = config.read_int(
    "PANELIST_WEBHOOKS_TIMEOUT_SECONDS", 10, minimum=1, maximum=60
)
# A subscription is disabled (and the admins told) after this many failed attempts in a row.
PANELIST_WEBHOOKS_DISABLE_AFTER = config.read_int("PANELIST_WEBHOOKS_DISABLE_AFTER", 20, minimum=1)
# After a rotation, the previous secret still signs (beside the new one) for this long.
PANELIST_WEBHOOKS_ROTATION_GRACE_HOURS = config.read_int(
    "PANELIST_WEBHOOKS_ROTATION_GRACE_HOURS", 24, minimum=0, maximum=24 * 14
)
# Greenhouse Harvest v3 sync (`panelist sync greenhouse`): OAuth client credentials from
# Greenhouse's Dev Center; _SUB optionally names the Greenhouse user id the calls act as.
PANELIST_GREENHOUSE_CLIENT_ID = config.read_str("PANELIST_GREENHOUSE_CLIENT_ID", default="")
PANELIST_GREENHOUSE_SECRET = config.read_str("PANELIST_GREENHOUSE_SECRET", default="")
PANELIST_GREENHOUSE_SUB = config.read_str("PANELIST_GREENHOUSE_SUB", default="")
PANELIST_GREENHOUSE_BASE_URL = config.read_str(
    "PANELIST_GREENHOUSE_BASE_URL", default="https://harvest.greenhouse.io/v3"
).rstrip("/")
PANELIST_GREENHOUSE_TOKEN_URL = config.read_str(
    "PANELIST_GREENHOUSE_TOKEN_URL", default="https://auth.greenhouse.io/token"
)
for _name in ("PANELIST_GREENHOUSE_BASE_URL", "PANELIST_GREENHOUSE_TOKEN_URL"):
    if not globals()[_name].startswith(("https://", "http://")):
        raise config.ConfigError(_name, "must be an http(s) URL.")
PANELIST_GREENHOUSE_TIMEOUT = config.read_int(
    "PANELIST_GREENHOUSE_TIMEOUT", default=30, minimum=1, maximum=600
)
# The longest wait for one Retry-After (seconds), and how many 429/5xx answers in a row to
# wait out before the sync stops (and resumes at that page next time).
PANELIST_GREENHOUSE_MAX_RETRY_WAIT = config.read_int(
    "PANELIST_GREENHOUSE_MAX_RETRY_WAIT", default=60, minimum=0, maximum=3600
)
PANELIST_GREENHOUSE_MAX_RETRIES = config.read_int(
    "PANELIST_GREENHOUSE_MAX_RETRIES", default=5, minimum=0, maximum=100
)
PANELIST_GREENHOUSE_MAX_RESPONSE_BYTES = config.read_int(
    "PANELIST_GREENHOUSE_MAX_RESPONSE_BYTES", default=20_000_000, minimum=1_000
)
PANELIST_GREENHOUSE_PER_PAGE = config.read_int(
    "PANELIST_GREENHOUSE_PER_PAGE", default=100, minimum=1, maximum=500
)

# Sign-in (django-allauth): a username or an e-mail address with the password, as before.
ACCOUNT_ADAPTER = "panelist.access.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed sign-ins (ASVS 6.3): per account, PANELIST_LOGIN_ATTEMPTS within
# PANELIST_LOGIN_WINDOW_SECONDS; per address, PANELIST_LOGIN_ATTEMPTS_PER_ADDRESS a minute.
# Past either, even the right password is refused until the window has passed.
PANELIST_LOGIN_ATTEMPTS = config.read_int("PANELIST_LOGIN_ATTEMPTS", default=5, minimum=1)
PANELIST_LOGIN_WINDOW_SECONDS = config.read_int(
    "PANELIST_LOGIN_WINDOW_SECONDS", default=300, minimum=1
)
PANELIST_LOGIN_ATTEMPTS_PER_ADDRESS = config.read_int(
    "PANELIST_LOGIN_ATTEMPTS_PER_ADDRESS", default=20, minimum=1
)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{PANELIST_LOGIN_ATTEMPTS_PER_ADDRESS}/m/ip,"
        f"{PANELIST_LOGIN_ATTEMPTS}/{PANELIST_LOGIN_WINDOW_SECONDS}s/key"
    ),
}
# The client's address, for the per-address throttle and the audit log: behind N proxies that
# each append to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the N-th address from
# the right. 0: the address of the connection itself.
ALLAUTH_TRUSTED_PROXY_COUNT = config.read_int("PANELIST_TRUSTED_PROXIES", default=0, maximum=5)
MFA_ADAPTER = "panelist.access.adapters.MFAAdapter"
# Seals two-factor secrets in the database (panelist.access.adapters); derived from SECRET_KEY
# when unset. Set it before rotating SECRET_KEY, to the old SECRET_KEY, or authenticators stop.
PANELIST_MFA_KEY = config.read_str("PANELIST_MFA_KEY", default="")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = config.read_str("PANELIST_TOTP_ISSUER", default="Panelist")
MFA_RECOVERY_CODE_COUNT = 10
# One period either side, for phones whose clocks drift; a code still works only once.
MFA_TOTP_TOLERANCE = 1
# Admins must sign in with a second factor; everyone must when the organisation setting says so.
PANELIST_TWO_FACTOR_FOR_ADMINS = config.read_bool("PANELIST_TWO_FACTOR_FOR_ADMINS", default=True)
# Sessions are recorded at sign-in; tracking each request's activity would write on every page.
USERSESSIONS_TRACK_ACTIVITY = False

# The audit log keeps each event this many days; `panelist audit purge` (daily in the worker)
# deletes older ones. The EU AI Act (Art. 26(6)) asks deployers of hiring systems to keep their
# logs at least six months.
PANELIST_AUDIT_RETENTION_DAYS = config.read_int("PANELIST_AUDIT_RETENTION_DAYS", default=400)
if PANELIST_AUDIT_RETENTION_DAYS < 183:
    raise config.ConfigError(
        "PANELIST_AUDIT_RETENTION_DAYS",
        f"{PANELIST_AUDIT_RETENTION_DAYS} days is too short: keep the audit log at least 183 "
        "days (six months, as the EU AI Act, Art. 26(6), asks of hiring systems).",
    )

# --- Company sign-in through OpenID Connect (README, "Sign-in and two-factor") -----------
# Configured only from the environment: without PANELIST_OIDC_SERVER_URL there is no provider,
# no button, and the provider's pages answer 404. Accounts are created at the first sign-in
# with the role their groups map to, and linked to an existing account only by a verified
# e-mail address (panelist.access.adapters). The provider class checks the ID token's
# signature against the provider's keys every time (allauth skips it for tokens fetched from
# the token endpoint).
SOCIALACCOUNT_ADAPTER = "panelist.access.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by e-mail is decided by our adapter
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
PANELIST_ROLES = ("admin", "recruiter", "hiring_manager", "interviewer")  # access.models.Role
PANELIST_OIDC_ENABLED = config.is_set("PANELIST_OIDC_SERVER_URL")
PANELIST_OIDC_ROLE_CLAIM = config.read_str("PANELIST_OIDC_ROLE_CLAIM", default="groups")
PANELIST_OIDC_ROLE_MAP = config.read_role_map("PANELIST_OIDC_ROLE_MAP", PANELIST_ROLES)
# The role of a person in none of the mapped groups; "refuse" turns them away.
PANELIST_OIDC_DEFAULT_ROLE = config.read_choice(
    "PANELIST_OIDC_DEFAULT_ROLE", "refuse", ("refuse", *PANELIST_ROLES)
)
# true: the role follows the groups at every company sign-in; false: only at the first one.
PANELIST_OIDC_ROLE_SYNC = config.read_bool("PANELIST_OIDC_ROLE_SYNC", default=True)
_oidc_apps = []
if PANELIST_OIDC_ENABLED:
    _oidc_id = config.read_str("PANELIST_OIDC_PROVIDER_ID", default="company")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", _oidc_id):
        raise config.ConfigError(
            "PANELIST_OIDC_PROVIDER_ID", f"{_oidc_id!r}: use lower-case letters, digits and -."
        )
    _oidc_apps.append(
        {
            "provider_id": _oidc_id,
            "name": config.read_str("PANELIST_OIDC_NAME", default="your company account"),
            "client_id": config.read_str(
                "PANELIST_OIDC_CLIENT_ID", required="with PANELIST_OIDC_SERVER_URL"
            ),
            "secret": config.read_str(
                "PANELIST_OIDC_CLIENT_SECRET", required="with PANELIST_OIDC_SERVER_URL"
            ),
            "settings": {
                "server_url": config.read_url("PANELIST_OIDC_SERVER_URL"),
                "oauth_pkce_enabled": True,
            },
        }
    )
if PANELIST_OIDC_ENABLED and not PANELIST_OIDC_ROLE_MAP and PANELIST_OIDC_DEFAULT_ROLE == "refuse":
    raise config.ConfigError(
        "PANELIST_OIDC_ROLE_MAP",
        "is empty and PANELIST_OIDC_DEFAULT_ROLE is refuse, so nobody could sign in with "
        "the company account; map groups to roles or set a default role.",
    )
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "panelist.access.oidc.provider.PanelistOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": _oidc_apps,
    }
}
# --- end of company sign-in ----------------------------------------------------------------

# Sessions: signed out after PANELIST_SESSION_IDLE_MINUTES without a request, and after
# PANELIST_SESSION_MAX_HOURS since signing in whatever the activity.
SESSION_COOKIE_AGE = 60 * config.read_int("PANELIST_SESSION_IDLE_MINUTES", default=60, minimum=1)
# The idle expiry is pushed on by panelist.access.middleware.session_lifetime at most once a
# minute, not by saving the session on every request (a write per page, serialised on SQLite).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PANELIST_SESSION_MAX_SECONDS = 3600 * config.read_int(
    "PANELIST_SESSION_MAX_HOURS", default=12, minimum=1
)

# With REDIS_URL, the cache (and with it the API rate limit and the sign-in throttle) lives in
# Redis, so that every process of the installation counts together.
if config.is_set("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": config.read_redis_url("REDIS_URL"),
            "KEY_PREFIX": config.read_str("PANELIST_CACHE_PREFIX", default="panelist"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Requests a user may make to the API: "<count>/<s|m|h|d>".
PANELIST_API_RATE = config.read_rate("PANELIST_API_RATE", default="6000/h")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Content-Security-Policy (django-csp) and Permissions-Policy -------------------------
# No inline script or style anywhere: scripts and styles come from this origin, and scripts
# also carry the page's nonce. The API docs page alone gets a looser policy
# (panelist.core.security.api_docs_policy). No form-action: Chromium applies it to the
# redirect after a form's POST too, and signing in through a company's identity provider posts
# to Panelist, which redirects to the provider.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        # data: for the QR code of the two-factor set-up, which allauth inlines as an image.
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
        "frame-ancestors": [csp.NONE],
    },
}
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]
# --- end of Content-Security-Policy and Permissions-Policy -------------------------------

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = config.read_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = config.read_int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = config.read_bool("SECURE_HSTS_PRELOAD", default=False)
    if config.read_bool("SECURE_PROXY_SSL", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment a domain's owner makes on the browsers' preload list; an
        # installation opts in with SECURE_HSTS_PRELOAD=true rather than being warned into it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Evidence on a rated question: below the minimum, a scorecard cannot be submitted; below the
# thin mark, it is submitted but shown as thin evidence to its author and in the debrief.
PANELIST_MIN_EVIDENCE_CHARS = config.read_int("PANELIST_MIN_EVIDENCE_CHARS", default=20, minimum=1)
PANELIST_THIN_EVIDENCE_CHARS = config.read_int(
    "PANELIST_THIN_EVIDENCE_CHARS", default=120, minimum=1
)
if PANELIST_THIN_EVIDENCE_CHARS < PANELIST_MIN_EVIDENCE_CHARS:
    raise config.ConfigError(
        "PANELIST_THIN_EVIDENCE_CHARS", "must not be below PANELIST_MIN_EVIDENCE_CHARS."
    )

# Majority plus potential: the share of must-have skills a candidate should hold, the rest
# marked "can learn" (DOMAIN.md). Holding all of them is shown as no growth headroom.
PANELIST_SKILL_BAND = (
    config.read_int("PANELIST_SKILL_BAND_LOW_PERCENT", default=60, minimum=0) / 100,
    config.read_int("PANELIST_SKILL_BAND_HIGH_PERCENT", default=90, minimum=0) / 100,
)
if not PANELIST_SKILL_BAND[0] <= PANELIST_SKILL_BAND[1] <= 1:
    raise config.ConfigError(
        "PANELIST_SKILL_BAND_HIGH_PERCENT", "must lie between the low percent and 100."
    )
# The candidate's private page (panelist.portal): how long a link works, how many requests one
# link may make an hour, how many uploads it may try an hour, how many unknown links one
# address may try an hour, and the files accepted (types checked by content).
PANELIST_PORTAL_LINK_DAYS = config.read_int("PANELIST_PORTAL_LINK_DAYS", 30, minimum=1, maximum=365)
PANELIST_PORTAL_REQUESTS_PER_HOUR = config.read_int(
    "PANELIST_PORTAL_REQUESTS_PER_HOUR", 300, minimum=1
)
PANELIST_PORTAL_UPLOADS_PER_HOUR = config.read_int(
    "PANELIST_PORTAL_UPLOADS_PER_HOUR", 20, minimum=1
)
PANELIST_PORTAL_BAD_LINKS_PER_HOUR = config.read_int(
    "PANELIST_PORTAL_BAD_LINKS_PER_HOUR", 30, minimum=1
)
PANELIST_PORTAL_MAX_FILE_MB = config.read_int(
    "PANELIST_PORTAL_MAX_FILE_MB", 20, minimum=1, maximum=500
)
PANELIST_PORTAL_MAX_FILES = config.read_int("PANELIST_PORTAL_MAX_FILES", 10, minimum=1, maximum=100)
PANELIST_PORTAL_FILE_TYPES = config.read_list("PANELIST_PORTAL_FILE_TYPES", ["pdf"])
if not set(PANELIST_PORTAL_FILE_TYPES) <= {"pdf"}:
    raise config.ConfigError("PANELIST_PORTAL_FILE_TYPES", "the only type known is pdf.")

# The weighting rule of the final evaluation: a gap to the target level that the hiring manager
# or a named teammate will coach counts this share of its size (percent; 100 ignores coaching).
# Applied in the comparison's ordering and in the level-fit summary (decisions.rules.weighted_gap).
PANELIST_COACHABLE_GAP_WEIGHT = (
    config.read_int("PANELIST_COACHABLE_GAP_WEIGHT_PERCENT", default=50, minimum=0, maximum=100)
    / 100
)
NINJA_PAGINATION_CLASS = "panelist.api.pagination.Pagination"
