"""One settings module, configured by environment variables through strict helpers.

See the configuration table in README.md. Per-chapter parameters live in the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.csp import CSP  # type: ignore[import-not-found,unused-ignore]
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from belronde.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("BELRONDE_DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-" + "x" * 40)
else:
    SECRET_KEY = env_str("SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 50 characters when "
            "BELRONDE_DEBUG is off (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigurationError("ALLOWED_HOSTS must be set when BELRONDE_DEBUG is off.")
if not DEBUG and any(host == "*" or host == "." for host in ALLOWED_HOSTS):
    raise ConfigurationError(
        "ALLOWED_HOSTS must name the site's hosts when BELRONDE_DEBUG is off, not '*'."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "belronde.accounts",
    "belronde.audit",
    "belronde.members",
    "belronde.analyses",
    "belronde.themes",
    "belronde.campaigns",
    "belronde.conversations",
    "belronde.knowledge",
    "belronde.referrals",
    "belronde.coaching",
    "belronde.funding",
    "belronde.waiting",
    "belronde.casefile",
    "belronde.ops",
    "belronde.api",
    "ninja",
]

MIDDLEWARE = [
    "belronde.lib.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "belronde.api.middleware.ApiContentMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "belronde.accounts.middleware.UserLanguageMiddleware",
    "belronde.lib.nulbytes.RefuseNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "belronde.accounts.middleware.SessionSecurityMiddleware",
    "belronde.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "belronde.urls"
WSGI_APPLICATION = "belronde.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "belronde" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "belronde.accounts.context_processors.navigation",
                "belronde.waiting.context_processors.waiting",
            ],
            "builtins": ["belronde.lib.templatetags.belronde"],
        },
    },
]

# Database ---------------------------------------------------------------------------------------
# Default: an SQLite file under var/ (WAL, IMMEDIATE transactions). postgres://... for PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'belronde.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600))
except ValueError as exc:
    raise ConfigurationError(f"DATABASE_URL is not usable: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A file test database, so concurrency tests' threads wait on locks as in production;
    # one per process, so two test runs on one machine do not share it.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test_belronde_{os.getpid()}.sqlite3")}
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_HEALTH_CHECKS"] = True
    _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{os.getpid()}"}
else:
    raise ConfigurationError(
        f"DATABASE_URL uses {_db['ENGINE']}; belronde supports sqlite:/// and postgres:// only."
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Tasks ------------------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_HEARTBEAT_SECONDS = env_int("BELRONDE_WORKER_HEARTBEAT_SECONDS", 15, minimum=1)
#: idempotent sweeps the worker runs: (dotted path of a callable without arguments, seconds)
PERIODIC_JOBS = [
    ("belronde.campaigns.actions.release_expired_claims", 60),
    ("belronde.campaigns.actions.close_ended_campaigns", 3600),
    ("belronde.waiting.actions.send_digests", 3600),
    ("belronde.coaching.digest.send_coach_digests", 3600),
]

# Authentication ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "belronde.accounts.validators.ContextWordsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Two-factor authentication (TOTP, django-otp): coordinators, coaches and regional staff must
# set it up when BELRONDE_MFA_REQUIRED is on (the default outside debug, so that the demo's
# password logins keep working); anyone may set it up, and whoever has it is always asked.
BELRONDE_MFA_REQUIRED = env_bool("BELRONDE_MFA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "belronde"
# Wrong codes are throttled per device: after n failures the next try waits 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A device accepts a code one time step (30 s) early or late (its ``tolerance``); a time step
# once used is never accepted again (``last_t``), so a code cannot be replayed.

AXES_FAILURE_LIMIT = env_int("BELRONDE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The second bucket (SEC-AUTH-03): wrong passwords from one client address over all usernames
# (password spraying, credential stuffing) in the same cool-off window; counted from axes'
# failure log (belronde.accounts.throttle). High enough for an office behind one address.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
BELRONDE_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "BELRONDE_LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The throttle keys on the client address as our own proxies saw it (X-Forwarded-For is trusted
# only for BELRONDE_TRUSTED_PROXIES hops), so a forged header cannot evade it.
AXES_CLIENT_IP_CALLABLE = "belronde.lib.clientip.client_ip"
TRUSTED_PROXY_COUNT = env_int("BELRONDE_TRUSTED_PROXIES", 0, minimum=0)

# Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "belronde" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["belronde.formats"]
LANGUAGE_COOKIE_NAME = "belronde_language"

# Static files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "belronde" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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
MEDIA_ROOT = VAR_DIR / "media"
#: coaching documents: outside the web root, never served by the web server (only through
#: an access check in coaching.views.document)
BELRONDE_DOCUMENTS_DIR = Path(env_str("BELRONDE_DOCUMENTS_DIR", str(VAR_DIR / "documents")))
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are for developers' browsers only: compressing them doubled collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# E-mail -----------------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25")
try:
    _email = dj_email_url.parse(EMAIL_URL)
except (ValueError, KeyError) as exc:
    raise ConfigurationError(f"EMAIL_URL is not usable: {exc}") from None
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {
                "host": _email["EMAIL_HOST"],
                "port": _email["EMAIL_PORT"],
                "username": _email["EMAIL_HOST_USER"] or None,
                "password": _email["EMAIL_HOST_PASSWORD"] or None,
                "use_tls": bool(_email["EMAIL_USE_TLS"]),
                "use_ssl": bool(_email["EMAIL_USE_SSL"]),
                "timeout": _email.get("EMAIL_TIMEOUT") or 20,
            }
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "belronde <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security ---------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12  # absolute: log in again after 12 hours, however active
SESSION_IDLE_SECONDS = 60 * env_int("BELRONDE_SESSION_IDLE_MINUTES", 30, minimum=1)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("BELRONDE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("BELRONDE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this exact host and path /.
    SESSION_COOKIE_NAME = "__Host-belronde_session"
    CSRF_COOKIE_NAME = "__Host-belronde_csrf"
    LANGUAGE_COOKIE_NAME = "__Host-belronde_language"

# Logging: one JSON object per line, with the request id -----------------------------------------
LOG_LEVEL = env_str("BELRONDE_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigurationError(f"BELRONDE_LOG_LEVEL={LOG_LEVEL!r} is not a log level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "belronde.lib.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "belronde.lib.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# API --------------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# belronde ---------------------------------------------------------------------------------------
#: the address in e-mail and calendar links. Set it in production; without it, the port that
#: `belronde serve` listens on (PORT, 8000 by default) on this machine, so that `make run
#: PORT=8001` mails links that work
BELRONDE_SITE_URL = env_str(
    "BELRONDE_SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}"
)
#: unusual activity (SEC-BL-03): more distinct case details (organisations, contact cards,
#: conversations, referrals, analyses) opened by one person in one chapter within an hour raise
#: an alert event and an e-mail to the chapter's (other) coordinators
BELRONDE_UNUSUAL_VIEWS_PER_HOUR = env_int("BELRONDE_UNUSUAL_VIEWS_PER_HOUR", 50, minimum=1)
#: anti-exfiltration (SEC-BL-02): member exports (CSV or Excel) one person may make from the web
#: in any sliding hour, over all their chapters
BELRONDE_EXPORTS_PER_HOUR = env_int("BELRONDE_EXPORTS_PER_HOUR", 10, minimum=1)
#: password-reset e-mails (issue 10): at most this many requests for one address, and from one
#: client address, in any sliding hour; past it the page answers the same and sends nothing
BELRONDE_PASSWORD_RESETS_PER_ADDRESS = env_int("BELRONDE_PASSWORD_RESETS_PER_ADDRESS", 3, minimum=1)
BELRONDE_PASSWORD_RESETS_PER_CLIENT = env_int("BELRONDE_PASSWORD_RESETS_PER_CLIENT", 10, minimum=1)
