"""Domain errors: each carries a one-line message fit to show a user, as a catalogue msgid and its parameters.

``raise NotFound("question %(id)s not found", id=7)``: ``str(exc)`` is the English sentence (CLI,
API, logs); the web translates ``exc.msgid`` and fills in ``exc.params`` (``qbank/web/errors.py``).
A test extracts every msgid raised in services, domain, web and importers into the catalogue, and
fails on one that is not a plain string (an f-string could not be translated).
"""

from __future__ import annotations

from typing import Any


def format_message(msgid: str, params: dict[str, Any]) -> str:
    return msgid % params if params else msgid


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention for "extract, translate later"
    """Marks a message the catalogue must hold that is chosen here but translated where shown."""
    return msgid


# Parameters whose value is itself such a marked message (the web translates it too).
TRANSLATED_PARAMS = frozenset({"problem"})


class QBankError(Exception):
    """Base class for every error QBank reports to a user."""

    def __init__(self, message: str = "", /, **params: Any):
        self.msgid = message
        self.params = params
        super().__init__(format_message(message, params))


class NotFound(QBankError):
    """The object does not exist, or the actor may not know that it exists."""


class PermissionDenied(QBankError):
    """The actor may see the object but not do this to it."""


class ValidationError(QBankError):
    """Input is wrong; ``where`` names the field, cell or paragraph."""

    def __init__(self, message: str, where: str | None = None, details: dict | None = None, **params: Any):
        super().__init__(message, **params)
        if where:
            self.args = (f"{where}: {self.args[0]}",)
        self.where = where
        self.details = details or {}


class Conflict(QBankError):
    """The request clashes with existing data (a duplicate name, say)."""


class UnsupportedFormat(QBankError):
    """No importer or exporter handles this file or format."""


class RejectedFile(QBankError):
    """An uploaded file is unsafe or unreadable as a whole (zip bomb, macro, corrupt...)."""
