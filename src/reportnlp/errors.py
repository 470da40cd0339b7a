"""Errors that are shown to the user as one clear line (never a traceback)."""


class ReportError(Exception):
    """A file could not be read or a request cannot be carried out; message is user-facing Chinese."""

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"{self.path}: {self.message}" if self.path else self.message
