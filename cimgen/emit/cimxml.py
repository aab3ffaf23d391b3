"""The CIM-XML emitter: a package's ``_cimschema`` module, and the ``cimxml`` runtime it serves.

Only packages with CIM classes get them. The schema module lists, per class, the element tag,
the class's module and its own properties with what the reader needs (tag, field, value kind,
value class, many, inverse end, used, profiles); the runtime modules (``cimxml``, ``_cimmodel``,
``_cimspec``, ``_cimread``, ``_cimwrite``, ``_cimvalues``, and ``_xmlvalues`` for dates and times) are copied
from :mod:`cimgen.runtime` unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from cimgen import __version__
from cimgen.emit.render import LINE_LENGTH, exploded, tuple_source
from cimgen.emit.runtime import CIMXML_RUNTIME, runtime_files
from cimgen.plan.cimxml import CimClassPlan, CimXmlPlan
from cimgen.plan.python_types import pystr
from cimgen.runtime._cimspec import FieldEntry


@dataclass(frozen=True, slots=True)
class CimSchemaView:
    """The finished lines of the ``_cimschema`` module."""

    namespaces: tuple[tuple[str, str], ...]
    profiles: tuple[str, ...]
    classes: tuple[str, ...]
    enums: tuple[str, ...]


def _strings(items: tuple[str, ...]) -> str:
    return tuple_source([pystr(item) for item in items])


def _module(module: str) -> str:
    return pystr(f".{module}") if module else '""'


def _field_line(field: FieldEntry) -> str:
    arguments = [
        pystr(field.tag),
        pystr(field.name),
        str(field.kind),
        pystr(field.value_module),
        pystr(field.value_class),
        str(field.many),
        pystr(field.inverse),
        str(field.used),
        _strings(field.profiles),
        str(field.upper),
        tuple_source([_strings(uris) for uris in field.required_in]),
    ]
    line = f"            F({', '.join(arguments)}),"
    if len(line) <= LINE_LENGTH:
        return line
    laid_out = "".join(exploded("                ", argument, ",") + "\n" for argument in arguments)
    return "            F(\n" + laid_out + "            ),"


def _class_block(entry: CimClassPlan) -> str:
    head = [
        f"    {pystr(entry.tag)}: C(",
        f"        {_module(entry.module)},",
        f"        {pystr(entry.python_name)},",
        f"        {pystr(entry.superclass)},",
        f"        {entry.abstract},",
        f"        {_strings(entry.profiles)},",
    ]
    lines = [_field_line(f) for f in entry.fields]
    single = f"        ({lines[0].strip()})," if lines else ""
    if not lines:
        fields = ["        (),"]
    elif len(lines) == 1 and "\n" not in lines[0] and len(single) <= LINE_LENGTH:
        fields = [single]  # a one-item tuple's comma does not keep a formatter from joining it
    else:
        fields = ["        (", *lines, "        ),"]
    return "\n".join([*head, *fields, "    ),"])


def _dict_entry(key: str, items: list[str]) -> str:
    """``    key: (a, b),`` in a module-level dict, one item a line when too long, as a formatter lays it out."""
    return exploded(f"    {key}: ", tuple_source(items), ",")


def cimschema_view(plan: CimXmlPlan) -> CimSchemaView:
    """The lines of the ``_cimschema`` module from the CIM-XML plan."""
    profiles = tuple(_dict_entry(pystr(name), [pystr(uri) for uri in uris]) for name, uris in plan.profiles)
    enums = tuple(
        _dict_entry(pystr(iri), [_module(e.module), pystr(e.python_name), pystr(member)])
        for e in plan.enums
        for iri, member in e.literals
    )
    return CimSchemaView(
        namespaces=plan.namespaces,
        profiles=profiles,
        classes=tuple(_class_block(c) for c in plan.classes),
        enums=tuple(sorted(enums)),
    )


def render_cimxml(env: jinja2.Environment, plan: CimXmlPlan) -> dict[str, str]:
    """The ``_cimschema`` module and the CIM-XML runtime, by path in the package."""
    schema = env.get_template("cimschema_module.py.jinja").render(
        generator_version=__version__, view=cimschema_view(plan)
    )
    return {"_cimschema.py": schema, **runtime_files(*CIMXML_RUNTIME)}
