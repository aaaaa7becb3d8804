"""One settings module for every environment, configured by environment variables.

DATABASE_URL (default: a SQLite file), REDIS_URL (optional shared cache),
DJANGO_SECRET_KEY (required unless DJANGO_DEBUG is on), DJANGO_DEBUG (off by
default), DJANGO_ALLOWED_HOSTS (comma-separated).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from oncolex.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Set by `make test`: static files are served from the source tree, unhashed.
TESTING = env_bool("ONCOLEX_TESTING", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=true for "
            "local development (make run does)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "oncolex",
    "articles",
    "epidemiology",
    "figures",
    "infobutton",
    "api",
    "workspace",
    "pages",
    "export",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every response, redirects and cached pages included, is logged.
    "oncolex.logs.RequestLogMiddleware",
    # Public pages stored at publication, served as stored bytes in one query
    # before anything else runs; it stores them as the whole stack below
    # answers them, security and language headers included (pages/store.py).
    "pages.middleware.StoredPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/ and /infobutton: rate limit, CORS and conditional GET, above the
    # page cache so cached answers get them too (api/edge.py).
    "api.edge.MachineDoorsMiddleware",
    # Above the page cache, so cached pages are compressed too.
    "oncolex.middleware.PublicGZipMiddleware",
    # Public reads from the replica, when there is one (before the page
    # cache, which reads the publication generation).
    "oncolex.db_router.ReplicaRoutingMiddleware",
    # Serves cached public pages before the rest of the stack runs; it stores
    # them with the headers the rest of the stack added (oncolex/page_cache.py).
    "oncolex.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Approvers and superusers confirm a one-time code before the admin opens.
    "oncolex.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the CSP middleware, so it can pick the admin's policy first.
    "oncolex.middleware.AdminContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oncolex.urls"
WSGI_APPLICATION = "oncolex.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer is an outage (503), not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
# Scaling out: public reads from a streaming replica (oncolex/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Under test the "replica" is the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["oncolex.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# A slow or hung Redis must cost a request little: it then falls through to the
# database, and the circuit breaker (oncolex/cache.py) stops asking for a while.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "oncolex.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "oncolex",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages are cached only in a cache all workers share: see
# oncolex/page_cache.py for why. 0 turns the page cache off.
PAGE_CACHE_SECONDS = (
    env_int("ONCOLEX_PAGE_CACHE_SECONDS", default=600) if REDIS_URL else 0
)
# Public pages stored in the database and served in one query (pages/).
PAGE_STORE = env_bool("ONCOLEX_PAGE_STORE", default=True)
# Each worker keeps the bytes of the stored pages it sent lately, up to this
# many MB, so the database sends a page's body only when it changed
# (pages/memory.py). 0: the body comes with every lookup.
PAGE_MEMORY_BYTES = env_int("ONCOLEX_PAGE_MEMORY_MB", default=32) * 1024 * 1024
# How long Redis's copy of the publication generation is trusted before the
# database is asked again: the longest a lost invalidation can last.
PAGE_CACHE_GENERATION_SECONDS = 1
# Optional: a directory nginx serves public pages from (export/, deploy/nginx/).
# Unset: no export.
EXPORT_ROOT = Path(_export) if (_export := env_str("ONCOLEX_EXPORT_ROOT")) else None

# Requests per client address and window to /api/ and /infobutton (0: no
# limit); counted in the cache above, shared by workers when it is Redis.
API_RATE_LIMIT = env_int("ONCOLEX_API_RATE_LIMIT", default=120)
API_RATE_WINDOW = env_int("ONCOLEX_API_RATE_WINDOW_SECONDS", default=60)

# Mail is sent by tasks that a worker runs (`manage.py db_worker`, started by
# `make run`); the queue is a table in the database, so queuing after commit
# needs nothing more than the database the app already has.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail (Django's MAILERS): SMTP when EMAIL_HOST is set; otherwise files in
# sent-mail/ that a developer can read. DJANGO_EMAIL_BACKEND overrides both.
_email_host = env_str("EMAIL_HOST")
_email_port = env_int("EMAIL_PORT", default=587)
_email_backend = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if _email_host
    else "django.core.mail.backends.filebased.EmailBackend",
)
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email_host or "localhost",
        "port": _email_port,
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=_email_port == 587),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=_email_port == 465),
        "timeout": env_int("EMAIL_TIMEOUT", default=30),
    }
elif _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {
        "file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
    }
else:
    _email_options = {}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Oncolex <oncolex@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in mail point here: the address editors use to reach the admin.
ONCOLEX_SITE_URL = env_str("ONCOLEX_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A failed send is tried this many times in all, waiting 1, 2, 4 ... minutes.
ONCOLEX_MAIL_ATTEMPTS = env_int("ONCOLEX_MAIL_ATTEMPTS", default=6)
ONCOLEX_MAIL_RETRY_SECONDS = env_int("ONCOLEX_MAIL_RETRY_SECONDS", default=60)

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

if TESTING:
    # A test-only app whose model tests/review/test_registry.py makes reviewable.
    INSTALLED_APPS.append("tests.review_app")
    # Tests create many users; a slow hash only slows them down.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded media. Several app hosts share one object store by configuration,
    # e.g. ONCOLEX_MEDIA_STORAGE=storages.backends.s3.S3Storage and
    # ONCOLEX_MEDIA_STORAGE_OPTIONS='{"bucket_name": "oncolex-media"}' with
    # django-storages installed (README, "Media").
    "default": {
        "BACKEND": env_str(
            "ONCOLEX_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(env_str("ONCOLEX_MEDIA_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded figures and video: content-addressed names in STORAGES["default"],
# served to readers only through figures.views.media (see README, "Media").
MEDIA_ROOT = Path(env_str("ONCOLEX_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("ONCOLEX_MEDIA_URL", "/media/")
FIGURE_MAX_BYTES = env_int("ONCOLEX_FIGURE_MAX_BYTES", default=30_000_000)
FIGURE_MAX_PIXELS = env_int("ONCOLEX_FIGURE_MAX_PIXELS", default=50_000_000)
FIGURE_MAX_SIDE = 12_000
FIGURE_MIN_SIDE = 16
VIDEO_MAX_BYTES = env_int("ONCOLEX_VIDEO_MAX_BYTES", default=200_000_000)
# Set when a reverse proxy serves media files itself (nginx `internal`
# location): the view then checks and answers with X-Accel-Redirect.
MEDIA_ACCEL_REDIRECT = env_str("ONCOLEX_MEDIA_ACCEL_REDIRECT", "")

# Tests and `make run` serve static files without running collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Public pages carry no JavaScript at all: the policy forbids every script.
# Figures and videos come from MEDIA_URL: this origin, unless a media host is
# configured, whose origin is then the only one added.
_media = urlsplit(MEDIA_URL)
_MEDIA_ORIGINS = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_MEDIA_ORIGINS],
    "media-src": [CSP.SELF, *_MEDIA_ORIGINS],
    "font-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# The admin keeps Django's own JavaScript, from our origin only.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_MEDIA_ORIGINS],
    "media-src": [CSP.SELF, *_MEDIA_ORIGINS],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Behind the reverse proxy, which terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGIN_URL = "admin:login"

# Login throttling (django-axes): five wrong passwords lock the username, and
# five from one address lock the address, each for the cool-off time; a right
# password resets the count. Locked-out logins get a page saying so (429).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ONCOLEX_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("ONCOLEX_LOGIN_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "oncolex.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "oncolex.client_ip.client_ip"
# Addresses of the reverse proxies whose X-Forwarded-For is believed.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
OTP_TOTP_ISSUER = "Oncolex"

# One JSON object per line in production (oncolex/logs.py), readable lines
# in development. Django's own "django" handler is replaced, not added to,
# so every line is printed once.
LOG_FORMAT = env_str("ONCOLEX_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("ONCOLEX_LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "oncolex.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "oncolex.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's own request lines: oncolex.request already says them.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": True},
        "oncolex": {"handlers": [], "level": "INFO", "propagate": True},
        # Every send, retry and failure of a mail is logged.
        "workspace.mail": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
