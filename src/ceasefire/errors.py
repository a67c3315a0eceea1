"""Errors the user sees. Each has a stable code and names the bad value, so the CLI and the
API can report it the same way without parsing messages."""

from __future__ import annotations


class CeasefireError(Exception):
    """Base of every error meant for a user; `code` is stable across releases."""

    code = "error"

    def __init__(self, message: str, *, pointer: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer

    def __str__(self) -> str:
        return self.message


class InvalidAgreement(CeasefireError):
    """An agreement file that does not describe a valid agreement."""

    code = "invalid_agreement"


class InvalidGeometry(CeasefireError):
    """A geometry that is not a valid zone or incident geometry."""

    code = "invalid_geometry"


class InvalidInput(CeasefireError):
    """A value from outside (a CSV cell, a JSON field) that fails validation."""

    code = "invalid_input"


class Forbidden(InvalidInput):
    """An action the caller's role does not allow (the object itself is checked as NotFound)."""

    code = "forbidden"


class NotFound(CeasefireError):
    """An id that names nothing in the record (or nothing the caller may see)."""

    code = "not_found"


class Conflict(CeasefireError):
    """A change that contradicts the record, e.g. an amendment that would rewrite history."""

    code = "conflict"


class AuditChainBroken(CeasefireError):
    """The audit chain fails verification."""

    code = "audit_chain_broken"
