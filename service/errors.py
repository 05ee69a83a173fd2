"""Kursfinder's domain exceptions. The API maps each to one HTTP status (``api/errors.py``).

::

    KursfinderError
    ├── NotFound                 a course, concept or job that does not exist        -> 404
    │   └── NoTranslationModel   no Argos model for a language pair (translate/base.py)
    ├── InvalidInput             a value the caller can fix (filter, query, field)    -> 422
    │   ├── IngestFileError      a file that cannot be read at all (type, encoding)   -> 422
    │   └── InvalidModelPackage  a file that is not an Argos package (translate/base.py)
    ├── Conflict                 the request contradicts the stored state             -> 409
    ├── AuthError                missing or wrong API key                             -> 401
    │   └── Forbidden            a key without the role this needs                    -> 403
    └── Unavailable              a backing engine is down; retry later                -> 503
        ├── EngineUnavailable    the search engine cannot be reached
        │   └── EngineBusy       another process is writing the index: it will apply the updates
        ├── ModelIndexUnreachable  Argos's package index cannot be reached (translate/base.py)
        └── TranslationFailed    the translation engine failed on a batch (translate/base.py)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


class Msg(str):
    """A text that is an English gettext message id (mark it ``Msg(N_("..."))``): as a param of a
    :class:`KursfinderError` template it is shown in the caller's language as well."""

    __slots__ = ()


class KursfinderError(Exception):
    """Base of every error Kursfinder raises on purpose. ``message`` is safe to show a user.

    ``message`` stays English (logs, CLI). To let the API answer in the caller's language, pass
    ``template``, a gettext message id with ``%(name)s`` placeholders (mark it with ``N_`` from
    ``service.i18n`` so it is extracted), and its ``params``; ``message`` then defaults to the
    filled-in template. A param that is a :class:`Msg` (an English message id itself, such as a
    format's description) is translated too.
    """

    code = "error"

    def __init__(self, message: str | None = None, *, details: object | None = None,
                 template: str | None = None, params: Mapping[str, object] | None = None) -> None:
        self.template = template
        self.params = dict(params or {})
        if message is None:
            if template is None:
                raise TypeError(f"{type(self).__name__} needs a message or a template")
            message = template % self.params
        super().__init__(message)
        self.message = message
        self.details = details

    def localized(self, gettext: Callable[[str], str]) -> str:
        """The message in the language ``gettext`` translates to (English without a template)."""
        if self.template is None:
            return self.message
        try:
            params = {name: gettext(value) if isinstance(value, Msg) else value
                      for name, value in self.params.items()}
            return gettext(self.template) % params
        except (KeyError, ValueError, TypeError):  # a broken translation must not hide the error
            return self.message


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


class EngineBusy(EngineUnavailable):
    code = "engine_busy"
