"""API keys with roles. A request names its key as ``Authorization: Bearer <key>`` or ``X-API-Key``.

Roles: ``admin`` (ingest, reindex, everything a translator may) and ``translator`` (glossary and
translation review). Outside demo mode there is no default key: without a configured admin key,
every admin call answers 401 with a message saying which setting to set.
"""

from __future__ import annotations

import hmac
from enum import StrEnum

from fastapi import Request

from service.config import Settings
from service.errors import AuthError, Forbidden
from service.i18n import N_


class Role(StrEnum):
    ADMIN = "admin"
    TRANSLATOR = "translator"


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or request.cookies.get("kursfinder_key") or None


def role_of(settings: Settings, key: str | None) -> Role | None:
    if not key:
        return None
    admin = settings.effective_admin_key()
    if admin and hmac.compare_digest(key.encode(), admin.encode()):
        return Role.ADMIN
    if any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.effective_translator_keys()):
        return Role.TRANSLATOR
    return None


def authorize(settings: Settings, key: str | None, needed: Role) -> Role:
    if needed is Role.ADMIN and settings.effective_admin_key() is None:
        raise AuthError(template=N_("no admin key is configured on this server: set KURSFINDER_ADMIN_KEY"))
    if key is None:
        raise AuthError(template=N_("this needs an API key: send 'Authorization: Bearer <key>'"))
    role = role_of(settings, key)
    if role is None:
        raise AuthError(template=N_("unknown API key"))
    if needed is Role.ADMIN and role is not Role.ADMIN:
        raise Forbidden(template=N_("this needs an admin key"))
    return role
