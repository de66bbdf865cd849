"""Settings for LebensWert, driven by environment variables.

Embedded defaults (SQLite under var/, filesystem Celery broker, local-memory cache)
let the portal run on a bare machine; PostgreSQL and Redis are switched on with
DATABASE_URL and REDIS_URL. See README.md, section "Konfiguration".
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LEBENSWERT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Behind TLS (the production case) cookies are secure and HTTP is redirected.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("DJANGO_REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    # A per-checkout key so that a bare `make run` works; never used in production.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = get_random_secret_key()
        key_file.write_text(SECRET_KEY)
        key_file.chmod(0o600)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form widgets' own templates (FORM_RENDERER below)
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "lebenswert.accounts.apps.LoginAttemptsConfig",  # axes, named in German
    "django_otp",
    "lebenswert.accounts.apps.AppDeviceConfig",  # django_otp.plugins.otp_totp
    "lebenswert.accounts.apps.RecoveryCodesConfig",  # …otp_static
    "lebenswert.core",
    "lebenswert.accounts",
    "lebenswert.audit",
    "municipalities",
    "services",
    "cooperations",
    "lebenswert.reports",
    "lebenswert.portal",  # top layer: pages and commands that combine the apps
    "rest_framework",
    "drf_spectacular",
    "lebenswert.api",  # top layer: the API (/api/v1/) over the domain apps
]

MIDDLEWARE = [
    "lebenswert.audit.context.RequestIdMiddleware",
    "lebenswert.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lebenswert.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lebenswert.audit.context.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lebenswert.accounts.sessions.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lebenswert.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lebenswert.core.middleware.SecurityHeadersMiddleware",
    "lebenswert.core.middleware.RefuseNulMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Widgets render through the project's template engine, so that templates/admin/
# overrides widget templates too (labels of the admin's date/time pair, issue 15).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "lebenswert.urls"
WSGI_APPLICATION = "lebenswert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lebenswert.core.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in
# production and CI).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'lebenswert.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and /healthz/) within
    # seconds instead of holding it until the operating system gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process in the tests sees the test data.
    # One per test run, so that two runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url: str) -> dict:
    """The cache on Redis at `url`. django-redis, so that Redis being down
    degrades pages to uncached ones (errors are logged, not raised) instead of
    answering 500; sessions are kept in the database as well (cached_db)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "lebenswert",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 2,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The dashboard's content combines the domain apps, so the top layer provides it and
# lebenswert.core (which imports no domain app) finds it here.
LEBENSWERT_DASHBOARD_CONTEXT = "lebenswert.portal.dashboard.dashboard_context"
# Likewise the personal-data download (Art. 15 DSGVO) of lebenswert.accounts and
# the erasing of a person's roles and contacts when an account is anonymised.
LEBENSWERT_PERSONAL_DATA_EXPORT = "lebenswert.portal.personal_data.personal_data_export"
LEBENSWERT_PERSON_ERASE = "lebenswert.portal.personal_data.person_erase"
# Roles are municipalities models: the account page's list of them and who must use
# a second factor (lebenswert.accounts asks these functions).
LEBENSWERT_ACCOUNT_ROLES = "municipalities.selectors.dashboard_for_user"
LEBENSWERT_NEEDS_SECOND_FACTOR = "municipalities.rules.needs_second_factor"
# Sections that higher layers add to the account page (templates, in order).
LEBENSWERT_ACCOUNT_SECTIONS = ["api/partials/account_section.html"]
# The municipality page (municipalities) shows the figures of services, a higher app.
LEBENSWERT_MUNICIPALITY_FIGURES = "lebenswert.portal.figures.municipality_figures"
# … and the cooperation law of its Land (cooperations): the guide in that Land.
LEBENSWERT_MUNICIPALITY_LAND = "lebenswert.portal.figures.municipality_land"
# /healthz/ answers 503 when one of these is down (database, cache, broker).
LEBENSWERT_HEALTH_REQUIRED = env_list(
    "LEBENSWERT_HEALTH_REQUIRED", "database,cache,broker"
)
if unknown := set(LEBENSWERT_HEALTH_REQUIRED) - {"database", "cache", "broker"}:
    raise ImproperlyConfigured(
        f"LEBENSWERT_HEALTH_REQUIRED knows database, cache, broker, not {unknown}."
    )

# Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "lebenswert.accounts.backends.PasswordBackend",
]
# Argon2 first (Django's recommendation; memory-hard, so guessing on graphics cards
# costs far more than with PBKDF2). The others stay so that older hashes still
# verify; Django rehashes them with Argon2 at the next login. `make bench` times
# the login ("login").
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600))

