"""Django settings for Rainforest, read from the environment (see .env.example)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rainforest.env import env_bool, env_date, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("RAINFOREST_VAR_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Rainforest apps, lowest layer first (apps depend downward only: docs/architecture.md).
    "rainforest.core",
    "rainforest.accounts",
    "rainforest.enterprises",
    "rainforest.incubator",
    "rainforest.forest",
    "rainforest.eligibility",
    "rainforest.policies",
    "rainforest.cultivation",
    "rainforest.indicators",
    "rainforest.techmarket",
    "rainforest.matching",
    "rainforest.talent",
    "rainforest.platforms",
    "rainforest.finance",
    "rainforest.calls",
    "rainforest.reviews",
    "django_fsm_log",
    "rainforest.imports",
    "rainforest.administration",
    "rainforest.api",
    # After the apps above: serves Swagger UI's own files (/api/v1/docs works without the internet).
    "ninja",
    "rainforest.demo",
    "rainforest.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rainforest.core.policy.AccessMiddleware",  # enforces each page's @access declaration
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Identity controls (rainforest.accounts): second-factor state, session limits and pending steps, and
    # django-axes' lockout answer (last, as django-axes asks).
    "django_otp.middleware.OTPMiddleware",
    "rainforest.accounts.middleware.SecurityGateMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rainforest.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rainforest.web.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "rainforest.wsgi.application"

# --- Database: SQLite (WAL) by default, PostgreSQL 15+ in production, chosen by DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rainforest.sqlite3'}")
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        f"DATABASE_URL names {_database['ENGINE']}: only SQLite and PostgreSQL are supported"
    )
DATABASES = {"default": _database}
# models.W040 on SQLite only: SQLite has no covering indexes, so forest.LayerSpan's `layerspan_layer_on_day`
# is built on its key columns (layer, starts_on) without the INCLUDE columns, and queries still use it.
# Harmless: the INCLUDE columns matter on PostgreSQL, which stores them and never raises this check.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if _database["ENGINE"] == "django.db.backends.sqlite3" else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password rules (身份鉴别, docs/security.md): length, three character classes, not the username, not one of
# the last PASSWORD_HISTORY passwords, not a common password.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "rainforest.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "rainforest.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "rainforest.accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "rainforest.accounts.passwords.PasswordHistoryValidator"},
]
# django-axes first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language: Chinese by default, English second.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files: built front-end packages (npm, see package.json) are collected and served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [d for d in [BASE_DIR / "assets" / "build"] if d.exists()]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# The matching engine's indexes (rebuilt from the records when missing or stale).
MATCHING_INDEX_DIR = Path(env_str("MATCHING_INDEX_DIR", str(VAR_DIR / "matching")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# --- Background work: Django's tasks API through the django-tasks backport and its database backend.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Security. `manage.py check --deploy` passes with DEBUG off and HTTPS in front.
SECURE_HTTPS = env_bool("SECURE_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Content-Security-Policy (django-csp) on every response: scripts only from the application's own files
# (no inline script, no eval; data reaches scripts through json_script and data- attributes), nothing
# framed, forms posted only here. Styles allow 'unsafe-inline' because ECharts writes style attributes into
# its tooltip HTML and htmx adds its indicator <style>; no template carries inline styles of its own.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Rainforest's own settings.
RAINFOREST: dict[str, Any] = {
    # Rows above which an upload runs as a background task with a progress bar.
    "IMPORT_BACKGROUND_ROWS": env_int("IMPORT_BACKGROUND_ROWS", 2000),
    # Uploads and files given to `rainforest import` (rainforest/imports/inspection.py): bigger files, zip
    # bombs and sheets reaching beyond these rows or columns are refused before they are read.
    "IMPORT_MAX_BYTES": env_int("IMPORT_MAX_BYTES", 20_000_000),
    "IMPORT_MAX_UNPACKED_BYTES": env_int("IMPORT_MAX_UNPACKED_BYTES", 400_000_000),
    "IMPORT_MAX_ROWS": env_int("IMPORT_MAX_ROWS", 200_000),
    "IMPORT_MAX_COLUMNS": env_int("IMPORT_MAX_COLUMNS", 50),
    # Uploaded files are deleted this many hours after their import finished (`rainforest imports_clean`).
    "IMPORT_RETENTION_HOURS": env_int("IMPORT_RETENTION_HOURS", 24),
    # A background job holds a lease it renews while it works; a lease older than this means its worker
    # died, and the job is marked failed (rainforest/core/jobs.py).
    "JOB_LEASE_SECONDS": env_int("JOB_LEASE_SECONDS", 120),
    "PAGE_SIZE": env_int("PAGE_SIZE", 25),
    # The day pages and the API look at by default (数据截止日期). Unset: the demo city's as-of date
    # when the registry is a demo build, else today (core.models.data_as_of).
    "AS_OF": env_date("RAINFOREST_AS_OF"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Refusals (403) and missing pages (404) are logged as one line each, without a traceback.
    "filters": {"ordinary_refusals": {"()": "rainforest.core.log.OrdinaryRefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["ordinary_refusals"]},
    },
}

# --- Identity controls and security audit (rainforest.accounts; docs/security.md lists each with its test).
RAINFOREST_SECURITY: dict[str, Any] = {
    # Behind a reverse proxy the client address is read from X-Forwarded-For (the last hop that is not one
    # of TRUSTED_PROXIES), else it is REMOTE_ADDR. See rainforest/accounts/addresses.py.
    "BEHIND_PROXY": env_bool("BEHIND_PROXY", False),
    "TRUSTED_PROXIES": env_list("TRUSTED_PROXIES", []),
    "PASSWORD_HISTORY": env_int("PASSWORD_HISTORY", 5),
    "PASSWORD_MAX_AGE_DAYS": env_int("PASSWORD_MAX_AGE_DAYS", 90),
    "LOGIN_FAILURE_LIMIT": env_int("LOGIN_FAILURE_LIMIT", 5),
    "LOGIN_LOCKOUT_MINUTES": env_int("LOGIN_LOCKOUT_MINUTES", 15),
    "TWO_FACTOR_ENABLED": env_bool("TWO_FACTOR_ENABLED", True),
    "TWO_FACTOR_ROLES": env_list(
        "TWO_FACTOR_ROLES", ["system_admin", "city_officer", "security_admin", "audit_admin"]
    ),
    "SESSION_IDLE_MINUTES": env_int("SESSION_IDLE_MINUTES", 30),
    "SESSION_ABSOLUTE_HOURS": env_int("SESSION_ABSOLUTE_HOURS", max(SESSION_COOKIE_AGE // 3600, 1)),
}
# The session cookie lasts as long as a session may (the gate ends it earlier when idle).
SESSION_COOKIE_AGE = RAINFOREST_SECURITY["SESSION_ABSOLUTE_HOURS"] * 3600
# django-axes: LOGIN_FAILURE_LIMIT failures lock the account and, separately, the client address for
# LOGIN_LOCKOUT_MINUTES after the last failure; attempts during a lock neither count nor extend it.
AXES_FAILURE_LIMIT = RAINFOREST_SECURITY["LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = timedelta(minutes=RAINFOREST_SECURITY["LOGIN_LOCKOUT_MINUTES"])
AXES_LOCKOUT_PARAMETERS = "rainforest.accounts.lockout.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "rainforest.accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "rainforest.accounts.middleware.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the security audit (accounts.AuditEntry)
AXES_VERBOSE = False  # lockouts are logged as warnings and written to the security audit
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "雨林 Rainforest")
# Password reset by e-mail: the link works once (it depends on the password it replaces) and expires.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rainforest@localhost")

# The test suite: pytest sets PYTEST_VERSION before any plugin reads these settings (pytest-django loads
# them before the root conftest.py runs, so an environment variable set there would come too late).
if os.environ.get("RAINFOREST_TESTING") == "1" or "PYTEST_VERSION" in os.environ:
    # A fast hasher for the thousands of test users; Argon2 stays the hasher of every real installation.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
    # Tests never run collectstatic: serve static files by name, not through the manifest.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
