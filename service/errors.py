"""Kursfinder's domain exceptions. The API maps each to one HTTP status (``api/errors.py``).

::

    KursfinderError
    ├── NotFound                 a course, concept or job that does not exist        -> 404
    ├── InvalidInput             a value the caller can fix (filter, query, field)    -> 422
    │   └── IngestFileError      a file that cannot be read at all (type, encoding)   -> 422
    ├── Conflict                 the request contradicts the stored state             -> 409
    ├── AuthError                missing or wrong API key                             -> 401
    │   └── Forbidden            a key without the role this needs                    -> 403
    └── Unavailable              a backing engine is down; retry later                -> 503
        └── EngineUnavailable    the search engine cannot be reached
"""

from __future__ import annotations


class KursfinderError(Exception):
    """Base of every error Kursfinder raises on purpose. ``message`` is safe to show a user."""

    code = "error"

    def __init__(self, message: str, *, details: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(KursfinderError):
    code = "not_found"


class InvalidInput(KursfinderError):
    code = "invalid_input"


class IngestFileError(InvalidInput):
    code = "unreadable_file"


class Conflict(KursfinderError):
    code = "conflict"


class AuthError(KursfinderError):
    code = "unauthorized"


class Forbidden(AuthError):
    code = "forbidden"


class Unavailable(KursfinderError):
    code = "unavailable"


class EngineUnavailable(Unavailable):
    code = "engine_unavailable"
