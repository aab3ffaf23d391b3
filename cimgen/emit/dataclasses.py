"""The dataclass emitter: one module per CIM type, plus the package ``__init__``.

One module per type is what keeps the generated package free of circular
imports: a module imports its superclass (inheritance has no cycles) and the
enumerations and datatypes its fixed values need (they import nothing but
enumerations) at run time; every other referenced class only for type checking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import jinja2

from cimgen import __version__
from cimgen.emit.render import environment
from cimgen.emit.views import GENERATED_KINDS, LINE_LENGTH, class_view, datatype_view, enum_view, import_line
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import TypeKind, TypeRecord
from cimgen.plan import Plans

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


def _import_modules(modules: list[str]) -> str:
    """``from . import a, b``, one name a line in parentheses when it is too long."""
    if not modules:
        return ""
    line = f"from . import {', '.join(modules)}"
    if len(line) <= LINE_LENGTH:
        return line
    return "from . import (\n" + "".join(f"    {module},\n" for module in modules) + ")"


def _render(env: jinja2.Environment, template: str, **context: object) -> str:
    return env.get_template(template).render(generator_version=__version__, **context)


def iter_dataclass_files(
    graph: ClassGraph,
    plans: Plans,
    package: str,
    template_dirs: Sequence[Path] = (),
    progress: Progress | None = None,
) -> Iterator[tuple[str, str]]:
    """Render the package's modules one at a time, as (path relative to the package folder, text).

    A writer can store each file while the next is rendered.

    Args:
        graph: The finished class graph.
        plans: The graph's plans (the XML plan gives the document-root methods and codec modules).
        package: The Python package name.
        template_dirs: Folders whose templates override the built-in ones.
        progress: Called with a short description of the work.

    Yields:
        (path relative to the package folder, such as ``meter.py``, module text); each path once.
    """
    env = environment(template_dirs)
    # Looked up once: each lookup checks the template file for changes.
    templates = {kind: env.get_template(name) for kind, name in _TEMPLATES.items()}
    types = graph.types(*GENERATED_KINDS)
    if progress:
        progress(f"rendering and writing {len(types)} modules")
    xml = None
    if plans.xml is not None:  # imported here: a package of CIM classes alone does not need them
        from cimgen.emit.xml_codecs import render_xml, xml_views

        xml = xml_views(plans.xml)
    for record in types:
        if record.kind is TypeKind.ENUMERATION:
            view: object = enum_view(graph, record)
        elif record.kind is TypeKind.DATATYPE:
            view = datatype_view(graph, record)
        else:
            view = class_view(graph, record, xml.roots.get(record.iri) if xml else None)
        template = templates[record.kind]
        yield record.module.replace(".", "/") + ".py", template.render(generator_version=__version__, view=view)
    versions: dict[str, set[str]] = {}
    for profile in graph.profiles:
        versions.setdefault(profile.name, set()).add(profile.version or "")
    profiles = [(name, ", ".join(sorted(v for v in versions[name] if v))) for name in sorted(versions)]
    subpackages: dict[str, list[TypeRecord]] = {"": []}
    for record in types:
        subpackages.setdefault(record.module.rpartition(".")[0], []).append(record)
    for subpackage, members in sorted(subpackages.items()):
        namespaces = sorted({t.namespace for t in members if t.namespace})
        yield (
            (subpackage.replace(".", "/") + "/" if subpackage else "") + "__init__.py",
            _render(
                env,
                "init_module.py.jinja",
                package=f"{package}.{subpackage}" if subpackage else package,
                title=f"the XML Schema namespace {namespaces[0]}"
                if namespaces
                else "the CIM profiles " + ", ".join(sorted({name for name, _ in profiles})),
                imports=[
                    import_line(f"{subpackage}.__init__" if subpackage else "__init__", t.module, t.python_name)
                    for t in sorted(members, key=lambda t: t.module)
                ],
                subpackage_import="" if subpackage else _import_modules(sorted(s for s in subpackages if s)),
                public_names=sorted(
                    [
                        *([] if subpackage else ["PROFILES", *(s for s in subpackages if s)]),
                        *(t.python_name for t in members),
                    ],
                    key=_natural_key,
                ),
                profiles=[] if subpackage else profiles,
                profile_names=sorted({name for name, _ in profiles}),
            ),
        )
    if xml is not None:
        from cimgen.emit.envelope import envelope_view, render_envelope

        yield from render_xml(env, xml).items()
        envelope = envelope_view(graph)
        if envelope is not None:
            yield "envelope.py", render_envelope(env, envelope)
    if plans.cimxml is not None:
        from cimgen.emit.cimxml import render_cimxml
        from cimgen.emit.runtime import XML_RUNTIME

        # A runtime module both emitters need (_xmlvalues) is written once.
        shared = {f"{module}.py" for module in XML_RUNTIME} if xml is not None else set()
        yield from ((path, text) for path, text in render_cimxml(env, plans.cimxml).items() if path not in shared)
        if plans.shapes is not None:
            from cimgen.emit.shapes import render_shapes

            yield from render_shapes(env, plans.shapes).items()
    yield "py.typed", ""
