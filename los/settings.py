"""Settings for Los, read from environment variables.

The defaults make `make demo` work on a laptop with an embedded SQLite database. Setting
LOS_ENVIRONMENT=production turns every default that is only safe for a demo into a hard
error, so a production deployment cannot start half-configured.
"""

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from los.accounts.oidc_settings import (
    accepted_assurance,
    insecure_urls,
    oidc_apps,
    oidc_origins,
    staff_email_domains,
)

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("LOS_ENVIRONMENT", "demo")
if ENVIRONMENT not in {"demo", "test", "production"}:
    raise ImproperlyConfigured("LOS_ENVIRONMENT must be demo, test or production")
PRODUCTION = ENVIRONMENT == "production"


def required_in_production(name: str, demo_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when LOS_ENVIRONMENT=production")
    return demo_default


SECRET_KEY = required_in_production("LOS_SECRET_KEY", "demo-only-secret-key-not-for-production")
DEBUG = env_bool("LOS_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("LOS_DEBUG cannot be on in production")

ALLOWED_HOSTS = os.environ.get("LOS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("LOS_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]


def _demo_fernet_key(label: str) -> str:
    # Demo keys are derived from a fixed label so the demo database stays readable between
    # runs. Production must supply real keys (see README).
    return base64.urlsafe_b64encode(hashlib.sha256(f"los-demo-{label}".encode()).digest()).decode()


# Field encryption for national identity numbers. A comma-separated list of Fernet keys:
# the first encrypts, all decrypt, so keys can be rotated.
FIELD_ENCRYPTION_KEYS = required_in_production(
    "LOS_FIELD_ENCRYPTION_KEYS", _demo_fernet_key("field-encryption")
).split(",")
# Key for the keyed hash (HMAC-SHA256) that lets us find a participant by national id
# without storing it in clear.
LOOKUP_HASH_KEY = required_in_production("LOS_LOOKUP_HASH_KEY", _demo_fernet_key("lookup-hash"))
# Key for the stable pseudonyms that evaluators get instead of identities.
PSEUDONYM_KEY = required_in_production("LOS_PSEUDONYM_KEY", _demo_fernet_key("pseudonym"))

# The demo may skip the staff MFA requirement so people can try it in a minute. Production
# refuses the flag outright rather than ignoring it, so a misconfiguration is loud.
SKIP_STAFF_MFA = env_bool("LOS_DEMO_SKIP_MFA", default=False)
if PRODUCTION and SKIP_STAFF_MFA:
    raise ImproperlyConfigured("LOS_DEMO_SKIP_MFA is refused when LOS_ENVIRONMENT=production")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "ninja",
    "los.core",
    "los.organisations",
    "los.accounts",
    "los.participants",
    "los.access",
    "los.plans",
    "los.followup",
    "los.meetings",
    "los.pathways",
    "los.measures",
    "los.fidelity",
    "los.reporting",
    "los.actionplans",
    "los.sickleave",
    "los.notifications",
    "django_tasks",
    "django_tasks_db",
    "los.directory",
    "los.agreements",
    "los.advice",
    "los.api",
    "los.web",
    "los.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: static files keep their caching, everything else is no-store.
    "los.web.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "los.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "los.accounts.middleware.RequireStaffMfaMiddleware",
    "los.web.middleware.MethodNotAllowedPageMiddleware",
    "los.access.middleware.RefusalLogMiddleware",
]

ROOT_URLCONF = "los.urls"
# --- Error pages: Los's own Norwegian pages (los/web/error_views.py, handlers in los/urls.py)
CSRF_FAILURE_VIEW = "los.web.error_views.csrf_failure"
WSGI_APPLICATION = "los.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "los" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "los.web.context_processors.layout",
            ],
        },
    },
]

