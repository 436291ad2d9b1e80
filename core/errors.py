"""The one exception family of policykg.

Every layer raises a subclass of :class:`PolicyKGError` with a message that says what was wrong,
where, and what to do. Only the edges (CLI, HTTP) turn them into exit codes or status codes.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class: a failure a user can act on. ``hint`` says what to do about it."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class ConfigError(PolicyKGError):
    """Bad settings or a missing tool (java, mvn)."""

    exit_code = 2


class RuntimeUnavailable(PolicyKGError):
    """The Neo4j server cannot be started, reached or authenticated against."""

    exit_code = 3
    http_status = 503


class InputError(PolicyKGError):
    """A document or request that cannot be read: undecodable bytes, bad metadata, bad query."""

    exit_code = 4
    http_status = 422


class TooLarge(InputError):
    """A document or request body over the configured size (``POLICYKG_MAX_DOCUMENT_MB``)."""

    http_status = 413


class NotFound(PolicyKGError):
    """A named entity or document that the graph does not hold."""

    exit_code = 5
    http_status = 404

    def __init__(
        self, message: str, *, suggestions: list[str] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.suggestions = suggestions or []


class Forbidden(PolicyKGError):
    """A request the server refuses on principle (writes through the read-only Cypher endpoint)."""

    exit_code = 6
    http_status = 403