# Retention (DSGVO Art. 5 (1) e): accounts without a login for this many days are
# anonymised by a daily job; 0 switches the job off.
LEBENSWERT_RETENTION_DAYS = int(os.environ.get("LEBENSWERT_RETENTION_DAYS", "730"))
if LEBENSWERT_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("LEBENSWERT_RETENTION_DAYS must be 0 (off) or more.")

# Failed logins: after AXES_FAILURE_LIMIT failures for one account from one
# address that pair is locked for AXES_COOLOFF_TIME; colleagues elsewhere are not.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
# The client's address as the trusted proxies tell it (LEBENSWERT_TRUSTED_PROXIES),
# the same one that the login records and logs show.
AXES_CLIENT_IP_CALLABLE = "lebenswert.core.network.client_address"
AXES_VERBOSE = False
# Every login, successful or not, is kept with time, account and address (axes'
# AccessLog and AccessFailureLog, browsable by admins; erased with the person).
AXES_DISABLE_ACCESS_LOG = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Second factor (TOTP app, recovery codes): required for editors, planners and
# admins; offered to viewers. Only tests switch the requirement off.
LEBENSWERT_SECOND_FACTOR = True
OTP_TOTP_ISSUER = "LebensWert"
OTP_TOTP_THROTTLE_FACTOR = 1
RECOVERY_CODES = 10

# Internationalisation: German UI with an English translation.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
# Dates and numbers per language (lebenswert/formats): 25.11.2026 and 18.743 in
# German, 25 Nov 2026 and 18,743 in English.
FORMAT_MODULE_PATH = ["lebenswert.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Private files (uploaded imports, documents, reports) are never served directly;
# views that check permissions stream them.
PRIVATE_STORAGE_ROOT = Path(
    os.environ.get("LEBENSWERT_PRIVATE_ROOT", VAR_DIR / "private")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Readable by the portal's own user only, like the backups.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_STORAGE_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    # The open-data files (cooperations.actions.open_data_write), served to
    # anyone at /register/daten/ by the portal itself.
    "open_data": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "open-data",
            "base_url": None,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger request bodies are refused with a 413 before anything reads them
# (lebenswert.core.middleware). The largest legitimate upload is a directory
# import of 50 MB (municipalities/forms.py); the margin covers the form around it.
# The reverse proxy's limit (nginx `client_max_body_size`) should match.
LEBENSWERT_MAX_REQUEST_BYTES = int(
    os.environ.get("LEBENSWERT_MAX_REQUEST_BYTES", 55 * 1024 * 1024)
)

# E-mail: console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "LebensWert <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets a mail for every server error (500), e.g.
# DJANGO_ADMINS="IT-Betrieb <it@kreis.example>, Anna Admin <anna@kreis.example>".
ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")])
    if name or address
]
if bad := [address for _name, address in ADMINS if "@" not in address]:
    raise ImproperlyConfigured(f"DJANGO_ADMINS holds no valid address: {bad}.")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security. With HTTPS (the default whenever DEBUG is off) the configuration passes
# `manage.py check --deploy` without warnings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A session ends after 30 minutes without a request and 12 hours after the login
# (lebenswert.accounts.sessions); the cookie itself never outlives the 12 hours.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000)) if HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", default=True)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the portal append to X-Forwarded-For; the
# client's address is read from there (lebenswert.core.network). Without a proxy
# the header is ignored, since any client could send it.
LEBENSWERT_TRUSTED_PROXIES = (
    int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1")) if BEHIND_PROXY else 0
)
if LEBENSWERT_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more.")

# Content Security Policy, set by lebenswert.core.middleware: no inline code, no
# foreign origins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when REDIS_URL is set; otherwise a broker in var/ that needs no
# server, so that a worker started beside the web server still runs jobs
# asynchronously.
CELERY_DATA_DIR = Path(os.environ.get("LEBENSWERT_CELERY_DIR", VAR_DIR / "celery"))
CELERY_DATA_DIR.mkdir(parents=True, exist_ok=True)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A Redis that accepts connections but does not answer would hang a publish
    # (and the request) without end; with these a publish gives up within ~1 s.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
    }
