"""How CIM types appear in Python: primitive mapping, annotations and literal defaults.

Generated modules import ``datetime`` and ``decimal`` under the aliases below, so
that a CIM attribute called ``date`` or ``decimal`` can never shadow them.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass

from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeKind, TypeRecord

DATETIME_ALIAS = "_datetime"
DECIMAL_ALIAS = "_decimal"


@dataclass(frozen=True, slots=True)
class PythonPrimitive:
    """The Python type of a CIM or XSD primitive.

    Attributes:
        annotation: The annotation text in generated code (``float``, ``_datetime.date``).
        module: The standard-library module the annotation needs, if any.
        subclassable: Whether a CIM datatype can subclass it to carry unit and multiplier.
    """

    annotation: str
    module: str | None = None
    subclassable: bool = False


_STR = PythonPrimitive("str", subclassable=True)
_INT = PythonPrimitive("int", subclassable=True)
_PRIMITIVES = {
    **{name: _INT for name in ("byte", "unsignedbyte", "unsignedshort", "unsignedint", "unsignedlong")},
    **{name: _INT for name in ("nonnegativeinteger", "positiveinteger", "negativeinteger", "nonpositiveinteger")},
    "anytype": PythonPrimitive("object"),
    "string": _STR,
    "char": _STR,
    "anyuri": _STR,
    "uri": _STR,
    "iri": _STR,
    "float": PythonPrimitive("float", subclassable=True),
    "double": PythonPrimitive("float", subclassable=True),
    "integer": PythonPrimitive("int", subclassable=True),
    "int": PythonPrimitive("int", subclassable=True),
    "long": PythonPrimitive("int", subclassable=True),
    "short": PythonPrimitive("int", subclassable=True),
    "boolean": PythonPrimitive("bool"),
    "decimal": PythonPrimitive(f"{DECIMAL_ALIAS}.Decimal", "decimal", subclassable=True),
    "datetime": PythonPrimitive(f"{DATETIME_ALIAS}.datetime", "datetime"),
    "date": PythonPrimitive(f"{DATETIME_ALIAS}.date", "datetime"),
    "time": PythonPrimitive(f"{DATETIME_ALIAS}.time", "datetime"),
}


def pystr(text: str) -> str:
    """A Python string literal in double quotes, as a formatter would write it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if not escaped.isprintable():
        escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in escaped)
    return f'"{escaped}"'


def python_primitive(primitive: TypeRecord) -> PythonPrimitive:
    """The Python type for a primitive; ISO 8601 texts without an exact Python type stay ``str``.

    ``Duration`` and ``MonthDay`` stay text: ``timedelta`` cannot hold months.
    """
    found = _PRIMITIVES.get(primitive.name.lower())
    if found is None and primitive.value_type is not None:  # an XSD simple type: its builtin base
        found = _PRIMITIVES.get(primitive.value_type.rpartition("#")[2].lower())
    return found or _STR


def datatype_value(graph: ClassGraph, datatype: TypeRecord) -> PythonPrimitive:
    """The Python type of a CIM datatype's value; ``float`` where the input does not say."""
    if datatype.value_type is None:
        return _PRIMITIVES["float"]
    return python_primitive(graph.get_as(datatype.value_type, TypeRecord))


def element_annotation(graph: ClassGraph, prop: PropertyRecord) -> str:
    """The annotation of one value of a property: a Python primitive or a generated class."""
    range_type = graph.get_as(prop.range, TypeRecord)
    if range_type.kind is TypeKind.PRIMITIVE:
        return python_primitive(range_type).annotation
    return range_type.python_name


def annotation(graph: ClassGraph, prop: PropertyRecord) -> str:
    """The field annotation: ``list[X]`` for many values, ``X | None`` for one."""
    element = element_annotation(graph, prop)
    return f"list[{element}]" if prop.multiplicity.is_many else f"{element} | None"


def _primitive_literal(primitive: PythonPrimitive, text: str) -> str:
    """Python source for a primitive value written as text in the profile."""
    annotation_text = primitive.annotation
    if annotation_text == "str":
        return pystr(text)
    if annotation_text == "bool":
        lowered = text.strip().lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError(f"{text!r} is not a boolean")
        return "True" if lowered in ("true", "1") else "False"
    if annotation_text == "int":
        return repr(int(text))
    if annotation_text == "float":
        return repr(float(text))
    if annotation_text.endswith("Decimal"):
        return f"{DECIMAL_ALIAS}.Decimal({pystr(str(decimal.Decimal(text)))})"
    if annotation_text.endswith(".datetime"):
        return f"{DATETIME_ALIAS}.datetime.fromisoformat({pystr(datetime.datetime.fromisoformat(text).isoformat())})"
    if annotation_text.endswith(".date"):
        return f"{DATETIME_ALIAS}.date.fromisoformat({pystr(datetime.date.fromisoformat(text).isoformat())})"
    if annotation_text.endswith(".time"):
        return f"{DATETIME_ALIAS}.time.fromisoformat({pystr(datetime.time.fromisoformat(text).isoformat())})"
    raise ValueError(f"no literal form for {annotation_text}")


def fixed_value(graph: ClassGraph, prop: PropertyRecord) -> str | None:
    """Python source for the value a profile fixes for a single-valued attribute, or None.

    Raises:
        InputError: The fixed value does not fit the attribute's type.
    """
    if prop.fixed is None or prop.multiplicity.is_many:
        return None
    range_type = graph.get_as(prop.range, TypeRecord)
    text = prop.fixed.strip()
    try:
        if range_type.kind is TypeKind.PRIMITIVE:
            return _primitive_literal(python_primitive(range_type), prop.fixed)
        if range_type.kind is TypeKind.ENUMERATION:
            return f"{range_type.python_name}.{enum_member(graph, range_type, text)}"
        if range_type.kind is TypeKind.DATATYPE:
            value = _primitive_literal(datatype_value(graph, range_type), text)
            return f"{range_type.python_name}({value})"
    except (ValueError, ArithmeticError) as error:
        raise InputError(
            f"{prop.iri}: the fixed value {prop.fixed!r} does not fit {range_type.name} ({error})",
            file=prop.location.file,
            line=prop.location.line,
        ) from None
    return None


def enum_member(graph: ClassGraph, enumeration: TypeRecord, literal_name: str) -> str:
    """The Python member name of an enumeration literal given by its CIM name (or IRI).

    Raises:
        ValueError: The enumeration has no such literal.
    """
    wanted = literal_name.rpartition("#")[2].rpartition(".")[2]
    for literal in graph.literals_of(enumeration.iri):
        if literal.name == wanted:
            return literal.python_name
    raise ValueError(f"{enumeration.name} has no literal {wanted!r}")
