"""The OpenID Connect identity providers, read from the environment (docs/sign-in.md).

A provider is on when its URL and client id are set; with none set, the login page shows only
e-mail and password, as in the demo. Kept out of settings.py so the rules can be tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# ID-porten's levels of assurance (acr): "idporten-loa-substantial" and "idporten-loa-high".
# Participant data is health data; the default asks for and accepts only the highest.
DEFAULT_IDPORTEN_ACR = "idporten-loa-high"


def accepted_assurance(environ: Mapping[str, str]) -> list[str]:
    value = environ.get("LOS_OIDC_IDPORTEN_ACR", DEFAULT_IDPORTEN_ACR)
    return [level.strip() for level in value.split(",") if level.strip()]


def _app(environ, prefix: str, provider_id: str, name: str, scope: list[str], auth_params):
    url = environ.get(f"{prefix}_URL", "").strip()
    client_id = environ.get(f"{prefix}_CLIENT_ID", "").strip()
    if not (url and client_id):
        return None
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": environ.get(f"{prefix}_CLIENT_SECRET", ""),
        "settings": {
            "server_url": url,
            "scope": scope,
            "auth_params": auth_params,
            "oauth_pkce_enabled": True,
            # Claims are read from the ID token as well as from userinfo.
            "fetch_userinfo": True,
        },
    }


def oidc_apps(environ: Mapping[str, str]) -> list[dict]:
    """ID-porten for participants (provider id "idporten") and the staff directory ("staff")."""
    acr = accepted_assurance(environ)
    apps = [
        _app(
            environ,
            "LOS_OIDC_IDPORTEN",
            "idporten",
            "ID-porten",
            ["openid", "profile"],
            {"acr_values": " ".join(acr), "ui_locales": "nb"},
        ),
        _app(
            environ,
            "LOS_OIDC_STAFF",
            "staff",
            environ.get("LOS_OIDC_STAFF_NAME", "").strip() or "Entra ID",
            ["openid", "profile", "email"],
            {},
        ),
    ]
    return [app for app in apps if app]


def staff_email_domains(environ: Mapping[str, str]) -> list[str]:
    value = environ.get("LOS_OIDC_STAFF_EMAIL_DOMAINS", "")
    return [domain.strip().lower().lstrip("@") for domain in value.split(",") if domain.strip()]


def insecure_urls(apps: list[dict]) -> list[str]:
    """Provider URLs that are not https: refused in production, because the ID token's
    signature is not checked again when it came straight from the token endpoint, which
    OpenID Connect Core (3.1.3.7) allows only over TLS."""
    return [
        app["settings"]["server_url"]
        for app in apps
        if not app["settings"]["server_url"].startswith("https://")
    ]


def oidc_origins(apps: list[dict], environ: Mapping[str, str]) -> list[str]:
    """The identity providers' origins: the login form's redirect goes there, so the CSP's
    form-action must allow them. A provider whose sign-in page is on another host than its
    issuer (ID-porten: issuer idporten.no, sign-in login.idporten.no) names that host in
    LOS_OIDC_EXTRA_ORIGINS."""
    origins = []
    for app in apps:
        parts = urlsplit(app["settings"]["server_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    extra = environ.get("LOS_OIDC_EXTRA_ORIGINS", "")
    origins += [origin.strip().rstrip("/") for origin in extra.split(",") if origin.strip()]
    return sorted(set(origins))