FORM_RENDERER = "los.web.renderers.LosFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'los.sqlite3'}"),
        conn_max_age=int(os.environ.get("LOS_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # --- The embedded SQLite database (`make demo`) under concurrent use ---
    # runserver answers each request in its own thread, and every request writes (the
    # session, the access log), so several people at once contend for SQLite's single write
    # lock. Without this, a transaction that began by reading and then wanted to write got
    # «database is locked» at once and the user a 500, their text lost.
    # - IMMEDIATE: a transaction takes the write lock when it begins, so it waits its turn
    #   for up to `timeout` instead of failing when it upgrades from reading to writing;
    # - timeout: how long a writer waits for the lock (seconds) before giving up;
    # - WAL: readers never wait for a writer and a writer never waits for readers (the
    #   database is then the file plus its -wal and -shm files: copy it with the sqlite3
    #   `.backup` command, never the file alone); synchronous=NORMAL is safe with WAL (a
    #   power cut may lose the last commits, never corrupt the file) and spares a disk
    #   flush per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# No JIT compilation of queries. PostgreSQL compiles a statement whose estimated cost passes
# jit_above_cost; the reports' counting statement (los/reporting/figures.py) is such a one,
# and at 10 000 participants it spent 17.7 of its 20.3 s compiling and 1.9 s without
# (docs/reporting.md, «Speed»). Los's other statements are short and gain nothing from it.
# LOS_DB_JIT=1 leaves PostgreSQL's own setting.
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("LOS_DB_JIT") != "1"
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# --- Database connection pool (PostgreSQL only) ---------------------------------------------
# Set LOS_DB_POOL_MAX to keep a psycopg pool of open connections in each server process: a
# request borrows one and gives it back when it ends, instead of connecting anew (a TLS and
# authentication round trip) or holding one per thread for CONN_MAX_AGE. los/gunicorn.conf.py
# sizes it to the worker's threads, so no request waits for a connection. A pool replaces
# persistent connections (Django requires CONN_MAX_AGE=0 with it), and SQLite has no pool:
# both combinations are refused here rather than at the first request.
DB_POOL_MAX = int(os.environ.get("LOS_DB_POOL_MAX", "0"))
if DB_POOL_MAX:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("LOS_DB_POOL_MAX needs PostgreSQL (DATABASE_URL=postgres://…)")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("LOS_DB_POOL_MAX replaces LOS_DB_CONN_MAX_AGE: set only one")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("LOS_DB_POOL_MIN", "1")),
        "max_size": DB_POOL_MAX,
        # Seconds a request waits for a free connection before it fails; well inside the
        # server's worker timeout, so an exhausted pool answers with an error, not a hang.
        "timeout": float(os.environ.get("LOS_DB_POOL_TIMEOUT", "10")),
    }
    # A pooled connection may have been cut (database restart, network) while it sat idle;
    # psycopg checks it on loan and replaces it instead of failing the request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
if not PRODUCTION:
    # Demo and test accounts use short, published passwords; production keeps the validators.
    AUTH_PASSWORD_VALIDATORS = []
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if ENVIRONMENT == "test":
    # Hashing is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# allauth: staff and participant accounts are created by the service, never by sign-up.
ACCOUNT_ADAPTER = "los.accounts.adapters.LosAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
# Password reset mails: never to an address that has no account (Los would otherwise send
# mail to any address anyone types), and named as from Los.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Los: "

# --- Login lockout and the client address (abuse hardening) -----------------------------
# Failed logins are counted per account and per address separately, each over a sliding
# 15 minutes. Five failures for one account lock that account, from every address. An
# address is locked only at a much higher count: behind a proxy or an office's NAT many
# colleagues share one address, and one person's typos must never lock the others out.
# The account is checked first, so attempts at an account already locked do not also use
# up the address's count.
LOS_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOS_LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOS_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOS_LOGIN_FAILURES_PER_ADDRESS", "50"))
# Every login attempt (right or wrong) from one address per minute; allauth's default of 30
# is too low for a whole office behind one address at nine in the morning.
LOS_LOGINS_PER_ADDRESS_PER_MINUTE = int(os.environ.get("LOS_LOGINS_PER_ADDRESS_PER_MINUTE", "300"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LOS_LOGIN_FAILURES_PER_ACCOUNT}/15m/key,{LOS_LOGIN_FAILURES_PER_ADDRESS}/15m/ip"
    ),
    "login": f"{LOS_LOGINS_PER_ADDRESS_PER_MINUTE}/m/ip",
}
# The client's address as the trusted reverse proxy reports it. By default no proxy is
# trusted and X-Forwarded-For is ignored (anyone can write it), so the lockout counts the
# address of the connection itself. Behind N proxies of our own, set
# LOS_TRUSTED_PROXY_COUNT=N (the N-th address from the right of X-Forwarded-For is the
# client); or, when the proxy sets a header of its own with the client's address only,
# name it in LOS_CLIENT_IP_HEADER (e.g. X-Real-IP). Never set either without such a proxy
# in front: the header would then be the attacker's to choose.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("LOS_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("LOS_CLIENT_IP_HEADER") or None
# --- end of login lockout -------------------------------------------------------------------
# --- National sign-in (OpenID Connect, docs/sign-in.md) -----------------------------------
# ID-porten for participants and the organisation's directory for staff, configured from the
# environment; allauth runs the code flow with PKCE and state, los/accounts/oidc.py adds the
# nonce, the level of assurance and who the person is. No account is created or linked.
OIDC_APPS = oidc_apps(os.environ)
OIDC_ORIGINS = oidc_origins(OIDC_APPS, os.environ)
LOS_OIDC_IDPORTEN_ACR = accepted_assurance(os.environ)
LOS_OIDC_STAFF_EMAIL_DOMAINS = staff_email_domains(os.environ)
if PRODUCTION and insecure_urls(OIDC_APPS):
    raise ImproperlyConfigured("LOS_OIDC_*_URL must be https in production")