else:
    for folder in ("queue", "processed", "results", "control"):
        (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_SERIALIZER = "json"
# Task state lives in status rows (report jobs, imports); nobody reads Celery's
# results. Ignoring them also spares every publish a subscription to the result
# store, which with Redis down would retry for about 20 s before failing.
CELERY_TASK_IGNORE_RESULT = True
# With the broker down a publish fails within a few seconds (the caller tells the
# user) instead of hanging the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    # One retry: a silent Redis costs a publish about 1 s, not 2 (issue 18).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-deadline-reminders": {
        "task": "cooperations.tasks.deadline_reminders_send",
        "schedule": crontab(hour=6, minute=30),
    },
    # Every background job kind (lebenswert.core.jobs): stale and lost jobs.
    "recover-jobs": {
        "task": "lebenswert.core.tasks.jobs_recover",
        "schedule": 60.0,
    },
    "anonymise-inactive-accounts": {
        "task": "lebenswert.accounts.tasks.users_inactive_anonymise",
        "schedule": crontab(hour=3, minute=15),
    },
    # The open-data files of the public register and the reference data.
    "write-open-data": {
        "task": "cooperations.tasks.open_data_write",
        "schedule": crontab(hour=2, minute=45),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")

# The portal's public address: links in PDF reports point there (no request
# in a worker to take it from).
LEBENSWERT_PUBLIC_URL = os.environ.get(
    "LEBENSWERT_PUBLIC_URL", "http://127.0.0.1:8000"
).rstrip("/")

# PDF reports (lebenswert/reports): the apps that contribute report kinds.
REPORT_KIND_MODULES = [
    "lebenswert.portal.reports",
    "cooperations.reports",
    *env_list("LEBENSWERT_REPORT_KIND_MODULES"),
]
# Background jobs (lebenswert.core.jobs): a running job's worker marks it alive
# this often; one silent for three beats is taken over.
JOBS_HEARTBEAT_SECONDS = float(
    os.environ.get(
        "LEBENSWERT_JOB_HEARTBEAT", os.environ.get("LEBENSWERT_REPORT_HEARTBEAT", "10")
    )
)
# Every worker takes up jobs of dead workers and lost messages itself, at start
# and this often (lebenswert.core.jobs.RecoveryLoop; no beat process needed).
JOBS_RECOVER_SECONDS = float(
    os.environ.get("LEBENSWERT_JOB_RECOVER", str(JOBS_HEARTBEAT_SECONDS))
)

# Every line names the request it belongs to (the id on the 500 page and in the
# X-Request-ID header). Server errors also go by mail to ADMINS, if any.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "lebenswert.audit.context.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "formatter": "plain",
            "filters": ["request_id", "require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers of "django" (a second mail_admins and
        # a DEBUG console): its records reach the root's console, errors of
        # requests the mail handler (which sends nothing while ADMINS is empty).
        "django": {"level": "INFO"},
        "django.request": {"handlers": ["mail_admins"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        # pikepdf says "logger bridge initialized" at INFO on import.
        "pikepdf": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
    },
}

# The portal operator, shown in the imprint and the accessibility statement.
PORTAL_OPERATOR = {
    "name": os.environ.get("LEBENSWERT_OPERATOR_NAME", ""),
    "address": os.environ.get("LEBENSWERT_OPERATOR_ADDRESS", ""),
    "email": os.environ.get("LEBENSWERT_OPERATOR_EMAIL", ""),
    "phone": os.environ.get("LEBENSWERT_OPERATOR_PHONE", ""),
}
# The API (lebenswert/api, /api/v1/): JSON only, public reads without a token,
# figure writes with a municipality's token (Authorization: Bearer lw_…).
# Requests per client: anonymous by address, with a token per token.
LEBENSWERT_API_RATE_ANON = os.environ.get("LEBENSWERT_API_RATE_ANON", "60/min")
LEBENSWERT_API_RATE_TOKEN = os.environ.get("LEBENSWERT_API_RATE_TOKEN", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lebenswert.api.authentication.ApiTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lebenswert.api.permissions.PublicRead"],
    "DEFAULT_THROTTLE_CLASSES": [
        "lebenswert.api.throttling.AnonymousThrottle",
        "lebenswert.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": LEBENSWERT_API_RATE_ANON,
        "token": LEBENSWERT_API_RATE_TOKEN,
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "lebenswert.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "lebenswert.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LebensWert API",
    "DESCRIPTION": (
        "Öffentliche Daten des Portals (Gemeinden mit amtlichen Zahlen, Kennzahlen, "
        "öffentliches Kooperationsregister, Organisationsformen und Förderprogramme "
        "je Land) und das Schreiben von Kennzahlwerten mit dem API-Schlüssel einer "
        "Gemeinde. Fehler als RFC 9457 Problem Details (application/problem+json)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# The licence of the portal's own data in the open-data files and the catalogue
# (/register/daten/): a licence id of the DCAT-AP.de vocabulary
# (dcat-ap.de/def/licenses, e.g. cc-by/4.0, cc-zero, dl-by-de/2.0, dl-zero-de/2.0)
# and the name to attribute. Official data keep their own (dl-de/by-2-0, Destatis).
LEBENSWERT_DATA_LICENCE = {
    "id": os.environ.get("LEBENSWERT_DATA_LICENCE", "cc-by/4.0"),
    "attribution": os.environ.get("LEBENSWERT_DATA_ATTRIBUTION")
    or PORTAL_OPERATOR["name"]
    or "LebensWert",
}

# Shown in the header when the instance holds demo data (make run).
DEMO_MODE = env_bool("LEBENSWERT_DEMO", default=False)
