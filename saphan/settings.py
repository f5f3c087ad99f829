"""Settings, read from the environment only (see docs/operations.md for every variable)."""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAPHAN_VAR_DIR", BASE_DIR / "var"))

SAPHAN_ENV = os.environ.get("SAPHAN_ENV", "local")
IS_PRODUCTION = SAPHAN_ENV == "production"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if IS_PRODUCTION:
        raise RuntimeError(
            "SECRET_KEY must be set when SAPHAN_ENV=production / "
            "ต้องกำหนด SECRET_KEY เมื่อ SAPHAN_ENV=production"
        )
    # Local use: generated once and kept under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _bool("DEBUG", default=not IS_PRODUCTION)
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "saphan.core",
    "saphan.registry",
    "saphan.complaints",
    "saphan.subcontracting",
    "saphan.promotion",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "saphan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "saphan.core.middleware.CurrentOfficeMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "saphan.urls"
WSGI_APPLICATION = "saphan.wsgi.application"

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
                "saphan.core.context_processors.shell",
            ],
            "builtins": ["saphan.core.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'saphan.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the job worker share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# The few hot statements that saphan.core.db prepares on the server (PostgreSQL): 0 for a
# pooler that does not carry prepared statements.
SAPHAN_DB_PREPARE = os.environ.get("DB_PREPARE", "1") != "0"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["saphan.core.auth.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "saphan" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "saphan_language"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
WHITENOISE_USE_FINDERS = DEBUG
# Leaflet's files come from the django-leaflet package (not installed as an app: it would pull
# in GeoDjango); only its static folder is served.
STATICFILES_DIRS = [Path(importlib.util.find_spec("leaflet").origin).parent / "static"]  # type: ignore[union-attr,arg-type]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "saphan.core.staticfinders.FontFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# One cache shared by every server process when CACHE_URL names a Redis server (redis://host:port/db):
# the public tracking pages are then rendered once for all workers. Without it each process keeps
# its own cache in memory, which needs no service (a new machine, the tests). Its size is in
# entries: Django's default (300) holds the pages of only 300 cases, so a province's public
# looking at its thousands would see almost every page drawn anew; a page is ~6 KB.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_MAX_ENTRIES = int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Locally, e-mail is written as files under var/mail/ — not to the console, where the
# complainants' addresses and their private links would land in the server's output.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "saphan@localhost")

SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# A person's own actions are logged; nobody's personal data is (see docs/operations.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A private link's key never reaches a log line (saphan/core/logs.py).
    "filters": {"secret_paths": {"()": "saphan.core.logs.SecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers write through the same filtered handler (its defaults would
        # write request paths, private links among them, through unfiltered ones).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # fpdf2's font subsetting logs every glyph at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True  # an officer's IP address is personal data we do not need

# Saphan's own settings.
SAPHAN_ADMIN_ROLE_GRANTS_DJANGO_ADMIN = True
# Map tiles: OpenStreetMap by default; offices on an intranet point this at their own server.
SAPHAN_MAP_TILES = os.environ.get(
    "SAPHAN_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
SAPHAN_MAP_ATTRIBUTION = os.environ.get("SAPHAN_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
# A record not verified within this many months counts as not current.
SAPHAN_CURRENCY_MONTHS = int(os.environ.get("SAPHAN_CURRENCY_MONTHS", "12"))
SAPHAN_JOB_STALE_MINUTES = int(os.environ.get("SAPHAN_JOB_STALE_MINUTES", "10"))

# --- Complaints (issue 4) ---
# Working days allowed in each state before the case is overdue (holidays are data).
SAPHAN_COMPLAINTS_STATE_DAYS = os.environ.get(
    "SAPHAN_COMPLAINTS_STATE_DAYS",
    "received:1,acknowledged:3,investigating:10,inspected:5,action_ordered:30",
)
# A complainant may rate and reopen this many days after closure.
SAPHAN_COMPLAINTS_REOPEN_DAYS = int(os.environ.get("SAPHAN_COMPLAINTS_REOPEN_DAYS", "30"))
# Complainants' identity is anonymised this many days after the case closes.
SAPHAN_COMPLAINTS_ANONYMISE_DAYS = int(os.environ.get("SAPHAN_COMPLAINTS_ANONYMISE_DAYS", "365"))
# Personal-data requests (PDPA s.30) are answered within this many days.
SAPHAN_COMPLAINTS_REQUEST_DAYS = int(os.environ.get("SAPHAN_COMPLAINTS_REQUEST_DAYS", "30"))
SAPHAN_COMPLAINTS_PHOTO_MAX_MB = int(os.environ.get("SAPHAN_COMPLAINTS_PHOTO_MAX_MB", "8"))
# Public maps and lists place a complaint on a grid cell of this size (0.01° ≈ 1.1 km).
SAPHAN_COMPLAINTS_PUBLIC_GRID_DEGREES = float(
    os.environ.get("SAPHAN_COMPLAINTS_PUBLIC_GRID_DEGREES", "0.01")
)
SAPHAN_COMPLAINTS_NEARBY_METRES = int(os.environ.get("SAPHAN_COMPLAINTS_NEARBY_METRES", "1500"))
# Complaints about one establishment, category and time of day within this many days of each
# other belong to one episode.
SAPHAN_COMPLAINTS_EPISODE_GAP_DAYS = int(os.environ.get("SAPHAN_COMPLAINTS_EPISODE_GAP_DAYS", "60"))
# Public endpoints: "name:count/seconds,…" per client address (see docs/operations.md).
SAPHAN_COMPLAINTS_RATE_LIMITS = os.environ.get(
    "SAPHAN_COMPLAINTS_RATE_LIMITS",
    "report_try:60/600,report:10/600,report_day:40/86400,follow:10/3600,act:30/3600,lookup:60/60,search:120/60,"
    "open311_post:60/60",
)
# Behind a proxy, the request header holding the client's address (e.g. HTTP_X_REAL_IP);
# empty: REMOTE_ADDR. Only ever used hashed, for the rate limits.
SAPHAN_COMPLAINTS_CLIENT_ADDRESS_HEADER = os.environ.get(
    "SAPHAN_COMPLAINTS_CLIENT_ADDRESS_HEADER", ""
)
# Links in e-mail and LINE messages start with this address.
SAPHAN_PUBLIC_URL = os.environ.get("SAPHAN_PUBLIC_URL", "http://127.0.0.1:8000")
# LINE Messaging API push (empty token: LINE messages are not sent).
SAPHAN_LINE_PUSH_URL = os.environ.get(
    "SAPHAN_LINE_PUSH_URL", "https://api.line.me/v2/bot/message/push"
)
SAPHAN_LINE_CHANNEL_TOKEN = os.environ.get("SAPHAN_LINE_CHANNEL_TOKEN", "")
SAPHAN_LINE_TIMEOUT_SECONDS = float(os.environ.get("SAPHAN_LINE_TIMEOUT_SECONDS", "10"))

# --- Subcontracting (issue 5) ---
# Allocation runs with at most this many offer × group pairs solve during the request; larger
# ones run as a background job with a progress bar.
SAPHAN_SUBCONTRACTING_INLINE_PAIRS = int(
    os.environ.get("SAPHAN_SUBCONTRACTING_INLINE_PAIRS", "5000")
)
# Seconds the engine may spend repairing lot rules after its first flow (docs/allocation.md).
SAPHAN_SUBCONTRACTING_TIME_LIMIT = float(os.environ.get("SAPHAN_SUBCONTRACTING_TIME_LIMIT", "60"))

# --- Promotion (issue 6) ---
# Files attached to service requests (drafts, photos, documents): the largest accepted.
SAPHAN_PROMOTION_ATTACHMENT_MAX_MB = int(os.environ.get("SAPHAN_PROMOTION_ATTACHMENT_MAX_MB", "10"))
# Route planning: an OSRM server's base URL for road distances (empty: great-circle distance ×
# the road factor at the average speed); a wall-clock safety net for one plan, in seconds.
SAPHAN_PROMOTION_OSRM_URL = os.environ.get("SAPHAN_PROMOTION_OSRM_URL", "")
SAPHAN_PROMOTION_ROAD_FACTOR = float(os.environ.get("SAPHAN_PROMOTION_ROAD_FACTOR", "1.3"))
SAPHAN_PROMOTION_SPEED_KMH = float(os.environ.get("SAPHAN_PROMOTION_SPEED_KMH", "50"))
SAPHAN_PROMOTION_PLAN_TIME_LIMIT_S = float(
    os.environ.get("SAPHAN_PROMOTION_PLAN_TIME_LIMIT_S", "120")
)
# Demand: services one officer can give in a month; a province whose demand for a skill's
# services is above (officers with the skill × this × months) needs training.
SAPHAN_PROMOTION_SERVICES_PER_OFFICER_MONTH = int(
    os.environ.get("SAPHAN_PROMOTION_SERVICES_PER_OFFICER_MONTH", "2")
)
# Projects whose consultants' share of the work (by effort) is at least this percent are
# flagged, as the ministry's inspector asked.
SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT = int(
    os.environ.get("SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT", "90")
)
