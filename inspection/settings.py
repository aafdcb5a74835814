"""Settings for the inspection case-management system.

Everything a deployment changes comes from the environment (see README, "Configuration").
Without REDIS_URL the system runs in embedded mode: Celery tasks run in process and the
reminder schedule is driven by a thread inside the web process.
"""

import datetime
import sys
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from inspection import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.get_str("DATA_DIR") or BASE_DIR / "data")

DEBUG = env.get_bool("DEBUG", False)
# pytest imports itself before it loads settings; tests may use the development keys.
TESTING = "pytest" in sys.modules
DEVELOPMENT_KEYS_ALLOWED = DEBUG or TESTING

# A fixed, public key for demo and tests only; production must bring its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0f3c9a"
# Left empty otherwise: the web and worker processes refuse to start without it
# (inspection.checks.require_production_keys), while offline commands still run.
SECRET_KEY = env.get_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEVELOPMENT_KEYS_ALLOWED else "")

# Fernet keys (urlsafe base64, 32 bytes) for reporters' identities; the first encrypts,
# all decrypt, so keys can be rotated. The development key is public on purpose.
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0="
FIELD_ENCRYPTION_KEYS = env.get_list("FIELD_ENCRYPTION_KEY") or (
    [_DEV_FIELD_KEY] if DEVELOPMENT_KEYS_ALLOWED else []
)

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ("127.0.0.1", "localhost", "[::1]", "testserver"))
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "inspection.apps.InspectionConfig",
    "inspection.accounts",
    "inspection.audit",
    "inspection.notifications",
    "tours",
    "petitions",
    "findings",
    "rectification",
    "inspection.dashboards",
]

MIDDLEWARE = [
    "inspection.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inspection.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "inspection.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inspection.accounts.middleware.SessionTimeoutMiddleware",
    "inspection.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inspection.urls"
WSGI_APPLICATION = "inspection.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in protection (docs/security.md, "Signing in"). django-axes counts failed sign-ins per
# account and per account and address, never per address alone (an office's staff share one
# NAT address): an account is locked after LOGIN_FAILURE_LIMIT failures from anywhere, an
# account at one address after LOGIN_FAILURE_LIMIT_PER_ADDRESS; both unlock by themselves
# LOGIN_LOCKOUT_MINUTES after the last counted failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username"], ["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 30)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.get_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.get_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_HANDLER = "inspection.accounts.signin.SignInAttemptHandler"
AXES_LOCKOUT_CALLABLE = "inspection.accounts.signin.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Behind a reverse proxy, name the request header it sets to the client's address (e.g.
# HTTP_X_REAL_IP) so the per-address count sees clients rather than the proxy.
LOGIN_CLIENT_IP_HEADER = env.get_str("LOGIN_CLIENT_IP_HEADER") or ""
AXES_CLIENT_IP_CALLABLE = "inspection.accounts.signin.client_ip"
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, recovery codes). With REQUIRE_2FA, office staff, group leaders and
# deputies (everyone who may reveal a reporter's identity) and administrators must set up an
# authenticator at their next sign-in; anyone who has set one up is asked for a code.
REQUIRE_2FA = env.get_bool("REQUIRE_2FA", not DEBUG and not TESTING)
OTP_TOTP_ISSUER = env.get_str("OTP_TOTP_ISSUER") or "巡视巡察案件管理"
TWO_FACTOR_RECOVERY_CODES = 10

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after
# sign-in, whatever happens in between (inspection.accounts.middleware).
SESSION_IDLE_MINUTES = env.get_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env.get_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

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
            ],
        },
    },
]

