"""The dataclass emitter: one module per CIM type, plus the package ``__init__``.

One module per type is what keeps the generated package free of circular
imports: a module imports its superclass (inheritance has no cycles) and the
enumerations and datatypes its fixed values need (they import nothing but
enumerations) at run time; every other referenced class only for type checking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2

from cimgen import __version__
from cimgen.emit.render import environment
from cimgen.emit.views import GENERATED_KINDS, class_view, datatype_view, enum_view
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import TypeKind

Progress = Callable[[str], None]

_TEMPLATES = {
    TypeKind.CLASS: "class_module.py.jinja",
    TypeKind.COMPOUND: "class_module.py.jinja",
    TypeKind.ENUMERATION: "enum_module.py.jinja",
    TypeKind.DATATYPE: "datatype_module.py.jinja",
}


def _natural_key(name: str) -> tuple[int, list[int | str]]:
    """isort's order for ``__all__``: CONSTANTS, then Classes, then the rest; numbers by value."""
    if name.isupper():
        category = 0
    elif name[:1].isupper():
        category = 1
    else:
        category = 2
    parts: list[int | str] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name) if p]
    return category, parts


def _render(env: jinja2.Environment, template: str, **context: object) -> str:
    return env.get_template(template).render(generator_version=__version__, **context)


def emit_dataclasses(
    graph: ClassGraph,
    package: str,
    template_dirs: Sequence[Path] = (),
    progress: Progress | None = None,
) -> dict[str, str]:
    """Render the package's modules.

    Args:
        graph: The finished class graph.
        package: The Python package name.
        template_dirs: Folders whose templates override the built-in ones.
        progress: Called with a short description of the work.

    Returns:
        Module text by path relative to the package folder (``module.py``), sorted.
    """
    env = environment(template_dirs)
    files: dict[str, str] = {}
    types = graph.types(*GENERATED_KINDS)
    if progress:
        progress(f"rendering {len(types)} modules")
    for record in types:
        if record.kind is TypeKind.ENUMERATION:
            view: object = enum_view(graph, record)
        elif record.kind is TypeKind.DATATYPE:
            view = datatype_view(graph, record)
        else:
            view = class_view(graph, record)
        files[f"{record.module}.py"] = _render(env, _TEMPLATES[record.kind], view=view)
    exports = sorted((t.module, t.python_name) for t in types)
    versions: dict[str, set[str]] = {}
    for profile in graph.profiles:
        versions.setdefault(profile.name, set()).add(profile.version or "")
    profiles = [(name, ", ".join(sorted(v for v in versions[name] if v))) for name in sorted(versions)]
    files["__init__.py"] = _render(
        env,
        "init_module.py.jinja",
        package=package,
        exports=exports,
        public_names=sorted(["PROFILES", *(name for _, name in exports)], key=_natural_key),
        profiles=profiles,
        profile_names=sorted({name for name, _ in profiles}),
    )
    files["py.typed"] = ""
    return dict(sorted(files.items()))
