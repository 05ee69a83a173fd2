"""``Annotated`` dependencies that keep route signatures short."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.api.auth import Role, authorize, presented_key
from service.config import Settings
from service.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


def require_admin(request: Request) -> Role:
    return authorize(get_settings(request), presented_key(request), Role.ADMIN)


def require_translator(request: Request) -> Role:
    return authorize(get_settings(request), presented_key(request), Role.TRANSLATOR)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AdminDep = Annotated[Role, Depends(require_admin)]
TranslatorDep = Annotated[Role, Depends(require_translator)]
