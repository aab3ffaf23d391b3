"""What cimgen keeps between runs: where, how much, and how to clear it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cimgen.cache import cache_root, cache_size, clear_cache, prune


def test_the_cache_is_where_cimgen_cache_says(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CIMGEN_CACHE", str(tmp_path / "here"))
    assert cache_root() == tmp_path / "here"
    monkeypatch.delenv("CIMGEN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "cimgen"


def test_pruning_keeps_the_most_recently_used_entries(tmp_path: Path) -> None:
    for number in range(5):
        entry = tmp_path / f"entry{number}"
        entry.mkdir()
        (entry / "module.py").write_text("x = 1\n" * 100)
        os.utime(entry, (1000 + number, 1000 + number))
    prune(tmp_path, 2, tmp_path / "entry0")  # entry0 is used now, so it is the newest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry0", "entry4"]


def test_clearing_says_how_much_it_removed(tmp_path: Path) -> None:
    (tmp_path / "cache" / "templates").mkdir(parents=True)
    (tmp_path / "cache" / "templates" / "a.cache").write_bytes(b"x" * 2_000_000)
    assert cache_size(tmp_path / "cache") == 2_000_000
    assert clear_cache(tmp_path / "cache") == 2_000_000 and not (tmp_path / "cache").exists()
    env = {**os.environ, "CIMGEN_CACHE": str(tmp_path / "cli")}
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "b").write_bytes(b"y" * 1_500_000)
    run = [sys.executable, "-m", "cimgen", "cache"]
    info = subprocess.run([*run, "info"], capture_output=True, text=True, env=env, check=True)
    assert info.stdout.strip() == f"{tmp_path / 'cli'}: 1.5 MB"
    cleared = subprocess.run([*run, "clear"], capture_output=True, text=True, env=env, check=True)
    assert cleared.stdout.strip() == f"removed 1.5 MB from {tmp_path / 'cli'}" and not (tmp_path / "cli").exists()
