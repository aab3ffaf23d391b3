"""Errors that cimgen reports to its users as one clear line.

Every error names the file (and the line, where known) and says what is wrong. The
CLI prints ``str(error)`` and exits with ``error.exit_code``; nothing else.
"""

from __future__ import annotations


class CimgenError(Exception):
    """Base class of the errors cimgen reports to users.

    Attributes:
        message: What is wrong, in one line.
        file: The input file concerned, if any.
        line: The line in that file, if known.
    """

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"


class InputError(CimgenError):
    """An input file is missing, unreadable, malformed or inconsistent (exit code 1)."""


class UsageError(CimgenError):
    """The call itself is wrong: a path that does not exist, a bad option (exit code 2)."""

    exit_code = 2
