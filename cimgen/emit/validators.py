"""View models of the validator modules: straight-line checks per XML Schema type.

Every compound type of a namespace gets ``validate_<type>(obj, path, v)`` in the namespace's
``_validate`` module. The checks are written out here from the schema: which elements are
required and how many may occur, which type each value must have, the facets of its simple
type (lengths, bounds, patterns), and the IEC 61968-9 rules that the schema cannot say
(codes that must decode, references that must resolve, interval readings in time order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cimgen.emit.render import fit_call, fit_signature, tuple_source
from cimgen.emit.views import import_line
from cimgen.emit.xml_views import codec_alias
from cimgen.graph.records import TypeKind
from cimgen.plan.python_types import pystr
from cimgen.plan.xml import XmlField, XmlPlan, XmlType, XmlValue

# The value kind a runtime check takes, by the Python annotation of a primitive.
_KINDS = {
    "str": "string",
    "int": "integer",
    "float": "float",
    "bool": "boolean",
    "_decimal.Decimal": "decimal",
    "_datetime.datetime": "dateTime",
    "_datetime.date": "date",
    "_datetime.time": "time",
}


@dataclass(frozen=True, slots=True)
class ValidatorView:
    """One type's validator: its signature and body lines."""

    xsd_name: str
    signature: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ValidatorModuleView:
    """One namespace's ``_validate`` module."""

    namespace: str
    imports: tuple[str, ...]
    constants: tuple[tuple[str, str], ...]
    validators: tuple[ValidatorView, ...]


@dataclass(slots=True)
class _Module:
    subpackage: str
    classes: set[tuple[str, str]] = field(default_factory=set)
    others: set[str] = field(default_factory=set)
    facets: dict[tuple[tuple[str, str], ...], str] = field(default_factory=dict)
    uses_codes: bool = False

    def facet_constant(self, facets: tuple[tuple[str, str], ...]) -> str:
        if facets not in self.facets:
            self.facets[facets] = f"_FACETS_{len(self.facets) + 1}"
        return self.facets[facets]


def _validator_name(module: _Module, target: XmlValue) -> str:
    there = target.subpackage
    if there == module.subpackage:
        return f"validate_{target.suffix}"
    module.others.add(there)
    return f"{codec_alias(there).replace('_xml_', '_validate_')}.validate_{target.suffix}"


Line = tuple[int, str]  # (depth inside the function body, statement)


def _value_lines(prop: XmlField, x: str, at: str, module: _Module) -> list[Line]:
    """Checks of one value ``x`` found at the path expression ``at``, at depth 0."""
    target = prop.value
    if target.kind is TypeKind.COMPOUND:
        return [(0, f"{_validator_name(module, target)}({x}, {at}, v)")]
    if target.kind is TypeKind.ENUMERATION:
        module.classes.add((target.module, target.python_name))
        return [
            (0, f"if not isinstance({x}, {target.python_name}):"),
            (1, f"rt.bad_enum({x}, {pystr(target.name)}, {at}, v)"),
        ]
    if "wildcard" in prop.stereotypes or target.primitive == "object":
        return []
    kind = _KINDS.get(target.primitive, "string")
    constant = module.facet_constant(target.facets) if target.facets else "None"
    return [(0, f"rt.check_value({x}, {pystr(kind)}, {pystr(target.builtin)}, {constant}, {at}, v)")]


def _nested(lines: list[Line], depth: int = 1) -> list[Line]:
    return [(d + depth, text) for d, text in lines]


# The fields of an element that names a coded object by its identity alone (GetMeterReadings' ReadingType).
_IDENTITY = frozenset({"mRID", "Names"})


def _code_lines(xml_type: XmlType, module: _Module) -> list[Line]:
    """For a type that names a coded object, by its ``ref`` or by an element of identity alone
    (``mRID`` and ``Names``): the code must decode, or name one defined here."""
    record = xml_type.value
    if not record.codec:
        return []
    props = {p.name: p for p in xml_type.fields}
    if "ref" in props:
        name, at = props["ref"].python_name, "/@ref"
    elif "mRID" in props and set(props) <= _IDENTITY:
        name, at = props["mRID"].python_name, "/mRID"
    else:
        return []
    module.uses_codes = True
    return [
        (0, f"if obj.{name} is not None:"),
        (1, f"rt.check_code(codes.{record.codec}, obj.{name}, path + {pystr(at)}, v)"),
    ]


def _definition_lines(plan: XmlPlan, prop: XmlField) -> list[Line]:
    """A list of coded objects defined in the payload (ReadingType with mRID and its parts): remembered
    for references. Elements of identity alone name coded objects rather than define them."""
    target = prop.value
    if not (prop.multiplicity.is_many and target.codec and target.kind is TypeKind.COMPOUND):
        return []
    names = {p.name: p.python_name for p in plan.fields_of(target)}
    if "mRID" not in names or set(names) <= _IDENTITY:
        return []
    return [(0, f"rt.define(v, codes.{target.codec}, (x.{names['mRID']} for x in obj.{prop.python_name}))")]


