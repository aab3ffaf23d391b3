"""What a generated package was made from: input hashes, the manifest.

The manifest (``cimgen-manifest.json``, inside every generated package) names the
generator version and each input by file name and SHA-256, never by path, so it is the
same on every machine. The build hook compares it to decide whether to regenerate.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cimgen import __version__
from cimgen.graph.records import ProfileRecord

MANIFEST_NAME = "cimgen-manifest.json"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, by name and content hash."""

    name: str
    sha256: str


def hash_inputs(files: Sequence[Path]) -> tuple[InputFile, ...]:
    """Name and hash every input file, sorted by name then hash."""
    found = [InputFile(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for path in files]
    return tuple(sorted(found, key=lambda item: (item.name, item.sha256)))


def input_digest(inputs: Sequence[InputFile]) -> str:
    """One SHA-256 over every input's name and hash: equal exactly when the inputs are."""
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(f"{item.name}\0{item.sha256}\n".encode())
    return digest.hexdigest()


def profile_version(profiles: Sequence[ProfileRecord]) -> str:
    """The version most input documents declare (the highest on a tie), or ``0``."""
    counts = Counter(p.version.strip() for p in profiles if p.version and p.version.strip())
    if not counts:
        return "0"
    return max(counts, key=lambda version: (counts[version], numeric_parts(version)))


def numeric_parts(version: str) -> tuple[int, ...]:
    """The dot-separated parts of a version as numbers, 0 for a part that is not one."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def manifest_text(
    package: str, profiles: Sequence[ProfileRecord], inputs: Sequence[InputFile], files: Sequence[str] = ()
) -> str:
    """The manifest's JSON text: generator, package, profiles, inputs and the files written, keys sorted."""
    data = {
        "generator": "cimgen",
        "generator_version": __version__,
        "package": package,
        "profiles": sorted({(p.name, p.version or "") for p in profiles}),
        "inputs": [{"name": item.name, "sha256": item.sha256} for item in inputs],
        "input_digest": input_digest(inputs),
        "files": sorted({*files, MANIFEST_NAME}),
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def read_manifest(package_dir: Path) -> dict[str, object] | None:
    """The manifest of an earlier generation, or None if there is none or it is unreadable."""
    try:
        data = json.loads((package_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
