"""Write generated files all at once: into a temporary folder, then swapped into place.

A failure while rendering or writing leaves the previous output untouched and no
half-written folder behind. A folder is only ever replaced if cimgen wrote it (it holds a
manifest) or it is empty, so a mistyped ``--out`` cannot delete a user's own code.

Files are written by a second thread while the caller's iterable is still rendering the
next ones: creating hundreds of small files is work for the file system, and Python
releases the interpreter lock while the kernel does it.
"""

from __future__ import annotations

import glob
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from cimgen.errors import UsageError

_DONE = None
_SWITCH_INTERVAL = 0.0002  # seconds
STALE_AFTER_SECONDS = 15 * 60


def _check_replaceable(target: Path, marker: str) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError("exists and is not a folder; refusing to replace it", file=str(target))
    if any(target.iterdir()) and not (target / marker).is_file():
        raise UsageError(
            f"holds files cimgen did not write (no {marker.rpartition('/')[2]}); refusing to replace it",
            file=str(target),
        )


def _remove_stale_staging(target: Path) -> None:
    """Remove staging folders an earlier run left beside ``target`` when it was killed outright
    (an interrupt or an error removes its own): cimgen's names only, and only old ones, so that
    a run still writing in the same place is left alone."""
    if not target.parent.is_dir():
        return
    cutoff = time.time() - STALE_AFTER_SECONDS
    for suffix in (".new", ".old"):
        for folder in target.parent.glob(f".{glob.escape(target.name)}.*{suffix}"):
            try:
                if folder.is_dir() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder)
            except OSError:
                pass  # not ours to fight over: the next run tries again


class _Writer(threading.Thread):
    """Writes (relative path, text) pairs below a folder as they arrive; remembers the first error."""

    def __init__(self, folder: Path) -> None:
        super().__init__(name="cimgen-writer", daemon=True)
        self.folder = folder
        self.pending: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self.error: OSError | None = None
        self.folders: set[str] = {""}

    def run(self) -> None:
        while (item := self.pending.get()) is not _DONE:
            if self.error is None:
                try:
                    self._write(*item)
                except OSError as error:
                    self.error = error

    def _write(self, relative: str, text: str) -> None:
        parent = relative.rpartition("/")[0]
        if parent not in self.folders:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self.folders.add(parent)
        descriptor = os.open(self.folder / relative, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(descriptor, text.encode("utf-8"))
        finally:
            os.close(descriptor)


def write_tree(target: Path, files: Mapping[str, str] | Iterable[tuple[str, str]], marker: str) -> list[str]:
    """Replace the folder ``target`` with exactly the given files.

    Args:
        target: The folder to (re)create; its parent is created if missing.
        files: File text by path relative to ``target`` (``/``-separated), as a mapping or as
            pairs; an iterable may render each file as it is asked for the next.
        marker: A path relative to ``target`` that only cimgen's output has (its
            manifest); an existing, non-empty ``target`` without it is never replaced.

    Returns:
        The paths written, sorted.

    Raises:
        UsageError: The folder cannot be written, or holds files cimgen did not write.
        Exception: Whatever rendering raised; nothing is written then.
    """
    _check_replaceable(target, marker)
    parent = target.parent
    _remove_stale_staging(target)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise UsageError(f"cannot write the output folder: {error.strerror}", file=str(parent)) from None
    writer = _Writer(staging)
    writer.start()
    names: list[str] = []
    # The writer needs the interpreter lock back after each system call; with the default
    # switch interval (5 ms) a busy renderer would make it wait for most of that every time.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        try:
            seen: set[str] = set()
            for relative, text in files.items() if isinstance(files, Mapping) else files:
                if relative in seen:  # two emitters wrote one path: a bug in cimgen, not in the inputs
                    raise ValueError(f"{relative} was rendered twice")
                seen.add(relative)
                names.append(relative)
                writer.pending.put((relative, text))
        finally:
            writer.pending.put(_DONE)
            writer.join()
            sys.setswitchinterval(switch_interval)
        if writer.error is not None:
            raise writer.error
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rename(target, retired / target.name)
        os.rename(staging, target)
        if retired is not None:
            shutil.rmtree(retired)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write the output: {error.strerror}", file=str(target)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(names)


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """One file written whole or not at all: the block writes the temporary path it is given, beside
    ``target``; when the block ends, the file is renamed to ``target``, and when it fails (or is
    interrupted), it is removed."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
