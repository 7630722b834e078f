"""Errors that services raise with a message a person can act on."""


class DomainError(Exception):
    """A rule of the hiring process refused the change; the message says what to do."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The actor may see the record but not make this change."""


class StaleVersion(DomainError):
    """Someone saved the record since the actor loaded it; nothing was overwritten."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version