def _property_lines(plan: XmlPlan, prop: XmlField, module: _Module, number: int) -> list[Line]:
    target = prop.value
    stereotypes = set(prop.stereotypes)
    name = prop.python_name
    local = prop.local_name
    if "xml-attribute" in stereotypes:
        at = f'path + "/@{local}"'
    elif "xml-text" in stereotypes:
        at = "path"
    else:
        at = f'path + "/{local}"'
    lower, upper = prop.multiplicity.lower, prop.multiplicity.upper
    lines: list[Line] = []
    if prop.multiplicity.is_many:
        if lower > 0 or upper is not None:
            lines.append((0, f"rt.check_count(obj.{name}, {lower}, {upper}, path, {pystr(local)}, v)"))
        item = f"x{number}"  # each loop its own variable, so that each keeps its type
        checks = _value_lines(prop, item, f'f"{{path}}/{local}[{{i}}]"', module)
        if checks:
            lines += [(0, f"for i, {item} in enumerate(obj.{name}, 1):"), *_nested(checks)]
        if prop.name == "IntervalReadings" and any(p.name == "timeStamp" for p in plan.fields_of(target)):
            lines.append((0, f'rt.check_time_order(obj.{name}, path + "/{local}", v)'))
        return lines
    checks = _value_lines(prop, f"obj.{name}", at, module)
    if lower > 0:
        missing = "missing-attribute" if "xml-attribute" in stereotypes else "missing-element"
        lines += [(0, f"if obj.{name} is None:"), (1, f"rt.missing({pystr(missing)}, {at}, v)")]
        if checks:
            lines += [(0, "else:"), *_nested(checks)]
    elif checks and checks[0][1].startswith("if "):  # one condition, as a linter wants it
        lines += [(0, f"if obj.{name} is not None and {checks[0][1][3:]}"), *checks[1:]]
    elif checks:
        lines += [(0, f"if obj.{name} is not None:"), *_nested(checks)]
    return lines


def _format(lines: list[Line]) -> tuple[str, ...]:
    """Statements indented for a function body (four spaces, four more a level), long calls exploded."""
    formatted = []
    for depth, text in lines:
        indent = 4 * (depth + 1)
        formatted.append(" " * indent + fit_call(text, indent))
    return tuple(formatted)


def validator_view(plan: XmlPlan, xml_type: XmlType, module: _Module) -> ValidatorView:
    """The validator of one compound type."""
    record = xml_type.value
    module.classes.add((record.module, record.python_name))
    lines: list[Line] = []
    body: list[Line] = []
    for number, prop in enumerate(xml_type.fields, start=1):
        if "wildcard" in prop.stereotypes:
            continue
        definitions = _definition_lines(plan, prop)
        if definitions:
            module.uses_codes = True
            lines += definitions
        body += _property_lines(plan, prop, module, number)
    lines += body + _code_lines(xml_type, module)
    return ValidatorView(
        xsd_name=record.name,
        signature=fit_signature(
            f"validate_{record.suffix}",
            [f"obj: {record.python_name}", "path: str", "v: rt.Validation"],
            "None",
        ),
        lines=_format(lines),
    )


def _facets_source(facets: tuple[tuple[str, str], ...]) -> str:
    return tuple_source([f"({pystr(name)}, {pystr(value)})" for name, value in facets])


def validator_module_view(plan: XmlPlan, subpackage: str) -> ValidatorModuleView:
    """The ``_validate`` module of one namespace subpackage."""
    module = _Module(subpackage)
    members = plan.members(subpackage)
    validators = tuple(validator_view(plan, t, module) for t in members if t.value.kind is TypeKind.COMPOUND)
    here = f"{subpackage}._validate"
    root = "." * (subpackage.count(".") + 2)
    imports = [f"from {root} import _xmlcheck as rt"]
    if module.uses_codes:
        imports.append(f"from {root} import codes")
    imports += [
        f"from {root}{other} import _validate as {codec_alias(other).replace('_xml_', '_validate_')}"
        for other in sorted(module.others)
    ]
    imports += [import_line(here, target, name) for target, name in sorted(module.classes)]
    constants = tuple(
        (
            name,
            "("
            + ", ".join(f"({pystr(k)}, {pystr(value)})" for k, value in facets)
            + ("," if len(facets) == 1 else "")
            + ")",
        )
        for facets, name in module.facets.items()
    )
    return ValidatorModuleView(
        namespace=members[0].namespace, imports=tuple(imports), constants=constants, validators=validators
    )
