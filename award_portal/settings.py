"""Settings for the award portal, read from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from award_portal.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    # Third-party apps under their Chinese names in the admin (award_portal/third_party.py).
    "award_portal.third_party.SimpleHistoryConfig",
    "award_portal.third_party.AxesConfig",
    "award_portal.third_party.OTPConfig",
    "award_portal.third_party.TOTPConfig",
    "django_ratelimit",
    "award_portal.accounts",
    "award_portal.workflow",
    "award_portal.operations",
    "award_portal.privacy",
    "applications",
    "review",
    "publicity",
]

MIDDLEWARE = [
    "award_portal.middleware.JsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "award_portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "award_portal.sessions.IdleTimeoutMiddleware",
    "award_portal.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "award_portal.middleware.RejectNullCharactersMiddleware",
    "award_portal.middleware.TwoFactorMiddleware",
    "award_portal.privacy.middleware.ConsentMiddleware",
    "award_portal.privacy.middleware.ExportRecordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "award_portal.urls"
WSGI_APPLICATION = "award_portal.wsgi.application"
# Django's form renderer with the commonest widget templates written out in Python (same HTML)
FORM_RENDERER = "award_portal.widgets.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "award_portal.context_processors.portal",
            ],
        },
    }
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django keeps SQLite connections per thread; a persistent one only gets in the way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server's threads and the Celery worker write to the one file at once. WAL lets
    # readers go on while one writes; IMMEDIATE takes the write lock when a transaction begins,
    # so a transaction that has read already waits its turn (up to `timeout` seconds) instead
    # of failing at its first write with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Errors become misses: with Redis down the pages are built from the database.
            "BACKEND": "award_portal.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "award",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- accounts and security -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3, minimum=1)
if PASSWORD_MIN_CHARACTER_CLASSES > 4:
    raise ImproperlyConfigured("PASSWORD_MIN_CHARACTER_CLASSES must be between 1 and 4.")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "award_portal.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins (award_portal.accounts.lockout): a login name is locked at the address it
# failed from after LOGIN_FAILURE_LIMIT failures, an address for every name after
# LOGIN_ADDRESS_FAILURE_LIMIT failures over all names (many people of one office share an
# address), each for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "award_portal.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "award_portal.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "award_portal.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "award_portal.accounts.security.axes_username"
# Per-address limits on the public forms (django-ratelimit) count in the default cache. Its checks
# know only memcached and django-redis; Django's own RedisCache increments atomically too (INCR).
# Without REDIS_URL the cache is LocMemCache, one per process: the limits then hold per worker.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# While the cache is unreachable the public limits count nothing and let every attempt
# through: a guard that cannot keep its count must not close the public pages.
RATELIMIT_FAIL_OPEN = True
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]

# Two-factor login (TOTP): required for the roles in accounts.security.SECOND_FACTOR_ROLES,
# optional for applicants and unit officers. Wrong codes back off exponentially (1, 2, 4 … s
# times the factor) per device.
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_THROTTLE_FACTOR", 1, minimum=1)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret or QR code
# Changing the email address or the second factor asks for the password again after this long.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 10, minimum=1)
# The link that verifies an account's email address is good for this many days.
EMAIL_VERIFICATION_DAYS = env_int("EMAIL_VERIFICATION_DAYS", 3, minimum=1)

SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The age counts from the last save; award_portal.sessions touches active sessions once a minute,
# which makes it an idle timeout without a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
# Sessions live in the database only, never in the cache: people stay signed in while Redis is
# down, and a session ended then (a sign-out) cannot come back from a stale cached copy.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# locale/ is the portal's catalogue (makemessages writes it); third_party_locale/ names the
# third-party apps' admin labels in Chinese and is kept by hand (see its django.po).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "award_portal" / "third_party_locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    # Uploaded materials are private: they live outside STATIC_ROOT and are only served
    # through views that check permissions.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Source maps and type declarations are read by developers' tools only: compressing them took
# most of collectstatic's minute of brotli.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map", "ts"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MATERIAL_MAX_FILE_MB = env_int("MATERIAL_MAX_FILE_MB", 20, minimum=1)
MATERIAL_MAX_TOTAL_MB = env_int("MATERIAL_MAX_TOTAL_MB", 100, minimum=1)
EVIDENCE_MAX_FILE_MB = env_int("EVIDENCE_MAX_FILE_MB", 10, minimum=1)

# --- email -----------------------------------------------------------------------------------
globals().update(env_email("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "市质量强市办 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- celery ----------------------------------------------------------------------------------
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    # Embedded broker: kombu's filesystem transport works across processes without a server.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat jobs. Each records a heartbeat when it runs; the office's dashboard warns when one
# has missed its period (award_portal/operations/heartbeat.py names them in Chinese).
CELERY_BEAT_SCHEDULE = {
    "send-pending-notifications": {
        "task": "applications.tasks.send_pending_notifications",
        "schedule": 60.0,
    },
    "close-ended-publicity-windows": {
        "task": "publicity.tasks.close_ended_windows",
        "schedule": crontab(minute="*/5"),
    },
    "remind-deadlines": {
        "task": "publicity.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "purge-expired-materials": {
        "task": "award_portal.privacy.tasks.purge_expired_materials",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- personal information (个人信息保护法, award_portal/privacy) ---------------------------------
# The privacy notice's version: applicants who agreed to an older one are asked again at sign-in.
PRIVACY_NOTICE_VERSION = "2026-12"
# How long the materials of applications that did not win are kept after their edition closes,
# where the city office set nothing for the edition (its 材料保存期限 page).
MATERIAL_RETENTION_MONTHS = env_int("MATERIAL_RETENTION_MONTHS", 24, minimum=1)
# The login and audit trails are kept at least this long (six months); nothing deletes younger.
AUDIT_TRAIL_MIN_DAYS = env_int("AUDIT_TRAIL_MIN_DAYS", 183, minimum=183)

# --- forms and messages ----------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# --- the award -------------------------------------------------------------------------------
AWARD_AUTHORITY = env_str("AWARD_AUTHORITY", "攀枝花市质量强市工作领导小组办公室")
AWARD_CITY = env_str("AWARD_CITY", "攀枝花市")
# The city government issues the commendation and the certificates in its own name.
AWARD_GOVERNMENT = env_str("AWARD_GOVERNMENT", f"{AWARD_CITY}人民政府")
# Certificate numbers read PREFIX-<edition>-<ZZ|GR><sequence>, e.g. PZHZLJ-03-ZZ001.
CERTIFICATE_NUMBER_PREFIX = env_str("CERTIFICATE_NUMBER_PREFIX", "PZHZLJ")
PORTAL_TITLE = _("市政府质量奖评选管理平台")
# The name an authenticator app shows next to the account.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", f"{AWARD_CITY}质量奖平台")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fontTools lists every glyph it subsets at INFO, on every PDF.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "fontTools", "weasyprint")},
}

# --- publicity -------------------------------------------------------------------------------
PUBLICITY_MIN_WORKDAYS = 5  # the notice: "不少于5个工作日"
PUBLICITY_EVIDENCE_MAX_FILES = env_int("PUBLICITY_EVIDENCE_MAX_FILES", 5, minimum=1)
PUBLICITY_OBJECTIONS_PER_HOUR = env_int("PUBLICITY_OBJECTIONS_PER_HOUR", 5, minimum=1)
PUBLICITY_LOOKUPS_PER_HOUR = env_int("PUBLICITY_LOOKUPS_PER_HOUR", 20, minimum=1)
PUBLICITY_REMINDER_WORKDAYS = env_int("PUBLICITY_REMINDER_WORKDAYS", 2, minimum=1)
