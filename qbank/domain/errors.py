"""Domain errors: each carries a one-line message fit to show a user."""

from __future__ import annotations


class QBankError(Exception):
    """Base class for every error QBank reports to a user."""


class NotFound(QBankError):
    """The object does not exist, or the actor may not know that it exists."""


class PermissionDenied(QBankError):
    """The actor may see the object but not do this to it."""


class ValidationError(QBankError):
    """Input is wrong; ``where`` names the field, cell or paragraph."""

    def __init__(self, message: str, where: str | None = None, details: dict | None = None):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.details = details or {}


class Conflict(QBankError):
    """The request clashes with existing data (a duplicate name, say)."""


class UnsupportedFormat(QBankError):
    """No importer or exporter handles this file or format."""


class RejectedFile(QBankError):
    """An uploaded file is unsafe or unreadable as a whole (zip bomb, macro, corrupt...)."""
