"""The all-or-nothing writer: files appear together, or not at all."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cimgen.emit.writer import write_tree, written_whole
from cimgen.errors import UsageError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_files_from_an_iterable_are_written_below_the_folder(tmp_path: Path) -> None:
    files = ((f"sub/m{i}.py", f"x = {i}\n") for i in range(50))
    written = write_tree(tmp_path / "pkg", files, "sub/m0.py")
    assert written == sorted(f"sub/m{i}.py" for i in range(50))
    assert (tmp_path / "pkg" / "sub" / "m7.py").read_text() == "x = 7\n"
    assert not _leftovers(tmp_path)


def test_an_error_while_rendering_leaves_the_earlier_output_and_no_staging_folder(tmp_path: Path) -> None:
    write_tree(tmp_path / "pkg", {"marker": "1", "a.py": "old\n"}, "marker")

    def failing() -> Iterator[tuple[str, str]]:
        yield "marker", "2"
        yield "a.py", "new\n"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="a template failed"):
        write_tree(tmp_path / "pkg", failing(), "marker")
    assert (tmp_path / "pkg" / "a.py").read_text() == "old\n"
    assert not _leftovers(tmp_path)


def test_a_file_that_cannot_be_written_is_a_usage_error_and_nothing_is_left(tmp_path: Path) -> None:
    files = {"marker": "1", "a.py": "x\n", "a.py/inner.py": "a file cannot be a folder\n"}
    with pytest.raises(UsageError, match="cannot write the output"):
        write_tree(tmp_path / "pkg", files, "marker")
    assert not (tmp_path / "pkg").exists() and not _leftovers(tmp_path)


def test_a_folder_cimgen_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="refusing to replace it"):
        write_tree(tmp_path / "mine", {"marker": "1"}, "marker")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_path_rendered_twice_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"a\.py was rendered twice"):
        write_tree(tmp_path / "pkg", iter([("a.py", "1"), ("a.py", "2")]), "marker")
    assert not (tmp_path / "pkg").exists() and not _leftovers(tmp_path)


def test_staging_folders_a_killed_run_left_are_removed_by_the_next_one(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".pkg.abc123.new", tmp_path / ".pkg.def456.new"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "half.py").write_text("x = ")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    write_tree(tmp_path / "pkg", {"marker": "1"}, "marker")
    assert not stale.exists() and fresh.exists()  # a young one may belong to a run still writing


def test_an_interrupt_while_rendering_leaves_nothing(tmp_path: Path) -> None:
    def interrupted() -> Iterator[tuple[str, str]]:
        yield "marker", "1"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_tree(tmp_path / "pkg", interrupted(), "marker")
    assert list(tmp_path.iterdir()) == []


def test_one_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with written_whole(target) as temporary:
        temporary.write_bytes(b"done")
        assert not target.exists()  # not before the block ends
    assert target.read_bytes() == b"done"
    with pytest.raises(KeyboardInterrupt), written_whole(target) as temporary:
        temporary.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"done" and sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]
