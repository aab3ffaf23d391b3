"""A hatchling build hook: generate a package from CIM profiles while a wheel is built.

A downstream project asks for it in its ``pyproject.toml``::

    [build-system]
    requires = ["hatchling", "cimgen"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.cimgen]
    inputs = ["profiles/*.rdf"]          # globs, relative to the project root
    package = "acme_cim"                 # the package put into the wheel
    # out = "build/cimgen"               # where the package is kept between builds
    # templates = ["cimgen-templates"]   # folders of templates that override cimgen's
    # force = false                      # regenerate even when nothing changed

The hook regenerates only when the inputs (by content hash) or the cimgen version
differ from the manifest of the last generation, or when ``force`` is set (or the
environment variable ``CIMGEN_FORCE`` is ``1``). The package goes into the wheel as
``<package>/``; sdists carry the inputs, so a wheel built from an sdist regenerates.
hatchling finds the hook through the ``hatch`` entry point group.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from cimgen import __version__, api
from cimgen.errors import CimgenError
from cimgen.provenance import hash_inputs, input_digest, read_manifest


class CimgenBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Generates the configured package and adds it to the wheel."""

    PLUGIN_NAME = "cimgen"

    def _option(self, name: str, expected: type, default: Any = None) -> Any:
        value = self.config.get(name, default)
        if value is None or not isinstance(value, expected):
            self.app.abort(f"[tool.hatch.build.hooks.cimgen] needs `{name}` as a {expected.__name__}")
        return value

    def _inputs(self) -> list[Path]:
        patterns: list[str] = self._option("inputs", list)
        found: set[Path] = set()
        for pattern in patterns:
            matches = glob.glob(pattern, root_dir=self.root, recursive=True)
            if not matches:
                self.app.abort(f"cimgen: the input pattern {pattern!r} matches no file under {self.root}")
            found.update(Path(self.root, match) for match in matches)
        return sorted(found)

    def _up_to_date(self, package_dir: Path, inputs: list[Path]) -> bool:
        manifest = read_manifest(package_dir)
        return (
            manifest is not None
            and manifest.get("generator_version") == __version__
            and manifest.get("input_digest") == input_digest(hash_inputs(inputs))
        )

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Generate the package (unless it is up to date) and force-include it in the wheel."""
        if self.target_name != "wheel":
            return
        package: str = self._option("package", str)
        out = Path(self.root, self._option("out", str, "build/cimgen"))
        templates = [Path(self.root, folder) for folder in self._option("templates", list, [])]
        force = bool(self.config.get("force", False)) or os.environ.get("CIMGEN_FORCE") == "1"
        inputs = self._inputs()
        package_dir = out / package
        if not force and self._up_to_date(package_dir, inputs):
            self.app.display_info(f"cimgen: {package} is up to date with its {len(inputs)} inputs")
        else:
            try:
                result = api.generate(inputs, out, package, templates)
            except CimgenError as error:
                self.app.abort(f"cimgen: {error}")
            self.app.display_info(f"cimgen: generated {package} ({len(result.files)} files) from {len(inputs)} inputs")
        build_data["force_include"][str(package_dir)] = package
        if version == "editable":
            build_data["force_include_editable"][str(package_dir)] = package


@hookimpl
def hatch_register_build_hook() -> type[CimgenBuildHook]:
    """Register the hook with hatchling (entry point group ``hatch``)."""
    return CimgenBuildHook