DATABASES = {
    "default": env.get_database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'inspection.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English second.
LANGUAGE_CODE = env.get_str("LANGUAGE_CODE") or "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.get_str("TIME_ZONE") or "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files belong to the code, not to the data: an image collects them at build
# time and serves them wherever its DATA_DIR is mounted.
STATIC_ROOT = Path(env.get_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the installed plotly package (static/vendor/plotly.min.js).
    "inspection.dashboards.finders.PackageAssetFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A form or JSON body (no files) is small: the longest text field is 20,000 characters.
REQUEST_MAX_BYTES = env.get_int("REQUEST_MAX_BYTES", 1024 * 1024)
# A multipart body carries files; each is checked again against its own type's limit.
UPLOAD_REQUEST_MAX_BYTES = env.get_int("UPLOAD_REQUEST_MAX_BYTES", 60 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES

# Email: console by default so a first run needs no mail server.
EMAIL_BACKEND = env.get_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env.get_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env.get_int("EMAIL_TIMEOUT", 10)  # seconds; a digest task must not hang on SMTP
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL") or "inspection@localhost"
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
EMAIL_FILE_PATH = env.get_str("EMAIL_FILE_PATH") or str(DATA_DIR / "mail")

# Redis: broker and cache. Unset means embedded mode (no other service needed).
REDIS_URL = env.get_str("REDIS_URL") or ""
EMBEDDED_MODE = not REDIS_URL

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = EMBEDDED_MODE
CELERY_TASK_EAGER_PROPAGATES = True
# JSON only: nothing on the broker can execute code when deserialised.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A task is acknowledged after it ran, and re-queued if its worker process dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.get_str("CELERY_QUEUE") or "celery"
# No task runs longer than its hard limit: the reminder tasks work in slices of
# REMINDER_TASK_BUDGET seconds well inside it, so a warm shutdown of the worker waits at most
# CELERY_TASK_TIME_LIMIT (compose's stop_grace_period must be longer; docs/operations.md).
CELERY_TASK_SOFT_TIME_LIMIT = env.get_int("CELERY_TASK_SOFT_TIME_LIMIT", 25)
CELERY_TASK_TIME_LIMIT = env.get_int("CELERY_TASK_TIME_LIMIT", 30)
# A retry waits this long, unacknowledged, in the worker that holds it.
TASK_RETRY_DELAY = env.get_int("TASK_RETRY_DELAY", 30)
# Redis gives an unacknowledged message to another worker after the visibility timeout: longer
# than any task can hold one (its retry delay plus its hard limit) so a live task is never run
# twice, short enough that a killed worker's task is back within minutes.
REDIS_VISIBILITY_TIMEOUT = env.get_int(
    "CELERY_VISIBILITY_TIMEOUT", TASK_RETRY_DELAY + CELERY_TASK_TIME_LIMIT + 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": REDIS_VISIBILITY_TIMEOUT,
    # Look for expired messages every 10 s (kombu's defaults look every ~100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The beat schedule lives here; each entry's timing can be overridden from the environment.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "inspection.tasks.heartbeat",
        "schedule": crontab(**env.get_crontab("HEARTBEAT_CRON", "*/5 * * * *")),
    },
    "reminder-sweep": {
        "task": "notifications.run_reminder_sweep",
        "schedule": crontab(**env.get_crontab("REMINDER_SWEEP_CRON", "0 7 * * *")),
    },
    "daily-digests": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(**env.get_crontab("REMINDER_DIGEST_CRON", "30 7 * * *")),
    },
    "clear-sessions": {
        "task": "inspection.tasks.clear_sessions",
        "schedule": crontab(**env.get_crontab("CLEARSESSIONS_CRON", "15 3 * * *")),
    },
}

# Reminder tiers (days; working days where a rule counts in them) and escalation.
REMINDER_DAYS_BEFORE = [int(n) for n in env.get_list("REMINDER_DAYS_BEFORE", ("7", "1", "0"))]
REMINDER_OVERDUE_EVERY_DAYS = env.get_int("REMINDER_OVERDUE_EVERY_DAYS", 7)
REMINDER_OVERDUE_REPEATS = env.get_int("REMINDER_OVERDUE_REPEATS", 26)
REMINDER_ESCALATE_AFTER_DAYS = env.get_int("REMINDER_ESCALATE_AFTER_DAYS", 14)
# The sweep commits every REMINDER_SWEEP_BATCH due objects; a task works this many seconds,
# then queues the rest (under CELERY_TASK_SOFT_TIME_LIMIT with a batch and an email to spare).
REMINDER_SWEEP_BATCH = env.get_int("REMINDER_SWEEP_BATCH", 1000)
REMINDER_TASK_BUDGET = env.get_int("REMINDER_TASK_BUDGET", 10)
# Rectification deadlines after feedback, in calendar months (DESIGN §4).
RECTIFICATION_PLAN_MONTHS = env.get_int("RECTIFICATION_PLAN_MONTHS", 1)
RECTIFICATION_REPORT_MONTHS = env.get_int("RECTIFICATION_REPORT_MONTHS", 2)
RECTIFICATION_EVIDENCE_MAX_BYTES = env.get_int("RECTIFICATION_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)

# Reporter protection (docs/security.md): reveals per user and Beijing day; registrations
# carrying a reporter's identity per user and window; who is told of every reveal.
REVEAL_DAILY_LIMIT = env.get_int("REVEAL_DAILY_LIMIT", 20)
REVEAL_SUPERVISOR_GROUP = env.get_str("REVEAL_SUPERVISOR_GROUP") or "举报人保护监督"
REPORTER_PROBE_LIMIT = env.get_int("REPORTER_PROBE_LIMIT", 30)
REPORTER_PROBE_WINDOW_MINUTES = env.get_int("REPORTER_PROBE_WINDOW_MINUTES", 60)

REST_FRAMEWORK = {
    # Token first: its challenge makes an unauthenticated request answer 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "inspection.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        # Authenticates nobody: an anonymous request (or a failed token) spends the address's
        # anonymous budget while authenticating, before a 401 could end it.
        "inspection.api.authentication.AnonymousBudget",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["inspection.api.throttling.TokenOrUserRateThrottle"],
    # An anonymous client is known by its address: the connection's own unless this many
    # trusted proxies append to X-Forwarded-For (a client-supplied header is never trusted).
    "NUM_PROXIES": env.get_int("TRUSTED_PROXIES", 0),
    # Per token (or per browser user) and per anonymous address, each a fixed-window counter
    # in the shared cache (atomic increments). Tests lift the limits so a shared Redis cache
    # does not carry budgets from one test to the next.
    "DEFAULT_THROTTLE_RATES": {
        "user": env.get_str("API_RATE_USER") or ("100000/minute" if TESTING else "600/minute"),
        "anon": env.get_str("API_RATE_ANON") or ("100000/minute" if TESTING else "60/minute"),
    },
    # Signed in; and leadership and API clients never write (inspection.permissions).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "inspection.api.permissions.ActingRoleForWrites",
    ],
    "DEFAULT_PAGINATION_CLASS": "inspection.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "inspection.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "inspection.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    # Two different cadre scales share a field name: rank (petitions) and management level.
    "ENUM_NAME_OVERRIDES": {
        "CadreRankEnum": "petitions.models.CadreLevel",
        "CadreManagementLevelEnum": "findings.models.lead.CadreLevel",
    },
    "TITLE": "巡视巡察案件管理 API",
    "DESCRIPTION": (
        "Tour status, petitions, findings, leads and rectification, scoped to the caller. "
        "Authenticate with a personal token from the 'API 令牌' page "
        "(`Authorization: Token <secret>`) or the browser session. Every error answers "
        '`{"status", "code", "message", "fields"}`; `fields` names each invalid field.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs are for signed-in users (the docs page also signs in first).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Many tags: a filter box finds one, and operations keep their schema order.
    "SWAGGER_UI_SETTINGS": {"filter": True, "deepLinking": True},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
}

# Audit log: JSON before/after per field, the request id as correlation id.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_CID_GETTER = "inspection.middleware.current_request_id"
AUDITLOG_DISABLE_REMOTE_ADDR = False

# LOG_FORMAT=json: one JSON object per line (time with offset, level, logger, message, request
# id and user id inside a request); gunicorn's access log uses the same (gunicorn.conf.py).
LOG_FORMAT = env.get_str("LOG_FORMAT") or "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "inspection.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "inspection.logs.JsonFormatter"},
        "text": {"()": "inspection.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL") or "INFO"},
    # Failed sign-ins and lockouts are warnings; axes' routine chatter is not logged.
    "loggers": {"axes": {"level": "WARNING"}},
}

