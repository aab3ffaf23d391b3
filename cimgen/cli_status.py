"""The status line the command line shows on a terminal while it works."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def status_line(enabled: bool = True) -> Iterator[Callable[[str], None] | None]:
    """A spinner with the current step on standard error, when enabled and standard error is a
    terminal; None otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # only a terminal needs it; it costs start-up time

    with Console(stderr=True, highlight=False).status("starting") as status:
        yield lambda message: status.update(message)
