"""One validated ``Settings``, read from ``KURSFINDER_*`` environment variables.

Built by ``create_app(settings)`` or the CLI, never at import time. ``docs/SETTINGS.md`` is generated
from this class (``scripts/gen_docs``) and a test keeps it current.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The main languages of migrants that Integreat offers (issue: translation). Order = display order.
DEFAULT_TARGET_LANGUAGES = (
    "en", "ar", "fa", "prs", "ps", "uk", "ru", "tr", "kmr", "ckb",
    "ti", "so", "fr", "es", "ro", "pl", "bg", "sq", "it", "el",
)  # fmt: skip

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "admin", "password", "test", "demo"}
DEMO_ADMIN_KEY = "demo-admin-key"
DEMO_TRANSLATOR_KEY = "demo-translator-key"


def _usable_cores() -> int:
    """The cores this process may run on (a container's cpuset, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class EngineName(StrEnum):
    EMBEDDED = "embedded"
    MEILISEARCH = "meilisearch"


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseSettings):
    """Every setting Kursfinder reads. Environment: ``KURSFINDER_<NAME>``; lists are comma-separated."""

    model_config = SettingsConfigDict(env_prefix="KURSFINDER_", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Where the SQLite store, the index and models live.")
    demo: bool = Field(False, description="Demo mode: well-known keys, permissive CORS. Never in production.")
    engine: EngineName = Field(EngineName.EMBEDDED, description="Search engine: `embedded` or `meilisearch`.")
    meili_url: str | None = Field(None, description="Meilisearch URL, e.g. `http://meilisearch:7700`.")
    meili_key: SecretStr | None = Field(None, description="Meilisearch API key (master or admin key).")
    meili_index: str = Field("courses", description="Meilisearch index name (uid).")
    admin_key: SecretStr | None = Field(None, description="API key with the admin role (ingest, reindex).")
    translator_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="API keys with the translator role, comma-separated."
    )
    target_languages: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_TARGET_LANGUAGES),
        description="Languages courses are translated into and searched in, comma-separated BCP 47 codes.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser (the widget)."
    )
    argos_packages_dir: Path | None = Field(
        None, description="Where Argos models are installed; default `<data_dir>/argos-packages`."
    )
    worker_in_serve: bool = Field(True, description="Run the translation worker inside `serve`.")
    web_workers: int = Field(
        0, ge=0, le=32,
        description="Server processes of `serve` over one index (one of them also indexes and translates); "
                    "0: one per CPU core, at most 4.",
    )
    translate_batch_size: int = Field(32, ge=1, le=512, description="Segments per CTranslate2 call.")
    search_cache_size: int = Field(
        4096, ge=0, le=1_000_000,
        description="Search results the embedded engine remembers until the index changes (0: off).",
    )
    public_base_url: str = Field(
        "http://127.0.0.1:8000", description="Absolute base URL for canonical links and the sitemap."
    )

    _split = field_validator("translator_keys", "target_languages", "cors_origins", mode="before")(_split_list)

    @field_validator("target_languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        cleaned = [code.strip().lower() for code in value if code.strip() and code.strip().lower() != "de"]
        return list(dict.fromkeys(cleaned))

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        keys = [self.admin_key, *self.translator_keys]
        if self.demo:
            return self
        for key in keys:
            if key is not None and (key.get_secret_value().lower() in PLACEHOLDER_SECRETS
                                    or key.get_secret_value() in (DEMO_ADMIN_KEY, DEMO_TRANSLATOR_KEY)
                                    or len(key.get_secret_value()) < 12):
                raise ValueError(
                    "an API key is a placeholder or shorter than 12 characters; set a real secret "
                    "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(24))'`)"
                )
        return self

    # Derived paths ---------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.data_dir / "kursfinder.db"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.argos_packages_dir or self.data_dir / "argos-packages"

    def server_processes(self) -> int:
        """How many processes ``serve`` runs (``web_workers``, or one per core, at most 4)."""
        return self.web_workers or max(1, min(_usable_cores(), 4))

    def effective_admin_key(self) -> str | None:
        if self.admin_key is not None:
            return self.admin_key.get_secret_value()
        return DEMO_ADMIN_KEY if self.demo else None

    def effective_translator_keys(self) -> list[str]:
        keys = [key.get_secret_value() for key in self.translator_keys]
        return keys or ([DEMO_TRANSLATOR_KEY] if self.demo else [])

    def all_languages(self) -> list[str]:
        """German (the source language) first, then the target languages."""
        return ["de", *self.target_languages]