SOCIALACCOUNT_ADAPTER = "los.accounts.oidc.LosSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "los.accounts.oidc.LosOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": OIDC_APPS,
    }
}
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = False
# --- end of national sign-in ----------------------------------------------------------------
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are stored encrypted with FIELD_ENCRYPTION_KEYS.
MFA_ADAPTER = "los.accounts.mfa.LosMFAAdapter"
MFA_TOTP_ISSUER = "Los"

# Idle timeout: the session expires after LOS_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = int(os.environ.get("LOS_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Production refuses to start without the shared cache: with a per-process cache every
# worker would count logins and writing on its own, multiplying each limit by the number of
# workers and forgetting it on every restart, without a word.
if PRODUCTION and not os.environ.get("LOS_REDIS_URL"):
    raise ImproperlyConfigured("LOS_REDIS_URL must be set when LOS_ENVIRONMENT=production")
if os.environ.get("LOS_REDIS_URL"):
    # Rate limits (the login lockout, the writing pace) must be shared between worker
    # processes in production.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["LOS_REDIS_URL"],
        }
    }

# --- Writing pace (abuse hardening) -------------------------------------------------------
# How much free text (dialogue messages and threads, contact notes and addenda, proposed
# activities) one user may send: at most so many per minute and per hour, counted in the
# cache above (so use LOS_REDIS_URL with more than one worker process). A person typing
# stays far below; a script or a stuck key does not.
LOS_WRITING_LIMITS = os.environ.get("LOS_WRITING_LIMITS", "10/m,100/h")
# --- end of writing pace --------------------------------------------------------------------

# Security headers. The CSP allows no inline script or style: templates load everything
# from our own static files.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # allauth renders the TOTP QR code as an inline SVG data URL.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        # The sign-in buttons post to Los, which sends the browser on to the identity provider.
        "form-action": [SELF, *OIDC_ORIGINS],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LOS_SSL_REDIRECT", default=True)
    # The load balancer's health probe asks over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "los" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("LOS_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "los" / "static", ("vendor", BASE_DIR / "var" / "vendor")]
# Outside production, serve static files straight from the source folders (no collectstatic
# step for `make demo`); production serves the hashed, compressed copies in STATIC_ROOT.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Smallest count shown in any aggregate beyond the producing service, and the smallest group
# an export may hold: the one threshold of disclosure control (docs/disclosure-control.md),
# read through los.reporting.disclosure.min_cell_size().
MIN_CELL_SIZE = int(os.environ.get("LOS_MIN_CELL_SIZE", "5"))
# --- Referrals between services (docs/service-directory.md): a referral not answered in
# this many days is flagged for the sender and for the receiving service.
REFERRAL_ANSWER_DAYS = int(os.environ.get("LOS_REFERRAL_ANSWER_DAYS", "14"))

# How old a report's counted figures may be once the record has changed, in seconds
# (docs/reporting.md, «Speed»): within it a report is cut from the figures already counted;
# after it, the next report counts again. The page says when its figures were counted.
LOS_REPORT_MAX_AGE_SECONDS = int(os.environ.get("LOS_REPORT_MAX_AGE_SECONDS", "300"))
# With a cache the background worker shares (Redis: LOS_REDIS_URL), a report page never
# counts: figures past their age are shown as they are, with when they were counted, while
# the worker counts them again (los/reporting/tasks.py); a period not counted at all says
# that its figures are being counted. Without a shared cache (the demo: each process has its
# own memory) the worker's figures would never reach the server, so the page counts itself.
LOS_REPORT_RECOUNT_IN_BACKGROUND = (
    os.environ.get(
        "LOS_REPORT_RECOUNT_IN_BACKGROUND", "1" if os.environ.get("LOS_REDIS_URL") else "0"
    )
    == "1"
)
if LOS_REPORT_RECOUNT_IN_BACKGROUND and "locmem" in CACHES["default"]["BACKEND"]:
    raise ImproperlyConfigured(
        "LOS_REPORT_RECOUNT_IN_BACKGROUND needs a cache the worker shares: set LOS_REDIS_URL"
    )

# The domain in calendar entries' UIDs, so a calendar recognises an updated meeting.
LOS_CALENDAR_DOMAIN = os.environ.get("LOS_CALENDAR_DOMAIN", "los.localhost")