# With JSON logs Celery keeps Django's handlers instead of installing its own text format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# /healthz: the worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS and is reported down
# when its newest one is older than three intervals; the scheduler is down when its heartbeat
# (HEARTBEAT_CRON) is later than its schedule by more than SCHEDULER_HEARTBEAT_GRACE seconds.
WORKER_HEARTBEAT_SECONDS = env.get_int("WORKER_HEARTBEAT_SECONDS", 30)
SCHEDULER_HEARTBEAT_GRACE = env.get_int("SCHEDULER_HEARTBEAT_GRACE", 120)
# Heartbeat rows older than this are deleted whenever a heartbeat is written.
HEARTBEAT_KEEP_HOURS = env.get_int("HEARTBEAT_KEEP_HOURS", 24)

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only;
# no inline scripts, event handlers or inline styles in our pages, no eval, no plugins, never
# framed. data: images are for icons drawn by Swagger UI and plotly's toolbar.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# HTTPS: on by default in production (DEBUG=0): redirect to https, HSTS, secure cookies.
# HTTPS=0 turns all of them off for a plain-HTTP trial; each can also be set on its own.
# Behind a proxy that ends TLS, the proxy must send X-Forwarded-Proto.
HTTPS = env.get_bool("HTTPS", not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's health check speaks plain HTTP
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = env.get_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env.get_bool("CSRF_COOKIE_SECURE", HTTPS)

if TESTING:
    # Fast hashing keeps the role fixtures cheap; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
