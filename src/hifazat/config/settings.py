"""Hifazat settings: one module, driven by the environment.

HIFAZAT_ENV selects the profile:
  dev (default)  local demo on http://127.0.0.1; secret key generated once under var/
  production     secret key, hosts and database must come from the environment;
                 HTTPS-only cookies, HSTS and SSL redirect
Every rule-bearing setting is named for the rule it holds, with its default and source.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/hifazat
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("HIFAZAT_VAR_DIR", REPO_DIR / "var"))


def _private_var_dir() -> None:
    """var/ (keys, the dev database, private files) is for its owner only: 0700."""
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    if VAR_DIR.stat().st_mode & 0o077:
        VAR_DIR.chmod(0o700)

ENV = os.environ.get("HIFAZAT_ENV", "dev")
if ENV not in {"dev", "production"}:
    raise ImproperlyConfigured(f"HIFAZAT_ENV must be 'dev' or 'production', not {ENV!r}")
IS_PRODUCTION = ENV == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key() -> str:
    """A per-checkout random key kept in var/ (0600), so dev sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    _private_var_dir()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production")
    SECRET_KEY = _dev_secret_key()


def _dev_field_keys() -> str:
    """A per-checkout Fernet key in var/field_keys (0600), generated once (dev only)."""
    path = VAR_DIR / "field_keys"
    if path.exists():
        return path.read_text().strip()
    from cryptography.fernet import Fernet

    _private_var_dir()
    key = Fernet.generate_key().decode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


# Field-level encryption keys for survivor identity (core/crypto.py): comma-separated
# Fernet keys, newest first; `manage.py rotate_field_keys` re-encrypts under the newest.
HIFAZAT_FIELD_KEYS = os.environ.get("HIFAZAT_FIELD_KEYS", "")
if not HIFAZAT_FIELD_KEYS:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("HIFAZAT_FIELD_KEYS must be set in production")
    HIFAZAT_FIELD_KEYS = _dev_field_keys()

# --- Audit chain (audit/keys.py, docs/security.md "Audit chain") -----------------------
# MAC keys of the audit chain: comma-separated "id:base64" entries, newest first; kept
# outside the database so a database writer cannot rewrite history unnoticed.
def _dev_key_file(name: str, prefix: str = "") -> str:
    """A per-checkout random key in var/<name> (0600), generated once (dev only):
    ``prefix`` followed by 32 random bytes in url-safe base64."""
    import base64

    path = VAR_DIR / name
    _private_var_dir()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(prefix + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
    return path.read_text().strip()


HIFAZAT_AUDIT_KEYS = os.environ.get("HIFAZAT_AUDIT_KEYS", "")
if not HIFAZAT_AUDIT_KEYS:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("HIFAZAT_AUDIT_KEYS must be set in production")
    HIFAZAT_AUDIT_KEYS = _dev_key_file("audit_keys", prefix="dev1:")

# Signed checkpoints of the chain head, appended to this file outside the database
# (created 0600, opened O_APPEND; in production make it `chattr +a` or ship it to a
# WORM store) every AUDIT_CHECKPOINT_MINUTES (default 5).
AUDIT_CHECKPOINT_FILE = Path(os.environ.get("AUDIT_CHECKPOINT_FILE",
                                            VAR_DIR / "audit-checkpoints.jsonl"))
AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("AUDIT_CHECKPOINT_MINUTES", "5"))

# --- Blind indexes (core/blind_index.py, docs/security.md "Blind indexes") -------------
# HMAC keys of the CNIC and phone blind indexes: comma-separated url-safe base64 keys of
# at least 32 bytes, newest first; outside the database (with the key, an index is a
# CNIC to guess; without it, nothing). `manage.py rotate_field_keys` re-indexes under
# the newest. In development a random key of its own (not derived from the field keys)
# is generated once into var/blind_index_keys (0600).
HIFAZAT_BLIND_INDEX_KEYS = os.environ.get("HIFAZAT_BLIND_INDEX_KEYS", "")
if not HIFAZAT_BLIND_INDEX_KEYS:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("HIFAZAT_BLIND_INDEX_KEYS must be set in production")
    HIFAZAT_BLIND_INDEX_KEYS = _dev_key_file("blind_index_keys")


DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "hifazat.core",
    "hifazat.places",
    "hifazat.accounts",
    "hifazat.audit",
    "hifazat.identity",
    "hifazat.api",
    "hifazat.notices",
    "hifazat.register",
    "hifazat.register.whereabouts",
    "hifazat.justice",
    "hifazat.crisis_cells",
    "hifazat.oversight",
    "hifazat.web",
    "hifazat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hifazat.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hifazat.accounts.middleware.IdleTimeoutMiddleware",
    "hifazat.accounts.middleware.SecondFactorRequiredMiddleware",
    "hifazat.core.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hifazat.config.urls"