# --- Background work and notifications (docs/notifications.md) ---------------------------
# Django's task framework (the django-tasks backport) with its database backend: a task is a
# row in the same database (SQLite in the demo, PostgreSQL in production), run by a second
# process, `manage.py db_worker`. `make demo` starts it beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The address links in e-mails and SMS lead to (no trailing slash).
LOS_BASE_URL = required_in_production("LOS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail. `outbox` (the default outside production) keeps what would be sent in the
# notifications outbox, which the administrator reads in the admin; `smtp` sends through the
# server below. Production always sends by SMTP.
LOS_EMAIL_DELIVERY = os.environ.get("LOS_EMAIL_DELIVERY", "smtp" if PRODUCTION else "outbox")
if LOS_EMAIL_DELIVERY not in {"smtp", "outbox"}:
    raise ImproperlyConfigured("LOS_EMAIL_DELIVERY must be smtp or outbox")
if PRODUCTION and LOS_EMAIL_DELIVERY != "smtp":
    raise ImproperlyConfigured("LOS_EMAIL_DELIVERY=outbox is refused in production")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if LOS_EMAIL_DELIVERY == "smtp"
    else "los.notifications.outbox.OutboxEmailBackend"
)
EMAIL_HOST = os.environ.get("LOS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LOS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LOS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LOS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LOS_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("LOS_EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of LOS_EMAIL_USE_TLS and LOS_EMAIL_USE_SSL")
# Seconds an SMTP conversation may hang before the send fails (and is retried).
EMAIL_TIMEOUT = int(os.environ.get("LOS_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("LOS_DEFAULT_FROM_EMAIL", "Los <ikke-svar@los.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS: the provider adapter (los/notifications/sms.py). `outbox` keeps what would be sent,
# like e-mail above; `http` posts to the gateway's address with its token. Production must
# name a real gateway.
LOS_SMS_DELIVERY = os.environ.get("LOS_SMS_DELIVERY", "http" if PRODUCTION else "outbox")
if LOS_SMS_DELIVERY not in {"http", "outbox"}:
    raise ImproperlyConfigured("LOS_SMS_DELIVERY must be http or outbox")
if PRODUCTION and LOS_SMS_DELIVERY != "http":
    raise ImproperlyConfigured("LOS_SMS_DELIVERY=outbox is refused in production")
LOS_SMS_GATEWAY_URL = os.environ.get("LOS_SMS_GATEWAY_URL", "")
if LOS_SMS_DELIVERY == "http" and not LOS_SMS_GATEWAY_URL:
    raise ImproperlyConfigured("LOS_SMS_GATEWAY_URL must be set when LOS_SMS_DELIVERY=http")
LOS_SMS_GATEWAY_TOKEN = os.environ.get("LOS_SMS_GATEWAY_TOKEN", "")
LOS_SMS_SENDER = os.environ.get("LOS_SMS_SENDER", "Los")
# A failed send is tried again after 1, 5, 30 minutes and 2 hours; after the last it is
# marked failed and waits for the administrator (admin: Varsler).
LOS_NOTICE_RETRY_MINUTES = [
    int(m) for m in os.environ.get("LOS_NOTICE_RETRY_MINUTES", "1,5,30,120").split(",") if m
]
# At most one notice per dialogue thread and recipient in this many minutes.
LOS_NOTICE_THREAD_MINUTES = int(os.environ.get("LOS_NOTICE_THREAD_MINUTES", "30"))
# The safety promise: the named fallback told when a safety task is not followed up within
# LOS_SAFETY_ESCALATE_HOURS (docs/notifications.md).
LOS_SAFETY_ESCALATE_HOURS = float(os.environ.get("LOS_SAFETY_ESCALATE_HOURS", "4"))

# The work list's count in the header is kept this many seconds per user, so a page costs
# the list's queries at most once in that time (docs/work-list.md).
LOS_WORK_COUNT_SECONDS = int(os.environ.get("LOS_WORK_COUNT_SECONDS", "60"))
LOS_SAFETY_FALLBACK_NAME = os.environ.get("LOS_SAFETY_FALLBACK_NAME", "vakthavende ved DPS-et")
LOS_SAFETY_FALLBACK_EMAIL = os.environ.get("LOS_SAFETY_FALLBACK_EMAIL", "vakt@los.localhost")
LOS_SAFETY_FALLBACK_PHONE = os.environ.get("LOS_SAFETY_FALLBACK_PHONE", "")
if PRODUCTION and not (os.environ.get("LOS_SAFETY_FALLBACK_EMAIL") or LOS_SAFETY_FALLBACK_PHONE):
    raise ImproperlyConfigured(
        "LOS_SAFETY_FALLBACK_EMAIL or LOS_SAFETY_FALLBACK_PHONE must be set in production"
    )
# How often a worker writes its heartbeat (/health: down after three intervals without).
LOS_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("LOS_WORKER_HEARTBEAT_SECONDS", "15"))
# --- end of background work and notifications ---------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOS_LOG_LEVEL", "WARNING")},
}