WSGI_APPLICATION = "hifazat.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hifazat.web.context_processors.shell",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite (WAL, IMMEDIATE transactions so writers serialise up front) by default;
# PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must be set in the environment in production")
    _private_var_dir()
    _sqlite_path = os.environ.get("HIFAZAT_SQLITE_PATH") or str(VAR_DIR / "hifazat.sqlite3")
    # Created 0600 before SQLite makes it with the umask (an empty file is an empty
    # database); core.crypto.private_sqlite_files keeps it and its -wal/-shm 0600.
    if (not _sqlite_path.startswith(("file:", ":memory:")) and not os.path.exists(_sqlite_path)
            and os.path.isdir(os.path.dirname(os.path.abspath(_sqlite_path)))):
        os.close(os.open(_sqlite_path, os.O_WRONLY | os.O_CREAT, 0o600))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, second factor, lockout ---------------------------------------
AUTH_USER_MODEL = "accounts.User"
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
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign out after this many idle minutes (default 15: a shared workstation in a cell or
# station must not stay signed in; Rules 2023 require data security for the register).
IDLE_TIMEOUT_MINUTES = int(os.environ.get("IDLE_TIMEOUT_MINUTES", "15"))
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout: 5 failed sign-ins for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hifazat.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Hifazat"
OTP_TOTP_THROTTLE_FACTOR = 1

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "hifazat_language"
LANGUAGE_COOKIE_SECURE = IS_PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION

# --- Web hardening ---------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_SSL_REDIRECT = IS_PRODUCTION and _env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if IS_PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "hifazat.web.views.csrf_failure"

# Strict CSP: everything from our own origin, no inline script, no external hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Request bodies: refuse oversized posts with a clear 400 instead of a crash.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Register whereabouts after release (register/whereabouts): its windows (release
# reporting, absconding, change reporting, foreign-travel notice, compliance interval,
# release-notice acknowledgement) are declared in register/whereabouts/deadlines.py; the
# environment variables of the same names override them.
FOREIGN_TRAVEL_NOTIFY_AGENCY_KINDS = ["npb"]  # NPB; add an FIA-equivalent kind when one exists

# Registration period by offence category, in years (Hifazat defaults, to be confirmed
# against the Sex Offenders Register Rules 2023 schedule; the longest category applies).
REGISTER_PERIOD_YEARS = {
    "rape": 20, "child": 20, "unnatural": 20, "trafficking": 15, "assault": 10,
    "harassment": 5, "default": 10,
}
# Register photographs: private files, served only through the audited photo view.
REGISTER_PRIVATE_FILES_DIR = Path(os.environ.get("REGISTER_PRIVATE_FILES_DIR",
                                                 VAR_DIR / "private"))
# Supervision of retrieval (Rules 2023): a retrieval is flagged for the NPB supervisor
# when the user made more than REGISTER_FLAG_SEARCHES searches in the last
# REGISTER_FLAG_WINDOW_MINUTES (default 20 in 10 minutes: more than a case needs), when
# it happens outside office hours (default 08:00-20:00 local time), when the record is
# outside the user's jurisdiction, or when the reference has no digit (no case/FIR no.).
REGISTER_FLAG_SEARCHES = int(os.environ.get("REGISTER_FLAG_SEARCHES", "20"))
REGISTER_FLAG_WINDOW_MINUTES = int(os.environ.get("REGISTER_FLAG_WINDOW_MINUTES", "10"))
REGISTER_OFFICE_HOURS = (8, 20)
# Largest photograph accepted (bytes); it is re-encoded as JPEG, metadata dropped.
REGISTER_PHOTO_MAX_BYTES = 5 * 1024 * 1024

# Crisis cells. The clinical windows (PEP 72 h, emergency contraception 120 h) and the
# FIR-referral acknowledgement are declared in crisis_cells/deadlines.py (env vars
# CELL_PEP_WINDOW_HOURS, CELL_EC_WINDOW_HOURS, CELL_FIR_REFERRAL_ACK_HOURS override).
# Uploaded cyber-harassment evidence: private, outside any static or media URL.
CELL_PRIVATE_FILES_DIR = Path(os.environ.get("CELL_PRIVATE_FILES_DIR", VAR_DIR / "private"))
# "Has she been here before?" searches per staff member per clock hour (default 30: a
# busy night's intakes several times over; far below trying CNICs in bulk). Past it the
# search is refused and the refusal audited (crisis_cells.selectors.find_returning).
CELL_RETURNING_SEARCHES_PER_HOUR = int(os.environ.get("CELL_RETURNING_SEARCHES_PER_HOUR",
                                                      "30"))

# --- Notices: e-mail, SMS, background tasks (docs/notices.md) ---------------------------
# E-mail goes to the console unless EMAIL_HOST is set, then over SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hifazat <no-reply@hifazat.invalid>")
# SMS: a dotted path to a class with send(*, to, text); console by default.
NOTICES_SMS_BACKEND = os.environ.get(
    "NOTICES_SMS_BACKEND", "hifazat.notices.channels.ConsoleSmsBackend"
)
NOTICES_CHANNELS = [
    c.strip() for c in os.environ.get("NOTICES_CHANNELS", "email,sms").split(",") if c.strip()
]
# Link in notice e-mails (the site's public origin, e.g. https://hifazat.example.pk).
NOTICES_SITE_URL = os.environ.get("NOTICES_SITE_URL", "http://127.0.0.1:8000")
# A failed e-mail/SMS is retried this many times in all, this many seconds apart.
NOTICES_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("NOTICES_DELIVERY_MAX_ATTEMPTS", "5"))
NOTICES_DELIVERY_RETRY_SECONDS = int(os.environ.get("NOTICES_DELIVERY_RETRY_SECONDS", "300"))
# How often overdue acknowledgements are escalated (default every 5 minutes).
NOTICES_ESCALATION_CHECK_SECONDS = int(os.environ.get("NOTICES_ESCALATION_CHECK_SECONDS", "300"))
# After a worker crash (docs/notices.md): a delivery's claim is a lease of this many seconds
# (longer than one send may take); the recovery job runs this often and re-queues stalled
# deliveries, so they resume within a minute of the worker's return; a task RUNNING longer
# than NOTICES_TASK_STALE_SECONDS has lost its worker and is marked failed.
NOTICES_DELIVERY_LEASE_SECONDS = int(os.environ.get("NOTICES_DELIVERY_LEASE_SECONDS", "30"))
NOTICES_RECOVERY_CHECK_SECONDS = int(os.environ.get("NOTICES_RECOVERY_CHECK_SECONDS", "30"))
NOTICES_TASK_STALE_SECONDS = int(os.environ.get("NOTICES_TASK_STALE_SECONDS", "600"))
# Background jobs: Django Tasks API, stored in the database and run by
# `manage.py db_worker`; `manage.py run_periodic` enqueues the periodic ones.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- REST API (docs/api.md) --------------------------------------------------------------
# Deny by default: a service token or a second-factor-verified staff session, JSON only
# (no browsable API anywhere), one error shape, never a 500 for a caller's mistake.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hifazat.api.authentication.ServiceTokenAuthentication",
        "hifazat.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "hifazat.api.access.IsVerifiedPrincipal",
        "hifazat.api.access.HasRequiredScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, refused before parsing when too large (413) or nested too deep (400).
    "DEFAULT_PARSER_CLASSES": ["hifazat.api.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "hifazat.api.handlers.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "hifazat.api.schema.HifazatAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hifazat API",
    "DESCRIPTION": "System-to-system API of Hifazat (Anti-Rape (Investigation and Trial) "
                   "Act 2021). Not public: every call needs a service token or a staff "
                   "session. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "TAGS": [{"name": "register", "description": "National Sex Offenders Register "
              "(Act s.24): purpose-bound search and read, release notices, reported "
              "changes."},
             {"name": "justice", "description": "FIRs and suspects (each checked against "
              "the register), a Special Court's charge, hearings and verdict (a conviction "
              "proposes the register entry), a case's stage and statutory deadlines."}],
    "COMPONENT_SPLIT_REQUEST": True,
    # A hearing's purpose is not a retrieval's purpose: each choice set its own name
    # (the register's keeps the name it had before justice came).
    "ENUM_NAME_OVERRIDES": {"PurposeEnum": "hifazat.register.api.RETRIEVAL_PURPOSES",
                            "HearingPurposeEnum": "hifazat.justice.api.HEARING_PURPOSES"},
}
# API_TOKEN_MAX_DAYS and API_IDEMPOTENCY_TTL_HOURS: declared in hifazat/api/deadlines.py.
# Calls per minute per caller (default 300: far above any system's need, far below bulk).
API_RATE_PER_MINUTE = int(os.environ.get("API_RATE_PER_MINUTE", "300"))
# Hostile requests (docs/security.md): a body over API_MAX_BODY_BYTES (256 KiB; the largest
# real call is a few KiB) is refused 413, JSON nested deeper than API_MAX_JSON_DEPTH 400,
# both before parsing. Wrong-secret token calls: API_TOKEN_REFUSALS_PER_WINDOW per
# address and per token prefix in API_TOKEN_REFUSAL_WINDOW_SECONDS, then 429; one audit
# event per window carries the count.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(256 * 1024)))
API_MAX_JSON_DEPTH = int(os.environ.get("API_MAX_JSON_DEPTH", "20"))
API_TOKEN_REFUSALS_PER_WINDOW = int(os.environ.get("API_TOKEN_REFUSALS_PER_WINDOW", "20"))
API_TOKEN_REFUSAL_WINDOW_SECONDS = int(os.environ.get("API_TOKEN_REFUSAL_WINDOW_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403 or 404 is one line in the log, not a traceback (hifazat.web.log_filters).
    "filters": {"one_line_refusals": {"()": "hifazat.web.log_filters.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
